import type { Network } from '../model/network.js';
import { defineMetric } from './definition.js';
import { logitsInput } from './inputs.js';
import { argmaxRow, logitTable } from './logits.js';
import { defined, type MetricResult } from './types.js';

export const accuracyMetric = defineMetric({
  key: 'accuracy',
  name: 'accuracy',
  version: '1',
  title: 'accuracy',
  meaning: 'the fraction of all p² pairs (a, b) whose largest logit, over all outputs, is (a + b) mod p',
  range: '[0, 1]; the paper rule calls a network learned at ≥ 0.99',
  needs: ['logits'],
  compute: (context) => accuracy(context.network, context.get(logitsInput)),
  tolerance: { absolute: 0 },
  population: true,
  summaryColumn: 1,
});

/** Fraction of all p² pairs whose argmax over ALL outputs is (a+b) mod p (METRICS.md §0). */
export function accuracy(network: Network, logits?: Float64Array): MetricResult {
  const { p, nOutputs, data } = logitTable(network, logits);
  let correct = 0;
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      if (argmaxRow(data, (a * p + b) * nOutputs, nOutputs) === (a + b) % p) correct++;
    }
  }
  return defined(accuracyMetric.id, correct / (p * p));
}
