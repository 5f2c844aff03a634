import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSweepResults } from '../sweep/results.js';
import { runCli } from '../../test/support/cli-capture.js';
import { parseDuration } from './reproduce.js';

/**
 * `clockpizza reproduce boundary` end to end with tiny settings (width 8, 30 steps, a coarse grid
 * of three α and a budget of two runs per session): it trains, stops at the budget, resumes
 * without retraining what is done, places a round after the coarse grid, and writes rows that
 * `boundary` reads.
 */

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-reproduce-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TINY = ['reproduce', 'boundary', '--width', '8', '--steps', '30', '--coarse', '0,0.5,1', '--round', '2', '--bootstrap', '20', '--max-runs', '2'];

describe('clockpizza reproduce boundary', () => {
  it('trains within the budget, resumes without retraining, adds a round, and boundary reads its rows', async () => {
    const out = join(dir, 'r');
    const first = await runCli([...TINY, '--out', out]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('reproduce boundary: 3 runs, 0 already done, 3 to run, 1 at a time');
    expect(first.stderr).toMatch(/reproduce boundary: 2 runs \(\d+ circular\), .* elapsed; gradient symmetricity crosses 0\.9 at α = /);
    expect(first.stdout).toMatch(/stopped: the budget was spent; 2 runs in .*results\.jsonl, 2 trained in this session/);
    expect(first.stdout).toContain('median gradient symmetricity');
    const firstLines = readFileSync(join(out, 'results.jsonl'), 'utf8');
    expect(firstLines.trim().split('\n')).toHaveLength(2);

    const second = await runCli([...TINY, '--out', out]);
    expect(second.code, second.stderr).toBe(0);
    // the two finished runs are kept, not retrained: the third coarse run, then round 1, cut to the one run the budget has left
    expect(second.stderr).toContain('reproduce boundary: 3 runs, 2 already done, 1 to run, 1 at a time');
    expect(second.stderr).toMatch(/reproduce boundary: round 1: 1 run\(s\) .*, α = /);
    expect(second.stderr).toContain('reproduce boundary: 4 runs, 3 already done, 1 to run, 1 at a time');
    expect(second.stdout).toMatch(/stopped: the budget was spent; 4 runs in .*results\.jsonl, 2 trained in this session/);
    const rounds = JSON.parse(readFileSync(join(out, 'rounds.json'), 'utf8')) as { rounds: number[][]; coarse: { attn: number[]; dynamics: unknown } };
    expect(rounds.coarse.attn).toEqual([0, 0.5, 1]);
    expect(rounds.coarse.dynamics).toMatchObject({ stop: { window: expect.any(Number) } });
    expect(rounds.rounds).toHaveLength(1);
    for (const a of rounds.rounds[0]!) expect(a >= 0 && a <= 1).toBe(true);
    const rows = readSweepResults(join(out, 'results.jsonl'));
    expect(rows).toHaveLength(4);
    for (const line of firstLines.trim().split('\n')) expect(readFileSync(join(out, 'results.jsonl'), 'utf8')).toContain(line);
    // round 1 runs with its own seed (first-seed + seeds + 0 = 1)
    expect(rows.filter((r) => r.seed === 1).map((r) => r.attn)).toEqual([rounds.rounds[0]![0]]);

    const boundary = await runCli(['boundary', join(out, 'results.jsonl'), '--width', '8', '--bootstrap', '20']);
    expect(boundary.code, boundary.stderr).toBe(0);
    expect(boundary.stdout).toContain('1 layer, width 8; 4 runs');
  }, 600_000);

  it('refuses another coarse grid in the same directory, and bad options, with exit 2', async () => {
    const out = join(dir, 'r2');
    expect((await runCli([...TINY, '--out', out, '--max-runs', '1'])).code).toBe(0);
    const other = await runCli([...TINY, '--out', out, '--coarse', '0,1']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`${join(out, 'rounds.json')}: this directory holds a reproduction with another coarse grid (attn: stored [0,0.5,1], requested [0,1]`);
    expect((await runCli(['reproduce', 'boundary', '--out', out, '--budget', '5 minutes'])).stderr).toContain('--budget: expected a duration such as 60m');
    expect((await runCli(['reproduce', 'phase', '--out', out])).stderr).toContain('expected "boundary", got "phase"');
    expect((await runCli(['reproduce', 'boundary'])).stderr).toContain('--out: is required');
  }, 300_000);
});

describe('parseDuration', () => {
  it('reads seconds, minutes and hours', () => {
    expect([parseDuration('90s', 'x'), parseDuration('60m', 'x'), parseDuration('1.5h', 'x')]).toEqual([90_000, 3_600_000, 5_400_000]);
    expect(() => parseDuration('0m', 'x')).toThrow(/expected a duration/);
    expect(() => parseDuration('9000h', 'x')).toThrow(/at most a week/);
  });
});
