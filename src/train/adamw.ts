import type { Params } from './params.js';

/** PyTorch's AdamW hyper-parameters. */
export interface AdamWConfig {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Learning-rate multiplier for a 0-based step (the reference's warm-up: min(step/10, 1)). */
  schedule: (step: number) => number;
}

/** Transformers (METRICS.md §6): betas (0.9, 0.98), warm-up from lr 0 over 10 steps. */
export function transformerAdamW(lr = 1e-3, weightDecay = 2): AdamWConfig {
  return { lr, beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay, schedule: (step) => Math.min(step / 10, 1) };
}

/** MLP-only models: PyTorch's default betas (0.9, 0.999), no warm-up. */
export function mlpAdamW(lr = 1e-3, weightDecay = 2): AdamWConfig {
  return { lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay, schedule: () => 1 };
}

const f = Math.fround;

/**
 * torch.optim.AdamW (single-tensor path, float32 state) step by step, rounding to float32 after
 * each tensor operation as PyTorch does; scalars (bias corrections, step size) in float64:
 *   p ← p·(1 − lr·wd);  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
 *   p ← p − (lr/(1−β₁ᵗ)) · m / (√v/√(1−β₂ᵗ) + ε).
 * A step at lr 0 (the warm-up's first) still advances t and both moments.
 */
export class AdamW {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;

  constructor(
    readonly config: AdamWConfig,
    params: Params,
  ) {
    this.m = params.map((q) => new Float32Array(q.data.length));
    this.v = params.map((q) => new Float32Array(q.data.length));
  }

  get stepCount(): number {
    return this.t;
  }

  /** Applies one update for 0-based `step` with gradients in the same order as `params`. */
  step(params: Params, grads: Float32Array[], step: number): void {
    const { beta1, beta2, eps, weightDecay } = this.config;
    const lr = this.config.lr * this.config.schedule(step);
    this.t += 1;
    const decay = 1 - lr * weightDecay;
    const bc1 = 1 - beta1 ** this.t;
    const bc2Sqrt = Math.sqrt(1 - beta2 ** this.t);
    const stepSize = lr / bc1;
    const oneMinusB1 = 1 - beta1;
    const oneMinusB2 = 1 - beta2;
    for (let k = 0; k < params.length; k++) {
      const p = params[k]!.data;
      const g = grads[k]!;
      const m = this.m[k]!;
      const v = this.v[k]!;
      if (g.length !== p.length) throw new Error(`gradient ${params[k]!.name}: ${g.length} values for ${p.length}`);
      for (let i = 0; i < p.length; i++) {
        const gi = g[i]!;
        const pi = f(p[i]! * decay);
        const mi = f(f(m[i]! * beta1) + f(gi * oneMinusB1));
        const vi = f(f(v[i]! * beta2) + f(f(gi * gi) * oneMinusB2));
        m[i] = mi;
        v[i] = vi;
        const denom = f(f(f(Math.sqrt(vi)) / bc2Sqrt) + eps);
        p[i] = f(pi - f(stepSize * f(mi / denom)));
      }
    }
  }
}
