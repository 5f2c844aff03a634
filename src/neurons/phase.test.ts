import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { circularSummary, wrapAngle } from './phase.js';

describe('wrapAngle', () => {
  it('lands in (−π, π] and differs from x by a multiple of 2π (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e4, max: 1e4, noNaN: true }), (x) => {
        const r = wrapAngle(x);
        expect(r > -Math.PI && r <= Math.PI).toBe(true);
        const turns = (x - r) / (2 * Math.PI);
        expect(Math.abs(turns - Math.round(turns))).toBeLessThan(1e-9);
      }),
    );
  });
  it('maps −π to π and keeps π', () => {
    expect(wrapAngle(-Math.PI)).toBe(Math.PI);
    expect(wrapAngle(Math.PI)).toBe(Math.PI);
    expect(wrapAngle(3 * Math.PI)).toBeCloseTo(Math.PI, 12);
    // (x − π)/2π rounds to −1 here; found by the degree-1 fit property.
    expect(wrapAngle(-3.1415926535897927)).toBe(-3.1415926535897927);
  });
});

describe('circularSummary', () => {
  it('equal angles: mean the angle, resultant 1, spread 0', () => {
    const s = circularSummary([2.5, 2.5, 2.5]);
    expect(s.mean).toBeCloseTo(2.5, 12);
    expect(s.resultant).toBeCloseTo(1, 12);
    expect(s.spread!).toBeLessThan(1e-6);
  });
  it('angles across ±π average to π, not 0', () => {
    expect(Math.abs(circularSummary([Math.PI - 0.1, -Math.PI + 0.1]).mean)).toBeCloseTo(Math.PI, 12);
  });
  it('opposite angles cancel: resultant 0 and no spread', () => {
    const s = circularSummary([0, Math.PI / 2, Math.PI, -Math.PI / 2]);
    expect(s.resultant).toBeLessThan(1e-15);
  });
  it('a small von-Mises-like spread is close to the standard deviation', () => {
    const angles = Array.from({ length: 1001 }, (_, i) => 0.01 * (i - 500) * 0.02);
    const sd = Math.sqrt(angles.reduce((s, a) => s + a * a, 0) / angles.length);
    expect(circularSummary(angles).spread!).toBeCloseTo(sd, 3);
  });
});
