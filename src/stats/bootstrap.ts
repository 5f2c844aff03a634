import { mulberry32 } from './rng.js';

/**
 * A stratified percentile bootstrap: each resample draws, within every group (stratum), as
 * many items as the group holds, uniformly with replacement; the interval is the central
 * `level` of the statistic over the resamples (quantiles by linear interpolation, type 7 of
 * Hyndman & Fan, numpy's default). Seeded (mulberry32), so a seed gives the same interval on
 * every machine.
 */

export interface BootstrapOptions {
  resamples: number;
  seed: number;
  /** Central coverage of the interval, e.g. 0.95. */
  level: number;
}

export const BOOTSTRAP_DEFAULTS: BootstrapOptions = { resamples: 1000, seed: 1, level: 0.95 };

/** One resample of `groups`: each group replaced by as many draws from itself, with replacement. */
export function resampleWithin<T>(groups: readonly (readonly T[])[], random: () => number): T[][] {
  return groups.map((group) => Array.from(group, () => group[Math.floor(random() * group.length)]!));
}

/** The q-quantile (0 ≤ q ≤ 1) of values, interpolating linearly between order statistics. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('quantile of an empty list');
  const sorted = Float64Array.from(values).sort();
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  // an order statistic itself when h is whole (so −0 stays −0)
  if (h === lo) return sorted[lo]!;
  return sorted[lo]! + (h - lo) * (sorted[lo + 1]! - sorted[lo]!);
}

export interface BootstrapInterval {
  /** [lo, hi], or null when more resamples than one tail holds gave no value. */
  ci: [number, number] | null;
  resamples: number;
  /** Resamples whose statistic was undefined (null). */
  undefinedCount: number;
}

/** The statistics (one or several, each possibly undefined) of `resamples` stratified resamples of `groups`, in order. */
export function bootstrapStatistics<T, S>(groups: readonly (readonly T[])[], statistic: (resample: T[][]) => S, options: BootstrapOptions = BOOTSTRAP_DEFAULTS): S[] {
  const random = mulberry32(options.seed);
  return Array.from({ length: options.resamples }, () => statistic(resampleWithin(groups, random)));
}

/**
 * The percentile interval of a statistic's bootstrap values. Undefined values (null, e.g. a
 * curve that never crosses) are counted, and the interval is given only while they fit in one
 * tail ((1 − level)/2 of the resamples): beyond that no percentile of the defined values
 * bounds the statistic.
 */
export function percentileInterval(values: readonly (number | null)[], level: number): BootstrapInterval {
  const defined = values.filter((v): v is number => v !== null);
  const undefinedCount = values.length - defined.length;
  const tail = (1 - level) / 2;
  const ci: [number, number] | null =
    defined.length === 0 || undefinedCount > tail * values.length ? null : [quantile(defined, tail), quantile(defined, 1 - tail)];
  return { ci, resamples: values.length, undefinedCount };
}
