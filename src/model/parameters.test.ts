import { expect, it } from 'vitest';
import type { TensorMap } from '../io/tensor.js';
import { parameterCount, parameterNorm, parametersOf } from './parameters.js';

it('count and norm over parameters, buffers excluded, norm summed in float64', () => {
  const tensors: TensorMap = new Map([
    ['embed.W_E', { dtype: 'F32', shape: [2, 2], data: Float32Array.of(1, 2, 2, 0) }],
    ['blocks.0.attn.mask', { dtype: 'F32', shape: [2, 2], data: Float32Array.of(1, 0, 1, 1) }],
    ['blocks.0.attn.IGNORE', { dtype: 'F32', shape: [], data: Float32Array.of(-1e5) }],
    ['l1.bias', { dtype: 'F64', shape: [1], data: Float64Array.of(4) }],
  ]);
  const params = parametersOf(tensors);
  expect([...params.keys()]).toEqual(['embed.W_E', 'l1.bias']);
  expect(parameterCount(params)).toBe(5);
  expect(parameterNorm(params)).toBe(5);
});
