import { describe, expect, it } from 'vitest';
import type { Matrix } from '../model/network.js';
import { mulberry32, standardNormal } from '../stats/rng.js';
import { blockReading, circularityFourier, operandBlocks, planeEnergies } from './circularity-fourier.js';
import { componentCircles, circularityOf } from './circularity.js';
import { fourierSpectrum } from './fourier.js';
import { circleEmbedding, functionNetwork } from '../../test/support/function-network.js';
import { pca } from './pca.js';

const p = 59;
const wave = (k: number, t: number, f: typeof Math.cos): number => f((2 * Math.PI * k * t) / p);

function gaussian(rows: number, cols: number, seed: number): Matrix {
  const random = mulberry32(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => standardNormal(random)) };
}

const network = (embedding: Matrix, parameters?: Map<string, { dtype: 'F64'; shape: number[]; data: Float64Array }>) =>
  functionNetwork({ p, embedding, logit: () => 0, nOutputs: embedding.rows, ...(parameters ? { parameters } : {}) });

/**
 * The constructed example: circles at k = 7 (amplitude 1, directions e₁, e₂) and k = 17
 * (amplitude 0.9, directions at cosine `cosine` to e₁ and e₂: v₁ = c·e₁ + s·e₃, v₂ = c·e₂ + s·e₄).
 */
function overlappingCircles(cosine: number): Matrix {
  const s = Math.sqrt(1 - cosine * cosine);
  const data = new Float64Array(p * 4);
  for (let t = 0; t < p; t++) {
    const [c7, s7] = [wave(7, t, Math.cos), wave(7, t, Math.sin)];
    const [c17, s17] = [0.9 * wave(17, t, Math.cos), 0.9 * wave(17, t, Math.sin)];
    data.set([c7 + cosine * c17, s7 + cosine * s17, s * c17, s * s17], t * 4);
  }
  return { rows: p, cols: 4, data };
}

describe('circularity.fourier@1', () => {
  it("the issue's overlapping circles: circularity@ref 0.666 (cosine 0.3) and 0.587 (cosine 0.6), Fourier circularity 1", () => {
    for (const [cosine, ref] of [
      [0.3, 0.666],
      [0.6, 0.587],
    ] as const) {
      const embedding = overlappingCircles(cosine);
      expect(circularityOf(componentCircles(embedding, p, 4)).value!).toBeCloseTo(ref, 3);
      const { result, details } = circularityFourier(network(embedding));
      expect(result).toMatchObject({ id: 'circularity.fourier@1' });
      expect(Math.abs(result.value! - 1)).toBeLessThan(1e-12);
      expect(details).toEqual([{ operand: 'a,b', source: 'embedding rows 0..58', ratio: result.value, frequencies: [7, 17] }]);
    }
  });

  it('a hand-derived ratio: circle k=3 (amplitude 1), cosine line k=5 (0.8), circle k=8 (0.5) gives 1.32/1.445', () => {
    // Energies: a circle of amplitude A holds A²·p in its plane, a cosine line a²·p/2; squared
    // singular values: A²p/2 twice per circle, a²p/2 per line. Top-2 energies p + 0.32p; top-4
    // σ²: p/2 + p/2 + 0.32p + p/8 = 1.445p.
    const data = new Float64Array(p * 6);
    for (let t = 0; t < p; t++) {
      data.set([wave(3, t, Math.cos), wave(3, t, Math.sin), 0.8 * wave(5, t, Math.cos), 0.5 * wave(8, t, Math.cos), 0.5 * wave(8, t, Math.sin), 2], t * 6);
    }
    const reading = blockReading({ operand: 'a,b', source: 'constructed', matrix: { rows: p, cols: 6, data } }, p);
    expect(reading.ratio!).toBeCloseTo(1.32 / 1.445, 13);
    expect(reading.frequencies).toEqual([3, 5]);
  });

  it('agrees with an independent computation: DFT energies / p over the PCA’s squared singular values', () => {
    for (const [cols, seed] of [
      [128, 1],
      [24, 2],
      [3, 3],
    ] as const) {
      const e = gaussian(p, cols, seed);
      const spectrum = [...fourierSpectrum(e, p).energy].map((x) => x / p).sort((x, y) => y - x);
      const sv = pca(e, Math.min(4, cols)).singularValues;
      const want = (spectrum[0]! + spectrum[1]!) / sv.reduce((s, x) => s + x * x, 0);
      const got = circularityFourier(network(e)).result.value!;
      expect(Math.abs(got - want)).toBeLessThan(1e-12);
      const mean = new Float64Array(cols);
      e.data.forEach((x, i) => (mean[i % cols]! += x / p));
      const energies = planeEnergies(e.data.map((x, i) => x - mean[i % cols]!), p, cols);
      fourierSpectrum(e, p).energy.forEach((x, k) => expect(energies[k]!).toBeCloseTo(x / p, 9));
    }
  });

  it('diff_vocab: b’s block is rows p..2p−1, and the metric is the smaller ratio', () => {
    const a = circleEmbedding(p, [4, 11], [2, 1]);
    const b = gaussian(p, 4, 7);
    const data = new Float64Array(2 * p * 4);
    data.set(a.data);
    data.set(b.data, p * 4);
    const net = network({ rows: 2 * p, cols: 4, data });
    expect(operandBlocks(net).map((x) => [x.operand, x.source])).toEqual([
      ['a', 'embedding rows 0..58'],
      ['b', 'embedding rows 59..117'],
    ]);
    const { result, details } = circularityFourier(net);
    expect(details[0]!.ratio!).toBeCloseTo(1, 12);
    expect(details[0]!.frequencies).toEqual([4, 11]);
    expect(details[1]!.ratio!).toBeLessThan(0.9);
    expect(result.value).toBe(details[1]!.ratio);
    // An eqn_sign model's extra `=` row (V = p + 1) is in no block.
    const withEquals = new Float64Array((p + 1) * 4);
    withEquals.set(a.data);
    withEquals.fill(9, p * 4);
    expect(circularityFourier(network({ rows: p + 1, cols: 4, data: withEquals })).result.value!).toBeCloseTo(1, 12);
  });

  it('MLP type X: embed2.weight is b’s block', () => {
    const b = circleEmbedding(p, [9], [1]);
    const extra = gaussian(p, 2, 3).data.map((x) => 0.3 * x);
    const second = b.data.map((x, i) => x + extra[i]!);
    const net = network(circleEmbedding(p, [5, 6]), new Map([['embed2.weight', { dtype: 'F64' as const, shape: [p, 2], data: second }]]));
    const { details } = circularityFourier(net);
    expect(details.map((d) => [d.operand, d.source])).toEqual([
      ['a', 'embedding rows 0..58'],
      ['b', 'embed2.weight'],
    ]);
    expect(details[0]!.ratio!).toBeCloseTo(1, 12);
    expect(details[1]!.frequencies[0]).toBe(9);
    expect(details[1]!.ratio!).toBeLessThan(1);
  });

  it('is undefined for a constant block, and refuses p < 5 (fewer than two planes)', () => {
    const flat = { rows: p, cols: 3, data: new Float64Array(p * 3).fill(0.1) };
    expect(circularityFourier(network(flat)).result).toMatchObject({ value: null, kind: 'other', reason: expect.stringMatching(/no variance/) });
    expect(() => blockReading({ operand: 'a,b', source: 'x', matrix: circleEmbedding(3, [1]) }, 3)).toThrow(/p ≥ 5/);
  });
});
