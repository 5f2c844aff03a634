import { beforeAll, describe, expect, it } from 'vitest';
import type { TensorMap } from '../io/tensor.js';
import type { ModelConfig, TransformerArchitecture } from './architecture.js';
import { tensorEngine } from './backend.js';
import { buildModel } from './build.js';
import { naiveLogits } from './naive-forward.js';
import { randomLensTransformer, randomReferenceTransformer } from './random-weights.js';
import { tableLogits, tableLogitsSupported } from './table-logits.js';
import type { TransformerNetwork } from './transformer.js';

beforeAll(async () => {
  await tensorEngine();
});

function modelOf(tensors: TensorMap, config: ModelConfig): { a: TransformerArchitecture; network: TransformerNetwork } {
  const { architecture, network } = buildModel(tensors, config);
  return { a: architecture as TransformerArchitecture, network: network as TransformerNetwork };
}

/** The batched tfjs forward over every pair (the path of architectures without tables). */
function batchedLogits(network: TransformerNetwork, p: number): Float64Array {
  return network.logitsForTokens(Array.from({ length: p * p }, (_, i) => network.tokens(Math.floor(i / p), i % p)));
}

/** max |x − y| relative to the largest |y|. */
function relativeGap(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < y.length; i++) {
    worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
    scale = Math.max(scale, Math.abs(y[i]!));
  }
  return worst / scale;
}

describe('all-pairs logits through per-token tables', () => {
  const cases: [string, TensorMap, ModelConfig][] = [
    ['α = 0, ReLU', randomReferenceTransformer({ p: 59, d: 128, heads: 4, layers: 1, seed: 31 }), { p: 59, attnCoeff: 0 }],
    ['α = 1, ReLU', randomReferenceTransformer({ p: 59, d: 128, heads: 4, layers: 1, seed: 32 }), { p: 59, attnCoeff: 1 }],
    ['α = 0.3, GeLU, p = 31, d = 40', randomReferenceTransformer({ p: 31, d: 40, heads: 4, layers: 1, seed: 33 }), { p: 31, attnCoeff: 0.3, actFn: 'GeLU' }],
  ];

  it.each(cases)('%s: agree with the float64 forward pass and the batched float32 one to float32 rounding', (_name, tensors, config) => {
    const { a, network } = modelOf(tensors, config);
    expect(tableLogitsSupported(a)).toBe(true);
    const got = network.allLogits();
    const oracle = new Float64Array(a.p * a.p * a.nOutputs);
    for (let x = 0; x < a.p; x++) for (let y = 0; y < a.p; y++) oracle.set(naiveLogits(tensors, a, network.tokens(x, y)), (x * a.p + y) * a.nOutputs);
    const batched = batchedLogits(network, a.p);
    expect(relativeGap(got, oracle)).toBeLessThan(1e-5);
    expect(relativeGap(got, batched)).toBeLessThan(1e-5);
    // Not the batched pass under another name: the float32 sums are in another order.
    expect(got.some((v, i) => v !== batched[i])).toBe(true);
  });

  it('follow a replaced embedding (circle isolation) and alternate architectures without mixing their engines', () => {
    const [, tensorsA, configA] = cases[0]!;
    const [, tensorsB, configB] = cases[1]!;
    const A = modelOf(tensorsA, configA).network;
    const B = modelOf(tensorsB, configB).network;
    const first = A.allLogits();
    expect(relativeGap(B.allLogits(), batchedLogits(B, 59))).toBeLessThan(1e-5);
    expect(A.allLogits()).toEqual(first);
    const e = A.embeddingMatrix();
    const halved = A.withEmbedding({ ...e, data: e.data.map((v) => v / 2) });
    expect(relativeGap(halved.allLogits(), batchedLogits(halved, 59))).toBeLessThan(1e-5);
  });

  it('are not used where the fast step does not compute the function, and the network falls back to the batched pass', () => {
    const unsupported: [string, TensorMap, ModelConfig][] = [
      ['2 heads', randomReferenceTransformer({ p: 7, d: 8, heads: 2, layers: 1, seed: 1 }), { p: 7, attnCoeff: 1 }],
      ['2 layers', randomReferenceTransformer({ p: 7, d: 8, heads: 4, layers: 2, seed: 2 }), { p: 7, attnCoeff: 1 }],
      ['diff_vocab', randomReferenceTransformer({ p: 7, d: 8, heads: 4, layers: 1, diffVocab: true, seed: 3 }), { p: 7, attnCoeff: 1, diffVocab: true }],
      ['eqn_sign', randomReferenceTransformer({ p: 7, d: 8, heads: 4, layers: 1, eqnSign: true, seed: 4 }), { p: 7, attnCoeff: 1, eqnSign: true }],
      ['biases and a causal mask', randomLensTransformer({ p: 7, d: 8, heads: 4, layers: 1, seed: 5 }), {}],
    ];
    for (const [name, tensors, config] of unsupported) {
      const { a, network } = modelOf(tensors, config);
      expect(tableLogitsSupported(a), name).toBe(false);
      expect(() => tableLogits(a, network.parameters()), name).toThrow(/not a 1-layer reference architecture/);
      expect(Array.from(network.allLogits()), name).toEqual(Array.from(batchedLogits(network, a.p)));
    }
  });
});
