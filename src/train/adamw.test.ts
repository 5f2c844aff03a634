import { describe, expect, it } from 'vitest';
import { AdamW, mlpAdamW, transformerAdamW } from './adamw.js';
import type { Params } from './params.js';

/** PyTorch's AdamW written out in float64 for one scalar, the textbook way. */
function reference(p0: number, grads: number[], cfg: ReturnType<typeof transformerAdamW>): number {
  let p = p0;
  let m = 0;
  let v = 0;
  grads.forEach((g, step) => {
    const t = step + 1;
    const lr = cfg.lr * cfg.schedule(step);
    p *= 1 - lr * cfg.weightDecay;
    m = cfg.beta1 * m + (1 - cfg.beta1) * g;
    v = cfg.beta2 * v + (1 - cfg.beta2) * g * g;
    p -= (lr / (1 - cfg.beta1 ** t)) * (m / (Math.sqrt(v) / Math.sqrt(1 - cfg.beta2 ** t) + cfg.eps));
  });
  return p;
}

describe('AdamW', () => {
  const grads = [0.3, -0.2, 0.5, 0.1, -0.4, 0.2, 0.25, -0.1, 0.05, 0.3, 0.3, -0.2];

  it('matches the float64 formula (float32 state) for the transformer and MLP settings', () => {
    for (const cfg of [transformerAdamW(), mlpAdamW()]) {
      const params: Params = [{ name: 'w', shape: [1], data: Float32Array.of(0.7) }];
      const opt = new AdamW(cfg, params);
      grads.forEach((g, step) => opt.step(params, [Float32Array.of(g)], step));
      expect(params[0]!.data[0]).toBeCloseTo(reference(0.7, grads, cfg), 6);
    }
  });

  it('step 0 of the warm-up runs at lr 0: weights unchanged, but t and both moments advance', () => {
    const params: Params = [{ name: 'w', shape: [1], data: Float32Array.of(0.7) }];
    const opt = new AdamW(transformerAdamW(), params);
    opt.step(params, [Float32Array.of(0.3)], 0);
    expect(params[0]!.data[0]).toBe(Math.fround(0.7));
    expect(opt.stepCount).toBe(1);
    opt.step(params, [Float32Array.of(-0.2)], 1);
    // Had step 0 not counted, the update would be the first-step one (−lr·sign(g)).
    const fresh = reference(0.7, [-0.2], { ...transformerAdamW(), schedule: () => 0.1 });
    expect(params[0]!.data[0]).not.toBeCloseTo(fresh, 7);
    expect(params[0]!.data[0]).toBeCloseTo(reference(0.7, [0.3, -0.2], transformerAdamW()), 7);
  });

  it('decays every parameter, biases included, by lr·wd', () => {
    const params: Params = [{ name: 'b', shape: [1], data: Float32Array.of(1) }];
    const opt = new AdamW({ ...transformerAdamW(), beta1: 0, schedule: () => 1 }, params);
    opt.step(params, [Float32Array.of(0)], 0);
    expect(params[0]!.data[0]).toBeCloseTo(1 - 1e-3 * 2, 7);
  });
});
