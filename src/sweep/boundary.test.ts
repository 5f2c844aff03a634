import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { firstCrossing } from './boundary.js';

describe('firstCrossing', () => {
  it('interpolates linearly between the bin centres around the crossing', () => {
    const r = firstCrossing([{ x: 0.05, y: 1 }, { x: 0.15, y: 0.95 }, { x: 0.25, y: 0.75 }, { x: 0.35, y: 0.5 }], 0.9);
    expect(r.x).toBeCloseTo(0.175, 12);
    expect(r).toMatchObject({ between: [0.15, 0.25] });
  });

  it('finds rising crossings too, and the first of several', () => {
    const r = firstCrossing([{ x: 0, y: 0.2 }, { x: 1, y: 0.6 }, { x: 2, y: 0.4 }, { x: 3, y: 0.7 }], 0.5);
    expect(r.x).toBeCloseTo(0.75, 12);
  });

  it('returns a bin centre hit exactly', () => {
    expect(firstCrossing([{ x: 0, y: 1 }, { x: 1, y: 0.9 }, { x: 2, y: 0.1 }], 0.9).x).toBe(1);
  });

  it('skips empty bins and sorts by x', () => {
    const r = firstCrossing([{ x: 0.35, y: 0 }, { x: 0.25, y: null }, { x: 0.15, y: 1 }], 0.5);
    expect(r.x).toBeCloseTo(0.25, 12);
  });

  it('says why there is no crossing', () => {
    expect(firstCrossing([{ x: 0, y: 1 }, { x: 1, y: 0.95 }], 0.9)).toEqual({ x: null, reason: 'the median stays above 0.9 in every bin' });
    expect(firstCrossing([{ x: 0, y: 1 }, { x: 1, y: null }], 0.9)).toEqual({ x: null, reason: 'fewer than two non-empty bins (1)' });
  });

  it('lands between the centres it names, where the line through them meets the threshold', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 12 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (ys, t) => {
        const r = firstCrossing(ys.map((y, i) => ({ x: i, y })), t);
        if (r.x === null) return;
        const [a, b] = r.between;
        expect(r.x).toBeGreaterThanOrEqual(a);
        expect(r.x).toBeLessThanOrEqual(b);
        if (a !== b) {
          const ya = ys[a]!;
          const yb = ys[b]!;
          expect(ya + ((yb - ya) * (r.x - a)) / (b - a)).toBeCloseTo(t, 9);
        }
      }),
    );
  });
});
