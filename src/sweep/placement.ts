import type { CrossingInterval } from './boundary-interval.js';
import { BIN_WIDTH } from './phase-analysis.js';

/**
 * Where `reproduce boundary` trains next (issue 16.2), as a pure function of the current
 * gradient-symmetricity crossing (`boundaryIntervals`) and what is left of the budget:
 *   - stop when the crossing has a bootstrap interval whose half-width (hi − lo)/2 is at most
 *     the target and each of the two α bins it lies between holds at least MIN_BRACKET_RUNS runs
 *     behind the curve (the bootstrap resamples within bins: a bin of one run always resamples
 *     to itself, so an interval resting on such bins is no evidence: a coarse grid of one seed
 *     gives a zero-width interval), or when the budget is spent;
 *   - otherwise place the next round's runs where the crossing is least certain: `roundSize`
 *     attention rates evenly inside the region (the midpoints of `roundSize` equal parts),
 *     rounded to 0.001, never outside [0, 1]. The region is the crossing's 95 % interval; when
 *     the crossing has no interval (too many resamples never cross) or one resting on a bin of
 *     fewer runs, the two α bins bracketing it; when there is no crossing at all (too few
 *     circular runs), all of [0, 1].
 * Each round trains its α values with a seed of its own, so the bins it lands in gain
 * independent runs (new seeds where an α repeats).
 */

export interface PlacementSettings {
  /** Stop once the interval's half-width is at most this (the 0.05). */
  targetHalfWidth: number;
  /** Runs per round (at most; fewer when the budget has fewer left). */
  roundSize: number;
  binWidth?: number;
}

export interface BudgetLeft {
  /** Whether the time budget is spent. */
  timeSpent: boolean;
  /** Runs the run budget still allows (Infinity without one). */
  runs: number;
}

export type Placement =
  | { stop: 'target'; halfWidth: number }
  | { stop: 'budget'; halfWidth: number | null }
  | { stop: null; halfWidth: number | null; region: [number, number]; why: string; attn: number[] };

/** Runs an interval needs in each of the two bins the crossing lies between. */
export const MIN_BRACKET_RUNS = 2;

/** The runs behind the curve in the emptier of the two bins the crossing lies between; null without a crossing. */
export function bracketRuns(crossing: CrossingInterval): number | null {
  if (crossing.alpha === null || crossing.between === null) return null;
  const at = (centre: number) => crossing.bins.find((b) => Math.abs((b.lo + b.hi) / 2 - centre) < 1e-9)?.runs ?? 0;
  return Math.min(at(crossing.between[0]), at(crossing.between[1]));
}

/** Whether the crossing's interval can be trusted: it exists and both bracketing bins hold MIN_BRACKET_RUNS runs. */
const supported = (crossing: CrossingInterval): boolean => crossing.ci !== null && (bracketRuns(crossing) ?? 0) >= MIN_BRACKET_RUNS;

/** Half the width of an interval; null without one. */
export function halfWidth(ci: readonly [number, number] | null): number | null {
  return ci === null ? null : (ci[1] - ci[0]) / 2;
}

/** Into [0, 1], and to 12 decimals (bin centres ± half a bin are 0.7, not 0.7000000000000001). */
const clamp01 = (x: number) => Math.min(1, Math.max(0, Math.round(x * 1e12) / 1e12));
/** α to 0.001: run ids stay short and a rerun proposes the very same values. */
const roundAlpha = (x: number) => Math.round(x * 1000) / 1000;

/** The region the next runs go to, and why. */
export function placementRegion(crossing: CrossingInterval, binWidth = BIN_WIDTH): { region: [number, number]; why: string } {
  if (crossing.alpha !== null && crossing.ci !== null && supported(crossing)) {
    return { region: [clamp01(crossing.ci[0]), clamp01(crossing.ci[1])], why: 'inside the 95 % interval of the crossing' };
  }
  if (crossing.alpha !== null && crossing.between !== null) {
    const [a, b] = crossing.between;
    const because = crossing.ci === null ? 'it has no interval yet' : `its interval rests on a bin of fewer than ${MIN_BRACKET_RUNS} runs`;
    return { region: [clamp01(a - binWidth / 2), clamp01(b + binWidth / 2)], why: `in the two α bins bracketing the crossing (${because})` };
  }
  return { region: [0, 1], why: 'across [0, 1] (no crossing yet)' };
}

/** `n` attention rates evenly inside [lo, hi] (midpoints of n equal parts), rounded to 0.001, distinct, ascending. */
export function evenlyInside([lo, hi]: readonly [number, number], n: number): number[] {
  const values = Array.from({ length: n }, (_, i) => roundAlpha(lo + ((i + 0.5) * (hi - lo)) / n));
  return [...new Set(values)].sort((a, b) => a - b);
}

export function placeRuns(crossing: CrossingInterval, budget: BudgetLeft, settings: PlacementSettings): Placement {
  const h = crossing.alpha === null ? null : halfWidth(crossing.ci);
  if (h !== null && h <= settings.targetHalfWidth && supported(crossing)) return { stop: 'target', halfWidth: h };
  const n = Math.min(settings.roundSize, budget.runs);
  if (budget.timeSpent || n < 1) return { stop: 'budget', halfWidth: h };
  const { region, why } = placementRegion(crossing, settings.binWidth);
  return { stop: null, halfWidth: h, region, why, attn: evenlyInside(region, n) };
}
