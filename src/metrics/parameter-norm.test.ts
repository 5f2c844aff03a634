import { describe, expect, it } from 'vitest';
import { circleEmbedding, functionNetwork } from '../../test/support/function-network.js';
import { parameterNorm } from './parameter-norm.js';

describe('parameterNorm', () => {
  it('is the float64 root of the sum of squares over every parameter', () => {
    const parameters = new Map([
      ['w', { dtype: 'F32' as const, shape: [2], data: new Float32Array([3, 4]) }],
      ['b', { dtype: 'F64' as const, shape: [1], data: new Float64Array([12]) }],
    ]);
    const net = functionNetwork({ p: 5, embedding: circleEmbedding(5, [1]), logit: () => 0, parameters });
    expect(parameterNorm(net)).toEqual({ id: 'parameterNorm@1', value: 13 });
  });
  it('is 0 for a network without parameters (oracles)', () => {
    expect(parameterNorm(functionNetwork({ p: 5, embedding: circleEmbedding(5, [1]), logit: () => 0 })).value).toBe(0);
  });
});
