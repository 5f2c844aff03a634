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

/** The state dict to save: parameters, plus the reference's unused attention-mask buffers. */
export function stateDict(params: Params, buffers: TensorMap = new Map()): TensorMap {
  const out: TensorMap = new Map();
  for (const q of params) {
    out.set(q.name, { dtype: 'F32', shape: [...q.shape], data: q.data });
    const block = /^blocks\.(\d+)\.attn\.W_O$/.exec(q.name);
    if (block) {
      const mask = buffers.get(`blocks.${block[1]}.attn.mask`);
      if (mask) out.set(`blocks.${block[1]}.attn.mask`, mask);
    }
  }
  return out;
}
