import type { Network } from '../model/network.js';
import { METRICS } from './ids.js';
import { argmaxRow, logitTable } from './logits.js';
import { defined, type MetricResult } from './types.js';

/** Fraction of all p² pairs whose argmax over ALL outputs is (a+b) mod p (METRICS.md §0). */
export function accuracy(network: Network, logits?: Float64Array): MetricResult {
  const { p, nOutputs, data } = logitTable(network, logits);
  let correct = 0;
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      if (argmaxRow(data, (a * p + b) * nOutputs, nOutputs) === (a + b) % p) correct++;
    }
  }
  return defined(METRICS.accuracy, correct / (p * p));
}
