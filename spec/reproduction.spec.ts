import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/audit/rules.js';
import { circularityGate } from '../src/audit/circularity-gate.js';
import { repoRoot } from '../src/reference.js';
import { boundaryIntervals } from '../src/sweep/boundary-interval.js';
import { readPopulation } from '../src/sweep/population.js';
import { setup } from '../src/vitest/index.js';

/**
 * The committed reproduction (fixtures/reproduction/d<d>.jsonl, `clockpizza reproduce boundary`,
 * issue 16.3) against the paper's claims it can support, both stories' network claims
 * (issue 17.4), and the README's statement that its boundary does not reach the paper's.
 */

setup();
const fixture = (name: string) => resolve(repoRoot(), 'fixtures/reproduction', name);
const claims = (name: string) => resolve(repoRoot(), 'spec/claims', `${name}.json`);
const d128 = fixture('d128.jsonl');

describe('the committed d = 128 reproduction', () => {
  it("holds the paper's claims it can support, and both stories' network claims", () => {
    expect(d128).toSatisfyClaims(claims('reproduction'));
    expect(d128).toSatisfyClaims(claims('paper-networks'));
    expect(d128).toSatisfyClaims(claims('critique'));
  });

  it("misses the paper's boundary as the README says: GS crossing ≈ 0.67 under both gates, 0.1 above 0.567", () => {
    const population = readPopulation(d128);
    const gs = (rule: string) => boundaryIntervals(population, { width: 128, gate: circularityGate(loadRules(rule)) }).crossings.find((c) => c.metric === 'gradientSymmetricity')!;
    const paper = gs('paper');
    const fourier = gs('fourier');
    expect(paper.alpha).toBeCloseTo(0.669, 3);
    expect(paper.runs).toBe(6);
    expect(paper.ci).toBeNull(); // 42 of 1,000 resamples never cross
    expect(fourier.alpha).toBeCloseTo(0.675, 3);
    expect(fourier.ci![0]).toBeCloseTo(0.631, 3);
    expect(fourier.ci![1]).toBeCloseTo(0.751, 3);
    expect(fourier.runs).toBe(29);
  });

  it.each(['d64.jsonl', 'd256.jsonl'])('%s, where committed, gives a boundary table without NaN', (name) => {
    if (!existsSync(fixture(name))) return;
    const width = Number(name.slice(1, -6));
    const report = boundaryIntervals(readPopulation(fixture(name)), { width });
    expect(report.runs).toBeGreaterThan(0);
    for (const c of report.crossings) expect(Number.isNaN(c.alpha ?? 0)).toBe(false);
  });
});
