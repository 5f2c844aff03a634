import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adaptiveJobs, appendRound, claimRounds } from './rounds-file.js';
import type { SweepPlan } from './grid.js';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-rounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const coarse: SweepPlan = { attn: [0, 0.5, 1], widths: [128], layers: [1], seeds: 2, firstSeed: 3, steps: 100 };

describe('rounds.json', () => {
  it('jobs: the coarse grid, then each round with a seed of its own; run ids distinct, indices in order', () => {
    const jobs = adaptiveJobs({ coarse, rounds: [[0.5, 0.55], [0.5]] });
    expect(jobs.map((j) => j.runid)).toEqual(['a0.00-w128-s3', 'a0.50-w128-s3', 'a1.00-w128-s3', 'a0.00-w128-s4', 'a0.50-w128-s4', 'a1.00-w128-s4', 'a0.50-w128-s5', 'a0.55-w128-s5', 'a0.50-w128-s6']);
    expect(jobs.map((j) => j.index)).toEqual(jobs.map((_, i) => i));
  });

  it('is recorded, read back with its rounds on resume, and refuses another coarse grid', () => {
    const path = join(dir, 'rounds.json');
    const plan = appendRound(path, claimRounds(path, coarse), [0.45, 0.6]);
    expect(claimRounds(path, coarse)).toEqual(plan);
    expect(() => claimRounds(path, { ...coarse, steps: 200 })).toThrow(/another coarse grid \(steps: stored 100, requested 200\)/);
  });

  it('checks the stored coarse plan as plan.json is checked: a rule in it is parsed like a rule file, a missing field named', () => {
    const path = join(dir, 'hostile-rounds.json');
    claimRounds(path, coarse);
    const stored = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify({ ...stored, coarse: { ...coarse, rule: { file: 'x.json', name: 'x', verdict: 'constructor' } } }));
    const bad = clockpizzaErrorOf(() => claimRounds(path, coarse));
    expect(bad).toMatchObject({ file: path });
    writeFileSync(path, JSON.stringify({ ...stored, coarse: { ...coarse, steps: undefined } }));
    expect(clockpizzaErrorOf(() => claimRounds(path, coarse))).toMatchObject({ file: path, field: 'coarse.steps' });
  });
});
