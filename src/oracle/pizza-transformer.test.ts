import { beforeAll, describe, expect, it } from 'vitest';
import { accuracy } from '../metrics/accuracy.js';
import { gradientSymmetricity } from '../metrics/gradient-symmetricity.js';
import { tensorEngine } from '../model/backend.js';
import { networkFromTensors } from '../model/build.js';
import type { Triple } from '../model/network.js';
import { idealPizzaOracle, idealPizzaTransformer, idealPizzaWeights } from './pizza-transformer.js';

function maxAbsDiff(x: Float64Array, y: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  return worst;
}

describe('weight-level ideal Pizza transformer', () => {
  beforeAll(async () => {
    await tensorEngine();
  });

  it('has the reference layout at p = 59: d = 4|K| + p, d_mlp = 4d, 2|K|p live neurons', () => {
    const built = idealPizzaWeights();
    expect(built.dModel).toBe(67);
    expect(built.liveNeurons).toBe(236);
    expect(built.tensors.get('blocks.0.mlp.W_in')!.shape).toEqual([268, 67]);
    expect(built.tensors.get('blocks.0.attn.W_V')!.shape).toEqual([4, 16, 67]);
    expect(built.sidecar['attn_coeff']).toBe(0);
  });

  it('computes its oracle (notebook Pizza, amplitudes = radii) to float32 precision, with accuracy 1', () => {
    const net = idealPizzaTransformer();
    const oracle = idealPizzaOracle();
    const logits = net.allLogits();
    expect(maxAbsDiff(logits, oracle.allLogits())).toBeLessThan(1e-5);
    expect(accuracy(net, logits).value).toBe(1);
  });

  it('ignores W_Q and W_K (α = 0 makes attention a plain sum)', () => {
    const a = idealPizzaWeights({ p: 11, frequencies: [1, 4], seed: 1 });
    const b = idealPizzaWeights({ p: 11, frequencies: [1, 4], seed: 99 });
    expect(a.tensors.get('blocks.0.attn.W_Q')!.data[0]).not.toBe(b.tensors.get('blocks.0.attn.W_Q')!.data[0]);
    expect(maxAbsDiff(networkFromTensors(a.tensors, a.config).allLogits(), networkFromTensors(b.tensors, b.config).allLogits())).toBe(0);
  });

  it('has the oracle’s gradient at position 0; position 1 adds the orthogonal direct path, so GS = |g_a|/|g_b|', () => {
    const options = { p: 13, frequencies: [2, 5], radii: [1, 0.5], gain: 10 };
    const net = idealPizzaTransformer(options);
    const oracle = idealPizzaOracle(options);
    // c ≢ a + b: at the answer |v| sits at its kink, where the oracle takes the subgradient 0
    // (sign(0)) and the network's ReLU the one-sided −v′.
    const triples: Triple[] = [[1, 2, 5], [0, 12, 11], [7, 7, 2], [4, 9, 6]];
    const t = net.embeddingGradients(triples);
    const o = oracle.embeddingGradients(triples);
    const norm = (v: Float64Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    let expected = 0;
    triples.forEach((_, i) => {
      // emb slot = the first 2|K| coordinates
      expect(maxAbsDiff(t.ga[i]!.subarray(0, 4), o.ga[i]!)).toBeLessThan(1e-3 * norm(o.ga[i]!));
      expect(norm(t.ga[i]!.subarray(4))).toBeLessThan(1e-6);
      expect(maxAbsDiff(t.gb[i]!.subarray(0, 4), o.gb[i]!)).toBeLessThan(1e-3 * norm(o.gb[i]!));
      expected += norm(t.ga[i]!) / norm(t.gb[i]!);
    });
    const gs = gradientSymmetricity(net, { triples }).value!;
    expect(gs).toBeCloseTo(expected / triples.length, 6);
    expect(gs).toBeGreaterThan(0.99);
    expect(gs).toBeLessThan(1);
  });

  it('refuses bad construction parameters by name', () => {
    expect(() => idealPizzaWeights({ gain: 0 })).toThrow(/gain/);
    expect(() => idealPizzaWeights({ radii: [1] })).toThrow(/amplitudes|radii/);
    expect(() => idealPizzaWeights({ frequencies: [0, 3] })).toThrow(/frequencies/);
  });
});
