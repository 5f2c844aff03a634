import { LanePool, workerScript } from './lane-pool.js';
import type { SweepJob } from './grid.js';
import { runJob } from './job.js';
import type { JobRunner } from './run-jobs.js';
import type { SweepResult } from './results.js';

/**
 * Runs jobs in worker threads, one job per worker at a time. tfjs on the wasm backend uses one
 * core per instance, so `--jobs 2` means two workers, each with its own engine, training and
 * auditing its own run (the audit is parallel too, not only training).
 */

export interface WorkerRequest {
  job: SweepJob;
  dir: string;
}

/** The sweep's pool: train and audit one job per worker (job-worker.ts). */
export class WorkerPool implements JobRunner {
  private readonly threads: LanePool<WorkerRequest, SweepResult>;

  constructor(
    size: number,
    private readonly dir: string,
    script = workerScript(new URL('./job-worker.js', import.meta.url)),
  ) {
    this.threads = new LanePool(size, script);
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
