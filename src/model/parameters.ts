import { numel, toFloat64, type TensorMap } from '../io/tensor.js';
import { isBufferName } from './families/index.js';


/** Trainable tensors only, in file order: buffers (the families' masks) are not parameters. */
export function parametersOf(tensors: TensorMap): TensorMap {
  const out: TensorMap = new Map();
  for (const [name, tensor] of tensors) if (!isBufferName(name)) out.set(name, tensor);
  return out;
}

/** Number of scalar parameters. */
export function parameterCount(parameters: TensorMap): number {
  let n = 0;
  for (const t of parameters.values()) n += numel(t.shape);
  return n;
}

/** ‖θ‖ = √(Σ θ²) over every parameter, summed in float64 (METRICS.md §5's parameter norm). */
export function parameterNorm(parameters: TensorMap): number {
  let sum = 0;
  for (const t of parameters.values()) {
    const values = toFloat64(t);
    for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  }
  return Math.sqrt(sum);
}
