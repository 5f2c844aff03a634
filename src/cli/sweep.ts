import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRules } from '../audit/rules.js';
import { ClockpizzaError } from '../errors.js';
import { expandPlan, parseIntegerList, parseShard, parseValueList, shardJobs, type Shard, type SweepJob, type SweepPlan } from '../sweep/grid.js';
import { knobConfig, reauditJob } from '../sweep/job.js';
import { SweepLock } from '../sweep/lock-file.js';
import { claimPlan, readPlan } from '../sweep/plan-file.js';
import { SweepProgress } from '../sweep/progress.js';
import { ResultsFile } from '../sweep/results-file.js';
import { runJobs } from '../sweep/run-jobs.js';
import { jobRunner } from '../sweep/worker-pool.js';
import { DEFAULT_STEPS, resolveSpec, specNotes } from '../train/config.js';
import { checkModelSize, trainedParameters, TRAINING_RANGES } from './bounds.js';
import { sweepKnobGrid, sweepKnobOptions } from './knob-options.js';
import { dynamicsSettings, type DynamicsOptions } from '../dynamics/settings.js';
import { boundedNumber, defineCommand, type NumberRange } from './command.js';
import { DYNAMICS_OPTIONS } from './dynamics-options.js';
import { checkOutputName } from './output-paths.js';

/** Most runs one sweep plans (a typo such as --seeds 1000000000 is an error, not a hang while listing jobs). */
export const MAX_JOBS = 100_000;

/** Each value of a list option (--attn, --width, --layers) lies in the option's range, as for `train`. */
function boundedList(values: number[], option: string, range: NumberRange): number[] {
  for (const v of values) boundedNumber(String(v), `--${option}`, range);
  return values;
}

/** The results file of a sweep directory: one per shard, so shards on several machines never write the same file. */
export function resultsFileName(shard: Shard | undefined): string {
  return shard === undefined || shard.count === 1 ? 'results.jsonl' : `results.shard-${shard.index}-of-${shard.count}.jsonl`;
}

export function planFromOptions(options: { attn?: string; width?: string; layers?: string; seeds?: number; 'first-seed'?: number; steps?: number } & DynamicsOptions & Record<string, unknown>): SweepPlan {
  if (options.attn === undefined) throw new ClockpizzaError('is required (e.g. --attn 0:1:0.1)', { field: '--attn' });
  const attn = boundedList(parseValueList(options.attn, 'attn'), 'attn', TRAINING_RANGES.attn);
  const plan: SweepPlan = {
    attn,
    widths: boundedList(parseIntegerList(options.width ?? '128', 'width', 1), 'width', TRAINING_RANGES.width),
    layers: boundedList(parseIntegerList(options.layers ?? '1', 'layers', 1), 'layers', TRAINING_RANGES.layers),
    seeds: options.seeds ?? 1,
    firstSeed: options['first-seed'] ?? 0,
    steps: options.steps ?? DEFAULT_STEPS,
  };
  const dynamics = dynamicsSettings(options);
  if (dynamics !== undefined) plan.dynamics = dynamics;
  // The rule's contents, not its name, go into the plan: an edited rule file is a changed plan too.
  if (typeof options.rule === 'string') plan.rule = loadRules(options.rule);
  if (plan.firstSeed + plan.seeds - 1 > TRAINING_RANGES.seed.max) throw new ClockpizzaError(`the last replicate's seed ${plan.firstSeed + plan.seeds - 1} exceeds ${TRAINING_RANGES.seed.max}`, { field: '--first-seed' });
  const knobs = sweepKnobGrid(options);
  if (Object.keys(knobs).length > 0) plan.knobs = knobs;
  const combinations = Object.values(knobs).reduce((n, values) => n * values.length, 1);
  const jobs = plan.attn.length * plan.widths.length * plan.layers.length * plan.seeds * combinations;
  if (jobs > MAX_JOBS) throw new ClockpizzaError(`the grid has ${jobs.toLocaleString('en-US')} runs, more than ${MAX_JOBS.toLocaleString('en-US')}`, { field: '--seeds' });
  // Every cell must be trainable: let the trainer's own checks speak (they name the option).
  for (const job of expandPlan({ ...plan, attn: [attn[0]!], seeds: 1 })) {
    const spec = resolveSpec({ attn: job.attn, width: job.width, layers: job.layers, seed: plan.firstSeed + plan.seeds - 1, steps: plan.steps, ...job.knobs });
    checkModelSize(job.width, job.layers, trainedParameters(spec));
  }
  return plan;
}

/** What the grid's cells should tell the user (a composite p, the fast step falling back), each note once. */
export function planNotes(plan: SweepPlan): string[] {
  const notes = new Set<string>();
  for (const job of expandPlan({ ...plan, attn: [plan.attn[0]!], seeds: 1 })) {
    for (const note of specNotes(resolveSpec({ attn: job.attn, width: job.width, layers: job.layers, seed: 0, steps: plan.steps, ...job.knobs }))) notes.add(note);
  }
  return [...notes];
}

/** Run ids already in a results file, read without changing it (for --plan). */
function finishedIds(path: string): Set<string> {
  if (!existsSync(path)) return new Set();
  const ids = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    try {
      const id = (JSON.parse(line) as { runid?: unknown }).runid;
      if (typeof id === 'string') ids.add(id);
    } catch {
      // a torn or blank line: not finished
    }
  }
  return ids;
}

function printPlan(jobs: readonly SweepJob[], total: number, json: boolean, done: Set<string>): void {
  if (json) {
    for (const { rule: _rule, ...job } of jobs) process.stdout.write(JSON.stringify({ ...job, done: done.has(job.runid) }) + '\n'); // the rule is the plan's, in plan.json
    return;
  }
  const width = String(total - 1).length;
  for (const job of jobs) {
    const status = done.has(job.runid) ? 'done' : 'todo';
    const knobs = Object.entries(knobConfig(job.knobs ?? {})).map(([key, value]) => ` ${key}=${Array.isArray(value) ? value.join(',') : String(value)}`).join('');
    process.stdout.write(`${String(job.index).padStart(width)}  ${job.runid.padEnd(22)} attn=${job.attn} width=${job.width} layers=${job.layers}${knobs} seed=${job.seed} steps=${job.steps}  ${status}\n`);
  }
}

/** --merge: every shard's lines into DIR/results.jsonl, in job order; shard files are left as they are. */
function mergeShards(dir: string | undefined): number {
  if (dir === undefined) throw new ClockpizzaError('is required (the sweep directory)', { field: '--out' });
  const plan = readPlan(join(dir, 'plan.json'));
  const all = expandPlan(plan);
  const shards = readdirSync(dir).filter((f) => /^results\.shard-\d+-of-\d+\.jsonl$/.test(f)).sort();
  if (shards.length === 0) throw new ClockpizzaError('no results.shard-i-of-n.jsonl files to merge', { file: dir, field: '--merge' });
  const warn = (m: string) => console.warn(`clockpizza sweep: ${m}`);
  const lock = SweepLock.take(join(dir, 'results.jsonl.lock'), warn);
  let added = 0;
  let results: ResultsFile;
  try {
    results = ResultsFile.open(join(dir, 'results.jsonl'), all, { warn });
    for (const shard of shards) added += results.absorb(join(dir, shard));
    results.canonicalise();
  } finally {
    lock.release();
  }
  console.error(`clockpizza sweep: merged ${shards.length} shard file(s), ${added} new run(s); ${results.size} of ${all.length} runs in ${join(dir, 'results.jsonl')}`);
  return 0;
}

export const command = defineCommand({
  name: 'sweep',
  summary:
    'Trains and audits every cell of a grid of attention rates × widths (× layers × any training knob) × seeds, appending one line per run to DIR/results.jsonl ' +
    '(spec/schemas/sweep-result.schema.json). Resumable: finished runs are skipped, a killed sweep loses only the runs in flight. ' +
    'Values are lists and inclusive ranges: 0:1:0.1, 64,128,256, 0:0.5:0.1,0.8. Replicate r uses seed first-seed + r in every cell.',
  usage:
    'clockpizza sweep --attn LIST --out DIR [--width LIST] [--layers LIST] [--seeds N] [--steps N] [--jobs N] [--shard i/n] [--rule paper|fourier|F] [--plan [--json]] [--force] ' +
    '[--p LIST] [--heads LIST] [--d-head LIST] [--d-mlp LIST] [--lr LIST] [--weight-decay LIST] [--betas B1,B2]… [--warmup LIST] [--frac LIST] [--batch LIST] [--diff-vocab 0,1] [--eqn-sign 0,1] [--audit-every K] [--stop-when-stable [--stable-window W] [--stable-tolerance T]] | clockpizza sweep --merge --out DIR',
  options: {
    attn: { type: 'string', placeholder: 'LIST', description: 'attention rates α, e.g. 0:1:0.1 (inclusive) or 0,0.5,1' },
    width: { type: 'string', placeholder: 'LIST', description: 'd_model values (default 128)' },
    layers: { type: 'string', placeholder: 'LIST', description: 'layer counts (default 1)' },
    seeds: { type: 'string', placeholder: 'N', description: 'replicates per cell (default 1)', range: { integer: true, min: 1, max: 10_000 } },
    'first-seed': { type: 'string', placeholder: 'S', description: 'seed of replicate 0 (default 0)', range: TRAINING_RANGES.seed },
    steps: { type: 'string', placeholder: 'N', description: `training steps per run (default ${DEFAULT_STEPS})`, range: TRAINING_RANGES.steps },
    jobs: { type: 'string', placeholder: 'N', description: 'runs in parallel, one core each (default 1)', range: { integer: true, min: 1, max: 256 } },
    out: { type: 'string', placeholder: 'DIR', description: 'sweep directory: plan.json, results.jsonl, runs/<runid>/' },
    shard: { type: 'string', placeholder: 'i/n', description: 'run only jobs with index ≡ i (mod n), i 0-based (job arrays: --shard $SLURM_ARRAY_TASK_ID/N); writes results.shard-i-of-n.jsonl' },
    plan: { type: 'boolean', description: 'print the job list (index, run id, settings, done/todo) and exit' },
    json: { type: 'boolean', description: 'with --plan: one JSON object per job per line' },
    merge: { type: 'boolean', description: 'merge DIR/results.shard-*.jsonl into DIR/results.jsonl (job order; the plan is read from DIR/plan.json)' },
    rule: { type: 'string', placeholder: 'F', description: "verdict rule of the results rows and the early stop: paper (default), fourier, or a rule file; recorded in plan.json, so resuming with another rule is a plan change" },
    force: { type: 'boolean', description: 'replace a different plan in DIR (runs that fit the new plan are kept, others set aside)' },
    ...sweepKnobOptions(),
    ...DYNAMICS_OPTIONS,
  },
  async run(positionals, options) {
    if (positionals.length > 0) throw new ClockpizzaError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    if (options.json && !options.plan) throw new ClockpizzaError('--json goes with --plan');
    if (options.merge) return mergeShards(options.out);
    const plan = planFromOptions(options);
    if (!options.plan) for (const note of planNotes(plan)) console.warn(`clockpizza sweep: note: ${note}`);
    const shard = options.shard === undefined ? undefined : parseShard(options.shard);
    const concurrency = options.jobs ?? 1;
    const all = expandPlan(plan);
    const jobs = shardJobs(all, shard);
    const resultsName = resultsFileName(shard);
    if (options.plan) {
      printPlan(jobs, all.length, options.json === true, options.out === undefined ? new Set() : finishedIds(join(options.out, resultsName)));
      return 0;
    }
    if (options.out === undefined) throw new ClockpizzaError('is required (the sweep directory)', { field: '--out' });
    const dir = options.out;
    checkOutputName(dir, '--out');
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new ClockpizzaError(`cannot create the sweep directory: ${(error as Error).message}`, { file: dir, field: '--out' });
    }
    const warn = (m: string) => console.warn(`clockpizza sweep: ${m}`);
    // One sweep at a time writes a results file (two would both run every job).
    const lock = SweepLock.take(join(dir, `${resultsName}.lock`), warn);
    try {
      return await runSweep(dir, { plan, all, jobs, resultsName, concurrency, force: options.force === true }, warn);
    } finally {
      lock.release();
    }
  },
});

/**
 * After `--force` with another rule: the finished runs are audited again from their checkpoints
 * under the new rule, so no row keeps a verdict (or circle roles) of the old one.
 */
async function reauditFinished(dir: string, all: readonly SweepJob[], results: ResultsFile, warn: (m: string) => void): Promise<void> {
  const finished = all.filter((j) => results.has(j.runid));
  let stopped = 0;
  for (const [i, job] of finished.entries()) {
    const stored = results.result(job.runid)!;
    if (stored['stoppedAt'] !== undefined) stopped++;
    results.replace(await reauditJob(job, dir, stored));
    warn(`re-audited ${job.runid} under the new rule (${i + 1}/${finished.length})`);
  }
  if (stopped > 0) warn(`${stopped} of these runs stopped early (--stop-when-stable) by the old rule's verdicts; their stopping step is kept`);
}

/** Runs the shard's jobs not yet in the results file (the caller holds the lock). */
async function runSweep(dir: string, work: { plan: SweepPlan; all: SweepJob[]; jobs: SweepJob[]; resultsName: string; concurrency: number; force: boolean }, warn: (m: string) => void): Promise<number> {
  const { plan, all, jobs, force } = work;
  const { replaced } = claimPlan(join(dir, 'plan.json'), plan, force);
  if (replaced.length > 0) warn(`replaced the plan in ${dir} (${replaced.join('; ')})`);
  const results = ResultsFile.open(join(dir, work.resultsName), all, { force, warn });
  if (replaced.some((d) => d.startsWith('rule:'))) await reauditFinished(dir, all, results, warn);
  const already = jobs.filter((j) => results.has(j.runid)).length;
  const lanes = Math.min(work.concurrency, Math.max(1, jobs.length - already));
  const progress = new SweepProgress({ total: jobs.length, already, concurrency: lanes });
  progress.begin();
  const runner = jobRunner(lanes, dir);
  try {
    await runJobs(jobs, results, runner, { concurrency: lanes, progress });
  } finally {
    await runner.close();
    progress.end();
  }
  return 0;
}
