import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt } from '../../test/support/built-bin.js';
import { expandPlan, type SweepJob } from '../../src/sweep/grid.js';
import { SweepLock } from '../../src/sweep/lock-file.js';
import { ResultsFile } from '../../src/sweep/results-file.js';
import { sampleResult } from '../../test/support/sample-result.js';

// Issue 18.11: two `sweep`s on one directory both ran every job, and the duplicated result line
// made the sweep impossible to resume, even with --force. A sweep now holds
// `<results>.lock` (a stale lock of a killed sweep is taken over), and a results file with a
// run twice opens with a warning: the first line is kept, a differing copy set aside.

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-18-11-'));
beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;
const lockOf = (host: string, pid: number) => `${JSON.stringify({ host, pid, started: '2026-12-05T00:00:00.000Z' })}\n`;

describe('the sweep lock', () => {
  it('refuses while a running process holds it, takes over a dead one, refuses another host with advice', () => {
    const path = join(dir, 'unit.lock');
    const warnings: string[] = [];
    const warn = (m: string) => void warnings.push(m);
    writeFileSync(path, lockOf(hostname(), process.ppid));
    expect(() => SweepLock.take(path, warn)).toThrow(/unit\.lock: a sweep \(pid \d+, since .*\) is already writing these results/);
    writeFileSync(path, lockOf('elsewhere', 1));
    expect(() => SweepLock.take(path, warn)).toThrow(/a sweep on host elsewhere .* delete .*unit\.lock and start again/);
    writeFileSync(path, lockOf(hostname(), deadPid()));
    const lock = SweepLock.take(path, warn);
    expect(warnings).toEqual([expect.stringMatching(/taking over the lock of pid \d+ .*which no longer runs/)]);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    lock.release();
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('two sweeps started at once on one directory: one runs every job once, the other is refused', async () => {
    const out = join(dir, 'twice');
    const start = (): Promise<{ code: number | null; stderr: string }> => {
      const child: ChildProcess = spawn(process.execPath, [BIN, 'sweep', '--attn', '0,1', '--width', '8', '--steps', '3', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
      return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
    };
    const [a, b] = await Promise.all([start(), start()]);
    expect([a.code, b.code].sort()).toEqual([0, 2]);
    expect([a, b].find((r) => r.code === 2)!.stderr).toMatch(/results\.jsonl\.lock: a sweep \(pid \d+.*\) is already writing these results/);
    const ids = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { runid: string }).runid);
    expect(ids).toEqual(['a0.00-w8-s0', 'a1.00-w8-s0']);
    expect(existsSync(join(out, 'results.jsonl.lock'))).toBe(false);
  }, 120_000);
});

describe('a results file holding a run twice can always be resumed', () => {
  const jobs = expandPlan({ attn: [0, 1], widths: [8], layers: [1], seeds: 1, firstSeed: 0, steps: 3 });
  const line = (job: SweepJob, norm = 22.85) => JSON.stringify(sampleResult({ runid: job.runid, seed: job.seed, attn: job.attn, width: job.width, layers: job.layers, steps: job.steps }, { parameterNorm: norm }));

  it('an identical copy is dropped with a warning', () => {
    const path = join(dir, 'identical.jsonl');
    writeFileSync(path, `${line(jobs[0]!)}\n${line(jobs[0]!)}\n`);
    const warnings: string[] = [];
    const file = ResultsFile.open(path, jobs, { warn: (m) => void warnings.push(m) });
    expect(file.size).toBe(1);
    expect(warnings.join('\n')).toMatch(/appears twice; the copy was dropped/);
    expect(readFileSync(path, 'utf8')).toBe(`${line(jobs[0]!)}\n`);
  });

  it('a differing copy is set aside, the first kept', () => {
    mkdirSync(join(dir, 'differing'));
    const path = join(dir, 'differing/results.jsonl');
    writeFileSync(path, `${line(jobs[1]!)}\n${line(jobs[0]!)}\n${line(jobs[1]!, 1)}\n`);
    const file = ResultsFile.open(path, jobs, { warn: () => {} });
    expect(file.has(jobs[0]!.runid) && file.has(jobs[1]!.runid)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(`${line(jobs[0]!)}\n${line(jobs[1]!)}\n`);
    const aside = readdirSync(join(dir, 'differing')).find((f) => f.includes('.set-aside-'))!;
    expect(readFileSync(join(dir, 'differing', aside), 'utf8')).toBe(`${line(jobs[1]!, 1)}\n`);
  });
});
