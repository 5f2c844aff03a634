import { describe, expect, it } from 'vitest';
import { dynamicsHeaderOf, snapshotAt } from '../../test/support/dynamics-lines.js';
import { calibrate, calibrationTable, isFullRun, verdictChangesAfterLearning } from './calibration.js';
import type { Dynamics } from './dynamics-file.js';
import type { Snapshot } from './snapshot.js';

const KEYS = ['gradientSymmetricity', 'distanceIrrelevance', 'circularity'];

/** A 1,000-step run audited every 100 steps (11 audits). */
function run(file: string, snapshot: (step: number) => Snapshot): Dynamics {
  return { file, header: dynamicsHeaderOf({ steps: 1000 }), snapshots: Array.from({ length: 11 }, (_, i) => snapshot(i * 100)) };
}

// settled from step 200 on: stops at 300 with W = 2 (audits 200 and 300 agree); 70 % of the steps saved
const settled = run('settled', (step) => snapshotAt(step, { testAcc: step < 200 ? 0.5 : 1, verdict: step < 200 ? 'not-learned' : 'pizza' }));
// GS drifts 0.01 per audit after learning; the verdict flips to mixed at step 900
const drifting = run('drifting', (step) =>
  snapshotAt(step, { testAcc: step < 200 ? 0.5 : 1, verdict: step < 200 ? 'not-learned' : step < 900 ? 'pizza' : 'mixed', metrics: { gradientSymmetricity: 0.99 - step / 10_000 } }),
);
// never learns: never stopped, ends where it ends, agrees
const unlearned = run('unlearned', (step) => snapshotAt(step, { testAcc: 0.3, verdict: 'not-learned' }));

describe('calibrating the stop rule', () => {
  it('derives agreement, largest difference, median steps saved and never-stopped by hand', () => {
    const tight = calibrate([settled, drifting, unlearned], { window: 2, tolerance: 0.005, metrics: KEYS });
    // drifting moves 0.01 per audit > 0.005: never stopped, like unlearned
    expect(tight).toMatchObject({ runs: 3, agreement: 1, neverStopped: 2, medianStepsSaved: 0, disagreeing: [] });
    expect(tight.largestDifference).toEqual({ value: 0, metric: 'gradientSymmetricity', run: 'settled' });

    const loose = calibrate([settled, drifting, unlearned], { window: 2, tolerance: 0.02, metrics: KEYS });
    // drifting stops at 300 too (audits 200, 300 both pizza, GS within 0.01), as pizza, but ends mixed with GS 0.89 against 0.96
    expect(loose.agreement).toBeCloseTo(2 / 3, 12);
    expect(loose.disagreeing).toEqual(['drifting']);
    expect(loose.neverStopped).toBe(1);
    expect(loose.medianStepsSaved).toBeCloseTo(0.7, 12);
    expect(loose.largestDifference!.metric).toBe('gradientSymmetricity');
    expect(loose.largestDifference!.value).toBeCloseTo(0.07, 12);
    expect(loose.largestDifference!.run).toBe('drifting');
  });

  it('names the runs whose verdict changes after learning, and tells full runs from stopped ones', () => {
    expect(verdictChangesAfterLearning([settled, drifting, unlearned])).toEqual(['drifting']);
    expect(isFullRun(settled)).toBe(true);
    expect(isFullRun({ ...settled, header: { ...settled.header, stoppedAt: 300 } })).toBe(false);
    expect(isFullRun({ ...settled, snapshots: settled.snapshots.slice(0, 5) })).toBe(false);
  });

  it('prints one table row per rule', () => {
    const table = calibrationTable([calibrate([settled, drifting], { window: 2, tolerance: 0.02, metrics: KEYS })]);
    expect(table.split('\n')[2]).toBe('| 2 | 0.02 | 2 | 50.0 % | 0.0700 (gradientSymmetricity) | 70.0 % | 0 |');
  });
});
