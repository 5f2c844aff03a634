import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClockpizzaError } from '../errors.js';
import { claimPlan } from '../sweep/plan-file.js';
import { main } from './main.js';
import { planFromOptions, resultsFileName } from './sweep.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'clockpizza-sweep-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Runs `clockpizza sweep …` in process; returns the exit code and what it printed. */
async function clockpizza(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void (stderr += parts.join(' ') + '\n'));
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void (stdout += parts.join(' ') + '\n'));
  const code = await main(['sweep', ...args]);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

describe('clockpizza sweep --plan', () => {
  it('prints the job list, one per line, without running anything', async () => {
    const { code, stdout } = await clockpizza('--attn', '0:1:0.5', '--width', '64,128', '--seeds', '2', '--steps', '10', '--plan');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[0]).toMatch(/^ 0  a0\.00-w64-s0 +attn=0 width=64 layers=1 seed=0 steps=10  todo$/);
    expect(lines[11]).toMatch(/^11  a1\.00-w128-s1 /);
  });
  it('--json prints one object per job; --shard keeps every n-th job from i (0-based)', async () => {
    const { code, stdout } = await clockpizza('--attn', '0,0.5,1', '--seeds', '2', '--plan', '--json', '--shard', '1/4');
    expect(code).toBe(0);
    const jobs = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { index: number; runid: string; steps: number; done: boolean });
    expect(jobs.map((j) => j.index)).toEqual([1, 5]);
    expect(jobs[0]).toMatchObject({ runid: 'a0.50-w128-s0', steps: 20000, done: false });
  });
  it('marks runs already in DIR/results.jsonl as done (reading, never writing)', async () => {
    const out = join(dir, 'planned');
    const { stdout: json } = await clockpizza('--attn', '0,1', '--steps', '5', '--plan', '--json');
    const first = JSON.parse(json.split('\n')[0]!) as { runid: string };
    await import('node:fs').then((fs) => fs.mkdirSync(out, { recursive: true }));
    writeFileSync(join(out, 'results.jsonl'), JSON.stringify({ runid: first.runid }) + '\n{"runid":"torn');
    const { stdout } = await clockpizza('--attn', '0,1', '--steps', '5', '--plan', '--out', out);
    expect(stdout.trimEnd().split('\n').map((l) => l.slice(-4))).toEqual(['done', 'todo']);
    expect(readFileSync(join(out, 'results.jsonl'), 'utf8')).toMatch(/torn$/);
  });
});

describe('clockpizza sweep: bad arguments are exit 2 with the option named', () => {
  const cases: [string[], RegExp][] = [
    [['--attn', '0:1', '--plan'], /--attn: a range is start:stop:step/],
    [['--attn', '1:0:0.1', '--plan'], /--attn: the range "1:0:0.1" ends before it starts/],
    [['--attn', '0,1.5', '--plan'], /--attn: must be a number in \[0, 1\], got 1\.5/],
    [['--attn', '0', '--width', '64,x', '--plan'], /--width: expected a number, got "x"/],
    [['--attn', '0', '--width', '2', '--plan'], /--width: must be at least 4/],
    [['--attn', '0', '--shard', '2/2', '--plan'], /--shard: shard 2 is out of range: shards are 0-based, 0\.\.1 of 2/],
    [['--attn', '0', '--shard', '1-2', '--plan'], /--shard: expected i\/n/],
    [['--attn', '0', '--seeds', '0', '--plan'], /--seeds: must be an integer in \[1, 10000\], got 0/],
    [['--attn', '0', '--jobs', '1.5', '--plan'], /--jobs: must be an integer in \[1, 256\], got 1\.5/],
    [['--attn', '0', '--bogus', '--plan'], /Unknown option '--bogus'/],
    [['--attn', '0', '--job', '2', '--plan'], /Unknown option '--job'.* \(did you mean --jobs\?\)/],
    [['--width', '64', '--plan'], /--attn: is required/],
    [['--attn', '0'], /--out: is required/],
    [['--attn', '0', '--json'], /--json goes with --plan/],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), async () => {
      const { code, stderr } = await clockpizza(...args);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^clockpizza sweep: /);
      expect(stderr).toMatch(message);
    });
  }
  it('a directory holding another plan is refused without --force', async () => {
    const out = join(dir, 'other-plan');
    await import('node:fs').then((fs) => fs.mkdirSync(out, { recursive: true }));
    claimPlan(join(out, 'plan.json'), planFromOptions({ attn: '0,1', steps: 5 }), false);
    const { code, stderr } = await clockpizza('--attn', '0,0.5', '--steps', '5', '--out', out);
    expect(code).toBe(2);
    expect(stderr).toMatch(/plan\.json: this directory holds a sweep with another plan \(attn: stored \[0,1\], requested \[0,0\.5\]\).*--force/);
    expect(() => claimPlan(join(out, 'plan.json'), planFromOptions({ attn: '0,1', steps: 6 }), false)).toThrow(ClockpizzaError);
    expect(claimPlan(join(out, 'plan.json'), planFromOptions({ attn: '0,1', steps: 6 }), true).replaced).toEqual(['steps: stored 5, requested 6']);
  });
});

describe('clockpizza sweep with --audit-every / --stop-when-stable', () => {
  it('records the settings in the plan, passes them to every run (runs/<runid>/dynamics.jsonl) and refuses a directory with other settings', async () => {
    const out = join(dir, 'audited');
    const { code } = await clockpizza('--attn', '0,1', '--width', '8', '--steps', '6', '--audit-every', '3', '--stop-when-stable', '--stable-window', '2', '--out', out);
    expect(code).toBe(0);
    const plan = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as { plan: { dynamics: unknown } };
    expect(plan.plan.dynamics).toEqual({ auditEvery: 3, stop: { window: 2, tolerance: 0.05 } });
    for (const runid of ['a0.00-w8-s0', 'a1.00-w8-s0']) {
      const lines = readFileSync(join(out, 'runs', runid, 'dynamics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { step?: number; stoppedAt?: null });
      expect(lines.map((l) => l.step)).toEqual([undefined, 0, 3, 6]);
      expect(lines[0]!.stoppedAt).toBeNull(); // 6 steps never reach test accuracy 0.99
    }
    const results = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(results.map((r) => 'stoppedAt' in r)).toEqual([false, false]);
    const other = await clockpizza('--attn', '0,1', '--width', '8', '--steps', '6', '--audit-every', '2', '--out', out);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('dynamics: stored {"auditEvery":3,"stop":{"window":2,"tolerance":0.05}}, requested {"auditEvery":2}');
    expect(planFromOptions({ attn: '0', steps: 5 }).dynamics).toBeUndefined();
    expect(() => planFromOptions({ attn: '0', 'stable-window': 3 })).toThrow(/--stable-window: goes with --stop-when-stable/);
  });
});

it('shards write their own results file', () => {
  expect(resultsFileName(undefined)).toBe('results.jsonl');
  expect(resultsFileName({ index: 0, count: 1 })).toBe('results.jsonl');
  expect(resultsFileName({ index: 2, count: 8 })).toBe('results.shard-2-of-8.jsonl');
});

describe('clockpizza sweep --merge', () => {
  it('merges shard files into results.jsonl in job order, idempotently', async () => {
    const { expandPlan, parseShard, shardJobs } = await import('../sweep/grid.js');
    const { sampleResult } = await import('../../test/support/sample-result.js');
    const out = join(dir, 'sharded');
    await import('node:fs').then((fs) => fs.mkdirSync(out, { recursive: true }));
    const plan = planFromOptions({ attn: '0:1:0.25', steps: 5 });
    claimPlan(join(out, 'plan.json'), plan, false);
    const all = expandPlan(plan);
    for (const i of [0, 1, 2]) {
      const mine = shardJobs(all, parseShard(`${i}/3`)).reverse(); // completion order ≠ job order
      const lines = mine.map((j) => JSON.stringify(sampleResult({ runid: j.runid, seed: j.seed, attn: j.attn, width: j.width, layers: j.layers, steps: j.steps })) + '\n');
      writeFileSync(join(out, `results.shard-${i}-of-3.jsonl`), lines.join('') + (i === 2 ? '{"torn' : ''));
    }
    const first = await clockpizza('--merge', '--out', out);
    expect(first.code, first.stderr).toBe(0);
    const merged = readFileSync(join(out, 'results.jsonl'), 'utf8');
    expect(merged.trimEnd().split('\n').map((l) => (JSON.parse(l) as { runid: string }).runid)).toEqual(all.map((j) => j.runid));
    const again = await clockpizza('--merge', '--out', out);
    expect(again.code).toBe(0);
    expect(readFileSync(join(out, 'results.jsonl'), 'utf8')).toBe(merged);
    const none = await clockpizza('--merge', '--out', join(dir, 'nothing-here'));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/plan\.json: no sweep plan here/);
  });
});
