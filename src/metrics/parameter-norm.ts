import type { Network } from '../model/network.js';
import { toFloat64 } from '../io/tensor.js';
import { defineMetric } from './definition.js';
import { defined, type MetricResult } from './types.js';

export const parameterNormMetric = defineMetric({
  key: 'parameterNorm',
  name: 'parameterNorm',
  version: '1',
  title: 'parameter norm',
  meaning: '√(Σθ²) over every trainable parameter (buffers such as the attention mask excluded)',
  range: '[0, ∞)',
  needs: ['network'],
  compute: (context) => parameterNorm(context.network),
  tolerance: { relative: 1e-4 },
  population: true,
  summaryColumn: 6,
});

/** ‖θ‖ = √Σθ² over the trainable parameters (buffers excluded by `parameters()`), in float64. */
export function parameterNorm(network: Network): MetricResult {
  let sum = 0;
  for (const tensor of network.parameters().values()) {
    const values = toFloat64(tensor);
    for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  }
  return defined(parameterNormMetric.id, Math.sqrt(sum));
}
