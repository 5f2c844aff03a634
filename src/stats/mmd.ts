import { median } from './median.js';
import { mulberry32 } from './rng.js';

/**
 * Two-sample MMD permutation test for angles (phase differences Δφ), issue 17 item 3.
 * - Each angle θ is the point (cos θ, sin θ); squared distance 2 − 2cos(θ − φ).
 * - Gaussian kernel k = exp(−d²/(2σ²)), σ by the median heuristic: the median distance over all
 *   distinct pairs of the pooled sample (1 if that median is 0, e.g. all angles equal).
 * - Statistic: the unbiased MMD² = mean_{i≠j} k(x_i, x_j) + mean_{i≠j} k(y_i, y_j) − 2·mean k(x_i, y_j).
 * - p-value: (1 + #{permutations with MMD² ≥ observed}) / (1 + permutations), the pooled sample
 *   relabelled by seeded Fisher–Yates shuffles (mulberry32(seed)): same seed, same p-value.
 * Cost: O(N²) per permutation on the pooled kernel matrix (N = both sample sizes together).
 */
export interface MmdTest {
  mmd2: number;
  pValue: number;
  bandwidth: number;
  permutations: number;
  seed: number;
}

export interface MmdOptions {
  permutations?: number;
  seed?: number;
}

export function mmdPermutationTest(x: readonly number[], y: readonly number[], options: MmdOptions = {}): MmdTest {
  if (x.length < 2 || y.length < 2) throw new RangeError(`mmdPermutationTest: each sample needs at least 2 angles (got ${x.length} and ${y.length})`);
  const permutations = options.permutations ?? 1000;
  const seed = options.seed ?? 1;
  const pooled = [...x, ...y];
  const n = pooled.length;
  const squared = new Float64Array(n * n);
  const distances: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d2 = Math.max(0, 2 - 2 * Math.cos(pooled[i]! - pooled[j]!));
      squared[i * n + j] = squared[j * n + i] = d2;
      distances.push(Math.sqrt(d2));
    }
  }
  const mid = median(distances);
  const bandwidth = mid > 0 ? mid : 1;
  const kernel = squared.map((d2) => Math.exp(-d2 / (2 * bandwidth * bandwidth)));
  const labels = Uint8Array.from({ length: n }, (_, i) => (i < x.length ? 0 : 1));
  const observed = statistic(kernel, n, labels, x.length);
  const random = mulberry32(seed);
  let atLeast = 0;
  for (let r = 0; r < permutations; r++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = labels[i]!;
      labels[i] = labels[j]!;
      labels[j] = t;
    }
    if (statistic(kernel, n, labels, x.length) >= observed) atLeast++;
  }
  return { mmd2: observed, pValue: (1 + atLeast) / (1 + permutations), bandwidth, permutations, seed };
}

/** The unbiased MMD² of the split where label 0 marks the first sample (nx of them). */
function statistic(kernel: Float64Array, n: number, labels: Uint8Array, nx: number): number {
  const ny = n - nx;
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let i = 0; i < n; i++) {
    const li = labels[i]!;
    for (let j = i + 1; j < n; j++) {
      const k = kernel[i * n + j]!;
      const lj = labels[j]!;
      if (li !== lj) xy += k;
      else if (li === 0) xx += k;
      else yy += k;
    }
  }
  return (2 * xx) / (nx * (nx - 1)) + (2 * yy) / (ny * (ny - 1)) - (2 * xy) / (nx * ny);
}
