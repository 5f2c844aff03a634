import { loadRules, type Rules } from '../audit/rules.js';
import { replyOfError, type WorkerReply } from '../sweep/lane-pool.js';
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

/**
 * Child-process entry of `clockpizza population --jobs N` (a process, not a thread, for its own
 * V8 flags: run.ts): one file at a time; tfjs and the rules are set up once per process.
 */
const send = process.send?.bind(process);
if (send === undefined) throw new Error('population/worker.js runs as a child process of `clockpizza population`');
// The parent gone (killed, or finished without closing the pool): nothing left to do.
process.on('disconnect', () => process.exit(0));
const rules = new Map<string | undefined, Rules>();
process.on('message', (request: PopulationRequest) => {
  const { path, rule, ...load } = request;
  let active = rules.get(rule);
  if (active === undefined) rules.set(rule, (active = loadRules(rule)));
  auditForPopulation(path, { ...load, rules: active }).then(
    (result) => send({ ok: true, result } satisfies WorkerReply<PopulationLine>),
    (error: unknown) => send(replyOfError(error)),
  );
});
