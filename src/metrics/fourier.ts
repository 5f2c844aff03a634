import type { Matrix, Network } from '../model/network.js';
import { defineInput } from './definition.js';
import { embeddingInput } from './inputs.js';
import { rootsOfUnity } from './modular.js';

/** The token embedding's energy per frequency (METRICS.md §4, "key frequencies"). */
export interface FourierSpectrum {
  p: number;
  /** Energy at frequency 0 (the constant part). */
  constantEnergy: number;
  /** energy[k−1] for k = 1..(p−1)/2: |X_k|² + |X_{p−k}|² summed over embedding columns. */
  energy: Float64Array;
  /** energy[k−1] / Σ energy (the non-constant total); zeros if that total is only rounding. */
  share: Float64Array;
}

export const spectrumInput = defineInput<FourierSpectrum>('fourier', ['embedding'], (context) => fourierSpectrum(context.get(embeddingInput), context.network.p));

/** The key frequencies at `keyFrequencyThreshold` (default 0.05). */
export const keyFrequenciesInput = defineInput<number[]>('keyFrequencies', ['embedding'], (context) =>
  keyFrequenciesOf(context.get(spectrumInput), context.options.keyFrequencyThreshold ?? 0.05),
);

/** DFT over tokens 0..p−1 of each embedding column, energy summed over columns. */
export function fourierSpectrum(embedding: Matrix, p: number): FourierSpectrum {
  if (embedding.rows < p) throw new RangeError(`fourierSpectrum: embedding has ${embedding.rows} rows, fewer than p = ${p}`);
  const half = (p - 1) >> 1;
  const energy = new Float64Array(half);
  let constantEnergy = 0;
  const { cols, data } = embedding;
  const { cos, sin } = rootsOfUnity(p);
  for (let col = 0; col < cols; col++) {
    let sum = 0;
    for (let t = 0; t < p; t++) sum += data[t * cols + col]!;
    constantEnergy += sum * sum;
    for (let k = 1; k <= half; k++) {
      let re = 0;
      let im = 0;
      for (let t = 0; t < p; t++) {
        const x = data[t * cols + col]!;
        re += x * cos[(k * t) % p]!;
        im -= x * sin[(k * t) % p]!;
      }
      // A real signal has |X_{p−k}| = |X_k|: count both halves once.
      energy[k - 1]! += 2 * (re * re + im * im);
    }
  }
  const total = energy.reduce((s, e) => s + e, 0);
  // A constant embedding leaves only rounding (~1e-30 of the constant's energy) at k ≥ 1.
  const hasSignal = total > 1e-20 * (total + constantEnergy);
  const share = energy.map((e) => (hasSignal ? e / total : 0));
  return { p, constantEnergy, energy, share };
}

/** Frequencies (1..(p−1)/2, ascending) holding at least `threshold` of the non-constant energy. */
export function keyFrequenciesOf(spectrum: FourierSpectrum, threshold = 0.05): number[] {
  const out: number[] = [];
  spectrum.share.forEach((s, i) => {
    if (s >= threshold) out.push(i + 1);
  });
  return out;
}

export function keyFrequencies(network: Network, threshold = 0.05): number[] {
  return keyFrequenciesOf(fourierSpectrum(network.embeddingMatrix(), network.p), threshold);
}
