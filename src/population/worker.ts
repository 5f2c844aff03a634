import { parentPort } from 'node:worker_threads';
import { loadRules, type Rules } from '../audit/rules.js';
import { replyOfError, type WorkerReply } from '../sweep/worker-pool.js';
import { auditForPopulation, type PopulationLine } from './row.js';

/** What the population sends a worker: one file and the options every file is audited with. */
export interface PopulationRequest {
  path: string;
  config?: string;
  attn?: number;
  key?: string;
  /** --rule; undefined for spec/rules/paper.json. */
  rule?: string;
}

/** Worker-thread entry of `clockpizza population`: one file at a time; tfjs and the rules are set up once per worker. */
if (parentPort === null) throw new Error('population/worker.js runs as a worker thread of `clockpizza population`');
const port = parentPort;
const rules = new Map<string | undefined, Rules>();
port.on('message', (request: PopulationRequest) => {
  const { path, rule, ...load } = request;
  let active = rules.get(rule);
  if (active === undefined) rules.set(rule, (active = loadRules(rule)));
  auditForPopulation(path, { ...load, rules: active }).then(
    (result) => port.postMessage({ ok: true, result } satisfies WorkerReply<PopulationLine>),
    (error: unknown) => port.postMessage(replyOfError(error)),
  );
});
