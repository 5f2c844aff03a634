import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ClockpizzaError } from '../errors.js';
import type { SweepJob } from './grid.js';
import type { JobRunner } from './run-jobs.js';
import type { SweepResult } from './results.js';

/**
 * Runs jobs in worker threads, one job per worker at a time. tfjs on the wasm backend uses one
 * core per instance, so `--jobs 2` means two workers, each with its own engine, training and
 * auditing its own run (the audit is parallel too, not only training).
 */

/** What crosses the thread boundary: a result, or an error with the parts a ClockpizzaError needs. */
export type WorkerReply = { ok: true; result: SweepResult } | { ok: false; message: string; clockpizza: boolean; file?: string; field?: string; stack?: string };

export interface WorkerRequest {
  job: SweepJob;
  dir: string;
}

/** The compiled worker script beside this file (worker threads cannot load TypeScript). */
export function workerScript(): string {
  const path = fileURLToPath(new URL('./job-worker.js', import.meta.url));
  if (!existsSync(path)) throw new ClockpizzaError('the worker script is missing; run `npm run build` (worker threads run the compiled code)', { file: path, field: '--jobs' });
  return path;
}

export function errorFromReply(reply: Extract<WorkerReply, { ok: false }>): Error {
  if (reply.clockpizza) {
    // The message already carries its "file: field: " prefix.
    const error = new ClockpizzaError(reply.message);
    return Object.assign(error, { file: reply.file, field: reply.field });
  }
  const error = new Error(reply.message);
  if (reply.stack) error.stack = reply.stack;
  return error;
}

export class WorkerPool implements JobRunner {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];
  private readonly all: Worker[] = [];

  constructor(
    size: number,
    private readonly dir: string,
    script = workerScript(),
  ) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script);
      worker.unref();
      this.all.push(worker);
      this.idle.push(worker);
    }
  }

  private acquire(): Promise<Worker> {
    const worker = this.idle.pop();
    return worker ? Promise.resolve(worker) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }

  async run(job: SweepJob): Promise<SweepResult> {
    const worker = await this.acquire();
    worker.ref();
    try {
      const reply = await new Promise<WorkerReply>((resolve, reject) => {
        const onMessage = (message: WorkerReply): void => {
          cleanup();
          resolve(message);
        };
        const onError = (error: Error): void => {
          cleanup();
          reject(new Error(`worker failed on ${job.runid}: ${error.message}`));
        };
        const onExit = (code: number): void => {
          cleanup();
          reject(new Error(`worker exited (code ${code}) while running ${job.runid}`));
        };
        const cleanup = (): void => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        const request: WorkerRequest = { job, dir: this.dir };
        worker.postMessage(request);
      });
      if (!reply.ok) throw errorFromReply(reply);
      return reply.result;
    } finally {
      worker.unref();
      this.release(worker);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
