import { assumptionsOf, type AuditReport } from '../audit/report.js';
import { formatNumber, leanText, verdictText } from '../audit/verdict.js';

/**
 * The report page: one self-contained HTML file (inline CSS and SVG, no scripts, no external
 * URLs), readable offline, printable, and safe to attach to an issue.
 */

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Makes an SVG safe to inline beside others: ids (vega's clip paths, gradients) are document-
 * global in HTML, so each figure's ids get its own prefix; the XML prolog is dropped.
 */
export function inlineSvg(svg: string, prefix: string): string {
  return svg
    .replace(/^<\?xml[^>]*>\s*/, '')
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}-${id}"`);
}

export interface RenderedFigure {
  name: string;
  title: string;
  svg: string;
}

export interface ReportSection {
  id: string;
  heading: string;
  /** Paragraphs of explanation (plain text, escaped). */
  notes: string[];
  figures: RenderedFigure[];
}

function value(v: number | null): string {
  return v === null ? 'undefined' : formatNumber(v);
}

function metricTable(report: AuditReport): string {
  const rows = Object.entries(report.metrics)
    .map(([key, m]) => `<tr><th scope="row">${escapeHtml(key)}</th><td class="num">${escapeHtml(value(m.value))}</td><td><code>${escapeHtml(m.id)}</code></td><td>${m.value === null ? escapeHtml(`${m.reason ?? ''} (${m.kind ?? 'other'})`) : ''}</td></tr>`)
    .join('\n');
  return `<table class="metrics"><thead><tr><th>metric</th><th>value</th><th>id</th><th>note</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function circleTable(report: AuditReport): string {
  if (report.circles.length === 0) return '<p>No circles among the first principal components.</p>';
  const specs = [...new Set(report.circles.flatMap((c) => Object.keys(c.fve)))].sort();
  const head = ['PCs', 'δ', 'k', 'score', ...specs.map((s) => `FVE ${s}`), 'role', 'why'].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = report.circles
    .map((c) => {
      const cells = [c.components.join('–'), String(c.delta), String(c.frequency), c.score.toFixed(4), ...specs.map((s) => (c.fve[s] === null || c.fve[s] === undefined ? '—' : c.fve[s]!.toFixed(4)))];
      const role = c.role + (c.accompanies ? ` of ${c.accompanies.join('–')}` : '');
      return `<tr>${cells.map((x) => `<td class="num">${escapeHtml(x)}</td>`).join('')}<td class="role ${escapeHtml(c.role)}">${escapeHtml(role)}</td><td>${escapeHtml(c.why)}</td></tr>`;
    })
    .join('\n');
  return `<table class="circles"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** The Fourier-plane circles (issue 13.2): one row per key frequency, no PCA involved. */
function planeCircleTable(report: AuditReport): string {
  const planes = report.fourierCircles;
  if (planes === undefined) return '';
  if (planes.circles.length === 0) return '<h3>Circles as Fourier planes</h3>\n<p>No key frequencies.</p>';
  const specs = [...new Set(planes.circles.flatMap((c) => Object.keys(c.fve)))].sort();
  const head = ['plane', 'share', ...specs.map((s) => `FVE ${s}`), 'role', 'why'].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = planes.circles
    .map((c) => {
      const cells = [`k ${c.frequency}`, c.share.toFixed(4), ...specs.map((s) => (c.fve[s] === null || c.fve[s] === undefined ? '—' : c.fve[s]!.toFixed(4)))];
      const role = c.role + (c.accompanies !== undefined ? ` of k ${c.accompanies}` : '');
      return `<tr>${cells.map((x) => `<td class="num">${escapeHtml(x)}</td>`).join('')}<td class="role ${escapeHtml(c.role)}">${escapeHtml(role)}</td><td>${escapeHtml(c.why)}</td></tr>`;
    })
    .join('\n');
  return [
    '<h3>Circles as Fourier planes</h3>',
    `<table class="circles planes"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`,
    `<p>Ensemble: ${planes.ensemble ? 'yes' : 'no'}; mixed ensemble: ${planes.mixedEnsemble ? 'yes' : 'no'}.</p>`,
  ].join('\n');
}

function verdictBlock(report: AuditReport): string {
  const { verdict } = report;
  const reasons = verdict.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('\n');
  return [
    `<p class="verdict ${escapeHtml(verdict.algorithm)}"><strong>${escapeHtml(verdict.algorithm)}</strong>${verdictText(verdict) === verdict.algorithm ? '' : ` (${escapeHtml(leanText(verdict.lean))})`}</p>`,
    `<p>Rule <code>${escapeHtml(verdict.rule.name)}</code> (${escapeHtml(verdict.rule.file)}), clause ${verdict.rule.clause}: ${escapeHtml(verdict.rule.fired)}.</p>`,
    `<p>Ensemble: ${report.ensemble ? 'yes' : 'no'}; mixed ensemble: ${report.mixedEnsemble ? 'yes' : 'no'}.</p>`,
    `<h3>Reasons</h3>\n<ul class="reasons">\n${reasons}\n</ul>`,
  ].join('\n');
}

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; margin-top: 2.2rem; }
.meta { color: #555; font-size: 0.9rem; } code { font-size: 0.88em; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 0.6rem 0; } th, td { border-bottom: 1px solid #eee; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.verdict { font-size: 1.3rem; } .verdict strong { padding: 0.1rem 0.5rem; border-radius: 4px; background: #eee; }
.verdict.pizza strong { background: #fbe3d6; } .verdict.clock strong { background: #dbe7f5; } .verdict.mixed strong { background: #efe3f5; }
.figures { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; } figure { margin: 0; } figure svg { max-width: 100%; height: auto; }
nav a { margin-right: 1rem; }
`;

export function reportHtml(report: AuditReport, sections: readonly ReportSection[]): string {
  const { checkpoint } = report;
  const title = `clockpizza report: ${checkpoint.path}`;
  const nav = [['verdict', 'Verdict'], ['metrics', 'Metrics'], ...sections.map((s) => [s.id, s.heading])].map(([id, h]) => `<a href="#${id}">${escapeHtml(h!)}</a>`).join('');
  const body = sections
    .map((s) => {
      const notes = s.notes.map((n) => `<p>${escapeHtml(n)}</p>`).join('\n');
      const figures = s.figures.map((f, i) => `<figure id="${s.id}-${i}" aria-label="${escapeHtml(f.title)}">\n${inlineSvg(f.svg, `${s.id}-${i}`)}\n</figure>`).join('\n');
      return `<section id="${s.id}">\n<h2>${escapeHtml(s.heading)}</h2>\n${notes}\n<div class="figures">\n${figures}\n</div>\n</section>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(checkpoint.path)}</h1>
<p class="meta">${escapeHtml(checkpoint.description ?? checkpoint.architecture.family)} · p = ${checkpoint.architecture.p} · ${escapeHtml(checkpoint.format ?? '')} · sha256 <code>${checkpoint.sha256}</code> · ${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)}</p>
${assumptionsOf(checkpoint).map((a) => `<p class="assumed"><strong>Assumed:</strong> ${escapeHtml(a)}</p>`).join('\n')}
<nav>${nav}</nav>
<section id="verdict">
<h2>Verdict</h2>
${verdictBlock(report)}
</section>
<section id="metrics">
<h2>Metrics</h2>
${metricTable(report)}
<h3>Circles (principal components paired by δ)</h3>
${circleTable(report)}
${planeCircleTable(report)}
</section>
${body}
</body>
</html>
`;
}
