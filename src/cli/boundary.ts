import { circularityGate, gateText } from '../audit/circularity-gate.js';
import { loadRules } from '../audit/rules.js';
import { ClockpizzaError } from '../errors.js';
import { BOOTSTRAP_DEFAULTS } from '../stats/bootstrap.js';
import { boundaryIntervals, type BoundaryReport, type CrossingInterval } from '../sweep/boundary-interval.js';
import { layerCountsOf, readPopulation, selectRuns, widthsOf } from '../sweep/population.js';
import type { Run } from '../sweep/run.js';
import { ungatedNote } from '../sweep/ungated.js';
import { TRAINING_RANGES } from './bounds.js';
import { defineCommand, type NumberRange } from './command.js';

/** Resamples: a million takes minutes on the paper's table; more buys nothing at three decimals. */
const RESAMPLES_RANGE: NumberRange = { integer: true, min: 1, max: 1_000_000 };

export const command = defineCommand({
  name: 'boundary',
  summary:
    'Where each population crosses from Pizza to Clock: the α at which the per-bin median gradient symmetricity of circular runs crosses 0.9, the median top-incorrect distance irrelevance crosses 0.5, and the circular fraction first falls below its pooled value (METRICS.md §8 bins, linear between bin centres, as `phase`), each with a seeded bootstrap 95 % interval (runs resampled within α bins) and the number of runs behind it.',
  usage: 'clockpizza boundary <results.jsonl | population.jsonl | reference.csv>… [--width D] [--layers L] [--rule R] [--bootstrap N] [--seed S] [--json]',
  options: {
    width: { type: 'string', description: 'only runs of this width (default: the widths in each file, pooled)', placeholder: 'D', range: TRAINING_RANGES.width },
    layers: { type: 'string', description: 'layer count of the runs (default 1)', placeholder: 'L', range: TRAINING_RANGES.layers },
    rule: { type: 'string', description: 'rule file whose non-circular gate decides which runs are circular (default spec/rules/paper.json: circularity ≥ 0.995)', placeholder: 'FILE' },
    bootstrap: { type: 'string', description: `bootstrap resamples (default ${BOOTSTRAP_DEFAULTS.resamples})`, placeholder: 'N', range: RESAMPLES_RANGE },
    seed: { type: 'string', description: `seed of the resampling (default ${BOOTSTRAP_DEFAULTS.seed})`, placeholder: 'S', range: TRAINING_RANGES.seed },
    json: { type: 'boolean', description: 'print JSON (spec/schemas/boundary.schema.json)' },
  },
  async run(positionals, options) {
    if (positionals.length === 0) throw new ClockpizzaError('give at least one results .jsonl, population .jsonl or reference .csv');
    const layers = options.layers ?? 1;
    const width = options.width;
    const resamples = options.bootstrap ?? BOOTSTRAP_DEFAULTS.resamples;
    const seed = options.seed ?? BOOTSTRAP_DEFAULTS.seed;
    const gate = circularityGate(loadRules(options.rule));
    const reports = positionals.map((file) => {
      const population = readPopulation(file);
      const report = boundaryIntervals(population, { layers, gate, bootstrap: { resamples, seed }, ...(width === undefined ? {} : { width }) });
      if (report.runs === 0) throw new ClockpizzaError(noRunsMessage(population.runs, layers, width), { file, field: width === undefined ? '--layers' : '--width' });
      return report;
    });
    if (options.json) console.log(JSON.stringify(boundaryJson(reports), null, 2));
    else console.log(reports.map(formatBoundary).join('\n\n'));
    return 0;
  },
});

/** What a population holds, when it holds nothing at the layer count and width asked for. */
export function noRunsMessage(runs: readonly Run[], layers: number, width: number | undefined): string {
  const usable = selectRuns(runs);
  const layerCounts = layerCountsOf(usable);
  const widths = widthsOf(usable.filter((r) => r.layers === layers));
  const asked = `${layers}-layer runs${width === undefined ? '' : ` of width ${width}`}`;
  if (usable.length === 0) return `no runs with a circularity and the plain vocabulary (diff_vocab = eqn_sign = 0), so no ${asked}`;
  if (widths.length === 0) return `no ${asked}; layer counts present: ${layerCounts.join(', ')}`;
  return `no ${asked}; widths present at ${layers} layer${layers === 1 ? '' : 's'}: ${widths.join(', ')}`;
}

export function boundaryJson(reports: readonly BoundaryReport[]) {
  const bootstrap = reports[0]?.bootstrap ?? BOOTSTRAP_DEFAULTS;
  return {
    bootstrap,
    crossings: reports.flatMap((r) =>
      r.crossings.map((c) => ({
        population: r.file,
        layers: r.layers,
        width: r.width,
        circularityGate: r.gate.value,
        metric: c.metric,
        statistic: c.statistic,
        threshold: c.threshold,
        alpha: c.alpha,
        ...(c.reason === undefined ? {} : { reason: c.reason }),
        ...(c.between === null ? {} : { between: c.between }),
        ci: c.ci,
        ...(c.ciReason === undefined ? {} : { ciReason: c.ciReason }),
        runs: c.runs,
        uncrossed: c.uncrossed,
      })),
    ),
  };
}

const LABELS: Record<CrossingInterval['metric'], string> = {
  gradientSymmetricity: 'median gradient symmetricity',
  distanceIrrelevanceTopIncorrect: 'median distance irrelevance (top-inc.)',
  circularFraction: 'circular fraction (first fall)',
};

export function formatCrossingInterval(c: CrossingInterval): { alpha: string; ci: string } {
  return {
    alpha: c.alpha === null ? 'none' : c.alpha.toFixed(3),
    ci: c.ci === null ? '—' : `[${c.ci[0].toFixed(3)}, ${c.ci[1].toFixed(3)}]`,
  };
}

/** The text `clockpizza boundary` prints for one population. */
export function formatBoundary(r: BoundaryReport): string {
  const widthText = r.width !== null ? `width ${r.width}` : `widths ${r.widths.join(', ')} pooled`;
  const out = [
    `${r.file}: ${r.layers} layer${r.layers === 1 ? '' : 's'}, ${widthText}; ${r.runs} runs, ${r.circularRuns} circular (${gateText(r.gate)}, ${r.gate.rule})`,
    `  ${'crossing'.padEnd(40)} ${'threshold'.padStart(9)}  ${'α'.padStart(6)}  ${'95 % interval'.padEnd(16)}  ${'runs'.padStart(5)}`,
  ];
  const notes: string[] = [];
  for (const c of r.crossings) {
    const { alpha, ci } = formatCrossingInterval(c);
    out.push(`  ${LABELS[c.metric].padEnd(40)} ${c.threshold.toFixed(4).padStart(9)}  ${alpha.padStart(6)}  ${ci.padEnd(16)}  ${String(c.runs).padStart(5)}`);
    if (c.reason !== undefined) notes.push(`${LABELS[c.metric]}: no crossing: ${c.reason}`);
    else if (c.ciReason !== undefined) notes.push(`${LABELS[c.metric]}: no interval: ${c.ciReason}`);
    else if (c.uncrossed > 0) notes.push(`${LABELS[c.metric]}: ${c.uncrossed} of ${r.bootstrap.resamples} resamples never cross (within the interval's tail)`);
  }
  out.push(`  bootstrap: ${r.bootstrap.resamples} resamples of the runs within each α bin, seed ${r.bootstrap.seed}; circular fraction threshold = its pooled value`);
  if (r.emptyBins.length > 0) {
    const step = r.crossings[0]!.bins[0]!.hi - r.crossings[0]!.bins[0]!.lo;
    const bins = r.emptyBins.map((lo) => `[${lo.toFixed(1)}, ${(lo + step).toFixed(1)})`).join(', ');
    notes.push(`no runs in α bin${r.emptyBins.length === 1 ? '' : 's'} ${bins}: the curves interpolate across ${r.emptyBins.length === 1 ? 'it' : 'them'}`);
  }
  if (r.ungatedRuns > 0) notes.push(ungatedNote(r.ungatedRuns, r.runs, r.gate));
  for (const n of notes) out.push(`  note: ${n}`);
  return out.join('\n');
}
