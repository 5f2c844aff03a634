import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { repoRoot } from '../../src/reference.js';
import { resolveSpec } from '../../src/train/config.js';
import { initialParams } from '../../src/train/init.js';
import { seededSplit } from '../../src/train/split.js';
import { makeEngine } from '../../src/train/trainer.js';
import type { StepEngine } from '../../src/train/engine.js';
import { AdamW, transformerAdamW } from '../../src/train/adamw.js';

const WIDTH = 128;
/** Model A (α = 0, Pizza), a half-softmax model and Model B (α = 1, Clock): the fast step folds the heads at α = 0 only. */
const ALPHAS = [0, 0.5, 1];

/** ms per full training step (evaluate + AdamW) of one engine, mean over `steps` after 2 warm-up steps. */
async function timeSteps(engine: StepEngine, alpha: number, steps: number): Promise<number> {
  const spec = resolveSpec({ attn: alpha, width: WIDTH, seed: 1, steps });
  const { params } = initialParams(spec);
  const optimizer = new AdamW(transformerAdamW(), params);
  for (let s = 0; s < 2; s++) optimizer.step(params, engine.evaluate(params).grads, s);
  const start = performance.now();
  for (let s = 0; s < steps; s++) optimizer.step(params, engine.evaluate(params).grads, s + 2);
  return (performance.now() - start) / steps;
}

/** The reference step in PyTorch (system python3 with torch, one thread), if present. */
function torchStep(steps: number, alpha: number): { ms: number; version: string } | { missing: string } {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { missing: `${python} cannot import torch (Debian: apt-get install python3-torch)` };
  const script = resolve(repoRoot(), 'scripts/torch_reference_step.py');
  const run = spawnSync(python, [script, String(steps), String(alpha)], { encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } });
  if (run.status !== 0) return { missing: `torch_reference_step.py failed: ${run.stderr.trim().split('\n').pop()}` };
  const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as { ms_per_step: number; torch: string; blas: string };
  const blas = out.blas.includes('openblas') ? 'OpenBLAS' : `${out.blas.split('/').pop()} (not OpenBLAS: PyTorch runs far slower; apt-get install libopenblas0-pthread)`;
  return { ms: out.ms_per_step, version: `${out.torch}, ${blas}` };
}

/**
 * ms per training step at d = 128 (1 layer, full batch of 2,784 pairs plus the test loss) for
 * Model A (α = 0) and Model B (α = 1): fast and straightforward implementations in this process
 * (both single-threaded, so one core), and the reference step in PyTorch with one thread when
 * available. Ratios are against PyTorch (or against the straightforward step when PyTorch is
 * absent). Pin the process to one core for stable numbers (taskset -c 0 npm run bench:train).
 */
export async function bench(): Promise<void> {
  const fastSteps = Number(process.env['BENCH_TRAIN_FAST_STEPS'] ?? 50);
  const slowSteps = Number(process.env['BENCH_TRAIN_SLOW_STEPS'] ?? 3);
  const torchSteps = Number(process.env['BENCH_TRAIN_TORCH_STEPS'] ?? 10);
  console.log(`train step, d=${WIDTH}, 1 layer, one core (ratio = baseline ms / ms)`);
  console.log(`${'α'.padEnd(3)} ${'implementation'.padEnd(34)} ${'ms/step'.padStart(9)} ${'ratio'.padStart(7)}  note`);
  for (const alpha of ALPHAS) {
    const spec = resolveSpec({ attn: alpha, width: WIDTH, seed: 1, steps: 1 });
    const split = seededSplit(1, spec.p);
    const fast = await makeEngine(spec, split, 'fast');
    const slow = await makeEngine(spec, split, 'straightforward');
    const fastMs = await timeSteps(fast, alpha, fastSteps);
    const slowMs = await timeSteps(slow, alpha, slowSteps);
    fast.dispose();
    slow.dispose();
    const torch = torchStep(torchSteps, alpha);
    const rows: [string, number | undefined, string][] = [
      // (from the initial weights; a fitted model fires more ReLUs and costs ≈ 25 % more a step)
      ['fast (factorised, wasm kernels)', fastMs, `${fastSteps} steps; 20,000 at this rate ≈ ${((fastMs * 20000) / 60000).toFixed(1)} min (fitted steps cost more)`],
      ['straightforward (tfjs autodiff)', slowMs, `${slowSteps} steps`],
      ['PyTorch reference step, 1 thread', 'ms' in torch ? torch.ms : undefined, 'ms' in torch ? `${torchSteps} steps; torch ${torch.version}` : torch.missing],
    ];
    const baseline = 'ms' in torch ? torch.ms : slowMs;
    const baseName = 'ms' in torch ? 'PyTorch' : 'straightforward';
    for (const [name, ms, note] of rows) {
      console.log(`${String(alpha).padEnd(3)} ${name.padEnd(34)} ${ms === undefined ? '—'.padStart(9) : ms.toFixed(1).padStart(9)} ${ms === undefined ? '—'.padStart(7) : `${(baseline / ms).toFixed(2)}×`.padStart(7)}  ${note}`);
    }
    console.log(`α=${alpha}: fast vs ${baseName} ${(baseline / fastMs).toFixed(2)}×; fast vs straightforward ${(slowMs / fastMs).toFixed(1)}×`);
  }
}
