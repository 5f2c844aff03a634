import { parentPort, workerData } from 'node:worker_threads';
import { writeRun } from './outputs.js';
import { train } from './trainer.js';
import type { TrainJob, WorkerMessage } from './pool.js';

/** One training run in a worker thread (used by trainMany); reports progress every `every` steps. */
async function runJob(job: TrainJob): Promise<void> {
  const every = job.progressEvery ?? 100;
  const result = await train(job.options, (p) => {
    if ((p.step + 1) % every === 0 || p.step + 1 === p.steps) parentPort!.postMessage({ kind: 'progress', progress: p } satisfies WorkerMessage);
  });
  if (job.out !== undefined) writeRun(job.out, result);
  const last = result.curve[result.curve.length - 1];
  parentPort!.postMessage({ kind: 'done', summary: { spec: result.spec, out: job.out, elapsedMs: result.elapsedMs, last } } satisfies WorkerMessage);
}

runJob(workerData as TrainJob).catch((error: unknown) => {
  parentPort!.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error), name: error instanceof Error ? error.name : 'Error' } satisfies WorkerMessage);
});
