import { describe, expect, it } from 'vitest';
import type { Matrix } from '../model/network.js';
import { circularity, componentCircles } from './circularity.js';
import { circleEmbedding, functionNetwork } from '../../test/support/function-network.js';
import { modInverse } from './modular.js';

/** Embed `m` in `width` columns through a fixed pseudo-random orthonormal map (Gram–Schmidt). */
function rotateInto(m: Matrix, width: number, seed: number): Matrix {
  let s = seed;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5;
  const basis: Float64Array[] = [];
  while (basis.length < m.cols) {
    const v = Float64Array.from({ length: width }, next);
    for (const u of basis) {
      const d = u.reduce((acc, x, i) => acc + x * v[i]!, 0);
      for (let i = 0; i < width; i++) v[i]! -= d * u[i]!;
    }
    const n = Math.hypot(...v);
    basis.push(v.map((x) => x / n));
  }
  const data = new Float64Array(m.rows * width);
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) for (let i = 0; i < width; i++) data[r * width + i]! += m.data[r * m.cols + c]! * basis[c]![i]!;
  return { rows: m.rows, cols: width, data };
}

describe('componentCircles / circularity', () => {
  const p = 59;
  it('circle embeddings with distinct amplitudes score 1, with step δ = k⁻¹ and frequency k', () => {
    const embedding = rotateInto(circleEmbedding(p, [5, 17, 23], [3, 2, 1]), 40, 9);
    const circles = componentCircles(embedding, p, 6);
    expect(circles.map((c) => c.frequency)).toEqual([5, 5, 17, 17, 23, 23]);
    for (const c of circles) {
      expect(c.score).toBeCloseTo(1, 12);
      const k = modInverse(c.delta, p);
      expect(Math.min(k, p - k)).toBe(c.frequency);
    }
    expect(circles[0]!.delta).toBe(12); // 5·12 = 60 ≡ 1 (mod 59)
    const net = functionNetwork({ p, embedding, logit: () => 0 });
    expect(circularity(net)).toMatchObject({ id: 'circularity@ref' });
    expect(circularity(net).value).toBeCloseTo(1, 12);
  });
  it('a random embedding is far from circular; scores stay in [0, 1]', () => {
    let s = 3;
    const data = Float64Array.from({ length: p * 30 }, () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32));
    const circles = componentCircles({ rows: p, cols: 30, data }, p);
    expect(circles).toHaveLength(12);
    for (const c of circles) expect(c.score >= 0 && c.score <= 1).toBe(true);
    expect(circularity(functionNetwork({ p, embedding: { rows: p, cols: 30, data }, logit: () => 0 })).value!).toBeLessThan(0.5);
  });
  it('uses only the first p rows of a larger vocabulary', () => {
    const base = circleEmbedding(p, [4, 9], [2, 1]);
    const extra = new Float64Array((p + 3) * 4);
    extra.set(base.data);
    extra.fill(0.3, p * 4);
    const circles = componentCircles({ rows: p + 3, cols: 4, data: extra }, p, 4);
    expect(circles.map((c) => c.frequency)).toEqual([4, 4, 9, 9]);
  });
  it('diff_vocab: the b-operand rows share the norm but not the sum, so a clean circle over both operands scores 1/(1 + r²)', () => {
    // Rows 0..p−1: circles at k = 5, 17 (amplitudes 3, 2); rows p..2p−1: the same circles scaled
    // by r. Centred, a component's scores are v = [A·cos(wt); r·A·cos(wt)] (any phase), so
    // ‖v‖² = (1 + r²)·A²·p/2 over all 2p rows, while the sum over the first p rows at i = k⁻¹ is
    // A·p/2: score = 2·(A·p/2)² / ((1 + r²)·A²·p/2 · p) = 1/(1 + r²), i.e. 0.5 at r = 1.
    for (const r of [1, 0.5]) {
      const a = circleEmbedding(p, [5, 17], [3, 2]);
      const data = new Float64Array(2 * a.data.length);
      data.set(a.data);
      data.set(a.data.map((x) => r * x), a.data.length);
      const embedding = rotateInto({ rows: 2 * p, cols: a.cols, data }, 40, 4);
      const circles = componentCircles(embedding, p, 4);
      expect(circles.map((c) => c.frequency)).toEqual([5, 5, 17, 17]);
      for (const c of circles) expect(c.score).toBeCloseTo(1 / (1 + r * r), 12);
      const value = circularity(functionNetwork({ p, embedding, logit: () => 0, nOutputs: 2 * p })).value!;
      expect(value).toBeCloseTo(1 / (1 + r * r), 12);
    }
  });
  it('is undefined with fewer than 4 components', () => {
    const net = functionNetwork({ p: 5, embedding: circleEmbedding(5, [1]), logit: () => 0 });
    expect(circularity(net)).toMatchObject({ value: null, kind: 'no-components' });
  });
});
