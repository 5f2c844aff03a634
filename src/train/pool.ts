import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ClockpizzaError } from '../errors.js';
import { repoRoot } from '../reference.js';
import type { TrainOptions, TrainSpec } from './config.js';
import { prepareRunDir } from './outputs.js';
import type { CurveRow, TrainProgress } from './trainer.js';

/** One independent run: options, and the directory to write it to (nothing written if absent). */
export interface TrainJob {
  options: TrainOptions;
  out?: string;
  force?: boolean;
  /** Progress messages every this many steps (default 100). */
  progressEvery?: number;
}

export interface TrainSummary {
  spec: TrainSpec;
  out: string | undefined;
  elapsedMs: number;
  last: CurveRow | undefined;
}

export type WorkerMessage =
  | { kind: 'progress'; progress: TrainProgress }
  | { kind: 'done'; summary: TrainSummary }
  | { kind: 'error'; message: string; name: string };

export interface TrainManyOptions {
  /** Runs at once, each in its own worker thread (one core each); default: the machine's cores. */
  concurrency?: number;
  onProgress?: (job: number, progress: TrainProgress) => void;
  onDone?: (job: number, summary: TrainSummary) => void;
}

/** The compiled worker (worker threads run JavaScript: `npm run build` first). */
export function workerPath(): string {
  return resolve(repoRoot(), 'dist/src/train/worker.js');
}

/**
 * Trains independent runs in parallel worker threads (tfjs-wasm is single-threaded, so one run
 * per core). Results come back in job order; the first failure rejects after running jobs end.
 * Output directories are checked before any training starts.
 */
export async function trainMany(jobs: readonly TrainJob[], options: TrainManyOptions = {}): Promise<TrainSummary[]> {
  const script = workerPath();
  if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\``);
  const concurrency = Math.max(1, Math.min(options.concurrency ?? availableParallelism(), jobs.length || 1));
  for (const job of jobs) if (job.out !== undefined) prepareRunDir(job.out, job.force ?? false);
  const results: TrainSummary[] = new Array(jobs.length);
  let next = 0;
  let failure: Error | undefined;
  const runOne = (index: number) =>
    new Promise<void>((done, fail) => {
      const worker = new Worker(script, { workerData: jobs[index] });
      let settled = false;
      worker.on('message', (message: WorkerMessage) => {
        if (message.kind === 'progress') options.onProgress?.(index, message.progress);
        else if (message.kind === 'done') {
          settled = true;
          results[index] = message.summary;
          options.onDone?.(index, message.summary);
          done();
        } else {
          settled = true;
          fail(message.name === 'ClockpizzaError' ? new ClockpizzaError(message.message) : new Error(`job ${index}: ${message.message}`));
        }
      });
      worker.on('error', (error) => {
        settled = true;
        fail(error);
      });
      worker.on('exit', (code) => {
        if (!settled) fail(new Error(`job ${index}: worker exited with code ${code}`));
      });
    });
  const lane = async () => {
    while (failure === undefined && next < jobs.length) {
      const index = next++;
      try {
        await runOne(index);
      } catch (error) {
        failure ??= error as Error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  if (failure) throw failure;
  return results;
}
