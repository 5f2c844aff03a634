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
const ALPHA = 0.5;

/** ms per full training step (evaluate + AdamW) of one engine, median of `rounds` timings. */
async function timeSteps(engine: StepEngine, steps: number): Promise<number> {
  const spec = resolveSpec({ attn: ALPHA, width: WIDTH, seed: 1, steps });
  const { params } = initialParams(spec);
  const optimizer = new AdamW(transformerAdamW(), params);
  for (let s = 0; s < 2; s++) optimizer.step(params, engine.evaluate(params).grads, s);
  const start = performance.now();
  for (let s = 0; s < steps; s++) optimizer.step(params, engine.evaluate(params).grads, s + 2);
  return (performance.now() - start) / steps;
}

/** The reference step in PyTorch (system python3 with torch, one thread), if present. */
function torchStep(steps: number): { ms: number; version: string } | { missing: string } {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { missing: `${python} cannot import torch (Debian: apt-get install python3-torch)` };
  const script = resolve(repoRoot(), 'scripts/torch_reference_step.py');
  const run = spawnSync(python, [script, String(steps), String(ALPHA)], { encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } });
  if (run.status !== 0) return { missing: `torch_reference_step.py failed: ${run.stderr.trim().split('\n').pop()}` };
  const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as { ms_per_step: number; torch: string; blas: string };
  const blas = out.blas.includes('openblas') ? 'OpenBLAS' : `${out.blas.split('/').pop()} (not OpenBLAS: PyTorch runs far slower; apt-get install libopenblas0-pthread)`;
  return { ms: out.ms_per_step, version: `${out.torch}, ${blas}` };
}

/**
 * ms per training step at d = 128 (1 layer, α = 0.5, full batch of 2,784 pairs plus the test
 * loss), fast and straightforward implementations in this process (tfjs-wasm is single-threaded,
 * so one core), and the reference step in PyTorch with one thread when available. Ratios are
 * against PyTorch (or against the straightforward step when PyTorch is absent).
 */
export async function bench(): Promise<void> {
  const fastSteps = Number(process.env['BENCH_TRAIN_FAST_STEPS'] ?? 30);
  const slowSteps = Number(process.env['BENCH_TRAIN_SLOW_STEPS'] ?? 3);
  const spec = resolveSpec({ attn: ALPHA, width: WIDTH, seed: 1, steps: 1 });
  const split = seededSplit(1, spec.p);
  const fast = await makeEngine(spec, split, 'fast');
  const slow = await makeEngine(spec, split, 'straightforward');
  const fastMs = await timeSteps(fast, fastSteps);
  const slowMs = await timeSteps(slow, slowSteps);
  fast.dispose();
  slow.dispose();
  const torch = torchStep(Math.max(5, slowSteps * 2));
  const rows: [string, number | undefined, string][] = [
    ['fast (factorised, wasm kernels)', fastMs, `${fastSteps} steps`],
    ['straightforward (tfjs autodiff)', slowMs, `${slowSteps} steps`],
    ['PyTorch reference step, 1 thread', 'ms' in torch ? torch.ms : undefined, 'ms' in torch ? `torch ${torch.version}` : torch.missing],
  ];
  const baseline = 'ms' in torch ? torch.ms : slowMs;
  const baseName = 'ms' in torch ? 'PyTorch' : 'straightforward';
  console.log(`train step, d=${WIDTH}, 1 layer, α=${ALPHA}, one core (ratio = ${baseName} ms / ms)`);
  console.log(`${'implementation'.padEnd(34)} ${'ms/step'.padStart(9)} ${'ratio'.padStart(7)}  note`);
  for (const [name, ms, note] of rows) {
    console.log(`${name.padEnd(34)} ${ms === undefined ? '—'.padStart(9) : ms.toFixed(1).padStart(9)} ${ms === undefined ? '—'.padStart(7) : `${(baseline / ms).toFixed(2)}×`.padStart(7)}  ${note}`);
  }
  console.log(`fast vs straightforward: ${(slowMs / fastMs).toFixed(1)}×; 20,000 fast steps ≈ ${((fastMs * 20000) / 60000).toFixed(1)} min`);
}
