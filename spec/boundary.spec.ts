import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test/support/cli-capture.js';
import { hasReference, referenceDir } from '../src/reference.js';
import { boundaryIntervals } from '../src/sweep/boundary-interval.js';
import { readPopulation } from '../src/sweep/population.js';

/**
 * The paper's phase boundary with its bootstrap interval (issue 16.1), on the released
 * fixed-width table: median GS of circular 1-layer d = 128 runs crosses 0.9 at α = 0.567
 * (METRICS.md §8), and the interval stated in the README.
 */

if (!hasReference()) console.warn('skipping spec/boundary.spec.ts: CLOCKPIZZA_REFERENCE absent (the paper\'s result CSVs are needed)');

const fixedCsv = () => resolve(referenceDir(), 'pizza-repo/results/1l_fixedwidth.csv');

describe.skipIf(!hasReference())('clockpizza boundary on 1l_fixedwidth.csv at d = 128', () => {
  it('gives 0.567 for gradient symmetricity and 0.594 for distance irrelevance, with the intervals the README states', () => {
    const report = boundaryIntervals(readPopulation(fixedCsv()), { width: 128 });
    const [gs, di, cf] = report.crossings;
    expect(report).toMatchObject({ runs: 2381, circularRuns: 817, bootstrap: { resamples: 1000, seed: 1, level: 0.95 } });
    expect(Math.abs(gs!.alpha! - 0.567)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(di!.alpha! - 0.594)).toBeLessThanOrEqual(0.005);
    // README, "Phase boundary with intervals": GS 0.567 [0.555, 0.578], DI 0.594 [0.575, 0.602], circular fraction 0.395 [0.143, 0.443]
    expect(gs!.ci!.map((x) => x.toFixed(3))).toEqual(['0.555', '0.578']);
    expect(di!.ci!.map((x) => x.toFixed(3))).toEqual(['0.575', '0.602']);
    expect(cf!.threshold.toFixed(4)).toBe('0.3431');
    expect(cf!.alpha!.toFixed(3)).toBe('0.395');
    expect(cf!.ci!.map((x) => x.toFixed(3))).toEqual(['0.143', '0.443']);
    expect([gs!.runs, di!.runs, cf!.runs]).toEqual([817, 817, 2381]);
  });

  it('prints them from the command line', async () => {
    const { code, stdout } = await runCli(['boundary', fixedCsv(), '--width', '128']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/median gradient symmetricity\s+0\.9000\s+0\.567\s+\[0\.555, 0\.578\]\s+817/);
  });
});
