import { beforeAll, describe, expect, it } from 'vitest';
import { type MlpArchitecture, type MlpModelType } from './architecture.js';
import { tensorEngine } from './backend.js';
import { buildModel } from './build.js';
import type { MlpOnlyNetwork } from './mlp-only.js';
import { naiveLogits } from './naive-forward.js';
import type { Triple } from './network.js';
import { randomMlp } from './random-weights.js';

beforeAll(async () => {
  await tensorEngine();
});

const TYPES: MlpModelType[] = ['A', 'B', 'C', 'D', 'X'];

function model(type: MlpModelType, seed = 3): { network: MlpOnlyNetwork; architecture: MlpArchitecture; tensors: ReturnType<typeof randomMlp> } {
  const tensors = randomMlp(type, 7, 16, seed);
  const { network, architecture } = buildModel(tensors, { p: 7, modelType: type });
  return { network: network as MlpOnlyNetwork, architecture: architecture as MlpArchitecture, tensors };
}

describe.each(TYPES)('MLP-only type %s', (type) => {
  it('matches the plain float64 forward pass on all pairs', () => {
    const { network, architecture, tensors } = model(type);
    const fast = network.allLogits();
    expect(fast.length).toBe(49 * 7);
    for (let a = 0; a < 7; a++) {
      for (let b = 0; b < 7; b++) {
        naiveLogits(tensors, architecture, [a, b]).forEach((v, c) => expect(Math.abs(fast[(a * 7 + b) * 7 + c]! - v)).toBeLessThan(1e-5));
      }
    }
  });

  it('embedding gradients match finite differences (against E_a and E_b)', () => {
    const { network, architecture, tensors } = model(type, 11);
    const triples: Triple[] = [[1, 2, 3], [6, 0, 5]];
    const { ga, gb } = network.embeddingGradients(triples);
    const e = architecture.dEmbed;
    const E1 = network.embeddingMatrix().data;
    const E2 = Float64Array.from((tensors.get(type === 'X' ? 'embed2.weight' : 'embed.weight')!.data as Float32Array));
    triples.forEach(([a, b, c], i) => {
      for (const [position, grad] of [[0, ga[i]!], [1, gb[i]!]] as const) {
        for (let j = 0; j < e; j++) {
          const at = (delta: number): number => {
            const rows = [E1.slice(a * e, (a + 1) * e), E2.slice(b * e, (b + 1) * e)];
            rows[position]![j] += delta;
            return naiveLogits(tensors, architecture, [a, b], rows)[c]!;
          };
          // ReLU kinks make finite differences unreliable only at exact zeros; 1e-4 steps stay clear in practice.
          expect(Math.abs(grad[j]! - (at(1e-4) - at(-1e-4)) / 2e-4)).toBeLessThan(1e-3);
        }
      }
    });
  });

  it('withEmbedding replaces the (first) embedding and keeps the rest', () => {
    const { network, architecture } = model(type);
    expect(Array.from(network.withEmbedding(network.embeddingMatrix()).allLogits())).toEqual(Array.from(network.allLogits()));
    const E = network.embeddingMatrix();
    const zeroed = network.withEmbedding({ ...E, data: new Float64Array(E.data.length) });
    const params = zeroed.parameters();
    const name = type === 'X' ? 'embed1.weight' : 'embed.weight';
    expect(Array.from(params.get(name)!.data as Float32Array).every((v) => v === 0)).toBe(true);
    const naive = naiveLogits(params, architecture, [2, 5]);
    const fast = zeroed.allLogits().subarray((2 * 7 + 5) * 7, (2 * 7 + 6) * 7);
    naive.forEach((v, c) => expect(Math.abs(fast[c]! - v)).toBeLessThan(1e-5));
  });
});

it('type C counts l1 bias twice (differs from type B on the same tensors)', () => {
  const tensors = randomMlp('B', 7, 16, 5);
  const b = buildModel(tensors, { p: 7, modelType: 'B' }).network.allLogits();
  const c = buildModel(tensors, { p: 7, modelType: 'C' }).network.allLogits();
  expect(Array.from(b)).not.toEqual(Array.from(c));
});
