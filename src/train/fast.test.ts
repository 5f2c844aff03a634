import { describe, expect, it } from 'vitest';
import { hasReference } from '../reference.js';
import { resolveSpec, type TrainOptions } from './config.js';
import type { StepResult } from './engine.js';
import { initialParams } from './init.js';
import { hasParityFixture, readParityFixture } from './parity-fixture.js';
import type { Params } from './params.js';
import { Prng } from './prng.js';
import { seededSplit, type Split } from './split.js';
import { makeEngine } from './trainer.js';

/** ‖x − y‖ / ‖y‖ */
function relative(x: Float32Array, y: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    num += (x[i]! - y[i]!) ** 2;
    den += y[i]! ** 2;
  }
  return Math.sqrt(num / Math.max(den, 1e-300));
}

async function both(options: TrainOptions, params?: Params, split?: Split): Promise<{ fast: StepResult; slow: StepResult; names: string[] }> {
  const spec = resolveSpec({ seed: 3, steps: 1, ...options });
  const s = split ?? seededSplit(spec.seed, spec.p);
  const w = params ?? initialParams(spec).params;
  const fastEngine = await makeEngine(spec, s, 'fast');
  const slowEngine = await makeEngine(spec, s, 'straightforward');
  try {
    return { fast: fastEngine.evaluate(w), slow: slowEngine.evaluate(w), names: w.map((q) => q.name) };
  } finally {
    fastEngine.dispose();
    slowEngine.dispose();
  }
}

function expectSame({ fast, slow, names }: Awaited<ReturnType<typeof both>>, tolerance: number): void {
  expect(Math.abs(fast.trainLoss / slow.trainLoss - 1)).toBeLessThan(1e-6);
  expect(Math.abs(fast.testLoss / slow.testLoss - 1)).toBeLessThan(1e-6);
  expect(fast.trainAcc).toBeCloseTo(slow.trainAcc, 6);
  expect(fast.testAcc).toBeCloseTo(slow.testAcc, 6);
  names.forEach((name, i) => expect({ name, error: relative(fast.grads[i]!, slow.grads[i]!) }).toEqual({ name, error: expect.toSatisfy((e: number) => e < tolerance) }));
}

/** Weights far from init (all of them non-trivial, biases too), so every path carries gradient. */
function randomWeights(options: TrainOptions, seed: number): Params {
  const spec = resolveSpec({ seed, ...options });
  const { params } = initialParams(spec);
  const r = new Prng(seed, 'test-weights');
  for (const q of params) for (let i = 0; i < q.data.length; i++) q.data[i] = q.data[i]! * 1.5 + 0.05 * r.normal();
  return params;
}

describe('the fast factorised step computes the straightforward step’s losses and gradients', () => {
  it.each([
    [{ attn: 0.37, width: 32 }],
    [{ attn: 0, width: 24 }],
    [{ attn: 1, width: 36, act: 'gelu' as const }],
    [{ attn: 0.8, width: 30, act: 'gelu' as const }],
  ])('on random weights %j', async (options) => {
    expectSame(await both(options, randomWeights(options, 11)), 2e-5);
  });

  it.skipIf(!hasParityFixture('train-parity-a050-s10.json'))('on the α = 0.5, d = 128 parity fixture’s initial weights', async () => {
    const fx = readParityFixture('train-parity-a050-s10.json');
    expectSame(await both({ attn: fx.spec.attn, width: fx.spec.width }, fx.initial, fx.split), 1e-5);
  });
  if (!hasReference()) console.warn('skipping the parity-fixture comparison: CLOCKPIZZA_REFERENCE absent');
});
