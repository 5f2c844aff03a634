import { InternalError } from '../errors.js';
import type { TensorMap } from '../io/tensor.js';

/** One trainable tensor: float32 data, row-major. */
export interface Param {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Trainable parameters in state-dict order (buffers such as the attention mask excluded). */
export type Params = Param[];

export function cloneParams(params: Params): Params {
  return params.map((q) => ({ name: q.name, shape: [...q.shape], data: Float32Array.from(q.data) }));
}

export function paramByName(params: Params, name: string): Param {
  const found = params.find((q) => q.name === name);
  if (!found) throw new InternalError(`no parameter ${name}`);
  return found;
}

/** The state dict to save: parameters and buffers (the reference's unused attention masks) in file order (the family's table). */
export function stateDict(params: Params, buffers: TensorMap, order: readonly string[]): TensorMap {
  const byName = new Map(params.map((q) => [q.name, q]));
  const out: TensorMap = new Map();
  for (const name of order) {
    const q = byName.get(name);
    const tensor = q === undefined ? buffers.get(name) : { dtype: 'F32' as const, shape: [...q.shape], data: q.data };
    if (tensor === undefined) throw new InternalError(`state dict: no parameter or buffer ${name}`);
    out.set(name, tensor);
  }
  if (out.size !== params.length + buffers.size) throw new InternalError(`state dict: ${params.length} parameters and ${buffers.size} buffers for ${out.size} names`);
  return out;
}
