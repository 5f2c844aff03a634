import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSafetensors } from '../io/safetensors.js';
import { repoRoot } from '../reference.js';
import { AdamW, transformerAdamW } from './adamw.js';
import { resolveSpec, type TrainOptions } from './config.js';
import { initialParams } from './init.js';
import type { Params } from './params.js';
import { seededSplit, type Split } from './split.js';
import { makeEngine } from './trainer.js';

/**
 * sha256 (first 16 hex digits) of a few fast training steps: each step's losses and accuracies
 * (as JSON) and every gradient's float32 bytes, then the AdamW update.
 */
async function fingerprint(options: TrainOptions, split: Split, params: Params, steps: number): Promise<string> {
  const spec = resolveSpec({ seed: 3, steps: 1, ...options });
  const engine = await makeEngine(spec, split, 'fast');
  const optimizer = new AdamW(transformerAdamW(), params);
  const hash = createHash('sha256');
  try {
    for (let s = 0; s < steps; s++) {
      const r = engine.evaluate(params);
      hash.update(JSON.stringify([r.trainLoss, r.testLoss, r.trainAcc, r.testAcc]));
      for (const g of r.grads) hash.update(Buffer.from(g.buffer, g.byteOffset, g.byteLength));
      optimizer.step(params, r.grads, s);
    }
  } finally {
    engine.dispose();
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The fast step's numbers are pinned bit for bit: the committed fixtures/model-{a,b}-like were
 * trained by it and rebuild byte for byte only while its floating-point operations keep their
 * order (fixtures/README.md). Recorded at commit e23b906, before the step was restructured for
 * speed (issue 15); a change that moves them must retrain and re-pin those fixtures, then these.
 */
describe('the fast step’s bits', () => {
  it.each([
    [{ attn: 0, width: 128 }, '21b245564cf9fb4d'],
    [{ attn: 0.5, width: 128 }, 'b27415b159648ab5'],
    [{ attn: 1, width: 128 }, 'ea01945c2d8af3f9'],
    [{ attn: 1, width: 64, act: 'gelu' as const }, '5b3bc6dbb05a0207'],
    [{ attn: 0.8, width: 36, act: 'gelu' as const }, '490e3e96ec1dad93'],
    [{ attn: 0.37, width: 32, p: 31, dHead: 6, dMlp: 44, frac: 0.5 }, '07e548dc48e3a9c7'],
    [{ attn: 0, width: 20, p: 13, dMlp: 52 }, '6137a69de56d9547'],
  ])('6 steps from the seeded initial weights, %j', async (options, expected) => {
    const spec = resolveSpec({ seed: 3, steps: 1, ...options });
    expect(await fingerprint(options, seededSplit(3, spec.p, spec.frac), initialParams(spec).params, 6)).toBe(expected);
  });

  it.each([
    ['model-a-like', 0, '83d12a8d9b07d775'],
    ['model-b-like', 1, 'ff5ff7eeabd0350c'],
  ] as const)('3 steps from the fitted fixtures/%s (most ReLUs off, gradients below the floor)', async (name, attn, expected) => {
    const dir = resolve(repoRoot(), 'fixtures', name);
    const recorded = JSON.parse(readFileSync(join(dir, 'split.json'), 'utf8')) as Split & { seed: number };
    const options = { attn, width: 64, seed: recorded.seed };
    const spec = resolveSpec({ steps: 1, ...options });
    const { tensors } = readSafetensors(join(dir, 'model.safetensors'));
    const params = initialParams(spec).params.map((q) => ({ ...q, data: Float32Array.from(tensors.get(q.name)!.data as Float32Array) }));
    expect(await fingerprint(options, { train: recorded.train, test: recorded.test }, params, 3)).toBe(expected);
  });
});
