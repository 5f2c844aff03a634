import { median } from '../stats/median.js';
import { firstCrossing, type Crossing } from './boundary.js';
import { layerCountsOf, selectRuns, widthsOf, type Population } from './population.js';
import { defaultCircularityGate, gateText, type CircularityGate } from '../audit/circularity-gate.js';
import { ungatedNote, ungatedRuns } from './ungated.js';
import { isCircular, METRIC_LABELS, type PopulationMetric, type Run } from './run.js';

/**
 * The numbers behind the paper's phase diagrams (METRICS.md §8): circular fractions by layer
 * count, per-α-bin medians of gradient symmetricity and distance irrelevance over circular
 * runs, and where those medians cross 0.9 and 0.5. Figures and `phase --summary` both read
 * this, so the boundary drawn is the boundary printed.
 */

export const BIN_WIDTH = 0.1;
/**
 * The levels the paper's phase figures draw the boundary at (METRICS.md §8: the α where the median
 * GS crosses 0.9, 0.567 on the fixed-width table, and where the median top-incorrect DI crosses
 * 0.5, 0.594). Figure thresholds, not verdict rules: the verdict's DI level (0.4) is paper.json's.
 */
export const GS_THRESHOLD = 0.9;
export const DI_THRESHOLD = 0.5;

/** The distance irrelevance a phase diagram uses: the CSVs hold only the top-incorrect one. */
export type DiMetric = 'distanceIrrelevanceTopIncorrect' | 'distanceIrrelevance';

/** Bin k holds α in [k·w, (k+1)·w); α = 1 joins the last bin. The 1e-9 keeps grid values such as 3·0.1 = 0.30000000000000004 or 0.29999999999999993 in their own bin. */
export function binIndex(attn: number, binWidth = BIN_WIDTH): number {
  const count = Math.round(1 / binWidth);
  return Math.min(count - 1, Math.max(0, Math.floor(attn / binWidth + 1e-9)));
}

/** `[0.3, 0.4)`; the last bin, which holds α = 1 too, is closed: `[0.9, 1.0]` (issue 18.19). */
export function binLabel(lo: number, hi: number): string {
  return `[${lo.toFixed(1)}, ${hi.toFixed(1)}${hi >= 1 - 1e-9 ? ']' : ')'}`;
}

export interface BinStat {
  index: number;
  lo: number;
  hi: number;
  centre: number;
  n: number;
  median: number | null;
}

/** Median of `metric` per α bin (runs whose value is null are left out of that bin). */
export function binMedians(runs: readonly Run[], metric: PopulationMetric, binWidth = BIN_WIDTH): BinStat[] {
  const count = Math.round(1 / binWidth);
  const values: number[][] = Array.from({ length: count }, () => []);
  for (const r of runs) {
    const v = r.metrics[metric];
    if (v !== null) values[binIndex(r.attn, binWidth)]!.push(v);
  }
  return values.map((vs, index) => ({
    index,
    lo: index * binWidth,
    hi: (index + 1) * binWidth,
    centre: (index + 0.5) * binWidth,
    n: vs.length,
    median: vs.length > 0 ? median(vs) : null,
  }));
}

export interface BoundaryEstimate {
  metric: PopulationMetric;
  threshold: number;
  bins: BinStat[];
  crossing: Crossing;
}

export function estimateBoundary(runs: readonly Run[], metric: PopulationMetric, threshold: number, binWidth = BIN_WIDTH): BoundaryEstimate {
  const bins = binMedians(runs, metric, binWidth);
  return { metric, threshold, bins, crossing: firstCrossing(bins.map((b) => ({ x: b.centre, y: b.median })), threshold) };
}

export interface CircularFraction {
  layers: number;
  circular: number;
  total: number;
  fraction: number;
}

/** Circular fraction per layer count, over runs passing the §8 filter (optionally at one width). */
export function circularFractions(runs: readonly Run[], width?: number, gate: CircularityGate = defaultCircularityGate()): CircularFraction[] {
  const kept = selectRuns(runs, width === undefined ? {} : { width });
  return layerCountsOf(kept).map((layers) => {
    const these = kept.filter((r) => r.layers === layers);
    const circular = these.filter((r) => isCircular(r, gate)).length;
    return { layers, circular, total: these.length, fraction: circular / these.length };
  });
}

/** Widths grouped into octaves [2^k, 2^(k+1)) for per-width boundaries of varying-width sweeps. */
export function widthBand(width: number): { lo: number; hi: number } {
  const lo = 2 ** Math.floor(Math.log2(width));
  return { lo, hi: 2 * lo - 1 };
}

export interface BandBoundary {
  lo: number;
  hi: number;
  runs: number;
  gs: Crossing;
  di: Crossing;
}

export interface PhaseAnalysis {
  file: string;
  layers: number;
  /** The one width analysed, or null when all widths are pooled. */
  width: number | null;
  widths: number[];
  diMetric: DiMetric;
  /** The circularity gate applied (the active rule's). */
  gate: CircularityGate;
  fractions: CircularFraction[];
  /** Circular runs at the stated layer count (and width) the medians are taken over. */
  runs: Run[];
  /** Runs at that layer count (and width) without the gate's metric, counted non-circular (ungated.ts); and how many runs there are. */
  ungatedRuns: number;
  selectedRuns: number;
  gs: BoundaryEstimate;
  di: BoundaryEstimate;
  /** Per width octave, when the analysed runs span more than one width. */
  bands: BandBoundary[];
}

export interface PhaseOptions {
  layers?: number;
  width?: number;
  diMetric?: DiMetric;
  binWidth?: number;
  /** Default: the gate of spec/rules/paper.json. */
  gate?: CircularityGate;
}

export function analysePhase(population: Population, options: PhaseOptions = {}): PhaseAnalysis {
  const layers = options.layers ?? 1;
  const diMetric = options.diMetric ?? 'distanceIrrelevanceTopIncorrect';
  const binWidth = options.binWidth ?? BIN_WIDTH;
  const gate = options.gate ?? defaultCircularityGate();
  const selected = selectRuns(population.runs, { layers, ...(options.width === undefined ? {} : { width: options.width }) });
  const runs = selected.filter((r) => isCircular(r, gate));
  const widths = widthsOf(runs);
  const bands: BandBoundary[] = [];
  if (widths.length > 1) {
    const byBand = new Map<number, Run[]>();
    for (const r of runs) {
      const { lo } = widthBand(r.width);
      byBand.set(lo, [...(byBand.get(lo) ?? []), r]);
    }
    for (const [lo, these] of [...byBand].sort((a, b) => a[0] - b[0])) {
      bands.push({
        lo,
        hi: widthBand(lo).hi,
        runs: these.length,
        gs: estimateBoundary(these, 'gradientSymmetricity', GS_THRESHOLD, binWidth).crossing,
        di: estimateBoundary(these, diMetric, DI_THRESHOLD, binWidth).crossing,
      });
    }
  }
  return {
    file: population.file,
    layers,
    width: options.width ?? (widths.length === 1 ? widths[0]! : null),
    widths,
    diMetric,
    gate,
    fractions: circularFractions(population.runs, options.width, gate),
    runs,
    ungatedRuns: ungatedRuns(selected, gate),
    selectedRuns: selected.length,
    gs: estimateBoundary(runs, 'gradientSymmetricity', GS_THRESHOLD, binWidth),
    di: estimateBoundary(runs, diMetric, DI_THRESHOLD, binWidth),
    bands,
  };
}

const fixed = (v: number | null, digits: number) => (v === null ? '—' : v.toFixed(digits));

export function formatCrossing(c: Crossing): string {
  return c.x === null ? `none (${c.reason})` : c.x.toFixed(3);
}

function widthText(a: PhaseAnalysis): string {
  if (a.width !== null) return `width ${a.width}`;
  if (a.widths.length === 0) return 'no runs';
  return `widths ${a.widths[0]}–${a.widths[a.widths.length - 1]} pooled`;
}

/** The text `clockpizza phase --summary` prints for one population. */
export function formatPhaseSummary(a: PhaseAnalysis): string {
  const out: string[] = [];
  out.push(`${a.file}`);
  out.push(`  filter: diff_vocab = 0, eqn_sign = 0, circularity present; circular at ${gateText(a.gate)}`);
  out.push('  circular runs by layer count:');
  out.push('    layers  circular     total  fraction');
  for (const f of a.fractions) {
    out.push(`    ${String(f.layers).padStart(6)}  ${String(f.circular).padStart(8)}  ${String(f.total).padStart(8)}  ${(100 * f.fraction).toFixed(2).padStart(6)} %`);
  }
  const di = METRIC_LABELS[a.diMetric];
  out.push(`  medians per α bin (${a.layers} layer${a.layers === 1 ? '' : 's'}, circular runs, ${widthText(a)}):`);
  out.push(`    α bin        runs  median GS  median DI`);
  for (let i = 0; i < a.gs.bins.length; i++) {
    const g = a.gs.bins[i]!;
    const d = a.di.bins[i]!;
    out.push(`    ${binLabel(g.lo, g.hi)}  ${String(g.n).padStart(6)}  ${fixed(g.median, 3).padStart(9)}  ${fixed(d.median, 3).padStart(9)}`);
  }
  out.push(`    (GS: gradient symmetricity; DI: ${di})`);
  out.push('  boundary (first crossing of the bin medians, linear between bin centres):');
  out.push(`    median GS crosses ${GS_THRESHOLD} at α = ${formatCrossing(a.gs.crossing)}`);
  out.push(`    median DI crosses ${DI_THRESHOLD} at α = ${formatCrossing(a.di.crossing)}`);
  if (a.bands.length > 0) {
    out.push('  boundary by width (octaves):');
    for (const b of a.bands) {
      out.push(`    d ${b.lo}–${b.hi} (${b.runs} runs): GS ${formatCrossing(b.gs)}, DI ${formatCrossing(b.di)}`);
    }
  }
  if (a.ungatedRuns > 0) out.push(`  note: ${ungatedNote(a.ungatedRuns, a.selectedRuns, a.gate)}`);
  return out.join('\n');
}
