import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TensorMap } from '../io/tensor.js';
import { inferArchitecture, type ModelConfig, type TransformerArchitecture } from './architecture.js';
import { tensorEngine } from './backend.js';
import { engineNow } from './engine.js';
import { buildModel } from './build.js';
import { referenceToLens } from './lens-layout.js';
import { naiveLogits } from './naive-forward.js';
import type { Triple } from './network.js';
import { randomLensTransformer, randomReferenceTransformer } from './random-weights.js';
import { TransformerNetwork } from './transformer.js';

beforeAll(async () => {
  await tensorEngine();
});

function tokensOf(a: TransformerArchitecture, x: number, y: number): number[] {
  return [x, a.diffVocab ? y + a.p : y, ...(a.eqnSign ? [a.nVocab - 1] : [])];
}

/** max |fast − naive| over all pairs, relative to the largest logit (float32 against float64). */
function worstAgainstNaive(tensors: TensorMap, config: ModelConfig): number {
  const { architecture, network } = buildModel(tensors, config);
  const a = architecture as TransformerArchitecture;
  const fast = network.allLogits();
  let worst = 0;
  let scale = 1;
  for (let x = 0; x < a.p; x++) {
    for (let y = 0; y < a.p; y++) {
      const want = naiveLogits(tensors, a, tokensOf(a, x, y));
      want.forEach((v, c) => {
        worst = Math.max(worst, Math.abs(fast[(x * a.p + y) * a.nOutputs + c]! - v));
        scale = Math.max(scale, Math.abs(v));
      });
    }
  }
  return worst / scale;
}

describe('reference transformer against the plain float64 forward pass', () => {
  it('agrees over α, layers, activation and the data flags (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          alpha: fc.constantFrom(0, 1, 0.3, 0.0066),
          layers: fc.integer({ min: 1, max: 3 }),
          gelu: fc.boolean(),
          diffVocab: fc.boolean(),
          eqnSign: fc.boolean(),
          seed: fc.integer({ min: 1, max: 1e6 }),
          d: fc.constantFrom(8, 10, 12),
          heads: fc.constantFrom(1, 2, 4),
        }),
        ({ alpha, layers, gelu, diffVocab, eqnSign, seed, d, heads }) => {
          const tensors = randomReferenceTransformer({ p: 5, d, heads, layers, diffVocab, eqnSign, seed });
          const worst = worstAgainstNaive(tensors, { p: 5, attnCoeff: alpha, actFn: gelu ? 'GeLU' : 'ReLU', diffVocab, eqnSign });
          expect(worst).toBeLessThan(1e-5);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('α = 0 is a plain sum over positions (no softmax anywhere)', () => {
    const tensors = randomReferenceTransformer({ p: 5, d: 8, heads: 2, layers: 1, seed: 9 });
    // Queries and keys do not matter at α = 0: scrambling them changes nothing.
    const scrambled = new Map(tensors);
    scrambled.set('blocks.0.attn.W_Q', randomReferenceTransformer({ p: 5, d: 8, heads: 2, layers: 1, seed: 10 }).get('blocks.0.attn.W_Q')!);
    const a = buildModel(tensors, { p: 5, attnCoeff: 0 }).network.allLogits();
    const b = buildModel(scrambled, { p: 5, attnCoeff: 0 }).network.allLogits();
    expect(Array.from(b)).toEqual(Array.from(a));
    const c = buildModel(scrambled, { p: 5, attnCoeff: 0.5 }).network.allLogits();
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });
});

describe('per-token first-block products (the batched forward of token ids)', () => {
  /** The logits of the plain batched forward pass: every input's embedding rows uploaded, every product over the whole batch. */
  function batchedLogits(network: TransformerNetwork, a: TransformerArchitecture): Float64Array {
    const t = engineNow();
    const e = network.embeddingMatrix();
    const sequences = Array.from({ length: a.p * a.p }, (_, i) => tokensOf(a, Math.floor(i / a.p), i % a.p));
    const logits = t.tidy(() => network.forward(sequences[0]!.map((_, q) => t.tensor2d(Float32Array.from(sequences.flatMap((s) => Array.from(e.data.subarray(s[q]! * e.cols, (s[q]! + 1) * e.cols)))), [sequences.length, e.cols]))));
    const out = Float64Array.from(logits.dataSync() as Float32Array);
    logits.dispose();
    return out;
  }

  it('give the batched forward pass bit for bit (α, layers, biases, causal mask, data flags, sizes)', () => {
    const cases: [TensorMap, ModelConfig][] = [
      [randomReferenceTransformer({ p: 59, d: 128, heads: 4, layers: 1, seed: 21 }), { p: 59, attnCoeff: 0 }],
      [randomReferenceTransformer({ p: 59, d: 128, heads: 4, layers: 1, seed: 22 }), { p: 59, attnCoeff: 1 }],
      [randomReferenceTransformer({ p: 13, d: 12, heads: 2, layers: 3, diffVocab: true, eqnSign: true, seed: 23 }), { p: 13, attnCoeff: 0.3, diffVocab: true, eqnSign: true }],
      [randomLensTransformer({ p: 11, d: 8, heads: 2, layers: 2, dHead: 3, seed: 24 }), {}],
    ];
    for (const [tensors, config] of cases) {
      const { architecture, network } = buildModel(tensors, config);
      const a = architecture as TransformerArchitecture;
      // (logitsForTokens: allLogits of the 1-layer cases goes through tables, table-logits.test.ts)
      const got = (network as TransformerNetwork).logitsForTokens(Array.from({ length: a.p * a.p }, (_, i) => tokensOf(a, Math.floor(i / a.p), i % a.p)));
      const want = batchedLogits(network as TransformerNetwork, a);
      expect(got.length).toBe(want.length);
      expect(got.every((v, i) => Object.is(v, want[i]))).toBe(true);
    }
  });
});

describe('TransformerLens layout', () => {
  it('applies biases and the causal mask exactly as a direct computation does (2 layers, where the mask matters)', () => {
    const tensors = randomLensTransformer({ p: 5, d: 8, heads: 2, layers: 2, dHead: 3, seed: 4 });
    expect(worstAgainstNaive(tensors, {})).toBeLessThan(1e-5);
    const grok = randomLensTransformer({ p: 5, d: 8, heads: 2, layers: 1, eqnSign: true, vocabOut: 5, seed: 5 });
    expect(worstAgainstNaive(grok, {})).toBeLessThan(1e-5);
  });

  it('the causal mask changes a 2-layer model (so the test above exercises it)', () => {
    const tensors = randomLensTransformer({ p: 5, d: 8, heads: 2, layers: 2, seed: 4 });
    const a = inferArchitecture(tensors, {}) as TransformerArchitecture;
    const masked = naiveLogits(tensors, a, [1, 2]);
    const unmasked = naiveLogits(tensors, { ...a, causalMask: false }, [1, 2]);
    expect(Math.max(...masked.map((v, i) => Math.abs(v - unmasked[i]!)))).toBeGreaterThan(1e-3);
  });

  it('a converted 1-layer α = 1 reference model gives the same logits as the original', () => {
    const tensors = randomReferenceTransformer({ p: 5, d: 8, heads: 2, layers: 1, seed: 12 });
    const want = buildModel(tensors, { p: 5, attnCoeff: 1 }).network.allLogits();
    const got = buildModel(referenceToLens(tensors), { p: 5 }).network.allLogits();
    got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5));
  });
});

describe('embedding gradients', () => {
  /** Central differences of the float64 forward pass with the embedding at one position perturbed. */
  function numericGradient(tensors: TensorMap, a: TransformerArchitecture, [x, y, c]: Triple, position: 0 | 1): Float64Array {
    const E = buildModel(tensors, { p: a.p, attnCoeff: a.attnCoeff, actFn: a.actFn, diffVocab: a.diffVocab, eqnSign: a.eqnSign }).network.embeddingMatrix();
    const row = (t: number): Float64Array => E.data.slice(t * a.dModel, (t + 1) * a.dModel);
    // Raw tokens [x, y] — the reference's quirk — and only those two positions.
    const base = [row(x), row(y)];
    const h = 1e-4;
    return Float64Array.from({ length: a.dModel }, (_, i) => {
      const plus = base.map((r) => Float64Array.from(r));
      const minus = base.map((r) => Float64Array.from(r));
      plus[position]![i] += h;
      minus[position]![i] -= h;
      return (naiveLogits(tensors, a, [x, y], plus)[c]! - naiveLogits(tensors, a, [x, y], minus)[c]!) / (2 * h);
    });
  }

  it('match finite differences, on raw tokens even for diff_vocab and eqn_sign models', () => {
    for (const flags of [{}, { diffVocab: true }, { eqnSign: true }]) {
      const tensors = randomReferenceTransformer({ p: 5, d: 8, heads: 2, layers: 2, seed: 21, ...flags });
      const config = { p: 5, attnCoeff: 0.7, actFn: 'GeLU', ...flags };
      const { architecture, network } = buildModel(tensors, config);
      const a = architecture as TransformerArchitecture;
      const triples: Triple[] = [[1, 2, 3], [4, 4, 0], [0, 3, 2]];
      const { ga, gb } = network.embeddingGradients(triples);
      triples.forEach((t, i) => {
        const na = numericGradient(tensors, a, t, 0);
        const nb = numericGradient(tensors, a, t, 1);
        na.forEach((v, j) => expect(Math.abs(ga[i]![j]! - v)).toBeLessThan(1e-3));
        nb.forEach((v, j) => expect(Math.abs(gb[i]![j]! - v)).toBeLessThan(1e-3));
      });
    }
  });

  it('are the same computed one at a time or in a batch', () => {
    const tensors = randomReferenceTransformer({ p: 5, d: 8, heads: 2, layers: 1, seed: 22 });
    const network = buildModel(tensors, { p: 5, attnCoeff: 0.5 }).network;
    const triples: Triple[] = [[1, 2, 3], [2, 1, 3], [3, 3, 1]];
    const batch = network.embeddingGradients(triples);
    triples.forEach((t, i) => {
      const one = network.embeddingGradients([t]);
      one.ga[0]!.forEach((v, j) => expect(v).toBeCloseTo(batch.ga[i]![j]!, 5));
      one.gb[0]!.forEach((v, j) => expect(v).toBeCloseTo(batch.gb[i]![j]!, 5));
    });
  });

  it('refuse out-of-range triples', () => {
    const network = buildModel(randomReferenceTransformer({ p: 5, d: 8, heads: 2, layers: 1 }), { p: 5, attnCoeff: 0 }).network;
    expect(() => network.embeddingGradients([[5, 0, 0]])).toThrow(/triple \(5, 0, 0\) is out of range/);
  });
});

describe('embedding, replacement and parameters', () => {
  it('embeddingMatrix is W_Eᵀ with all V rows', () => {
    const tensors = randomReferenceTransformer({ p: 5, d: 8, heads: 2, layers: 1, diffVocab: true });
    const network = buildModel(tensors, { p: 5, attnCoeff: 0, diffVocab: true }).network;
    const E = network.embeddingMatrix();
    expect([E.rows, E.cols]).toEqual([10, 8]);
    const WE = tensors.get('embed.W_E')!.data as Float32Array;
    expect(E.data[3 * 8 + 2]).toBe(WE[2 * 10 + 3]);
  });

  it('withEmbedding: the same embedding changes nothing; another one runs through the whole model', () => {
    const tensors = randomReferenceTransformer({ p: 5, d: 8, heads: 2, layers: 1, seed: 30 });
    const network = buildModel(tensors, { p: 5, attnCoeff: 0.5 }) .network as TransformerNetwork;
    const same = network.withEmbedding(network.embeddingMatrix());
    expect(Array.from(same.allLogits())).toEqual(Array.from(network.allLogits()));
    const E = network.embeddingMatrix();
    const scaled = { ...E, data: E.data.map((v) => 2 * v) };
    const replaced = network.withEmbedding(scaled);
    const a = replaced.architecture;
    const naive = naiveLogits(replaced.parameters(), a, [1, 3]);
    const fast = replaced.allLogits().subarray((1 * 5 + 3) * 5, (1 * 5 + 4) * 5);
    naive.forEach((v, c) => expect(Math.abs(fast[c]! - v)).toBeLessThan(1e-5));
    expect(Math.abs(fast[0]! - network.allLogits()[8 * 5]!)).toBeGreaterThan(1e-4);
    expect(() => network.withEmbedding({ rows: 4, cols: 8, data: new Float64Array(32) })).toThrow(/expected a 5 × 8 embedding, got 4 × 8/);
  });

  it('parameters exclude the mask buffers', () => {
    const tensors = randomReferenceTransformer({ p: 5, d: 8, heads: 2, layers: 2 });
    const names = [...buildModel(tensors, { p: 5, attnCoeff: 0 }).network.parameters().keys()];
    expect(names).toHaveLength(tensors.size - 2);
    expect(names.some((n) => n.endsWith('.mask'))).toBe(false);
    const lens = [...buildModel(randomLensTransformer({ p: 5, d: 8, heads: 2, layers: 1 }), {}).network.parameters().keys()];
    expect(lens.some((n) => /mask|IGNORE/.test(n))).toBe(false);
  });
});
