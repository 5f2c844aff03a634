import type { Network } from '../model/network.js';
import { defineMetric } from './definition.js';
import { logitsInput } from './inputs.js';
import { logitTable } from './logits.js';
import { defined, type MetricResult } from './types.js';

/** Mean cross-entropy of label (a+b) mod p over all p² pairs, log-sum-exp in float64. */
export function meanCrossEntropy(data: Float64Array, p: number, nOutputs: number): number {
  let total = 0;
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const row = (a * p + b) * nOutputs;
      let max = -Infinity;
      for (let j = 0; j < nOutputs; j++) max = Math.max(max, data[row + j]!);
      let sum = 0;
      for (let j = 0; j < nOutputs; j++) sum += Math.exp(data[row + j]! - max);
      total += max + Math.log(sum) - data[row + ((a + b) % p)]!;
    }
  }
  return total / (p * p);
}

/** Mean cross-entropy of the whole logit table (not pinned by `golden add`: training curves report it). */
export const lossMetric = defineMetric({
  key: 'loss',
  name: 'loss',
  version: '1',
  title: 'loss',
  meaning: 'the mean cross-entropy of the label (a + b) mod p over all p² pairs, softmax over all outputs',
  range: '[0, ∞): 0 = certain and right; ln V for uniform logits',
  needs: ['logits'],
  compute: (context) => loss(context.network, context.get(logitsInput)),
  tolerance: null,
  population: false,
});

export function loss(network: Network, logits?: Float64Array): MetricResult {
  const t = logitTable(network, logits);
  return defined(lossMetric.id, meanCrossEntropy(t.data, t.p, t.nOutputs));
}
