import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSafetensors } from '../io/safetensors.js';
import { hasReference, repoRoot } from '../reference.js';
import { resolveSpec, type TrainOptions } from './config.js';
import type { StepResult } from './engine.js';
import { initialParams } from './init.js';
import { hasParityFixture, readParityFixture } from './parity-fixture.js';
import type { Params } from './params.js';
import { Prng } from './prng.js';
import { seededSplit, type Split } from './split.js';
import { batchOf } from './engine.js';
import { FastEngine } from './fast.js';
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
  const s = split ?? seededSplit(spec.seed, spec.p, spec.frac);
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

function expectSame({ fast, slow, names }: Awaited<ReturnType<typeof both>>, tolerance: number, lossTolerance = 1e-6): void {
  expect(Math.abs(fast.trainLoss / slow.trainLoss - 1)).toBeLessThan(lossTolerance);
  expect(Math.abs(fast.testLoss / slow.testLoss - 1)).toBeLessThan(lossTolerance);
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
    // the knobs it supports: any p, head and MLP widths, train fraction
    [{ attn: 0.37, width: 32, p: 31, dHead: 6, dMlp: 44, frac: 0.5 }],
    [{ attn: 0, width: 20, p: 13, dMlp: 52 }],
  ])('on random weights %j', async (options) => {
    expectSame(await both(options, randomWeights(options, 11)), 2e-5);
  });

  it.skipIf(!hasParityFixture('train-parity-a050-s10.json'))('on the α = 0.5, d = 128 parity fixture’s initial weights', async () => {
    const fx = readParityFixture('train-parity-a050-s10.json');
    expectSame(await both({ attn: fx.spec.attn, width: fx.spec.width }, fx.initial, fx.split), 1e-5);
  });
  if (!hasReference()) console.warn('skipping the parity-fixture comparison: CLOCKPIZZA_REFERENCE absent');
});

describe('the fast step’s loss-gradient floor', () => {
  it('leaves the gradients of a fitted model (fixtures/model-a-like, loss ≈ 2e-7) where they are', async () => {
    // Fitted, most wrong-class gradients fall below GRADIENT_FLOOR and are stored as 0 (for speed:
    // they would be subnormal); against the same step without the floor nothing may move by more
    // than float32 resolution.
    const dir = resolve(repoRoot(), 'fixtures/model-a-like');
    const recorded = JSON.parse(readFileSync(join(dir, 'split.json'), 'utf8')) as Split & { seed: number };
    const spec = resolveSpec({ attn: 0, width: 64, seed: recorded.seed, steps: 1 });
    const { tensors } = readSafetensors(join(dir, 'model.safetensors'));
    const params = initialParams(spec).params.map((q) => ({ ...q, data: Float32Array.from(tensors.get(q.name)!.data as Float32Array) }));
    const train = batchOf(recorded.train, spec.p);
    const test = batchOf(recorded.test, spec.p);
    const floored = new FastEngine(spec, train, test).evaluate(params);
    const exact = new FastEngine(spec, train, test, 0).evaluate(params);
    expect(floored.trainLoss).toBeLessThan(1e-6);
    expect(floored.trainLoss).toBe(exact.trainLoss);
    params.forEach((q, i) => expect({ name: q.name, error: relative(floored.grads[i]!, exact.grads[i]!) }).toEqual({ name: q.name, error: expect.toSatisfy((e: number) => e < 1e-7) }));
  });
});
