import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClockpizzaError } from '../errors.js';
import { RUN_FILES, writeRun } from './outputs.js';
import { trainMany, workerPath } from './pool.js';
import { train } from './trainer.js';

const root = mkdtempSync(join(tmpdir(), 'clockpizza-pool-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const built = existsSync(workerPath());
if (!built) console.warn('skipping trainMany: dist/ not built (npm run build)');

describe.skipIf(!built)('trainMany', () => {
  it('runs jobs in parallel workers with the same results as in-process training', async () => {
    const jobs = [0, 1].map((seed) => ({ options: { attn: 1, width: 12, steps: 4, seed }, out: join(root, `run${seed}`), progressEvery: 2 }));
    const seen: number[] = [];
    const summaries = await trainMany(jobs, { concurrency: 2, onProgress: (job) => seen.push(job) });
    expect(summaries.map((s) => s.spec.seed)).toEqual([0, 1]);
    expect(seen.filter((j) => j === 0)).toHaveLength(2);
    const local = await train(jobs[1]!.options);
    writeRun(join(root, 'local'), local);
    expect(readFileSync(join(root, 'run1', RUN_FILES.weights))).toEqual(readFileSync(join(root, 'local', RUN_FILES.weights)));
  });

  it('refuses an output directory holding a run before training anything', async () => {
    await expect(trainMany([{ options: { attn: 0, width: 12, steps: 1, seed: 0 }, out: join(root, 'run0') }])).rejects.toBeInstanceOf(ClockpizzaError);
  });
});
