import { fork, type Serializable } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ClockpizzaError } from '../errors.js';
import type { SweepResult } from './results.js';

/**
 * A pool of workers (threads or child processes) that each run one script and answer one request
 * at a time: the sweep's training lanes (worker-pool.ts) and the population's audit lanes.
 * Nothing here loads the auditing or training code, so a process that only hands out work
 * starts quickly.
 */

/** What crosses the thread boundary: a result, or an error with the parts a ClockpizzaError needs. */
export type WorkerReply<Result = SweepResult> = { ok: true; result: Result } | { ok: false; message: string; clockpizza: boolean; file?: string; field?: string; stack?: string };

/** The compiled worker script beside this file (worker threads cannot load TypeScript). */
export function workerScript(url: URL): string {
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
 * One member of a pool as the pool sees it: a worker thread or a child process. Both are event
 * emitters of 'message', 'error' and 'exit'; they differ in how a message is sent and stopped.
 */
interface Lane {
  events: EventEmitter;
  send(message: unknown): void;
  ref(): void;
  unref(): void;
  stop(): Promise<unknown>;
}

function threadLane(script: string): Lane {
  const worker = new Worker(script);
  return { events: worker, send: (m) => worker.postMessage(m), ref: () => worker.ref(), unref: () => worker.unref(), stop: () => worker.terminate() };
}

/**
 * A child process on `script` with its own V8 flags. Worker threads cannot have them (V8 flags
 * are per process), and a population's audits want `--single-threaded-gc`: each thread's
 * garbage collector otherwise borrows the other lanes' cores (`population --jobs 2` on 16
 * files: 3.05–3.66 checkpoints/s as threads, 3.80–4.60 as such processes, same build).
 */
function processLane(script: string, execArgv: readonly string[]): Lane {
  const child = fork(script, [], { execArgv: [...execArgv], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // The IPC channel keeps this process alive as the child does; both are let go when idle.
  const channel = (): { ref(): void; unref(): void } | undefined => child.channel ?? undefined;
  return {
    events: child,
    send: (m) => child.send(m as Serializable),
    ref: () => {
      child.ref();
      channel()?.ref();
    },
    unref: () => {
      child.unref();
      channel()?.unref();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

/** How a pool's lanes run: threads of this process, or child processes with their own V8 flags. */
export type LaneKind = { kind: 'thread' } | { kind: 'process'; execArgv: readonly string[] };

/**
 * A fixed set of workers (threads or processes) running one script, one request per worker at a
 * time; each worker replies once per request with a WorkerReply. Workers live as long as the
 * pool, so a worker's start-up (tfjs, the kernels) is paid once, not per request.
 */
export class LanePool<Request, Result> {
  private readonly idle: Lane[] = [];
  private readonly waiting: ((w: Lane) => void)[] = [];
  private readonly all: Lane[] = [];
  private readonly spawn: () => Lane;

  constructor(size: number, script: string, lanes: LaneKind = { kind: 'thread' }) {
    this.spawn = () => {
      const lane = lanes.kind === 'thread' ? threadLane(script) : processLane(script, lanes.execArgv);
      lane.unref();
      return lane;
    };
    for (let i = 0; i < size; i++) {
      const lane = this.spawn();
      this.all.push(lane);
      this.idle.push(lane);
    }
  }

  private acquire(): Promise<Lane> {
    const lane = this.idle.pop();
    return lane ? Promise.resolve(lane) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(lane: Lane): void {
    const next = this.waiting.shift();
    if (next) next(lane);
    else this.idle.push(lane);
  }

  /** Sends `request` to the next free worker; `label` names it in a worker's failure. */
  async run(request: Request, label: string): Promise<Result> {
    const lane = await this.acquire();
    const worker = lane.events;
    lane.ref();
    // A worker that failed or exited is not sent work again (a dead thread would swallow it).
    let dead = false;
    try {
      const reply = await new Promise<WorkerReply<Result>>((resolve, reject) => {
        const onMessage = (message: WorkerReply<Result>): void => {
          cleanup();
          resolve(message);
        };
        const onError = (error: Error): void => {
          cleanup();
          dead = true;
          reject(new Error(`worker failed on ${label}: ${error.message}`));
        };
        const onExit = (code: number): void => {
          cleanup();
          dead = true;
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
        lane.send(request);
      });
      if (!reply.ok) throw errorFromReply(reply);
      return reply.result;
    } finally {
      lane.unref();
      if (dead) {
        lane.stop().catch(() => {});
        const fresh = this.spawn();
        this.all[this.all.indexOf(lane)] = fresh;
        this.release(fresh);
      } else {
        this.release(lane);
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.stop()));
  }
}
