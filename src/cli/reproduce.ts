import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { circularityGate } from '../audit/circularity-gate.js';
import { loadRules } from '../audit/rules.js';
import { ClockpizzaError } from '../errors.js';
import { BOOTSTRAP_DEFAULTS } from '../stats/bootstrap.js';
import { reproduceBoundary } from '../sweep/adaptive.js';
import { SweepLock } from '../sweep/lock-file.js';
import { formatDuration } from '../sweep/progress.js';
import { jobRunner } from '../sweep/worker-pool.js';
import { DEFAULT_STEPS } from '../train/config.js';
import { TRAINING_RANGES } from './bounds.js';
import { formatBoundary } from './boundary.js';
import { defineCommand, type NumberRange } from './command.js';
import { DYNAMICS_OPTIONS } from './dynamics-options.js';
import { checkOutputName } from './output-paths.js';
import { planFromOptions } from './sweep.js';

/** `60m`, `90s`, `1.5h`: a time budget in ms, at most a week. */
export function parseDuration(text: string, field: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(text.trim());
  const ms = match ? Number(match[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 's' | 'm' | 'h'] : NaN;
  if (!(ms > 0) || ms > 7 * 24 * 3_600_000) throw new ClockpizzaError(`expected a duration such as 60m, 90s or 1.5h (at most a week), got ${JSON.stringify(text)}`, { field });
  return ms;
}

const COUNT: NumberRange = { integer: true, min: 1, max: 100_000 };

export const command = defineCommand({
  name: 'reproduce',
  summary:
    'reproduce boundary: the d = D, 1-layer phase boundary by our own training. Trains a coarse α grid (with --stop-when-stable), then rounds of runs placed inside the bootstrap interval of the gradient-symmetricity crossing (src/sweep/placement.ts), until its half-width is at most --half-width or the budget (--budget time, --max-runs; this session\'s) is spent, and prints the boundary table. Resumable like sweep: DIR/rounds.json, DIR/results.jsonl (sweep rows: boundary, phase and claims read them).',
  usage: 'clockpizza reproduce boundary --out DIR [--width D] [--jobs N] [--budget 60m] [--max-runs N] [--half-width H] [--coarse LIST] [--seeds N] [--first-seed S] [--steps N] [--round N] [--bootstrap N] [--seed S] [--rule F] [--stable-window W] [--stable-tolerance T] [--audit-every K]',
  options: {
    out: { type: 'string', placeholder: 'DIR', description: 'reproduction directory: rounds.json, results.jsonl, runs/<runid>/' },
    width: { type: 'string', placeholder: 'D', description: 'd_model of every run (default 128)', range: TRAINING_RANGES.width },
    jobs: { type: 'string', placeholder: 'N', description: 'runs in parallel, one core each (default 1)', range: { integer: true, min: 1, max: 256 } },
    budget: { type: 'string', placeholder: 'TIME', description: 'time for this session, e.g. 60m: no run starts after it (default 60m)' },
    'max-runs': { type: 'string', placeholder: 'N', description: 'runs this session may start (default: no limit)', range: COUNT },
    'half-width': { type: 'string', placeholder: 'H', description: 'stop once the 95 % interval of the GS crossing has half-width ≤ H (default 0.05)', range: { integer: false, min: 0, max: 1, exclusive: true } },
    coarse: { type: 'string', placeholder: 'LIST', description: 'the coarse α grid (default 0:1:0.1)' },
    seeds: { type: 'string', placeholder: 'N', description: 'replicates of the coarse grid (default 1)', range: { integer: true, min: 1, max: 10_000 } },
    'first-seed': { type: 'string', placeholder: 'S', description: 'seed of the coarse grid\'s replicate 0 (default 0); round r uses first-seed + seeds + r', range: TRAINING_RANGES.seed },
    steps: { type: 'string', placeholder: 'N', description: `most training steps per run (default ${DEFAULT_STEPS}; runs stop earlier when stable)`, range: TRAINING_RANGES.steps },
    round: { type: 'string', placeholder: 'N', description: 'runs per round (default 2 × jobs, at least 4)', range: COUNT },
    bootstrap: { type: 'string', placeholder: 'N', description: `bootstrap resamples of each estimate (default ${BOOTSTRAP_DEFAULTS.resamples})`, range: { integer: true, min: 1, max: 1_000_000 } },
    seed: { type: 'string', placeholder: 'S', description: `seed of the resampling (default ${BOOTSTRAP_DEFAULTS.seed})`, range: TRAINING_RANGES.seed },
    rule: { type: 'string', placeholder: 'F', description: 'verdict rule of the rows (paper, fourier or a rule file; default paper), recorded in rounds.json; its non-circular gate tells circular runs in the estimate' },
    'audit-every': DYNAMICS_OPTIONS['audit-every'],
    'stable-window': DYNAMICS_OPTIONS['stable-window'],
    'stable-tolerance': DYNAMICS_OPTIONS['stable-tolerance'],
  },
  async run(positionals, options) {
    const [what, ...rest] = positionals;
    if (what !== 'boundary') throw new ClockpizzaError(`expected "boundary", got ${what === undefined ? 'nothing' : JSON.stringify(what)}`);
    if (rest.length > 0) throw new ClockpizzaError(`unexpected argument ${JSON.stringify(rest[0])}`);
    if (options.out === undefined) throw new ClockpizzaError('is required (the reproduction directory)', { field: '--out' });
    const dir = options.out;
    checkOutputName(dir, '--out');
    const coarse = planFromOptions({ ...options, attn: options.coarse ?? '0:1:0.1', width: String(options.width ?? 128), layers: '1', 'stop-when-stable': true });
    const budgetMs = parseDuration(options.budget ?? '60m', '--budget');
    const concurrency = options.jobs ?? 1;
    // the rule the rows are judged by (recorded in the plan) also tells circular runs in the estimate
    const gate = circularityGate(coarse.rule ?? loadRules());
    const targetHalfWidth = options['half-width'] ?? 0.05;
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new ClockpizzaError(`cannot create the directory: ${(error as Error).message}`, { file: dir, field: '--out' });
    }
    const warn = (m: string) => console.warn(`clockpizza reproduce: ${m}`);
    const lock = SweepLock.take(join(dir, 'results.jsonl.lock'), warn);
    const runner = jobRunner(concurrency, dir);
    try {
      const outcome = await reproduceBoundary(coarse, {
        dir,
        concurrency,
        runner,
        targetHalfWidth,
        roundSize: options.round ?? Math.max(4, 2 * concurrency),
        budgetMs,
        maxRuns: options['max-runs'] ?? Infinity,
        gate,
        bootstrap: { resamples: options.bootstrap ?? BOOTSTRAP_DEFAULTS.resamples, seed: options.seed ?? BOOTSTRAP_DEFAULTS.seed },
        write: (t) => process.stderr.write(t),
        warn,
      });
      console.log(formatBoundary(outcome.report));
      const why = outcome.stop === 'target' ? `the GS interval's half-width reached ${targetHalfWidth}` : 'the budget was spent';
      console.log(`stopped: ${why}; ${outcome.runs} runs in ${join(dir, 'results.jsonl')}, ${outcome.ranHere} trained in this session (${formatDuration(outcome.elapsedMs)})`);
      return 0;
    } finally {
      await runner.close();
      lock.release();
    }
  },
});
