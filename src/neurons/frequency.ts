import { lineEnergy, type LineSpectra } from './line-spectra.js';

/**
 * A neuron's frequency: the k in 1..(p−1)/2 maximising the energy of its p × p table in the 2-D
 * Fourier terms whose both indices lie in {0, +k, −k}, the (0, 0) term excluded — the 3 × 3 block
 * (constant, cos k, sin k)² of Nanda et al.'s `calculate_key_freqs`, which spans the same space.
 * Those eight terms are F(±k, 0), F(0, ±k), F(±k, ±k), F(±k, ∓k): by conjugate symmetry the energy
 * is 2·Σ_ℓ |X_ℓ(k)|² over the four line sums. Centring only changes F(0, 0), so it is implied.
 * Ties go to the smaller k. Null for a constant table (nothing to choose from).
 */
export function neuronFrequency(s: LineSpectra): number | null {
  if (isConstant(s)) return null;
  let best = 1;
  let bestEnergy = -1;
  for (let k = 1; k <= (s.p - 1) >> 1; k++) {
    const e = blockEnergy(s, k);
    if (e > bestEnergy) {
      best = k;
      bestEnergy = e;
    }
  }
  return best;
}

/** Σ over the eight terms of |F(u, v)|² (the 2-D DFT unnormalised). */
export function blockEnergy(s: LineSpectra, k: number): number {
  let e = 0;
  for (let line = 0; line < 4; line++) e += lineEnergy(s, line, k);
  return 2 * e;
}

/**
 * A table whose spread is rounding: total squares at most 1e-24 of Σ y² (1e-12 in amplitude), an
 * all-zero table included. Such a neuron (dead or constant) has no frequency, fit or phase.
 */
export function isConstant(s: LineSpectra): boolean {
  return s.totalSquares <= 1e-24 * (s.totalSquares + s.p * s.p * s.mean * s.mean);
}
