import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bootstrapStatistics, percentileInterval, quantile, resampleWithin } from './bootstrap.js';
import { mulberry32 } from './rng.js';

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const groupsArb = fc.array(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 6 });

describe('quantile (type 7, numpy\'s default)', () => {
  it('interpolates between order statistics as numpy.quantile does', () => {
    // numpy.quantile([1, 2, 3, 4], 0.5) = 2.5; ([5, 1, 4, 2, 3], 0.1) = 1.4; ([10, 20], 0.975) = 19.75
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([5, 1, 4, 2, 3], 0.1)).toBeCloseTo(1.4, 12);
    expect(quantile([10, 20], 0.975)).toBeCloseTo(19.75, 12);
    expect(quantile([7], 0.3)).toBe(7);
  });

  it('is the minimum at 0, the maximum at 1, and monotone in q', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e300, max: 1e300, noNaN: true }), { minLength: 1 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, p, q) => {
        expect(quantile(xs, 0)).toBe(Math.min(...xs));
        expect(quantile(xs, 1)).toBe(Math.max(...xs));
        expect(quantile(xs, Math.min(p, q))).toBeLessThanOrEqual(quantile(xs, Math.max(p, q)));
      }),
    );
  });
});

describe('resampleWithin', () => {
  it('keeps every group\'s size and draws each group only from itself', () => {
    fc.assert(
      fc.property(groupsArb, fc.integer(), (groups, seed) => {
        const tagged = groups.map((g, i) => g.map((v) => ({ group: i, v })));
        const resample = resampleWithin(tagged, mulberry32(seed));
        expect(resample.map((g) => g.length)).toEqual(groups.map((g) => g.length));
        resample.forEach((g, i) => g.forEach((item) => expect(tagged[i]).toContain(item)));
      }),
    );
  });
});

describe('bootstrapStatistics and percentileInterval', () => {
  it('give the same values for the same seed, and other values for another seed', () => {
    fc.assert(
      fc.property(groupsArb, fc.integer(), (groups, seed) => {
        const options = { resamples: 50, seed, level: 0.95 };
        const stat = (r: number[][]) => mean(r.flat());
        expect(bootstrapStatistics(groups, stat, options)).toEqual(bootstrapStatistics(groups, stat, options));
      }),
    );
    const groups = [Array.from({ length: 40 }, (_, i) => i)];
    const stat = (r: number[][]) => mean(r.flat());
    expect(bootstrapStatistics(groups, stat, { resamples: 20, seed: 1, level: 0.95 })).not.toEqual(bootstrapStatistics(groups, stat, { resamples: 20, seed: 2, level: 0.95 }));
  });

  it('contains the point estimate for well-behaved data (the mean of 30+ spread values per group)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 30, maxLength: 60 }), { minLength: 1, maxLength: 4 }),
        fc.integer(),
        (groups, seed) => {
          const stat = (r: number[][]) => mean(r.flat());
          const { ci } = percentileInterval(bootstrapStatistics(groups, stat, { resamples: 200, seed, level: 0.95 }), 0.95);
          const point = stat(groups);
          expect(ci).not.toBeNull();
          expect(ci![0]).toBeLessThanOrEqual(point + 1e-12);
          expect(ci![1]).toBeGreaterThanOrEqual(point - 1e-12);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('gives a degenerate interval when every group is constant', () => {
    const values = bootstrapStatistics([[3, 3, 3], [5, 5]], (r) => mean(r.flat()), { resamples: 100, seed: 7, level: 0.95 });
    expect(percentileInterval(values, 0.95).ci).toEqual([3.8, 3.8]);
  });

  it('narrows as the level falls, and lo ≤ hi', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 200 }), (values) => {
        const wide = percentileInterval(values, 0.95).ci!;
        const narrow = percentileInterval(values, 0.5).ci!;
        expect(wide[0]).toBeLessThanOrEqual(wide[1]);
        expect(wide[0]).toBeLessThanOrEqual(narrow[0]);
        expect(wide[1]).toBeGreaterThanOrEqual(narrow[1]);
      }),
    );
  });

  it('counts undefined values and gives no interval once they exceed one tail', () => {
    const values = [...Array.from({ length: 975 }, (_, i) => i / 1000), ...Array<null>(25).fill(null)];
    expect(percentileInterval(values, 0.95)).toMatchObject({ resamples: 1000, undefinedCount: 25 });
    expect(percentileInterval(values, 0.95).ci).not.toBeNull();
    expect(percentileInterval([...values.slice(0, 974), null, ...values.slice(975)], 0.95)).toEqual({ ci: null, resamples: 1000, undefinedCount: 26 });
    expect(percentileInterval([null, null], 0.95).ci).toBeNull();
  });
});
