import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { calibrate, calibrationTable, isFullRun, verdictChangesAfterLearning } from '../src/dynamics/calibration.js';
import { readDynamics, type Dynamics } from '../src/dynamics/dynamics-file.js';
import { defaultStopRule } from '../src/dynamics/stop-rule.js';
import { repoRoot } from '../src/reference.js';
import { OPTIONAL_RUN_FILES } from '../src/train/outputs.js';

/**
 * Calibrates `--stop-when-stable` (issue 15): trains full runs with audits through
 * `clockpizza sweep --audit-every K --jobs J` (resumable: run the same command again after an
 * interruption), copies each finished run's dynamics.jsonl to FIXTURES/<runid>.jsonl as it
 * finishes (with --commit, commits each batch at once, so hours of training are never lost),
 * (and the sweep's result lines, which let a fresh machine resume without retraining them),
 * and derives the table for every (window, tolerance) candidate from the files in FIXTURES
 * alone, so anyone can re-derive it (--table-only). Writes FIXTURES/TABLE.md.
 *
 *   npm run build
 *   node dist/scripts/calibrate-stop.js --commit                    # the full calibration: 30 runs × 20,000 steps, hours on 2 cores
 *   node dist/scripts/calibrate-stop.js --table-only                # the table from committed dynamics
 *   node dist/scripts/calibrate-stop.js --steps 40 --attn 0,1 --width 8 --seeds 1 --audit-every 10 --out /tmp/cal --fixtures /tmp/cal-fx   # a smoke test
 */

const { values: o } = parseArgs({
  options: {
    out: { type: 'string', default: 'out/calibrate-stop' },
    fixtures: { type: 'string', default: 'fixtures/calibration' },
    attn: { type: 'string', default: '0,0.25,0.5,0.75,1' },
    width: { type: 'string', default: '64,128,256' },
    seeds: { type: 'string', default: '2' },
    'first-seed': { type: 'string', default: '1' },
    steps: { type: 'string', default: '20000' },
    'audit-every': { type: 'string', default: '250' },
    jobs: { type: 'string', default: '2' },
    windows: { type: 'string', default: '4,8,12,16' },
    tolerances: { type: 'string', default: '0.005,0.01,0.02,0.05' },
    poll: { type: 'string', default: '30' },
    commit: { type: 'boolean', default: false },
    'table-only': { type: 'boolean', default: false },
  },
});

const root = repoRoot();
const out = resolve(o.out!);
const fixtures = resolve(o.fixtures!);
const list = (text: string) => text.split(',').map(Number);

const sweepResults = join(out, 'results.jsonl');
/** The sweep's result lines, kept beside the dynamics so that a fresh machine resumes without rerunning finished runs. */
const committedResults = join(fixtures, 'results.jsonl');

/**
 * On a machine that has the committed calibration but not the sweep directory, seeds the sweep's
 * results file from the committed lines: the sweep then skips those runs.
 */
function seedFromFixtures(): void {
  if (existsSync(sweepResults) || !existsSync(committedResults)) return;
  mkdirSync(out, { recursive: true });
  copyFileSync(committedResults, sweepResults);
  console.error(`calibrate-stop: resuming from ${relative(process.cwd(), committedResults)} (runs listed there are not trained again)`);
}

/** Copies the dynamics of every run the sweep has finished (a line in results.jsonl) that FIXTURES lacks or holds differently, and the result lines. */
function collect(): string[] {
  if (!existsSync(sweepResults)) return [];
  mkdirSync(fixtures, { recursive: true });
  const copied: string[] = [];
  const text = readFileSync(sweepResults, 'utf8');
  for (const line of text.split('\n')) {
    let runid: unknown;
    try {
      runid = (JSON.parse(line) as { runid?: unknown }).runid;
    } catch {
      continue; // blank or torn: not finished
    }
    if (typeof runid !== 'string') continue;
    const source = join(out, 'runs', runid, OPTIONAL_RUN_FILES.dynamics);
    const target = join(fixtures, `${runid}.jsonl`);
    if (!existsSync(source)) continue;
    if (existsSync(target) && readFileSync(target).equals(readFileSync(source))) continue;
    readDynamics(source); // never commit a file its reader refuses
    copyFileSync(source, target);
    copied.push(target);
  }
  if (copied.length > 0) {
    // Only whole lines: a torn last line (a run being appended) waits for the next poll.
    writeFileSync(committedResults, text.slice(0, text.lastIndexOf('\n') + 1));
    copied.push(committedResults);
  }
  return copied;
}

function commit(paths: readonly string[], message: string): void {
  if (!o.commit || paths.length === 0) return;
  const rel = paths.map((p) => relative(root, p));
  for (const args of [['add', '--', ...rel], ['commit', '-q', '-m', message, '--', ...rel]]) {
    const r = spawnSync('git', ['-C', root, ...args], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`git ${args[0]} failed (exit ${r.status})`);
  }
}

function collectAndCommit(): void {
  const copied = collect();
  if (copied.length === 0) return;
  console.error(`calibrate-stop: ${copied.length} new dynamics file(s) in ${fixtures}`);
  commit(copied, `calibration dynamics: ${copied.map((p) => p.split('/').pop()!.replace(/\.jsonl$/, '')).join(', ')}`);
}

async function sweep(): Promise<number> {
  const cli = join(root, 'dist/src/cli/main.js');
  const args = [cli, 'sweep', '--attn', o.attn!, '--width', o.width!, '--seeds', o.seeds!, '--first-seed', o['first-seed']!, '--steps', o.steps!, '--audit-every', o['audit-every']!, '--jobs', o.jobs!, '--out', out];
  console.error(`calibrate-stop: node ${args.map((a) => relative(process.cwd(), a) || a).join(' ')}`);
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  const stop = () => {
    interrupted = true;
    child.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const timer = setInterval(collectAndCommit, Number(o.poll) * 1000);
  try {
    return await new Promise<number>((done) => child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0))));
  } finally {
    clearInterval(timer);
    collectAndCommit();
  }
}

function table(): string {
  const files = existsSync(fixtures) ? readdirSync(fixtures).filter((f) => f.endsWith('.jsonl') && f !== 'results.jsonl').sort() : [];
  const all: Dynamics[] = files.map((f) => readDynamics(join(fixtures, f)));
  const full = all.filter(isFullRun);
  const rules = list(o.windows!).flatMap((window) => list(o.tolerances!).map((tolerance) => defaultStopRule({ window, tolerance })));
  const results = rules.map((rule) => calibrate(full, rule));
  const best = results.filter((r) => r.agreement >= 0.95).sort((a, b) => b.medianStepsSaved - a.medianStepsSaved)[0];
  const changing = verdictChangesAfterLearning(full);
  const steps = [...new Set(full.map((d) => d.header.run.steps))].join(', ');
  return [
    `# Calibration of --stop-when-stable`,
    '',
    `Derived by \`node dist/scripts/calibrate-stop.js --table-only\` from the ${full.length} full runs in \`${relative(root, fixtures)}/\` (${steps} steps; ${all.length - full.length} other files skipped).`,
    `Stability judged on ${rules[0]?.metrics.join(', ') ?? '—'}, test accuracy ≥ 0.99 and one verdict over the window.`,
    '',
    calibrationTable(results),
    '',
    best === undefined
      ? 'No candidate keeps the early verdict equal to the final one in ≥ 95 % of the runs.'
      : `Best candidate with ≥ 95 % agreement: window ${best.rule.window}, tolerance ${best.rule.tolerance} (median steps saved ${(100 * best.medianStepsSaved).toFixed(1)} %).`,
    `Verdict under the rule changes after test accuracy reached 0.99 in ${changing.length} of ${full.length} runs${changing.length ? `: ${changing.map((f) => f.split('/').pop()).join(', ')}` : ''}.`,
    '',
  ].join('\n');
}

let interrupted = false;
let code = 0;
if (!o['table-only']) {
  seedFromFixtures();
  code = await sweep();
}
if (interrupted) {
  console.error('calibrate-stop: interrupted; the finished runs are in FIXTURES, run the same command again to resume');
  process.exit(130);
}
const text = table();
mkdirSync(fixtures, { recursive: true });
writeFileSync(join(fixtures, 'TABLE.md'), text);
commit([join(fixtures, 'TABLE.md')], 'calibration table of --stop-when-stable from the committed dynamics');
process.stdout.write(text);
process.exitCode = code;
