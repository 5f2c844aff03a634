import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ClockpizzaError } from '../errors.js';
import type { SweepJob } from './grid.js';
import { runJob } from './job.js';
import type { JobRunner } from './run-jobs.js';
import type { SweepResult } from './results.js';

/**
 * Runs jobs in worker threads, one job per worker at a time. tfjs on the wasm backend uses one
 * core per instance, so `--jobs 2` means two workers, each with its own engine, training and
 * auditing its own run (the audit is parallel too, not only training).
 */

/** What crosses the thread boundary: a result, or an error with the parts a ClockpizzaError needs. */
export type WorkerReply<Result = SweepResult> = { ok: true; result: Result } | { ok: false; message: string; clockpizza: boolean; file?: string; field?: string; stack?: string };

export interface WorkerRequest {
  job: SweepJob;
  dir: string;
}

/** The compiled worker script beside this file (worker threads cannot load TypeScript). */
export function workerScript(url = new URL('./job-worker.js', import.meta.url)): string {
  const path = fileURLToPath(url);
  if (!existsSync(path)) throw new ClockpizzaError('the worker script is missing; run `npm run build` (worker threads run the compiled code)', { file: path, field: '--jobs' });
  return path;
}

/** A failure as a worker sends it back (a ClockpizzaError keeps its file and field; any other error its stack). */
export function replyOfError(error: unknown): Extract<WorkerReply<unknown>, { ok: false }> {
  return error instanceof ClockpizzaError
    ? { ok: false, clockpizza: true, message: error.message, ...(error.file ? { file: error.file } : {}), ...(error.field ? { field: error.field } : {}) }
    : { ok: false, clockpizza: false, message: error instanceof Error ? error.message : String(error), ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) };
}

export function errorFromReply(reply: Extract<WorkerReply<unknown>, { ok: false }>): Error {
  if (reply.clockpizza) {
    // The message already carries its "file: field: " prefix.
    const error = new ClockpizzaError(reply.message);
    return Object.assign(error, { file: reply.file, field: reply.field });
  }
  const error = new Error(reply.message);
  if (reply.stack) error.stack = reply.stack;
  return error;
}

/**
 * A fixed set of worker threads running one script, one request per worker at a time; each
 * worker replies once per request with a WorkerReply. Workers live as long as the pool, so a
 * worker's start-up (tfjs, the kernels) is paid once, not per request.
 */
export class ThreadPool<Request, Result> {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];
  private readonly all: Worker[] = [];

  constructor(size: number, script: string) {
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

  /** Sends `request` to the next free worker; `label` names it in a worker's failure. */
  async run(request: Request, label: string): Promise<Result> {
    const worker = await this.acquire();
    worker.ref();
    try {
      const reply = await new Promise<WorkerReply<Result>>((resolve, reject) => {
        const onMessage = (message: WorkerReply<Result>): void => {
          cleanup();
          resolve(message);
        };
        const onError = (error: Error): void => {
          cleanup();
          reject(new Error(`worker failed on ${label}: ${error.message}`));
        };
        const onExit = (code: number): void => {
          cleanup();
          reject(new Error(`worker exited (code ${code}) while running ${label}`));
        };
        const cleanup = (): void => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
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

/** The sweep's pool: train and audit one job per worker (job-worker.ts). */
export class WorkerPool implements JobRunner {
  private readonly threads: ThreadPool<WorkerRequest, SweepResult>;

  constructor(
    size: number,
    private readonly dir: string,
    script = workerScript(),
  ) {
    this.threads = new ThreadPool(size, script);
  }

  run(job: SweepJob): Promise<SweepResult> {
    return this.threads.run({ job, dir: this.dir }, job.runid);
  }

  close(): Promise<void> {
    return this.threads.close();
  }
}

/** The runner of `lanes` parallel jobs: this thread for one lane, worker threads for more (tfjs-wasm computes on one core per instance). */
export function jobRunner(lanes: number, dir: string): JobRunner {
  return lanes > 1 ? new WorkerPool(lanes, dir) : { run: (job) => runJob(job, dir), close: async () => {} };
}
