import { mulberry32 } from './rng.js';
import { ksCriticalValue, ksTwoSample } from './ks.js';

/**
 * How sensitive a two-sample KS comparison is at given sample sizes. Two answers:
 * - `dCritical`: the smallest sup-distance between the ECDFs that the test flags at level α
 *   (exact lattice count, or c(α)·√((n+m)/(nm)) for large samples);
 * - `detectableShift`: the smallest location shift of the reference distribution that the
 *   test detects with the requested power, by Monte Carlo: both samples are drawn with
 *   replacement from the reference values (sizes n and m), one of them shifted. Common random
 *   numbers across shifts keep the power curve smooth; the seed makes it reproducible.
 */
export interface KsPowerOptions {
  alpha?: number;
  power?: number;
  draws?: number;
  seed?: number;
}

export interface KsPower {
  alpha: number;
  power: number;
  draws: number;
  dCritical: number | null;
  /** null when no shift up to the search limit reaches the power (samples too small). */
  detectableShift: number | null;
  method: string;
}

export const POWER_DEFAULTS = { alpha: 0.05, power: 0.8, draws: 200, seed: 1 } as const;

/** Rejection rate at shift `delta` over pre-drawn index sets. */
function rejectionRate(reference: readonly number[], draws: { a: Int32Array; b: Int32Array }[], delta: number, alpha: number): number {
  let rejected = 0;
  for (const { a, b } of draws) {
    const xa = Array.from(a, (i) => reference[i]! + delta);
    const xb = Array.from(b, (i) => reference[i]!);
    if (ksTwoSample(xa, xb).pValue < alpha) rejected++;
  }
  return rejected / draws.length;
}

export function ksPower(reference: readonly number[], n: number, options: KsPowerOptions = {}): KsPower {
  const alpha = options.alpha ?? POWER_DEFAULTS.alpha;
  const power = options.power ?? POWER_DEFAULTS.power;
  const drawCount = options.draws ?? POWER_DEFAULTS.draws;
  const m = reference.length;
  const critical = ksCriticalValue(n, m, alpha);
  const method = `D_crit: ${critical.method} KS at α = ${alpha}; detectable shift: Monte Carlo, ${drawCount} resamples of the reference bin (sizes ${n} and ${m}), location shift reaching ${Math.round(power * 100)} % power`;
  if (critical.d === null || n < 1 || m < 1) return { alpha, power, draws: drawCount, dCritical: critical.d, detectableShift: null, method };

  const random = mulberry32(options.seed ?? POWER_DEFAULTS.seed);
  const pick = (size: number) => Int32Array.from({ length: size }, () => Math.floor(random() * m));
  const draws = Array.from({ length: drawCount }, () => ({ a: pick(n), b: pick(m) }));

  const spread = Math.max(...reference) - Math.min(...reference);
  // Beyond the reference's full range (plus a margin) every pair is fully separated; if even
  // that is not detected often enough, no shift is.
  let hi = spread > 0 ? 2 * spread : 1;
  if (rejectionRate(reference, draws, hi, alpha) < power) {
    return { alpha, power, draws: drawCount, dCritical: critical.d, detectableShift: null, method };
  }
  let lo = 0;
  for (let it = 0; it < 16 && hi - lo > 1e-4 * Math.max(hi, 1e-12); it++) {
    const mid = (lo + hi) / 2;
    if (rejectionRate(reference, draws, mid, alpha) >= power) hi = mid;
    else lo = mid;
  }
  return { alpha, power, draws: drawCount, dCritical: critical.d, detectableShift: hi, method };
}
