import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundaryIntervals, type CrossingInterval } from './boundary-interval.js';
import { bracketRuns, evenlyInside, halfWidth, placeRuns, placementRegion } from './placement.js';
import type { Run } from './run.js';

function crossing(overrides: Partial<CrossingInterval>): CrossingInterval {
  const bins = [
    { lo: 0.4, hi: 0.5, runs: 2, value: 0.95 },
    { lo: 0.5, hi: 0.6, runs: 2, value: 0.85 },
  ];
  return { metric: 'gradientSymmetricity', statistic: '', threshold: 0.9, alpha: 0.5, between: [0.45, 0.55], ci: [0.4, 0.6], uncrossed: 0, runs: 10, bins, ...overrides };
}

const settings = { targetHalfWidth: 0.05, roundSize: 4 };
const plenty = { timeSpent: false, runs: Infinity };

/** A crossing with an interval [lo, hi] anywhere (even beyond [0, 1], as an extrapolated percentile could not be, to be safe). */
const crossingArb = fc
  .tuple(fc.double({ min: -0.2, max: 1.2, noNaN: true }), fc.double({ min: 0, max: 1.2, noNaN: true }))
  .map(([lo, width]) => crossing({ alpha: Math.min(1, Math.max(0, lo + width / 2)), ci: [lo, lo + width], between: [0.45, 0.55] }));

describe('placeRuns', () => {
  it('stops at the half-width target, and only there when the budget allows', () => {
    const reached = placeRuns(crossing({ ci: [0.52, 0.6] }), plenty, settings);
    expect(reached.stop).toBe('target');
    expect(reached.halfWidth).toBeCloseTo(0.04, 12);
    expect(placeRuns(crossing({ ci: [0.5, 0.6] }), plenty, settings).stop).toBe('target');
    expect(placeRuns(crossing({ ci: [0.5, 0.61] }), plenty, settings).stop).toBeNull();
  });

  it('does not stop on an interval that rests on a bin of one run (a one-seed grid gives a zero-width interval): it adds runs to the bracketing bins', () => {
    const thin = crossing({ ci: [0.5, 0.5], bins: [{ lo: 0.4, hi: 0.5, runs: 1, value: 0.95 }, { lo: 0.5, hi: 0.6, runs: 3, value: 0.85 }] });
    expect(bracketRuns(thin)).toBe(1);
    const p = placeRuns(thin, plenty, settings);
    expect(p).toMatchObject({ stop: null, halfWidth: 0, region: [0.4, 0.6], why: 'in the two α bins bracketing the crossing (its interval rests on a bin of fewer than 2 runs)' });
    expect(bracketRuns(crossing({}))).toBe(2);
    expect(placeRuns(crossing({ ci: [0.5, 0.5] }), plenty, settings).stop).toBe('target');
  });

  it('stops when the time is spent or no runs are left, with the half-width reached so far', () => {
    for (const budget of [{ timeSpent: true, runs: Infinity }, { timeSpent: false, runs: 0 }]) {
      const spent = placeRuns(crossing({}), budget, settings);
      expect(spent.stop).toBe('budget');
      expect(spent.halfWidth).toBeCloseTo(0.1, 12);
    }
    expect(placeRuns(crossing({ alpha: null, ci: null, between: null }), { timeSpent: true, runs: 3 }, settings)).toEqual({ stop: 'budget', halfWidth: null });
  });

  it('places a round evenly inside the interval (hand-derived), fewer when the run budget is short', () => {
    const p = placeRuns(crossing({ ci: [0.4, 0.6] }), plenty, settings);
    expect(p).toMatchObject({ stop: null, region: [0.4, 0.6], attn: [0.425, 0.475, 0.525, 0.575] });
    expect(placeRuns(crossing({ ci: [0.4, 0.6] }), { timeSpent: false, runs: 2 }, settings)).toMatchObject({ attn: [0.45, 0.55] });
  });

  it('without an interval uses the two bins bracketing the crossing; without a crossing all of [0, 1]', () => {
    expect(placementRegion(crossing({ ci: null, between: [0.55, 0.65] })).region).toEqual([0.5, 0.7]);
    expect(placementRegion(crossing({ ci: null, between: [0.95, 0.95] })).region).toEqual([0.9, 1]);
    const none = placeRuns(crossing({ alpha: null, ci: null, between: null }), plenty, { ...settings, roundSize: 5 });
    expect(none).toMatchObject({ stop: null, halfWidth: null, region: [0, 1], attn: [0.1, 0.3, 0.5, 0.7, 0.9] });
  });

  it('proposes only α inside the interval clipped to [0, 1], at most a round, never a wide interval unanswered (property)', () => {
    fc.assert(
      fc.property(crossingArb, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 20 }), (c, roundSize, runs) => {
        const p = placeRuns(c, { timeSpent: false, runs }, { targetHalfWidth: 0.05, roundSize });
        const h = halfWidth(c.ci)!;
        if (h <= 0.05) return p.stop === 'target';
        if (runs === 0) return p.stop === 'budget';
        if (p.stop !== null) return false;
        const clamp = (x: number) => Math.min(1, Math.max(0, x));
        const [lo, hi] = [clamp(c.ci![0]), clamp(c.ci![1])];
        return p.attn.length >= 1 && p.attn.length <= Math.min(roundSize, runs) && p.attn.every((a) => a >= 0 && a <= 1 && a >= lo - 0.0005 && a <= hi + 0.0005);
      }),
    );
  });

  it('is a function of its inputs: the same crossing gives the same round (property)', () => {
    fc.assert(fc.property(crossingArb, (c) => JSON.stringify(placeRuns(c, plenty, settings)) === JSON.stringify(placeRuns(structuredClone(c), plenty, settings))));
  });
});

describe('evenlyInside', () => {
  it('gives distinct ascending values to 0.001 inside the region (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 50 }), (a, b, n) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const values = evenlyInside([lo, hi], n);
        return (
          values.length >= 1 &&
          values.length <= n &&
          values.every((v, i) => v >= lo - 0.0005 && v <= hi + 0.0005 && Math.round(v * 1000) / 1000 === v && (i === 0 || v > values[i - 1]!))
        );
      }),
    );
  });
});

describe('placement on synthetic result rows', () => {
  /** Circular runs whose gradient symmetricity falls linearly from 1 at α = 0 to 0.8 at α = 1 (crossing 0.9 at α = 0.5), with noise from `jitter`. */
  function rows(alphas: readonly number[], jitter: (i: number) => number): Run[] {
    return alphas.map((attn, i) => ({
      file: 'synthetic.jsonl', line: i + 1, source: 'sweep', runid: `r${i}`, seed: i, attn, width: 128, layers: 1, diffVocab: false, eqnSign: false, steps: 100, verdict: null,
      metrics: { accuracy: 1, parameterNorm: 20, gradientSymmetricity: 1 - 0.2 * attn + jitter(i), distanceIrrelevance: 0.5, distanceIrrelevanceTopIncorrect: 0.5, circularity: 0.999 },
    }));
  }

  it('proposes α inside the bootstrap interval of the synthetic crossing, and adding runs there narrows it', () => {
    const coarse = Array.from({ length: 11 }, (_, i) => i / 10);
    const noise = (i: number) => 0.03 * Math.sin(7.3 * i);
    const population = { file: 'synthetic.jsonl', source: 'sweep' as const, runs: rows([...coarse, ...coarse], noise) };
    const before = boundaryIntervals(population, { bootstrap: { resamples: 300 } }).crossings[0]!;
    expect(before.alpha).not.toBeNull();
    const p = placeRuns(before, plenty, { targetHalfWidth: 0.01, roundSize: 8 });
    if (p.stop !== null) throw new Error(`expected a round, got ${p.stop}`);
    expect(p.region[0]).toBeCloseTo(before.ci![0], 11);
    expect(p.region[1]).toBeCloseTo(before.ci![1], 11);
    for (const a of p.attn) expect(a).toBeGreaterThanOrEqual(before.ci![0] - 0.0005), expect(a).toBeLessThanOrEqual(before.ci![1] + 0.0005);
    // three more rounds' worth of runs at those α (noise-free): the interval shrinks
    const more = rows([...p.attn, ...p.attn, ...p.attn], () => 0).map((r, i) => ({ ...r, runid: `m${i}` }));
    const after = boundaryIntervals({ ...population, runs: [...population.runs, ...more] }, { bootstrap: { resamples: 300 } }).crossings[0]!;
    expect(halfWidth(after.ci)!).toBeLessThan(halfWidth(before.ci)!);
  });
});
