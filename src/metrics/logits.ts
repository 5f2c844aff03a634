import type { Network } from '../model/network.js';
import { ClockpizzaError } from '../errors.js';

/**
 * The logit table every logit-based metric reads: row a·p + b, `nOutputs` columns. Metrics take
 * it precomputed (allLogits is the expensive call; measureAll computes it once) or compute it.
 */
export interface LogitTable {
  p: number;
  nOutputs: number;
  data: Float64Array;
}

export function logitTable(network: Network, logits?: Float64Array): LogitTable {
  const data = logits ?? network.allLogits();
  const { p, nOutputs } = network;
  if (data.length !== p * p * nOutputs) {
    throw new ClockpizzaError(`expected ${p * p}×${nOutputs} logits, got ${data.length} values`, {
      file: network.description,
      field: 'allLogits',
    });
  }
  if (nOutputs < p) {
    throw new ClockpizzaError(`network has ${nOutputs} outputs, fewer than p = ${p}`, { file: network.description, field: 'nOutputs' });
  }
  return { p, nOutputs, data };
}

/** Index of the largest of `n` values starting at `offset` (first one on ties, as numpy). */
export function argmaxRow(data: Float64Array, offset: number, n: number): number {
  let best = 0;
  let bestValue = data[offset]!;
  for (let j = 1; j < n; j++) {
    const v = data[offset + j]!;
    if (v > bestValue) {
      bestValue = v;
      best = j;
    }
  }
  return best;
}
