import { parentPort } from 'node:worker_threads';
import { runJob } from './job.js';
import { replyOfError, type WorkerReply } from './lane-pool.js';
import type { WorkerRequest } from './worker-pool.js';

/** Worker-thread entry of the sweep pool: one request at a time, one reply per request. */
if (parentPort === null) throw new Error('job-worker.js runs as a worker thread of `clockpizza sweep`');
const port = parentPort;
port.on('message', (request: WorkerRequest) => {
  runJob(request.job, request.dir).then(
    (result) => port.postMessage({ ok: true, result } satisfies WorkerReply),
    (error: unknown) => port.postMessage(replyOfError(error)),
  );
});
