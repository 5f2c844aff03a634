import { InternalError } from '../errors.js';
import { KernelInstance, type Region } from './kernels/kernels.js';
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

/** The reference's linear warm-up, min(step/warmup, 1): step 0 runs at lr 0; warmup 0 is none. */
export function warmupSchedule(warmup: number): (step: number) => number {
  return warmup === 0 ? () => 1 : (step) => Math.min(step / warmup, 1);
}

/** Transformers (METRICS.md §6): betas (0.9, 0.98), warm-up from lr 0 over 10 steps. */
export function transformerAdamW(lr = 1e-3, weightDecay = 2): AdamWConfig {
  return { lr, beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay, schedule: warmupSchedule(10) };
}

/** A training spec's optimizer: its lr, weight decay, betas and warm-up (the defaults are the two functions above). */
export function adamWOf(spec: { lr: number; weightDecay: number; beta1: number; beta2: number; warmup: number }): AdamWConfig {
  return { lr: spec.lr, beta1: spec.beta1, beta2: spec.beta2, eps: 1e-8, weightDecay: spec.weightDecay, schedule: warmupSchedule(spec.warmup) };
}

/** MLP-only models: PyTorch's default betas (0.9, 0.999), no warm-up. */
export function mlpAdamW(lr = 1e-3, weightDecay = 2): AdamWConfig {
  return { lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay, schedule: () => 1 };
}

/**
 * torch.optim.AdamW (single-tensor path, float32 state) in a WebAssembly SIMD kernel, float32
 * throughout with the scalars rounded to float32 as PyTorch's CPU kernels do:
 *   p ← p·(1 − lr·wd);  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
 *   p ← p − (lr/(1−β₁ᵗ)) · m / (√v/√(1−β₂ᵗ) + ε).
 * A step at lr 0 (the warm-up's first) still advances t and both moments. The moments live in
 * the kernel's memory; weights and gradients are copied in and the weights back each step.
 */
export class AdamW {
  private readonly kernels = new KernelInstance();
  private readonly offsets: number[] = [];
  private readonly p: Region;
  private readonly g: Region;
  private readonly m: Region;
  private readonly v: Region;
  private t = 0;

  constructor(
    readonly config: AdamWConfig,
    params: Params,
  ) {
    let n = 0;
    for (const q of params) {
      this.offsets.push(n);
      n += q.data.length;
    }
    const padded = Math.ceil(n / 4) * 4;
    [this.p, this.g, this.m, this.v] = [0, 1, 2, 3].map(() => this.kernels.reserve(padded)) as [Region, Region, Region, Region];
    this.kernels.commit();
  }

  get stepCount(): number {
    return this.t;
  }

  /** Applies one update for 0-based `step` with gradients in the same order as `params`. */
  step(params: Params, grads: Float32Array[], step: number): void {
    const { beta1, beta2, eps, weightDecay } = this.config;
    const lr = this.config.lr * this.config.schedule(step);
    this.t += 1;
    const k = this.kernels;
    const p = k.f32(this.p);
    const g = k.f32(this.g);
    params.forEach((q, i) => {
      if (grads[i]!.length !== q.data.length) throw new InternalError(`gradient ${q.name}: ${grads[i]!.length} values for ${q.data.length}`);
      p.set(q.data, this.offsets[i]);
      g.set(grads[i]!, this.offsets[i]);
    });
    k.k.adamwStep(this.p.ptr, this.g.ptr, this.m.ptr, this.v.ptr, this.p.length, 1 - lr * weightDecay, beta1, 1 - beta1, beta2, 1 - beta2, Math.sqrt(1 - beta2 ** this.t), eps, lr / (1 - beta1 ** this.t));
    params.forEach((q, i) => q.data.set(p.subarray(this.offsets[i], this.offsets[i]! + q.data.length)));
  }
}
