import { metricDefinition } from '../metrics/list.js';
import type { Snapshot } from './snapshot.js';

/**
 * `--stop-when-stable`: training may stop at a snapshot when the last `window` snapshots (this
 * one included) all have test accuracy ≥ 0.99, all have the same verdict, and each
 * discriminating metric has moved by at most `tolerance` over them (max − min; a metric that
 * is undefined in all of them has not moved, one undefined in only some has).
 *
 * The discriminating metrics are those the verdict turns on: gradient symmetricity, distance
 * irrelevance (correct logit) and circularity. Circularity is judged on the Fourier
 * circularity when this build has it: `circularity@ref` (PCA) swings by several hundredths
 * while the circles stay put, when two circles have nearly equal variance (issue 15), so a
 * rule on it would stop at random or never.
 */

export const STOP_MIN_TEST_ACCURACY = 0.99;

export interface StopRule {
  /** Snapshots that must agree (≥ 2). */
  window: number;
  /** Largest max − min of each discriminating metric over the window. */
  tolerance: number;
  /** Report keys judged for stability. */
  metrics: readonly string[];
}

/** The Fourier circularity's report key (issue 13), used when the metric list has it. */
const FOURIER_CIRCULARITY = 'circularityFourier';

/** The discriminating metrics of this build (see the header). */
export function discriminatingMetrics(): string[] {
  return ['gradientSymmetricity', 'distanceIrrelevance', metricDefinition(FOURIER_CIRCULARITY) !== undefined ? FOURIER_CIRCULARITY : 'circularity'];
}

/**
 * Chosen by the calibration (scripts/calibrate-stop.ts, fixtures/calibration/TABLE.md: 24 full
 * runs): 16 snapshots (4,000 steps at K = 250) within 0.05 kept the 20,000-step verdict in 23 of
 * 24 runs and saved the most steps (median 68.8 %) of the candidates reaching the 95 % goal.
 */
export const DEFAULT_STOP_WINDOW = 16;
export const DEFAULT_STOP_TOLERANCE = 0.05;

export function defaultStopRule(overrides: Partial<StopRule> = {}): StopRule {
  return { window: DEFAULT_STOP_WINDOW, tolerance: DEFAULT_STOP_TOLERANCE, metrics: discriminatingMetrics(), ...overrides };
}

/** Whether the snapshots so far (in step order) allow stopping at the last one. */
export function isStable(snapshots: readonly Snapshot[], rule: StopRule): boolean {
  if (snapshots.length < rule.window) return false;
  const last = snapshots.slice(snapshots.length - rule.window);
  if (last.some((s) => s.testAcc < STOP_MIN_TEST_ACCURACY)) return false;
  if (last.some((s) => s.verdict.algorithm !== last[0]!.verdict.algorithm)) return false;
  return rule.metrics.every((key) => spread(last.map((s) => s.metrics[key] ?? null)) <= rule.tolerance);
}

/** max − min of the values; 0 when all are undefined, Infinity when only some are. */
function spread(values: readonly (number | null)[]): number {
  const defined = values.filter((v): v is number => v !== null);
  if (defined.length === 0) return 0;
  if (defined.length < values.length) return Infinity;
  return Math.max(...defined) - Math.min(...defined);
}

/** The index of the first snapshot at which the rule would have stopped, or null if it never would. */
export function firstStableIndex(snapshots: readonly Snapshot[], rule: StopRule): number | null {
  for (let i = rule.window - 1; i < snapshots.length; i++) if (isStable(snapshots.slice(0, i + 1), rule)) return i;
  return null;
}
