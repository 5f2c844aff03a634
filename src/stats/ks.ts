/**
 * The two-sample Kolmogorov–Smirnov test, two-sided. The exact p-value counts lattice paths
 * (the method scipy's `ks_2samp(method='exact')` uses), computed as probabilities so that
 * it neither overflows nor loses small p-values to cancellation; large samples fall back to
 * the asymptotic Kolmogorov distribution. Both assume continuous data: with ties the test is
 * conservative.
 */

export type KsMethod = 'exact' | 'asymptotic';

export interface KsResult {
  n: number;
  m: number;
  /** sup |F_a − F_b| */
  d: number;
  pValue: number;
  method: KsMethod;
}

/** Above this n·m the exact lattice count (O(n·m)) gives way to the asymptotic formula. */
export const EXACT_LIMIT = 4_000_000;

/**
 * The statistic as an integer: max over x of |i(x)·m − j(x)·n| where i, j count the values
 * ≤ x in each sample. D = k/(n·m); keeping k integral makes the p-value's boundary exact.
 */
export function ksStatisticScaled(a: readonly number[], b: readonly number[]): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  const n = x.length;
  const m = y.length;
  let i = 0;
  let j = 0;
  let best = 0;
  while (i < n || j < m) {
    const v = j >= m || (i < n && x[i]! <= y[j]!) ? x[i]! : y[j]!;
    while (i < n && x[i]! <= v) i++;
    while (j < m && y[j]! <= v) j++;
    best = Math.max(best, Math.abs(i * m - j * n));
  }
  return best;
}

/**
 * P(D ≥ k/(n·m)) under the null hypothesis, exactly: the fraction of monotone lattice paths
 * from (0,0) to (n,m) that touch a point with |i·m − j·n| ≥ k. `o[j]` holds, for the current
 * row i, the probability that a uniformly random path to (i, j) has already touched.
 */
export function ksExactPValue(n: number, m: number, k: number): number {
  if (k <= 0) return 1;
  const o = new Float64Array(m + 1);
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      if (Math.abs(i * m - j * n) >= k) {
        o[j] = 1;
      } else if (i + j > 0) {
        const fromAbove = i > 0 ? o[j]! * (i / (i + j)) : 0;
        const fromLeft = j > 0 ? o[j - 1]! * (j / (i + j)) : 0;
        o[j] = fromAbove + fromLeft;
      } else {
        o[j] = 0;
      }
    }
  }
  return Math.min(1, o[m]!);
}

/** The Kolmogorov distribution's survival function Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}. */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda <= 0) return 1;
  if (lambda < 0.2) return 1; // Q(0.2) = 1 − 6e-11; the alternating series converges slowly here
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

function effectiveSize(n: number, m: number): number {
  return (n * m) / (n + m);
}

export function ksAsymptoticPValue(n: number, m: number, d: number): number {
  return kolmogorovSurvival(Math.sqrt(effectiveSize(n, m)) * d);
}

function chooseMethod(n: number, m: number, method: KsMethod | 'auto'): KsMethod {
  if (method !== 'auto') return method;
  return n * m <= EXACT_LIMIT ? 'exact' : 'asymptotic';
}

export function ksTwoSample(a: readonly number[], b: readonly number[], options: { method?: KsMethod | 'auto' } = {}): KsResult {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) throw new RangeError('the KS test needs at least one value in each sample');
  for (const v of [...a, ...b]) if (!Number.isFinite(v)) throw new RangeError(`the KS test needs finite values, got ${v}`);
  const k = ksStatisticScaled(a, b);
  const d = k / (n * m);
  const method = chooseMethod(n, m, options.method ?? 'auto');
  const pValue = method === 'exact' ? ksExactPValue(n, m, k) : ksAsymptoticPValue(n, m, d);
  return { n, m, d, pValue, method };
}

/** c(α) with Q(c) = α: the asymptotic critical value is c(α)·√((n+m)/(n·m)). */
export function kolmogorovQuantile(alpha: number): number {
  let lo = 0.2;
  let hi = 10;
  for (let it = 0; it < 100; it++) {
    const mid = (lo + hi) / 2;
    if (kolmogorovSurvival(mid) > alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The smallest D at which the test rejects at level α for these sample sizes (exact when
 * n·m is small enough, by bisection on the integer statistic; asymptotic otherwise), or
 * null when no D ≤ 1 can reach α (samples too small to ever reject).
 */
export function ksCriticalValue(n: number, m: number, alpha: number, options: { method?: KsMethod | 'auto' } = {}): { d: number | null; method: KsMethod } {
  const method = chooseMethod(n, m, options.method ?? 'auto');
  if (method === 'asymptotic') {
    const d = kolmogorovQuantile(alpha) * Math.sqrt((n + m) / (n * m));
    return { d: d <= 1 ? d : null, method };
  }
  const nm = n * m;
  if (ksExactPValue(n, m, nm) > alpha) return { d: null, method };
  let lo = 0; // p(lo) > α
  let hi = nm; // p(hi) ≤ α
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ksExactPValue(n, m, mid) <= alpha) hi = mid;
    else lo = mid;
  }
  return { d: hi / nm, method };
}
