import { bootstrapStatistics, BOOTSTRAP_DEFAULTS, percentileInterval, type BootstrapOptions } from '../stats/bootstrap.js';
import { firstFall, type Crossing } from './boundary.js';
import { BIN_WIDTH, binIndex, DI_THRESHOLD, estimateBoundary, GS_THRESHOLD } from './phase-analysis.js';
import { selectRuns, widthsOf, type Population } from './population.js';
import { defaultCircularityGate, gateText, type CircularityGate } from '../audit/circularity-gate.js';
import { isCircular, type Run } from './run.js';
import { ungatedRuns } from './ungated.js';

/**
 * Where a population crosses from Pizza to Clock, with a bootstrap interval (`clockpizza
 * boundary`). Three curves over α bins (METRICS.md §8's bins and its first-crossing estimator,
 * `estimateBoundary`, unchanged):
 *   - the median gradient symmetricity of circular runs, crossing 0.9;
 *   - the median top-incorrect distance irrelevance of circular runs, crossing 0.5;
 *   - the circular fraction (circular runs / all runs of the bin), crossing the circular
 *     fraction of all the runs analysed. That curve is not monotone in α: on the paper's
 *     1-layer d = 128 table it is ≈ 0.39 below α = 0.4, dips to 0.25–0.28 in [0.4, 0.7) and
 *     recovers to ≈ 0.35. Its pooled value is the one level every population has (whatever its
 *     layer count, where fractions differ fivefold), and its first fall below it (`firstFall`:
 *     a curve starting below the level does not count as crossing when it rises) marks where
 *     the dip begins: the transition makes fewer runs circular.
 * The interval resamples the runs within each α bin (circular or not, so the number of
 * circular runs varies too), recomputes all three curves and their crossings, and takes the
 * percentiles; the circular-fraction threshold stays the one of the original runs.
 */

export const CROSSING_METRICS = ['gradientSymmetricity', 'distanceIrrelevanceTopIncorrect', 'circularFraction'] as const;
export type CrossingMetric = (typeof CROSSING_METRICS)[number];

export interface BoundaryOptions {
  layers?: number;
  width?: number;
  /** The rule file's gate that tells circular runs (default spec/rules/paper.json's: circularity ≥ 0.995). */
  gate?: CircularityGate;
  bootstrap?: Partial<BootstrapOptions>;
  binWidth?: number;
}

export interface CurveBin {
  lo: number;
  hi: number;
  /** Runs behind the bin's value: circular runs with a value for medians, all runs for the fraction. */
  runs: number;
  value: number | null;
}

export interface CrossingInterval {
  metric: CrossingMetric;
  /** What the curve is, in words (for tables). */
  statistic: string;
  threshold: number;
  /** α of the first crossing, or null with `reason`. */
  alpha: number | null;
  reason?: string;
  /** The bin centres the crossing lies between. */
  between: [number, number] | null;
  /** The bootstrap percentile interval, or null with `ciReason`. */
  ci: [number, number] | null;
  ciReason?: string;
  /** Resamples in which the curve never crossed. */
  uncrossed: number;
  /** Runs behind the curve (sum over bins). */
  runs: number;
  bins: CurveBin[];
}

export interface BoundaryReport {
  file: string;
  layers: number;
  /** The one width analysed, or null when the widths present are pooled. */
  width: number | null;
  widths: number[];
  gate: CircularityGate;
  /** All runs passing the §8 filter at this layer count (and width), circular or not. */
  runs: number;
  circularRuns: number;
  /** Runs whose row does not record the gate's metric (the paper's CSVs under a Fourier gate): never circular. */
  ungatedRuns: number;
  bootstrap: BootstrapOptions;
  /** Lower edges of the α bins that hold no runs at all (crossings interpolate across them). */
  emptyBins: number[];
  crossings: CrossingInterval[];
}

const round = (x: number) => Math.round(x * 1e12) / 1e12;

function byBin(runs: readonly Run[], binWidth: number): Run[][] {
  const bins: Run[][] = Array.from({ length: Math.round(1 / binWidth) }, () => []);
  for (const r of runs) bins[binIndex(r.attn, binWidth)]!.push(r);
  return bins;
}

function fractionBins(bins: readonly (readonly Run[])[], circular: (r: Run) => boolean, binWidth: number): CurveBin[] {
  return bins.map((runs, i) => ({
    lo: round(i * binWidth),
    hi: round((i + 1) * binWidth),
    runs: runs.length,
    value: runs.length === 0 ? null : runs.filter(circular).length / runs.length,
  }));
}

const fallOf = (bins: readonly CurveBin[], threshold: number): Crossing =>
  firstFall(bins.map((b) => ({ x: (b.lo + b.hi) / 2, y: b.value })), threshold);

/** The three curves of some runs (all runs of the selection, binned by α), as bins and crossings. */
function curves(bins: readonly (readonly Run[])[], circular: (r: Run) => boolean, fractionThreshold: number, binWidth: number) {
  const circularRuns = bins.flat().filter(circular);
  const median = (metric: 'gradientSymmetricity' | 'distanceIrrelevanceTopIncorrect', threshold: number) => {
    const estimate = estimateBoundary(circularRuns, metric, threshold, binWidth);
    const curve = estimate.bins.map((b) => ({ lo: round(b.lo), hi: round(b.hi), runs: b.n, value: b.median }));
    return { curve, crossing: estimate.crossing };
  };
  const fraction = fractionBins(bins, circular, binWidth);
  return {
    gradientSymmetricity: median('gradientSymmetricity', GS_THRESHOLD),
    distanceIrrelevanceTopIncorrect: median('distanceIrrelevanceTopIncorrect', DI_THRESHOLD),
    circularFraction: { curve: fraction, crossing: fallOf(fraction, fractionThreshold) },
  } satisfies Record<CrossingMetric, { curve: CurveBin[]; crossing: Crossing }>;
}

/** One crossing of a report (every report has all three). */
export function crossingOf(report: BoundaryReport, metric: CrossingMetric): CrossingInterval {
  return report.crossings.find((c) => c.metric === metric)!;
}

export function boundaryIntervals(population: Population, options: BoundaryOptions = {}): BoundaryReport {
  const layers = options.layers ?? 1;
  const gate = options.gate ?? defaultCircularityGate();
  const binWidth = options.binWidth ?? BIN_WIDTH;
  const bootstrap = { ...BOOTSTRAP_DEFAULTS, ...options.bootstrap };
  const circular = (r: Run) => isCircular(r, gate);
  const runs = selectRuns(population.runs, { layers, ...(options.width === undefined ? {} : { width: options.width }) });
  const widths = widthsOf(runs);
  const bins = byBin(runs, binWidth);
  const circularRuns = runs.filter(circular).length;
  const fractionThreshold = runs.length === 0 ? 0 : circularRuns / runs.length;
  const thresholds: Record<CrossingMetric, number> = {
    gradientSymmetricity: GS_THRESHOLD,
    distanceIrrelevanceTopIncorrect: DI_THRESHOLD,
    circularFraction: fractionThreshold,
  };
  const statistics: Record<CrossingMetric, string> = {
    gradientSymmetricity: 'median gradient symmetricity of circular runs',
    distanceIrrelevanceTopIncorrect: 'median distance irrelevance (top-incorrect logit) of circular runs',
    circularFraction: `circular fraction (${gateText(gate)}), against its pooled value`,
  };
  const point = curves(bins, circular, fractionThreshold, binWidth);
  // one set of resamples for all three crossings
  const resampled = bootstrapStatistics(bins, (resample) => curves(resample, circular, fractionThreshold, binWidth), bootstrap);
  const crossings = CROSSING_METRICS.map((metric): CrossingInterval => {
    const { curve, crossing } = point[metric];
    const interval = percentileInterval(resampled.map((c) => c[metric].crossing.x), bootstrap.level);
    return {
      metric,
      statistic: statistics[metric],
      threshold: thresholds[metric],
      alpha: crossing.x,
      ...(crossing.x === null ? { reason: crossing.reason } : {}),
      between: crossing.x === null ? null : crossing.between,
      ci: interval.ci,
      ...(interval.ci === null
        ? { ciReason: `${interval.undefinedCount} of ${interval.resamples} resamples never cross; no ${Math.round(bootstrap.level * 100)} % interval bounds the crossing` }
        : {}),
      uncrossed: interval.undefinedCount,
      runs: curve.reduce((sum, b) => sum + b.runs, 0),
      bins: curve,
    };
  });
  return {
    file: population.file,
    layers,
    width: options.width ?? (widths.length === 1 ? widths[0]! : null),
    widths,
    gate,
    runs: runs.length,
    circularRuns,
    ungatedRuns: ungatedRuns(runs, gate),
    bootstrap,
    emptyBins: bins.flatMap((b, i) => (b.length === 0 ? [round(i * binWidth)] : [])),
    crossings,
  };
}
