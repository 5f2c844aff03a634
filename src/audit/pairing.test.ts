import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ComponentCircle } from '../metrics/circularity.js';
import { pairComponents } from './pairing.js';

const reading = (component: number, delta: number, score = 0.99): ComponentCircle => ({ component, step: delta, delta, frequency: 100 + delta, score });

describe('pairComponents', () => {
  it('pairs adjacent components of equal δ (Model A)', () => {
    const deltas = [7, 7, 20, 20, 4, 4, 26, 26, 10, 10, 2, 2];
    const { pairs, unpaired } = pairComponents(deltas.map((d, i) => reading(i + 1, d)));
    expect(pairs.map((p) => [p.components, p.delta])).toEqual([
      [[1, 2], 7], [[3, 4], 20], [[5, 6], 4], [[7, 8], 26], [[9, 10], 10], [[11, 12], 2],
    ]);
    expect(unpaired).toEqual([]);
  });

  it('pairs non-adjacent components and reports the unpaired ones (Model B tail)', () => {
    const deltas = [9, 11, 9, 14, 11, 14, 25, 28, 24, 5];
    const { pairs, unpaired } = pairComponents(deltas.map((d, i) => reading(i + 1, d)));
    expect(pairs.map((p) => p.components)).toEqual([[1, 3], [2, 5], [4, 6]]);
    expect(unpaired.map((u) => u.component)).toEqual([7, 8, 9, 10]);
  });

  it('makes two circles of a δ seen four times, and averages the scores', () => {
    const { pairs } = pairComponents([reading(1, 3, 0.9), reading(2, 3, 1), reading(3, 3), reading(4, 3)]);
    expect(pairs.map((p) => p.components)).toEqual([[1, 2], [3, 4]]);
    expect(pairs[0]!.score).toBeCloseTo(0.95, 15);
    expect(pairs[0]!.frequency).toBe(103);
  });

  it('uses every component exactly once, each pair of one δ (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 12 }), (deltas) => {
        const { pairs, unpaired } = pairComponents(deltas.map((d, i) => reading(i + 1, d)));
        const used = [...pairs.flatMap((p) => p.components), ...unpaired.map((u) => u.component)].sort((a, b) => a - b);
        expect(used).toEqual(deltas.map((_, i) => i + 1));
        for (const p of pairs) expect(deltas[p.components[0] - 1]).toBe(deltas[p.components[1] - 1]);
        expect(new Set(unpaired.map((u) => u.delta)).size).toBe(unpaired.length);
      }),
    );
  });
});
