import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPlan, type SweepJob } from './grid.js';
import { SweepProgress, formatDuration } from './progress.js';
import { ResultsFile } from './results-file.js';
import { runJobs, type JobRunner } from './run-jobs.js';
import { sampleResult } from '../../test/support/sample-result.js';

const jobs = expandPlan({ attn: [0, 0.5, 1], widths: [16], layers: [1], seeds: 2, firstSeed: 0, steps: 10 });
const resultOf = (job: SweepJob) => sampleResult({ runid: job.runid, seed: job.seed, attn: job.attn, width: job.width, layers: job.layers, steps: job.steps });
const open = () => ResultsFile.open(join(mkdtempSync(join(tmpdir(), 'clockpizza-runjobs-')), 'results.jsonl'), jobs, { warn: () => {} });

/** A runner whose jobs finish in reverse order of start within each pair (so completion order ≠ job order). */
function fakeRunner(fail?: string): JobRunner & { started: string[]; maxInFlight: number } {
  let inFlight = 0;
  const runner = {
    started: [] as string[],
    maxInFlight: 0,
    async run(job: SweepJob) {
      runner.started.push(job.runid);
      inFlight++;
      runner.maxInFlight = Math.max(runner.maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, job.index % 2 === 0 ? 15 : 1));
      inFlight--;
      if (job.runid === fail) throw new Error(`boom ${job.runid}`);
      return resultOf(job);
    },
    close: async () => {},
  };
  return runner;
}

describe('runJobs', () => {
  it('runs only unfinished jobs, `concurrency` at a time, and leaves the file in job order', async () => {
    const results = open();
    results.append(resultOf(jobs[1]!));
    const runner = fakeRunner();
    const lines: string[] = [];
    const progress = new SweepProgress({ total: jobs.length, already: 1, concurrency: 2, write: (t) => lines.push(t), isTTY: false });
    const { ran } = await runJobs(jobs, results, runner, { concurrency: 2, progress });
    expect(ran).toBe(5);
    expect(runner.started).not.toContain(jobs[1]!.runid);
    expect(runner.maxInFlight).toBe(2);
    const ids = readFileSync(results.path, 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { runid: string }).runid);
    expect(ids).toEqual(jobs.map((j) => j.runid));
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(/^\[6\/6\] \S+ pizza \(acc 1\.000, GS 0\.990, DI 0\.170, circ 0\.998\); \S+ elapsed, about 0s left\n$/);
  });
  it('after a failure starts nothing new, keeps what finished, and throws the error', async () => {
    const results = open();
    const runner = fakeRunner(jobs[2]!.runid);
    await expect(runJobs(jobs, results, runner, { concurrency: 2 })).rejects.toThrow(/boom a1\.00-w16-s0/);
    expect(runner.started.length).toBeLessThan(jobs.length);
    expect(results.has(jobs[0]!.runid) && results.has(jobs[1]!.runid)).toBe(true);
    expect(results.has(jobs[2]!.runid)).toBe(false);
  });
});

describe('progress', () => {
  it('estimates time left from the mean run time, the runs in flight and the lanes (--jobs)', () => {
    let now = 0;
    const lines: string[] = [];
    const p = new SweepProgress({ total: 10, already: 2, concurrency: 2, write: (t) => lines.push(t), isTTY: false, now: () => now });
    p.begin();
    p.started('r');
    p.started('s');
    expect(p.etaMs()).toBeUndefined();
    now = 60_000;
    p.finished('r', 'ok');
    // r took 60 s; s (in flight, 60 s old) needs ≈ 0 more; 6 queued runs × 60 s over 2 lanes.
    expect(p.etaMs()).toBe(180_000);
    p.started('t');
    now = 120_000;
    p.finished('s', 'ok');
    // mean 90 s; t (60 s old) needs 30 s more; 5 queued × 90 s; over 2 lanes.
    expect(p.etaMs()).toBe((30_000 + 5 * 90_000) / 2);
    expect(lines[0]).toBe('sweep: 10 runs, 2 already done, 8 to run, 2 at a time\n');
    expect(lines[2]).toBe('[4/10] s ok; 2m00s elapsed, about 4m00s left\n');
  });

  it('with one lane: the mean run time × runs left', () => {
    let now = 0;
    const p = new SweepProgress({ total: 4, already: 0, concurrency: 1, write: () => {}, isTTY: false, now: () => now });
    p.started('a');
    now = 10_000;
    p.finished('a', 'ok');
    expect(p.etaMs()).toBe(30_000);
  });
  it('formats durations', () => {
    expect([5_000, 65_000, 3_725_000, NaN].map(formatDuration)).toEqual(['5s', '1m05s', '1h02m', '?']);
  });
});
