import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mulberry32 } from '../stats/rng.js';
import { firstFall } from './boundary.js';
import { boundaryIntervals } from './boundary-interval.js';
import { analysePhase } from './phase-analysis.js';
import type { Population } from './population.js';
import type { Run } from './run.js';

function run(attn: number, gs: number, di: number, circularity = 0.999, width = 128, layers = 1): Run {
  return {
    file: 'p.jsonl',
    line: 1,
    source: 'sweep',
    runid: `r${attn}-${gs}-${di}`,
    seed: 0,
    attn,
    width,
    layers,
    diffVocab: false,
    eqnSign: false,
    steps: 100,
    verdict: null,
    metrics: { accuracy: 1, parameterNorm: 20, gradientSymmetricity: gs, distanceIrrelevance: di, distanceIrrelevanceTopIncorrect: di, circularity },
  };
}

const population = (runs: Run[]): Population => ({ file: 'p.jsonl', source: 'sweep', runs });
const fast = { resamples: 200 };

/** Ten α bins (α = bin centre): in bin k, three circular runs with GS = 1 − c and DI = c, and a non-circular run in bins 0–4 only. */
function ladder(): Run[] {
  const runs: Run[] = [];
  for (let k = 0; k < 10; k++) {
    const c = k / 10 + 0.05;
    for (let i = 0; i < 3; i++) runs.push(run(c, 1 - c, c));
    if (k < 5) runs.push(run(c, 0.5, 0.5, 0.9));
  }
  return runs;
}

describe('firstFall', () => {
  it('ignores a rise through the threshold and finds the first fall', () => {
    const r = firstFall([{ x: 0, y: 0.2 }, { x: 1, y: 0.6 }, { x: 2, y: 0.4 }], 0.5);
    expect(r.x).toBeCloseTo(1.5, 12);
    expect(r).toMatchObject({ between: [1, 2] });
    expect(firstFall([{ x: 0, y: 0.2 }, { x: 1, y: 0.6 }], 0.5)).toEqual({ x: null, reason: 'the curve never falls from above 0.5 to below it' });
  });
});

describe('boundaryIntervals', () => {
  it('gives the hand-derived crossings, and degenerate intervals when every bin holds equal values', () => {
    const report = boundaryIntervals(population(ladder()), { bootstrap: fast });
    const [gs, di, cf] = report.crossings;
    // GS = 1 − c crosses 0.9 at c = 0.1 (between the centres 0.05 and 0.15); DI = c crosses 0.5 at 0.5
    expect(gs).toMatchObject({ metric: 'gradientSymmetricity', threshold: 0.9, runs: 30 });
    expect(gs!.between![0]).toBeCloseTo(0.05, 12);
    expect(gs!.between![1]).toBeCloseTo(0.15, 12);
    expect(gs!.alpha).toBeCloseTo(0.1, 12);
    expect(di!.alpha).toBeCloseTo(0.5, 12);
    // within a bin GS and DI are equal across runs: every resample has the same medians
    expect(gs!.ci![0]).toBeCloseTo(0.1, 12);
    expect(gs!.ci![1]).toBeCloseTo(0.1, 12);
    // circular fraction: 3/4 in bins 0–4, 1 in bins 5–9; pooled 30/35, so it never falls below
    expect(cf).toMatchObject({ metric: 'circularFraction', alpha: null, runs: 35 });
    expect(cf!.threshold).toBeCloseTo(30 / 35, 12);
    expect(report).toMatchObject({ runs: 35, circularRuns: 30, width: 128, emptyBins: [] });
  });

  it('finds where the circular fraction falls below its pooled value', () => {
    // bins 0–4: half circular; bins 5–9: none. Pooled 1/4; the fraction falls from 0.5 (centre 0.45) to 0 (0.55) → α = 0.5
    const runs = Array.from({ length: 10 }, (_, k) => [run(k / 10 + 0.05, 0.99, 0.2, k < 5 ? 0.999 : 0.5), run(k / 10 + 0.05, 0.99, 0.2, 0.5)]).flat();
    const cf = boundaryIntervals(population(runs), { bootstrap: fast }).crossings[2]!;
    expect(cf.threshold).toBe(0.25);
    expect(cf.alpha).toBeCloseTo(0.5, 12);
    expect(cf.bins.map((b) => b.value)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0, 0, 0, 0, 0]);
  });

  it('reads the circularity gate it is given', () => {
    const strict = boundaryIntervals(population(ladder()), { gate: { metric: 'circularity', op: '<', value: 0.9995, rule: 'strict.json' }, bootstrap: fast });
    expect(strict.circularRuns).toBe(0);
    expect(strict.crossings[0]).toMatchObject({ alpha: null, ci: null, runs: 0, reason: 'fewer than two non-empty bins (0)' });
    const loose = boundaryIntervals(population(ladder()), { gate: { metric: 'circularity', op: '<', value: 0.5, rule: 'loose.json' }, bootstrap: fast });
    expect(loose.circularRuns).toBe(35);
  });

  it('names the bins without runs and interpolates across them', () => {
    const runs = ladder().filter((r) => r.attn < 0.1 || r.attn > 0.2);
    const report = boundaryIntervals(population(runs), { bootstrap: fast });
    expect(report.emptyBins).toEqual([0.1]);
    expect(report.crossings[0]!.bins[1]).toEqual({ lo: 0.1, hi: 0.2, runs: 0, value: null });
    // from 0.95 at 0.05 to 0.75 at 0.25: 0.9 at 0.1
    expect(report.crossings[0]!.alpha).toBeCloseTo(0.1, 12);
  });

  it('selects the layer count and width', () => {
    const runs = [...ladder(), ...ladder().map((r) => ({ ...r, width: 64 })), ...ladder().map((r) => ({ ...r, layers: 2 }))];
    expect(boundaryIntervals(population(runs), { bootstrap: fast })).toMatchObject({ runs: 70, width: null, widths: [64, 128] });
    expect(boundaryIntervals(population(runs), { width: 64, bootstrap: fast })).toMatchObject({ runs: 35, width: 64 });
    expect(boundaryIntervals(population(runs), { layers: 2, bootstrap: fast })).toMatchObject({ runs: 35, width: 128 });
  });

  /** A noisy population: in each of the ten bins, n runs with GS falling and DI rising around the bin centre. */
  const noisy = (seed: number, n: number) => {
    const random = mulberry32(seed);
    const runs: Run[] = [];
    for (let k = 0; k < 10; k++) {
      for (let i = 0; i < n; i++) {
        const a = k / 10 + random() / 10;
        runs.push(run(a, 1 - a / 2 + (random() - 0.5) / 10, a + (random() - 0.5) / 5, random() < 0.7 ? 0.999 : 0.9));
      }
    }
    return population(runs);
  };

  it('agrees with phase\'s estimator on the point estimates', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 8 }), (seed, n) => {
        const p = noisy(seed, n);
        const report = boundaryIntervals(p, { bootstrap: { resamples: 5 } });
        const phase = analysePhase(p);
        expect(report.crossings[0]!.alpha).toBe(phase.gs.crossing.x);
        expect(report.crossings[1]!.alpha).toBe(phase.di.crossing.x);
      }),
      { numRuns: 40 },
    );
  });

  it('is reproducible for a seed, and its interval holds the estimate on well-behaved data', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 1000 }), (popSeed, seed) => {
        const p = noisy(popSeed, 30);
        const options = { bootstrap: { resamples: 100, seed } };
        const a = boundaryIntervals(p, options);
        expect(boundaryIntervals(p, options)).toEqual(a);
        for (const c of a.crossings.slice(0, 2)) {
          expect(c.alpha).not.toBeNull();
          expect(c.ci).not.toBeNull();
          expect(c.ci![0]).toBeLessThanOrEqual(c.alpha!);
          expect(c.ci![1]).toBeGreaterThanOrEqual(c.alpha!);
        }
      }),
      { numRuns: 10 },
    );
  });

  it('never puts NaN in a bin or a crossing', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 3 }), (seed, n) => {
        const report = boundaryIntervals(noisy(seed, n), { bootstrap: { resamples: 20 } });
        expect(JSON.stringify(report)).not.toContain('NaN');
        for (const c of report.crossings) for (const b of c.bins) expect(b.value === null || Number.isFinite(b.value)).toBe(true);
      }),
      { numRuns: 20 },
    );
  });
});
