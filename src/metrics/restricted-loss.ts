import type { Network } from '../model/network.js';
import { defineInput, defineMetric } from './definition.js';
import { keyFrequenciesInput } from './fourier.js';
import { logitsInput } from './inputs.js';
import { logitTable } from './logits.js';
import { meanCrossEntropy } from './loss.js';
import { foldFrequency, rootsOfUnity } from './modular.js';
import { defined, type MetricResult } from './types.js';

/** Both losses at the embedding's key frequencies, from one projection of the logits. */
export const restrictedExcludedInput = defineInput('restrictedExcludedLoss', ['logits', 'embedding'], (context) =>
  restrictedAndExcludedLoss(context.network, context.get(keyFrequenciesInput), context.get(logitsInput)),
);

export const restrictedLossMetric = defineMetric({
  key: 'restrictedLoss',
  name: 'restrictedLoss.logit',
  version: '1',
  title: 'restricted loss (logits)',
  meaning: "the mean cross-entropy of the logits after projecting each output's p × p table onto the constant and cos/sin w(a + b) at the key frequencies (METRICS.md §4)",
  range: '[0, ∞): near the loss when the key frequencies carry the computation',
  needs: ['logits', 'embedding'],
  compute: (context) => context.get(restrictedExcludedInput).restrictedLoss,
  tolerance: null,
  population: false,
});

export const excludedLossMetric = defineMetric({
  key: 'excludedLoss',
  name: 'excludedLoss.logit',
  version: '1',
  title: 'excluded loss (logits)',
  meaning: "the mean cross-entropy of the logits after removing each output table's cos/sin w(a + b) components at the key frequencies (METRICS.md §4)",
  range: '[0, ∞): near ln p when the key frequencies carried the computation',
  needs: ['logits', 'embedding'],
  compute: (context) => context.get(restrictedExcludedInput).excludedLoss,
  tolerance: null,
  population: false,
});

/**
 * Logit-space restricted and excluded loss (METRICS.md §4). For each output c, the p×p table
 * Q[·,·,c] is projected by least squares over all pairs onto span{1, cos w(a+b), sin w(a+b) :
 * w ∈ K} (restricted) or has its projection onto span{cos w(a+b), sin w(a+b) : w ∈ K} removed
 * (excluded). The basis depends on (a, b) only through s = a+b mod p, each s has exactly p
 * pairs, and distinct folded frequencies are orthogonal over Z_p, so the least-squares solution
 * is the DFT of the per-s means: exact, not an approximation.
 */
export function restrictedAndExcludedLogits(
  logits: Float64Array,
  p: number,
  nOutputs: number,
  frequencies: readonly number[],
): { restricted: Float64Array; excluded: Float64Array } {
  const ks = normaliseFrequencies(frequencies, p);
  const restricted = new Float64Array(logits.length);
  const excluded = logits.slice();
  const meanBySum = new Float64Array(p);
  const part = new Float64Array(p); // Σ_k projection onto cos/sin of frequency k, as a function of s
  const { cos, sin } = rootsOfUnity(p);
  for (let c = 0; c < nOutputs; c++) {
    meanBySum.fill(0);
    let mean = 0;
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        const v = logits[(a * p + b) * nOutputs + c]!;
        meanBySum[(a + b) % p]! += v / p;
        mean += v;
      }
    }
    mean /= p * p;
    part.fill(0);
    for (const k of ks) {
      let alpha = 0;
      let beta = 0;
      for (let s = 0; s < p; s++) {
        alpha += meanBySum[s]! * cos[(k * s) % p]!;
        beta += meanBySum[s]! * sin[(k * s) % p]!;
      }
      alpha *= 2 / p; // Σ_s cos² = p/2 for k ≠ 0
      beta *= 2 / p;
      for (let s = 0; s < p; s++) part[s]! += alpha * cos[(k * s) % p]! + beta * sin[(k * s) % p]!;
    }
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        const i = (a * p + b) * nOutputs + c;
        const s = (a + b) % p;
        restricted[i] = mean + part[s]!;
        excluded[i]! -= part[s]!;
      }
    }
  }
  return { restricted, excluded };
}

function normaliseFrequencies(frequencies: readonly number[], p: number): number[] {
  const out = new Set<number>();
  for (const k of frequencies) {
    if (!Number.isInteger(k) || foldFrequency(k, p) === 0) throw new RangeError(`restricted loss: frequency ${k} is not a non-zero integer mod ${p}`);
    out.add(foldFrequency(k, p));
  }
  return [...out].sort((a, b) => a - b);
}

export function restrictedLoss(network: Network, frequencies: readonly number[], logits?: Float64Array): MetricResult {
  return lossOf(network, frequencies, logits, 'restricted');
}

export function excludedLoss(network: Network, frequencies: readonly number[], logits?: Float64Array): MetricResult {
  return lossOf(network, frequencies, logits, 'excluded');
}

/** Both losses from one projection (an empty K keeps only the mean / removes nothing). */
export function restrictedAndExcludedLoss(
  network: Network,
  frequencies: readonly number[],
  logits?: Float64Array,
): { restrictedLoss: MetricResult; excludedLoss: MetricResult } {
  const { p, nOutputs, data } = logitTable(network, logits);
  const { restricted, excluded } = restrictedAndExcludedLogits(data, p, nOutputs, frequencies);
  return {
    restrictedLoss: defined(restrictedLossMetric.id, meanCrossEntropy(restricted, p, nOutputs)),
    excludedLoss: defined(excludedLossMetric.id, meanCrossEntropy(excluded, p, nOutputs)),
  };
}

function lossOf(network: Network, frequencies: readonly number[], logits: Float64Array | undefined, which: 'restricted' | 'excluded'): MetricResult {
  const both = restrictedAndExcludedLoss(network, frequencies, logits);
  return which === 'restricted' ? both.restrictedLoss : both.excludedLoss;
}
