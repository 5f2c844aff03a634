import type { MetricDefinition } from '../metrics/definition.js';
import { METRIC_LIST, metricDefinition } from '../metrics/list.js';
import type { PlaneCircleAudit } from './plane-circles.js';
import { assumptionsOf, type AuditReport, type CircleMode } from './report.js';
import { formatNumber, verdictText } from './verdict.js';

/** Human-readable and markdown renderings of audit reports (the JSON form is the report itself). */

type Align = 'left' | 'right';

/** A plain-text table with a header rule; numbers are usually right-aligned. */
export function textTable(headers: string[], rows: string[][], align: Align[] = headers.map(() => 'left')): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (align[i] === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(headers: string[], rows: string[][], align: Align[] = headers.map(() => 'left')): string {
  const escape = (s: string): string => s.replace(/\|/g, '\\|');
  const rule = align.map((a) => (a === 'right' ? '---:' : '---'));
  return [headers, rule, ...rows].map((r, i) => `| ${(i === 1 ? r : r.map(escape)).join(' | ')} |`).join('\n');
}

/** A metric's value as its definition prints it (six significant digits unless it says otherwise). */
function value(key: string, v: number | null | undefined): string {
  if (v === null || v === undefined) return 'undefined';
  return (metricDefinition(key)?.format ?? formatNumber)(v);
}

/** The text report's lines for the metrics that report details and say how to print them. */
function detailLines(report: AuditReport): string[] {
  return Object.entries(report.details ?? {}).flatMap(([key, details]) => metricDefinition(key)?.formatDetails?.(details) ?? []);
}

function fveCell(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v.toFixed(4);
}

function specNames(report: AuditReport): string[] {
  return [...new Set(report.circles.flatMap((c) => Object.keys(c.fve)))].sort();
}

function circleRows(report: AuditReport, specs: string[]): string[][] {
  return report.circles.map((c) => [
    c.components.join('-'),
    String(c.delta),
    String(c.frequency),
    c.score.toFixed(4),
    ...specs.map((s) => fveCell(c.fve[s])),
    c.role + (c.accompanies ? ` of ${c.accompanies.join('-')}` : ''),
  ]);
}

function circleHeaders(specs: string[]): { headers: string[]; align: Align[] } {
  return {
    headers: ['PCs', 'δ', 'k', 'score', ...specs.map((s) => `FVE ${s}`), 'role'],
    align: ['left', 'right', 'right', 'right', ...specs.map((): Align => 'right'), 'left'],
  };
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

function planeSpecNames(planes: PlaneCircleAudit): string[] {
  return [...new Set(planes.circles.flatMap((c) => Object.keys(c.fve)))].sort();
}

/** The Fourier-plane circle table (issue 13.2): one row per key frequency, largest plane first. */
function planeTable(planes: PlaneCircleAudit, table: typeof textTable): string {
  const specs = planeSpecNames(planes);
  const rows = planes.circles.map((c) => [
    `k ${c.frequency}`,
    c.share.toFixed(4),
    ...specs.map((s) => fveCell(c.fve[s])),
    c.role + (c.accompanies !== undefined ? ` of k ${c.accompanies}` : ''),
  ]);
  return table(['plane', 'share', ...specs.map((s) => `FVE ${s}`), 'role'], rows, ['left', 'right', ...specs.map((): Align => 'right'), 'left']);
}

/** One report as text: verdict, metrics with ids, circles with fits and roles, reasons. */
export function formatReportText(report: AuditReport, circles: CircleMode = 'both'): string {
  const { checkpoint, verdict } = report;
  const out: string[] = [];
  out.push(`${checkpoint.path}`);
  out.push(`  ${checkpoint.description ?? checkpoint.architecture.family}; sha256 ${checkpoint.sha256}`);
  for (const a of assumptionsOf(checkpoint)) out.push(`  assumed: ${a}`);
  out.push(`  verdict: ${verdictText(verdict)}; rule ${verdict.rule.name} (${verdict.rule.file}) clause ${verdict.rule.clause}: ${verdict.rule.fired}`);
  out.push('');
  const metricRows = Object.entries(report.metrics).map(([key, m]) => [key, value(key, m.value), m.id, m.value === null ? (m.reason ?? '') : '']);
  out.push(indent(textTable(['metric', 'value', 'id', 'note'], metricRows, ['left', 'right', 'left', 'left'])));
  const details = detailLines(report);
  if (details.length) out.push('', ...details.map((l) => `  ${l}`));
  if (circles !== 'fourier') {
    out.push('');
    const specs = specNames(report);
    const { headers, align } = circleHeaders(specs);
    out.push(report.circles.length ? indent(textTable(headers, circleRows(report, specs), align)) : '  no circles found among the first principal components');
    if (report.unpairedComponents.length) {
      out.push(`  unpaired components: ${report.unpairedComponents.map((u) => `${u.component} (δ ${u.delta}, score ${u.score.toFixed(3)})`).join(', ')}`);
    }
    if (report.negligibleComponents.length) out.push(`  components without variance (not circles): ${report.negligibleComponents.join(', ')}`);
    out.push(`  ensemble: ${yesNo(report.ensemble)}; mixed ensemble: ${yesNo(report.mixedEnsemble)}`);
  }
  const planes = report.fourierCircles;
  if (circles !== 'pca' && planes !== undefined) {
    out.push('', '  circles as Fourier planes (key frequencies, no PCA):');
    out.push(planes.circles.length ? indent(planeTable(planes, textTable)) : '  no key frequencies');
    out.push(`  ensemble: ${yesNo(planes.ensemble)}; mixed ensemble: ${yesNo(planes.mixedEnsemble)}`);
  }
  out.push('');
  out.push('  reasons:');
  for (const r of verdict.reasons) out.push(`    - ${r}`);
  return out.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

export function formatReportsText(reports: readonly AuditReport[], circles: CircleMode = 'both'): string {
  return reports.map((r) => formatReportText(r, circles)).join('\n\n') + '\n';
}

/** The metrics of the markdown summary table, in the columns their definitions ask for. */
const SUMMARY_METRICS = (METRIC_LIST as readonly MetricDefinition[])
  .filter((d) => d.summaryColumn !== undefined)
  .sort((x, y) => x.summaryColumn! - y.summaryColumn!)
  .map((d) => d.key);

/** A markdown summary table (one row per checkpoint), then each checkpoint's circle table. */
export function formatReportsMarkdown(reports: readonly AuditReport[], circles: CircleMode = 'both'): string {
  const headers = ['checkpoint', 'verdict', 'lean', ...SUMMARY_METRICS, 'circles', 'ensemble', 'mixed ensemble', 'rule'];
  const align: Align[] = ['left', 'left', 'left', ...SUMMARY_METRICS.map((): Align => 'right'), 'left', 'left', 'left', 'left'];
  const rows = reports.map((r) => [
    `\`${r.checkpoint.path}\``,
    `**${r.verdict.algorithm}**`,
    r.verdict.lean,
    ...SUMMARY_METRICS.map((k) => value(k, r.metrics[k]?.value)),
    r.circles.map((c) => `δ${c.delta} ${c.role}`).join(', ') || '—',
    yesNo(r.ensemble),
    yesNo(r.mixedEnsemble),
    `${r.verdict.rule.name} #${r.verdict.rule.clause}`,
  ]);
  const out = [markdownTable(headers, rows, align)];
  for (const r of reports) {
    out.push('', `### \`${r.checkpoint.path}\``, '', ...assumptionsOf(r.checkpoint).flatMap((a) => [`Assumed: ${a}`, '']), `Verdict **${r.verdict.algorithm}**: ${r.verdict.reasons.join('; ')}.`);
    if (circles !== 'fourier' && r.circles.length) {
      const specs = specNames(r);
      const { headers: h, align: a } = circleHeaders(specs);
      out.push('', markdownTable(h, circleRows(r, specs), a));
    }
    if (circles !== 'pca' && r.fourierCircles?.circles.length) out.push('', 'Circles as Fourier planes:', '', planeTable(r.fourierCircles, markdownTable));
  }
  return out.join('\n') + '\n';
}
