import type { Network } from '../model/network.js';
import { toFloat64 } from '../io/tensor.js';
import { METRICS } from './ids.js';
import { defined, type MetricResult } from './types.js';

/** ‖θ‖ = √Σθ² over the trainable parameters (buffers excluded by `parameters()`), in float64. */
export function parameterNorm(network: Network): MetricResult {
  let sum = 0;
  for (const tensor of network.parameters().values()) {
    const values = toFloat64(tensor);
    for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  }
  return defined(METRICS.parameterNorm, Math.sqrt(sum));
}
