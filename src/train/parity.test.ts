import { describe, expect, it } from 'vitest';
import { hasParityFixture, readParityFixture, type ParityFixture } from './parity-fixture.js';
import { cloneParams, type Params } from './params.js';
import { runSteps } from './trainer.js';
import { specNotes } from './config.js';
import { makeEngine } from './trainer.js';

const SHORT = 'train-parity-a050-s10.json';
const LONG = 'train-parity-a100-s100.json';
for (const name of [SHORT, LONG]) if (!hasParityFixture(name)) console.warn(`skipping training parity on ${name}: CLOCKPIZZA_REFERENCE/training absent`);

function flat(params: Params): Float64Array {
  return Float64Array.from(params.flatMap((q) => Array.from(q.data)));
}

/** Trains the fixture's steps from its initial weights with its split. */
async function replay(fx: ParityFixture, implementation: 'fast' | 'straightforward') {
  const engine = await makeEngine(fx.spec, fx.split, implementation);
  try {
    return await runSteps(fx.spec, cloneParams(fx.initial), fx.split, undefined, engine);
  } finally {
    engine.dispose();
  }
}

function weightErrors(fx: ParityFixture, params: Params): { p999: number; relative: number } {
  expect(params.map((q) => q.name)).toEqual(fx.final.map((q) => q.name));
  const ours = flat(params);
  const final = flat(fx.final);
  const initial = flat(fx.initial);
  const diffs = ours.map((x, i) => Math.abs(x - final[i]!)).sort();
  let num = 0;
  let den = 0;
  for (let i = 0; i < ours.length; i++) {
    num += (ours[i]! - final[i]!) ** 2;
    den += (final[i]! - initial[i]!) ** 2;
  }
  return { p999: diffs[Math.floor(0.999 * (diffs.length - 1))]!, relative: Math.sqrt(num / den) };
}

function maxRelative(ours: number[], theirs: number[]): number {
  expect(ours.length).toBe(theirs.length);
  return Math.max(...ours.map((x, i) => Math.abs(x / theirs[i]! - 1)));
}

describe.skipIf(!hasParityFixture(SHORT))('training parity, α = 0.5, 10 steps (METRICS.md §9)', () => {
  it.each(['fast', 'straightforward'] as const)('%s: losses to 1e-5, weights to the §9 tolerances', async (implementation) => {
    const fx = readParityFixture(SHORT);
    const { params, curve } = await replay(fx, implementation);
    expect(maxRelative(curve.map((r) => r.trainLoss), fx.trainLosses)).toBeLessThan(1e-5);
    expect(maxRelative(curve.map((r) => r.testLoss), fx.testLosses)).toBeLessThan(1e-5);
    const { p999, relative } = weightErrors(fx, params);
    expect(p999).toBeLessThan(1e-4);
    expect(relative).toBeLessThan(1e-2);
  });
});

describe('training parity away from the defaults: p = 31, 2 heads, lr 3e-3, frac 0.5, diff_vocab, 10 steps (fixtures/training, recorded with the reference loop)', () => {
  const KNOBS = 'train-parity-p31-h2-dv-s10.json';
  it('reads the recorded config as those knobs; the fast step does not support them, so auto trains with the straightforward step', () => {
    const fx = readParityFixture(KNOBS);
    expect(fx.spec).toMatchObject({ p: 31, nHeads: 2, lr: 3e-3, frac: 0.5, diffVocab: true, eqnSign: false, width: 16, attn: 0.5, batch: 961, warmup: 10, implementation: 'straightforward' });
    expect(fx.split.train).toHaveLength(480);
    expect(specNotes(fx.spec).join()).toContain('the fast step does not support 2 heads (it needs 4), diff_vocab');
  });

  it('straightforward: losses to 1e-5, weights to the §9 tolerances', async () => {
    const fx = readParityFixture(KNOBS);
    const { params, curve } = await replay(fx, 'straightforward');
    expect(maxRelative(curve.map((r) => r.trainLoss), fx.trainLosses)).toBeLessThan(1e-5);
    expect(maxRelative(curve.map((r) => r.testLoss), fx.testLosses)).toBeLessThan(1e-5);
    const { p999, relative } = weightErrors(fx, params);
    expect(p999).toBeLessThan(1e-4);
    expect(relative).toBeLessThan(1e-2);
  });
});

describe.skipIf(!hasParityFixture(LONG))('training parity, α = 1, 100 steps (METRICS.md §9)', () => {
  it('fast: losses to 1e-2, ‖Δ‖/‖final − initial‖ < 0.15', async () => {
    const fx = readParityFixture(LONG);
    const { params, curve } = await replay(fx, 'fast');
    expect(maxRelative(curve.map((r) => r.trainLoss), fx.trainLosses)).toBeLessThan(1e-2);
    expect(maxRelative(curve.map((r) => r.testLoss), fx.testLosses)).toBeLessThan(1e-2);
    expect(weightErrors(fx, params).relative).toBeLessThan(0.15);
  });
});
