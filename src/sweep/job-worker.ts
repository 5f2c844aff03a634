import { parentPort } from 'node:worker_threads';
import { ClockpizzaError } from '../errors.js';
import { runJob } from './job.js';
import type { WorkerReply, WorkerRequest } from './worker-pool.js';

/** Worker-thread entry of the sweep pool: one request at a time, one reply per request. */
if (parentPort === null) throw new Error('job-worker.js runs as a worker thread of `clockpizza sweep`');
const port = parentPort;
port.on('message', (request: WorkerRequest) => {
  runJob(request.job, request.dir).then(
    (result) => port.postMessage({ ok: true, result } satisfies WorkerReply),
    (error: unknown) => {
      const reply: WorkerReply =
        error instanceof ClockpizzaError
          ? { ok: false, clockpizza: true, message: error.message, ...(error.file ? { file: error.file } : {}), ...(error.field ? { field: error.field } : {}) }
          : { ok: false, clockpizza: false, message: error instanceof Error ? error.message : String(error), ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) };
      port.postMessage(reply);
    },
  );
});
