import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repoRoot } from '../reference.js';
import { parseSweepResults } from '../sweep/results.js';
import { BIN as bin, ensureBuilt } from '../../test/support/built-bin.js';

/**
 * The acceptance test: a sweep SIGKILLed mid-way and restarted writes the same results
 * JSONL, byte for byte, as one that ran uninterrupted. It runs the compiled CLI (the kill must
 * hit a real process; --jobs 2 needs compiled worker threads). Tiny grid: p = 59, width 8,
 * 3 attention rates, 20 steps.
 */

const root = repoRoot();
const GRID = ['--attn', '0,0.5,1', '--width', '8', '--steps', '20', '--seeds', '1'];

let dir: string;
beforeAll(() => {
  ensureBuilt();
  if (!existsSync(join(root, 'dist/kernels/train-kernels.wasm'))) spawnSync('npm', ['run', 'build:kernels'], { cwd: root, stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'clockpizza-sweep-resume-'));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sweep(out: string, ...extra: string[]): ChildProcess {
  return spawn(process.execPath, [bin, 'sweep', ...GRID, '--out', out, ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function finished(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

function completeLines(path: string): number {
  if (!existsSync(path)) return 0;
  return readFileSync(path, 'utf8').split('\n').length - 1;
}

it('a sweep killed after its first result and restarted writes the same JSONL as an uninterrupted one', async () => {
  expect(existsSync(bin), 'dist/src/cli/main.js: run `npm run build`').toBe(true);
  const whole = join(dir, 'whole');
  const broken = join(dir, 'broken');
  // Both sweeps run at once (two cores): the uninterrupted one, and the one to be killed.
  const wholeDone = finished(sweep(whole));
  const victim = sweep(broken);
  const victimDone = finished(victim);
  const resultsPath = join(broken, 'results.jsonl');
  let linesAtKill = 0;
  await new Promise<void>((resolve, reject) => {
    victimDone.then(({ stderr }) => {
      if (linesAtKill === 0) reject(new Error(`the sweep to be killed ended before its first result:\n${stderr}`));
    }, reject);
    const poll = setInterval(() => {
      linesAtKill = completeLines(resultsPath);
      if (linesAtKill >= 1) {
        clearInterval(poll);
        victim.kill('SIGKILL');
        resolve();
      }
    }, 20);
    victim.on('exit', () => clearInterval(poll));
  });
  const killed = await victimDone;
  expect(killed.signal).toBe('SIGKILL');
  const survivors = completeLines(resultsPath);
  // The kill landed mid-way: some runs finished, some did not.
  expect(survivors).toBeGreaterThanOrEqual(1);
  expect(survivors).toBeLessThan(3);

  // Restart with two workers: finished runs are skipped, the rest run in parallel.
  const resumed = await finished(sweep(broken, '--jobs', '2'));
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(resumed.stderr).toMatch(new RegExp(`sweep: 3 runs, ${survivors} already done, ${3 - survivors} to run`));
  expect(resumed.stderr).toMatch(/\[3\/3\] /);

  const uninterrupted = await wholeDone;
  expect(uninterrupted.code, uninterrupted.stderr).toBe(0);
  const expected = readFileSync(join(whole, 'results.jsonl'), 'utf8');
  expect(readFileSync(resultsPath, 'utf8')).toBe(expected);
  // The file is a valid results file with the three runs in job order, both distance irrelevances present.
  const runs = parseSweepResults(expected, 'results.jsonl');
  expect(runs.map((r) => r.runid)).toEqual(['a0.00-w8-s0', 'a0.50-w8-s0', 'a1.00-w8-s0']);
  for (const run of runs) {
    expect(run.metrics.distanceIrrelevance).not.toBeUndefined();
    expect(run.metrics.distanceIrrelevanceTopIncorrect).not.toBeUndefined();
  }
  // Training is seeded: the checkpoints themselves are identical.
  for (const id of ['a0.00-w8-s0', 'a1.00-w8-s0']) {
    expect(readFileSync(join(broken, 'runs', id, 'model.safetensors')).equals(readFileSync(join(whole, 'runs', id, 'model.safetensors')))).toBe(true);
  }

  // A finished sweep run again does nothing and changes nothing.
  const again = await finished(sweep(broken));
  expect(again.code).toBe(0);
  expect(again.stderr).toMatch(/3 already done, 0 to run/);
  expect(readFileSync(resultsPath, 'utf8')).toBe(expected);
}, 120_000);
