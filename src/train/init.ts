import type { TensorMap } from '../io/tensor.js';
import { familyOf } from '../model/families/index.js';
import type { Init } from '../model/families/family.js';
import { trainArchitecture, type TrainSpec } from './config.js';
import type { Params } from './params.js';
import { Prng } from './prng.js';

/**
 * The reference's initial weights (METRICS.md §6; each family's table says which parameter
 * starts how), drawn in state-dict order from the seed's "init" stream, and the buffers saved
 * beside them.
 */
export function initialParams(spec: TrainSpec): { params: Params; buffers: TensorMap } {
  const rng = new Prng(spec.seed, 'init');
  const draw = (shape: number[], init: Init): Float32Array => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (init === 'zeros') return data;
    if ('normal' in init) for (let i = 0; i < data.length; i++) data[i] = rng.normal() * init.normal;
    else for (let i = 0; i < data.length; i++) data[i] = (2 * rng.uniform() - 1) * init.uniform;
    return data;
  };
  const a = trainArchitecture(spec);
  const params: Params = [];
  const buffers: TensorMap = new Map();
  for (const entry of familyOf(a).table(a)) {
    if ('buffer' in entry) buffers.set(entry.name, entry.buffer);
    else params.push({ name: entry.name, shape: entry.shape, data: draw(entry.shape, entry.init) });
  }
  return { params, buffers };
}
