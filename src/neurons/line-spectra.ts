import { rootsOfUnity } from '../metrics/modular.js';

/** The four lines of a p × p table y(a, b) whose sums carry its frequency-k structure. */
export const LINES = ['a', 'b', 'a+b', 'a-b'] as const;
export type Line = (typeof LINES)[number];

/**
 * A p × p table (index a·p + b) seen through its line sums: for each line ℓ ∈ {a, b, a+b, a−b}
 * the sums s_ℓ(t) = Σ_{ℓ(a,b) ≡ t} y(a, b) and their DFT X_ℓ(k) = Σ_t s_ℓ(t)·e^{−2πikt/p},
 * k = 1..(p−1)/2. These are the table's 2-D DFT terms F(k,0), F(0,k), F(k,k) and F(k,−k), so every
 * frequency-k quantity of the neuron metrics (energy, least-squares coefficients, phases) is a
 * function of them; p must be odd so that k, 2k ≢ 0 (mod p).
 */
export interface LineSpectra {
  p: number;
  mean: number;
  /** Σ (y − mean)², the total sum of squares. */
  totalSquares: number;
  /** re[ℓ·half + k − 1], im[…]: X_ℓ(k) for line ℓ in LINES order. */
  re: Float64Array;
  im: Float64Array;
}

export function lineSpectra(table: ArrayLike<number>, p: number, roots = rootsOfUnity(p)): LineSpectra {
  if (p % 2 === 0 || p < 3) throw new RangeError(`lineSpectra: p must be odd and ≥ 3, got ${p}`);
  const half = (p - 1) >> 1;
  const sums = new Float64Array(4 * p);
  let total = 0;
  for (let a = 0; a < p; a++) {
    // (a + b) mod p and (a − b) mod p stepped along b without a division.
    let sum = a;
    let diff = a;
    // Row a's sum in a register (the same additions in the same order as into sums[a]).
    let row = 0;
    for (let b = 0; b < p; b++) {
      const y = table[a * p + b]!;
      total += y;
      row += y;
      sums[p + b]! += y;
      sums[2 * p + sum]! += y;
      sums[3 * p + diff]! += y;
      if (++sum === p) sum = 0;
      if (--diff < 0) diff = p - 1;
    }
    sums[a] = row;
  }
  const mean = total / (p * p);
  let totalSquares = 0;
  for (let i = 0; i < p * p; i++) totalSquares += (table[i]! - mean) ** 2;
  const re = new Float64Array(4 * half);
  const im = new Float64Array(4 * half);
  for (let line = 0; line < 4; line++) {
    for (let k = 1; k <= half; k++) {
      let r = 0;
      let s = 0;
      for (let t = 0, at = 0; t < p; t++, at = at + k >= p ? at + k - p : at + k) {
        const v = sums[line * p + t]!;
        r += v * roots.cos[at]!;
        s -= v * roots.sin[at]!;
      }
      re[line * half + k - 1] = r;
      im[line * half + k - 1] = s;
    }
  }
  return { p, mean, totalSquares, re, im };
}

/** |X_ℓ(k)|². */
export function lineEnergy(s: LineSpectra, line: number, k: number): number {
  const i = line * ((s.p - 1) >> 1) + k - 1;
  return s.re[i]! ** 2 + s.im[i]! ** 2;
}
