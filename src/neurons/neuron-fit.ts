import { isConstant, neuronFrequency } from './frequency.js';
import { lineEnergy, type LineSpectra } from './line-spectra.js';
import { wrapAngle } from './phase.js';

/**
 * One neuron's fits at its frequency k, w = 2πk/p, by least squares over all p² pairs:
 * - degree 1: y ≈ c₀ + c₁cos wa + c₂sin wa + c₃cos wb + c₄sin wb;
 * - degree 1 + 2: the same plus c₅cos w(a+b) + c₆sin w(a+b) + c₇cos w(a−b) + c₈sin w(a−b).
 * R² = 1 − SSE/SST with SST = Σ (y − ȳ)². Phases φ_L = atan2(−c₂, c₁), φ_R = atan2(−c₄, c₃)
 * (so that c₁cos wa + c₂sin wa = A·cos(wa + φ_L)), Δφ = φ_L − φ_R wrapped to (−π, π]. The gain of
 * the degree-2 terms (a Clock-style product and its a−b partner) is r2Degree2 − r2Degree1.
 *
 * On the full grid with p odd the nine regressors are orthogonal, so the least-squares
 * coefficients are projections: c₁ − ic₂ = (2/p²)·X_a(k), c₃ − ic₄ = (2/p²)·X_b(k), likewise
 * c₅, c₆ from X_{a+b} and c₇, c₈ from X_{a−b}; hence φ_L = arg X_a(k), φ_R = arg X_b(k) and the
 * explained sums of squares are (2/p²)·(|X_a|² + |X_b|²) and (2/p²)·(|X_{a+b}|² + |X_{a−b}|²).
 */
export interface NeuronFit {
  /** The neuron's frequency (see frequency.ts); null for a constant neuron, which has no fit. */
  frequency: number | null;
  r2Degree1: number | null;
  r2Degree2: number | null;
  phiLeft: number | null;
  phiRight: number | null;
  deltaPhi: number | null;
}

const NO_FIT: NeuronFit = { frequency: null, r2Degree1: null, r2Degree2: null, phiLeft: null, phiRight: null, deltaPhi: null };

export function fitNeuron(s: LineSpectra, k: number | null = neuronFrequency(s)): NeuronFit {
  if (k === null || isConstant(s)) return NO_FIT;
  const half = (s.p - 1) >> 1;
  const scale = 2 / (s.p * s.p) / s.totalSquares;
  const r2Degree1 = scale * (lineEnergy(s, 0, k) + lineEnergy(s, 1, k));
  const r2Degree2 = r2Degree1 + scale * (lineEnergy(s, 2, k) + lineEnergy(s, 3, k));
  const phiLeft = Math.atan2(s.im[k - 1]!, s.re[k - 1]!);
  const phiRight = Math.atan2(s.im[half + k - 1]!, s.re[half + k - 1]!);
  return { frequency: k, r2Degree1, r2Degree2, phiLeft, phiRight, deltaPhi: wrapAngle(phiLeft - phiRight) };
}

/** c₀ … c₈ of the degree-1 + 2 fit at k (for tests and anyone re-deriving the fit). */
export function fitCoefficients(s: LineSpectra, k: number): Float64Array {
  const half = (s.p - 1) >> 1;
  const c = new Float64Array(9);
  c[0] = s.mean;
  for (let line = 0; line < 4; line++) {
    const i = line * half + k - 1;
    c[1 + 2 * line] = (2 / (s.p * s.p)) * s.re[i]!;
    c[2 + 2 * line] = (-2 / (s.p * s.p)) * s.im[i]!;
  }
  return c;
}
