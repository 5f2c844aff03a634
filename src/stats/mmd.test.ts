import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mmdPermutationTest } from './mmd.js';
import { mulberry32, standardNormal } from './rng.js';

/** n angles around `centre` with normal spread `sd`, seeded. */
function angles(n: number, centre: number, sd: number, seed: number): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => centre + sd * standardNormal(random));
}

describe('MMD permutation test on angles (issue 17 item 3)', () => {
  it('is tiny for clearly different distributions (Δφ near 0 against near π): the smallest possible p', () => {
    const t = mmdPermutationTest(angles(40, 0, 0.3, 1), angles(40, Math.PI, 0.3, 2), { permutations: 200, seed: 3 });
    expect(t.pValue).toBe(1 / 201);
    expect(t.mmd2).toBeGreaterThan(0.5);
  });
  it('gives roughly uniform p-values for samples of one distribution (mean ≈ 1/2, rarely below 0.05)', () => {
    const ps = Array.from({ length: 30 }, (_, r) => mmdPermutationTest(angles(25, 1, 0.8, 100 + r), angles(25, 1, 0.8, 200 + r), { permutations: 99, seed: r }).pValue);
    const mean = ps.reduce((s, p) => s + p, 0) / ps.length;
    expect(mean).toBeGreaterThan(0.3);
    expect(mean).toBeLessThan(0.7);
    expect(ps.filter((p) => p < 0.05).length).toBeLessThanOrEqual(5);
  });
  it('is reproducible under a seed, symmetric in its samples, and invariant under rotating every angle (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: -10, max: 10, noNaN: true }), (seed, turn) => {
        const x = angles(12, 0, 1, seed);
        const y = angles(15, 0.5, 1, seed + 1);
        const a = mmdPermutationTest(x, y, { permutations: 50, seed: 7 });
        expect(mmdPermutationTest(x, y, { permutations: 50, seed: 7 })).toEqual(a);
        expect(mmdPermutationTest(y, x, { permutations: 50, seed: 7 }).mmd2).toBeCloseTo(a.mmd2, 12);
        expect(mmdPermutationTest(x.map((v) => v + turn), y.map((v) => v + turn), { permutations: 50, seed: 7 }).mmd2).toBeCloseTo(a.mmd2, 9);
        expect(a.pValue > 0 && a.pValue <= 1).toBe(true);
      }),
      { numRuns: 20 },
    );
  });
  it('treats angles 2π apart as the same point', () => {
    const x = angles(10, 0, 0.5, 1);
    const y = angles(10, 0, 0.5, 2);
    expect(mmdPermutationTest(x, y.map((v) => v + 2 * Math.PI)).mmd2).toBeCloseTo(mmdPermutationTest(x, y).mmd2, 12);
  });
  it('refuses samples of fewer than two angles', () => {
    expect(() => mmdPermutationTest([0], [1, 2])).toThrow(RangeError);
  });
});
