import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { repoRoot } from '../../src/reference.js';
import { resolveSpec } from '../../src/train/config.js';
import { initialParams } from '../../src/train/init.js';
import { seededSplit } from '../../src/train/split.js';
import { makeEngine } from '../../src/train/trainer.js';
import type { StepEngine } from '../../src/train/engine.js';
import type { Params } from '../../src/train/params.js';
import { AdamW, transformerAdamW } from '../../src/train/adamw.js';
import { median } from '../../src/stats/median.js';

const WIDTH = 128;
/** Model A (α = 0, Pizza), a half-softmax model and Model B (α = 1, Clock): the fast step folds the heads at α = 0 only. */
const ALPHAS = [0, 0.5, 1];

/** A training loop on one engine that can be advanced by a few timed steps at a time. */
class TimedLoop {
  private readonly params: Params;
  private readonly optimizer: AdamW;
  private step = 0;

  constructor(private readonly engine: StepEngine, alpha: number) {
    const spec = resolveSpec({ attn: alpha, width: WIDTH, seed: 1, steps: 1 });
    this.params = initialParams(spec).params;
    this.optimizer = new AdamW(transformerAdamW(), this.params);
  }

  /** Mean ms per full step (evaluate + AdamW) over the next `steps`. */
  run(steps: number): number {
    const start = performance.now();
    for (let s = 0; s < steps; s++) this.optimizer.step(this.params, this.engine.evaluate(this.params).grads, this.step++);
    return (performance.now() - start) / steps;
  }
}

/** The reference step in PyTorch (system python3 with torch, one thread), served by one process: `steps(n)` times n more steps. */
interface TorchLoop {
  version: string;
  steps(n: number): Promise<number>;
  close(): void;
}

async function torchLoop(alpha: number): Promise<TorchLoop | { missing: string }> {
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { missing: `${python} cannot import torch (Debian: apt-get install python3-torch)` };
  const script = resolve(repoRoot(), 'scripts/torch_reference_step.py');
  const child = spawn(python, [script, 'serve', String(alpha)], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const steps = async (n: number) => {
    child.stdin.write(`${n}\n`);
    const next = await lines.next();
    if (next.done) throw new Error(`torch_reference_step.py serve ended: ${stderr.trim().split('\n').pop()}`);
    return JSON.parse(next.value) as { ms_per_step: number; torch: string; blas: string };
  };
  try {
    const first = await steps(1);
    const blas = first.blas.includes('openblas') ? 'OpenBLAS' : `${first.blas.split('/').pop()} (not OpenBLAS: PyTorch runs far slower; apt-get install libopenblas0-pthread)`;
    return { version: `${first.torch}, ${blas}`, steps: async (n) => (await steps(n)).ms_per_step, close: () => child.stdin.end() };
  } catch (error) {
    child.kill();
    return { missing: (error as Error).message };
  }
}

/**
 * ms per training step at d = 128 (1 layer, full batch of 2,784 pairs plus the test loss) for
 * Model A (α = 0), α = 0.5 and Model B (α = 1): the fast step in this process and the reference
 * step in PyTorch with one thread (when available) in ROUNDS alternating rounds (fast steps, then
 * PyTorch steps), the ratio taken within each round and its median reported, so that the host's
 * drift (up to 30 % within the hour here) moves both sides of a ratio alike; the straightforward
 * step once, for scale. Without PyTorch the ratio is against the straightforward step. Pin the
 * process to one core (taskset -c 0 npm run bench:train); PyTorch inherits the pinning.
 */
export async function bench(): Promise<void> {
  const rounds = Number(process.env['BENCH_TRAIN_ROUNDS'] ?? 7);
  const fastSteps = Number(process.env['BENCH_TRAIN_FAST_STEPS'] ?? 15);
  const torchSteps = Number(process.env['BENCH_TRAIN_TORCH_STEPS'] ?? 3);
  const slowSteps = Number(process.env['BENCH_TRAIN_SLOW_STEPS'] ?? 3);
  console.log(`train step, d=${WIDTH}, 1 layer, one core; ${rounds} alternating rounds of ${fastSteps} fast and ${torchSteps} PyTorch steps (ratio = baseline ms / ms, median over rounds)`);
  console.log(`${'α'.padEnd(3)} ${'implementation'.padEnd(34)} ${'ms/step'.padStart(9)} ${'ratio'.padStart(7)}  note`);
  for (const alpha of ALPHAS) {
    const spec = resolveSpec({ attn: alpha, width: WIDTH, seed: 1, steps: 1 });
    const split = seededSplit(1, spec.p);
    const fast = await makeEngine(spec, split, 'fast');
    const slow = await makeEngine(spec, split, 'straightforward');
    const fastLoop = new TimedLoop(fast, alpha);
    const slowLoop = new TimedLoop(slow, alpha);
    fastLoop.run(2);
    slowLoop.run(1);
    const slowMs = slowLoop.run(slowSteps);
    slow.dispose();
    const torch = await torchLoop(alpha);
    const fastMs: number[] = [];
    const torchMs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      fastMs.push(fastLoop.run(fastSteps));
      if ('steps' in torch) torchMs.push(await torch.steps(torchSteps));
    }
    fast.dispose();
    if ('close' in torch) torch.close();
    const ratios = 'steps' in torch ? fastMs.map((f, r) => torchMs[r]! / f) : fastMs.map((f) => slowMs / f);
    const ratio = median(ratios);
    const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
    const fastMedian = median(fastMs);
    const rows: [string, number | undefined, string, string][] = [
      // (from the initial weights; a fitted model fires more ReLUs and costs ≈ 25 % more a step)
      ['fast (factorised, wasm kernels)', fastMedian, `${ratio.toFixed(2)}×`, `rounds ${range(fastMs)} ms, ratios ${range(ratios)}; 20,000 at this rate ≈ ${((fastMedian * 20000) / 60000).toFixed(1)} min (fitted steps cost more)`],
      ['straightforward (tfjs autodiff)', slowMs, 'steps' in torch ? `${(median(torchMs) / slowMs).toFixed(2)}×` : '1.00×', `${slowSteps} steps`],
      ['PyTorch reference step, 1 thread', 'steps' in torch ? median(torchMs) : undefined, 'steps' in torch ? '1.00×' : '—', 'steps' in torch ? `rounds ${range(torchMs)} ms; torch ${torch.version}` : torch.missing],
    ];
    for (const [name, ms, r, note] of rows) {
      console.log(`${String(alpha).padEnd(3)} ${name.padEnd(34)} ${ms === undefined ? '—'.padStart(9) : ms.toFixed(1).padStart(9)} ${r.padStart(7)}  ${note}`);
    }
    console.log(`α=${alpha}: fast vs ${'steps' in torch ? 'PyTorch' : 'straightforward'} ${ratio.toFixed(2)}× (median of ${rounds} rounds); fast vs straightforward ${(slowMs / fastMedian).toFixed(1)}×`);
  }
}
