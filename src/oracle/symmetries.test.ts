import { beforeAll, describe, expect, it } from 'vitest';
import { tensorEngine } from '../model/backend.js';
import { networkFromTensors } from '../model/build.js';
import { idealPizzaWeights } from './pizza-transformer.js';
import { mulberry32 } from '../stats/rng.js';
import { permuteHiddenNeurons, randomOrthogonal, randomPermutation, rotateResidual } from './symmetries.js';

describe('residual-stream symmetries', () => {
  beforeAll(async () => {
    await tensorEngine();
  });

  it('randomOrthogonal gives QᵀQ = I', () => {
    const q = randomOrthogonal(9, mulberry32(3));
    for (let i = 0; i < 9; i++) {
      for (let j = 0; j < 9; j++) {
        let dot = 0;
        for (let k = 0; k < 9; k++) dot += q.data[k * 9 + i]! * q.data[k * 9 + j]!;
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });

  it('randomPermutation is a permutation', () => {
    expect([...randomPermutation(50, mulberry32(1))].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('rotations of the residual stream and permutations of neurons leave the logits unchanged', () => {
    const built = idealPizzaWeights({ p: 11, frequencies: [2, 3], radii: [1, 0.5], gain: 10 });
    const before = networkFromTensors(built.tensors, built.config).allLogits();
    const random = mulberry32(7);
    const rotated = rotateResidual(built.tensors, randomOrthogonal(built.dModel, random));
    const permuted = permuteHiddenNeurons(rotated, randomPermutation(4 * built.dModel, random));
    const after = networkFromTensors(permuted, built.config).allLogits();
    let worst = 0;
    for (let i = 0; i < before.length; i++) worst = Math.max(worst, Math.abs(after[i]! - before[i]!));
    expect(worst).toBeLessThan(1e-4);
    // and they did change the weights
    const [x, y] = [permuted, built.tensors].map((t) => t.get('blocks.0.mlp.W_in')!.data as Float32Array);
    expect(x!.some((v, i) => Math.abs(v - y![i]!) > 1e-3)).toBe(true);
  });

  it('refuses tensors it does not know how to rotate', () => {
    const built = idealPizzaWeights({ p: 7, frequencies: [1, 2] });
    const tensors = new Map(built.tensors);
    tensors.set('blocks.0.ln1.w', { dtype: 'F32', shape: [built.dModel], data: new Float32Array(built.dModel) });
    expect(() => rotateResidual(tensors, randomOrthogonal(built.dModel, mulberry32(1)))).toThrow(/blocks.0.ln1.w/);
  });
});
