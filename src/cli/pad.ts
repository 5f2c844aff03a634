import { ClockpizzaError } from '../errors.js';
import { histogram, readPhaseAlignment } from '../neurons/phase-alignment.js';
import { figurePaths, writeFigures, type Figure } from '../plot/figure.js';
import { mmdPermutationTest } from '../stats/mmd.js';
import { checkedLines, isNotARun } from '../sweep/results.js';
import { readText } from '../sweep/text-file.js';
import { TRAINING_RANGES } from './bounds.js';
import { defineCommand } from './command.js';
import { checkOutputName, claimOutputs } from './output-paths.js';

const HISTOGRAM_BINS = 36;

interface Group {
  label: string;
  deltaPhi: number[];
  runs: number;
}

export const command = defineCommand({
  name: 'pad',
  summary:
    'Phase Alignment Distribution: histograms of first-layer Δφ (neurons with degree-1 R² ≥ 0.9, weighted equally) per α bin or per population, side by side, and a two-sample MMD permutation test (Gaussian kernel on (cos Δφ, sin Δφ), median-heuristic bandwidth) between two populations, or between the lowest and highest α bins of one.',
  usage: 'clockpizza pad <results.jsonl>… [--by attn] [--bin W] [--out DIR] [--force] [--permutations N] [--seed S]',
  options: {
    by: { type: 'string', description: 'group one population by attn (default; α bins of width --bin)', placeholder: 'attn' },
    bin: { type: 'string', description: 'α bin width (default 0.5)', placeholder: 'W', range: { integer: false, min: 0.01, max: 1 } },
    out: { type: 'string', description: 'directory for pad.svg and pad.png', placeholder: 'DIR' },
    force: { type: 'boolean', description: 'overwrite existing figure files in DIR' },
    permutations: { type: 'string', description: 'MMD permutations (default 1000)', placeholder: 'N', range: { integer: true, min: 1, max: 1_000_000 } },
    seed: { type: 'string', description: 'seed of the permutations (default 1)', placeholder: 'S', range: TRAINING_RANGES.seed },
  },
  async run(positionals, options) {
    if (positionals.length === 0) throw new ClockpizzaError('give at least one results .jsonl', { field: 'clockpizza pad' });
    if (options.by !== undefined && options.by !== 'attn') throw new ClockpizzaError(`only attn is supported, got ${JSON.stringify(options.by)}`, { field: '--by' });
    if (options.out !== undefined) checkOutputName(options.out, '--out');
    const width = options.bin ?? 0.5;
    const permutations = options.permutations ?? 1000;
    const seed = options.seed ?? 1;
    const populations = positionals.map((file) => readRows(file));
    const groups: Group[] =
      populations.length > 1
        ? populations.map((rows, i) => ({ label: positionals[i]!, deltaPhi: rows.flatMap((r) => r.deltaPhi), runs: rows.length }))
        : byAttn(populations[0]!, width);
    console.log('group  runs  neurons (R² ≥ 0.9)');
    for (const g of groups) console.log(`${g.label}  ${g.runs}  ${g.deltaPhi.length}`);
    const [first, last] = [groups[0]!, groups[groups.length - 1]!];
    if (groups.length < 2) console.log('MMD: needs two groups (give two populations, or runs in two α bins)');
    else if (first.deltaPhi.length < 2 || last.deltaPhi.length < 2) console.log(`MMD: ${first.label} vs ${last.label}: fewer than 2 aligned neurons on one side`);
    else {
      const t = mmdPermutationTest(first.deltaPhi, last.deltaPhi, { permutations, seed });
      console.log(`MMD² ${first.label} vs ${last.label}: ${t.mmd2.toFixed(6)}  p = ${t.pValue.toFixed(4)}  (bandwidth ${t.bandwidth.toFixed(4)}, ${t.permutations} permutations, seed ${t.seed})`);
    }
    if (options.out !== undefined) {
      const figures = [padFigure(groups)];
      claimOutputs(figurePaths(options.out, figures), options.force === true, '--out');
      const written = await writeFigures(options.out, figures);
      for (const path of written) console.log(`wrote ${path}`);
    }
    return 0;
  },
});

/** Each run's aligned Δφ (a population's error and skipped lines passed over). */
function readRows(file: string): { attn: number; deltaPhi: number[] }[] {
  const rows: { attn: number; deltaPhi: number[] }[] = [];
  for (const { result, where } of checkedLines(readText(file), file)) {
    if (!isNotARun(result)) rows.push({ attn: result.attn, deltaPhi: readPhaseAlignment(result.phaseAlignment, where).deltaPhi });
  }
  if (rows.length === 0) throw new ClockpizzaError('no runs', { file });
  return rows;
}

function byAttn(rows: readonly { attn: number; deltaPhi: number[] }[], width: number): Group[] {
  const bins = new Map<number, Group>();
  for (const r of rows) {
    const start = Math.min(Math.floor(r.attn / width + 1e-9), Math.ceil(1 / width) - 1) * width;
    const key = Math.round(start * 1e9);
    const g = bins.get(key) ?? { label: `α ∈ [${start.toFixed(2)}, ${(start + width).toFixed(2)})`, deltaPhi: [], runs: 0 };
    g.deltaPhi.push(...r.deltaPhi);
    g.runs += 1;
    bins.set(key, g);
  }
  return [...bins.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

function padFigure(groups: readonly Group[]): Figure {
  const values = groups.flatMap((g) =>
    histogram(g.deltaPhi, HISTOGRAM_BINS).map((share, i) => ({ group: g.label, from: -Math.PI + (i * 2 * Math.PI) / HISTOGRAM_BINS, to: -Math.PI + ((i + 1) * 2 * Math.PI) / HISTOGRAM_BINS, share })),
  );
  return {
    name: 'pad',
    title: 'Phase Alignment Distribution',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: 'Δφ of first-layer neurons with degree-1 R² ≥ 0.9',
      data: { values },
      facet: { column: { field: 'group', type: 'nominal', title: null } },
      spec: {
        width: 220,
        height: 160,
        mark: 'rect',
        encoding: {
          x: { field: 'from', type: 'quantitative', title: 'Δφ (rad)', scale: { domain: [-Math.PI, Math.PI] } },
          x2: { field: 'to' },
          y: { field: 'share', type: 'quantitative', title: 'share of neurons' },
          y2: { datum: 0 },
        },
      },
    },
  };
}
