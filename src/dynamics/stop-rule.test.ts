import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapshotAt } from '../../test/support/dynamics-lines.js';
import { metricDefinition } from '../metrics/list.js';
import type { Snapshot } from './snapshot.js';
import { defaultStopRule, discriminatingMetrics, firstStableIndex, isStable, STOP_MIN_TEST_ACCURACY, type StopRule } from './stop-rule.js';

const KEYS = ['gradientSymmetricity', 'distanceIrrelevance', 'circularity'];
const rule = (window: number, tolerance: number): StopRule => ({ window, tolerance, metrics: KEYS });

/** A learned, settled run: every snapshot at test accuracy 1, pizza, the given metric values. */
function settled(values: readonly [number, number, number][]): Snapshot[] {
  return values.map(([gs, di, c], i) => snapshotAt(i * 250, { metrics: { gradientSymmetricity: gs, distanceIrrelevance: di, circularity: c } }));
}

const unit = fc.double({ min: 0, max: 1, noNaN: true });
const triple = fc.tuple(unit, unit, unit);

describe('the stop rule', () => {
  it('stops a run whose last W audits agree within T, and not before it has W audits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10 }), fc.double({ min: 1e-6, max: 0.2, noNaN: true }), triple, fc.array(fc.tuple(unit, unit, unit), { minLength: 10, maxLength: 10 }), (window, tolerance, base, jitter) => {
        // each value moves by at most T/2 around its base: max − min ≤ T
        const values = jitter.map((j) => base.map((b, k) => b + ((j[k]! - 0.5) * tolerance) / 2) as [number, number, number]);
        const snapshots = settled(values);
        expect(isStable(snapshots.slice(0, window - 1), rule(window, tolerance))).toBe(false);
        expect(isStable(snapshots.slice(0, window), rule(window, tolerance))).toBe(true);
        expect(firstStableIndex(snapshots, rule(window, tolerance))).toBe(window - 1);
      }),
    );
  });

  it('does not stop while one discriminating metric moves by more than T within the window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.double({ min: 0, max: 0.2, noNaN: true }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 7 }), triple, (window, tolerance, metric, at, base) => {
        const values = Array.from({ length: window }, () => [...base] as [number, number, number]);
        values[at % window]![metric] = base[metric]! + tolerance * 1.01 + 1e-9;
        expect(isStable(settled(values), rule(window, tolerance))).toBe(false);
      }),
    );
  });

  it('reads only the last W audits: what came before them does not matter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.array(triple, { maxLength: 6 }), triple, (window, before, last) => {
        const early = settled(before).map((s) => ({ ...s, testAcc: 0.1, verdict: { algorithm: 'not-learned' as const, lean: 'neither' as const } }));
        const tail = settled(Array.from({ length: window }, () => last)).map((s, i) => ({ ...s, step: 10_000 + i }));
        expect(isStable([...early, ...tail], rule(window, 0))).toBe(true);
      }),
    );
  });

  it('a larger tolerance or a smaller window never stops later', () => {
    fc.assert(
      fc.property(fc.array(triple, { minLength: 1, maxLength: 30 }), fc.integer({ min: 2, max: 6 }), fc.double({ min: 0, max: 0.5, noNaN: true }), (values, window, tolerance) => {
        const snapshots = settled(values);
        const at = (r: StopRule) => firstStableIndex(snapshots, r) ?? Infinity;
        expect(at(rule(window, tolerance * 2))).toBeLessThanOrEqual(at(rule(window, tolerance)));
        expect(at(rule(window, tolerance))).toBeLessThanOrEqual(at(rule(window + 1, tolerance)));
      }),
    );
  });

  it(`needs test accuracy ≥ ${STOP_MIN_TEST_ACCURACY} and one verdict in every audit of the window`, () => {
    const steady = settled([[0.95, 0.2, 0.999], [0.95, 0.2, 0.999], [0.95, 0.2, 0.999]]);
    expect(isStable(steady, rule(3, 0))).toBe(true);
    expect(isStable(steady.map((s, i) => (i === 1 ? { ...s, testAcc: 0.989 } : s)), rule(3, 0))).toBe(false);
    expect(isStable(steady.map((s, i) => (i === 1 ? { ...s, testAcc: 0.99 } : s)), rule(3, 0))).toBe(true);
    expect(isStable(steady.map((s, i) => (i === 2 ? { ...s, verdict: { algorithm: 'mixed', lean: 'pizza' } } : s)), rule(3, 1))).toBe(false);
  });

  it('an undefined metric has not moved when undefined throughout, and has when undefined only sometimes', () => {
    const withDi = (di: (number | null)[]) => di.map((v, i) => snapshotAt(i, { metrics: { distanceIrrelevance: v } }));
    expect(isStable(withDi([null, null]), rule(2, 0))).toBe(true);
    expect(isStable(withDi([0.2, null]), rule(2, 1))).toBe(false);
  });

  it('judges gradient symmetricity, distance irrelevance and the Fourier circularity when this build has it, else circularity@ref', () => {
    const circularity = metricDefinition('circularityFourier') !== undefined ? 'circularityFourier' : 'circularity';
    expect(discriminatingMetrics()).toEqual(['gradientSymmetricity', 'distanceIrrelevance', circularity]);
    expect(defaultStopRule({ window: 3 })).toMatchObject({ window: 3, metrics: discriminatingMetrics() });
  });
});
