import { describe, expect, it } from 'vitest';
import { feature, featureQuad, type AttendShape, type AttendWork } from './attend.js';

function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5;
}

/** A random attention layout: p² inputs of nPos tokens, H heads, per-entry tables of `width` features. */
function randomCase(p: number, nPos: number, V: number, H: number, width: number, uniform: boolean, seed: number) {
  const next = seeded(seed);
  // Magnitudes over several binary orders, so a reordered sum would show in the bits.
  const value = (): number => next() * 2 ** Math.floor(12 * (next() + 0.5) - 6);
  const n2 = p * p;
  const tokens = Int32Array.from({ length: n2 * nPos }, () => Math.floor((next() + 0.5) * V) % V);
  const shape: AttendShape = { n2, nPos, V, H, last: nPos - 1, tokens, weights: Float64Array.from({ length: n2 * H * nPos }, value), vs: new Float64Array(0), dh: 0, hd: 0, uniform };
  const entries = nPos * V * H;
  const byToken = Float64Array.from({ length: entries * width }, value);
  const own = Float64Array.from({ length: V * width }, value);
  const rows = Int32Array.from({ length: n2 * nPos }, (_, i) => ((i % nPos) * V + tokens[i]!) * H);
  const work = (): AttendWork => ({ table: new Float64Array(entries), ownColumn: new Float64Array(V), tables: new Float64Array(4 * entries), ownColumns: new Float64Array(4 * V) });
  return { shape, byToken, own, rows, work, width, n2 };
}

describe('attend: four features side by side', () => {
  it('gives each feature bit for bit as computed alone (softmax weights and α = 0)', () => {
    for (const uniform of [false, true]) {
      const c = randomCase(7, 3, 9, 4, 12, uniform, uniform ? 5 : 6);
      const alone = new Float64Array(c.width * c.n2);
      const quads = new Float64Array(c.width * c.n2);
      for (let j = 0; j < c.width; j++) feature(c.shape, c.byToken, c.own, c.width, j, c.rows, alone, c.work());
      for (let j = 0; j < c.width; j += 4) featureQuad(c.shape, c.byToken, c.own, c.width, j, c.rows, quads, c.work());
      expect(alone.every((v, i) => Object.is(v, quads[i]))).toBe(true);
      expect(alone.some((v) => v !== 0)).toBe(true);
    }
  });
});
