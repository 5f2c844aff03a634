import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClockpizzaError } from '../errors.js';
import { expandPlan, type SweepJob } from './grid.js';
import { ResultsFile } from './results-file.js';
import { sampleResult } from '../../test/support/sample-result.js';
import type { SweepResult } from './results.js';

const jobs = expandPlan({ attn: [0.25, 0.5], widths: [128], layers: [1], seeds: 2, firstSeed: 0, steps: 100 });

function resultOf(job: SweepJob): SweepResult {
  return sampleResult({ runid: job.runid, seed: job.seed, attn: job.attn, width: job.width, layers: job.layers, steps: job.steps });
}

function tempFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'clockpizza-results-')), 'results.jsonl');
}

const quiet = { warn: () => {} };

describe('ResultsFile', () => {
  it('creates the file, appends complete lines, and canonicalises to job order', () => {
    const path = tempFile();
    const file = ResultsFile.open(path, jobs, quiet);
    expect(readFileSync(path, 'utf8')).toBe('');
    file.append(resultOf(jobs[2]!));
    file.append(resultOf(jobs[0]!));
    const appended = readFileSync(path, 'utf8').split('\n');
    expect(appended.map((l) => (l ? (JSON.parse(l) as SweepResult).runid : ''))).toEqual([jobs[2]!.runid, jobs[0]!.runid, '']);
    file.canonicalise();
    const canonical = readFileSync(path, 'utf8');
    expect(canonical.trimEnd().split('\n').map((l) => (JSON.parse(l) as SweepResult).runid)).toEqual([jobs[0]!.runid, jobs[2]!.runid]);
    expect(file.has(jobs[0]!.runid) && file.has(jobs[2]!.runid) && !file.has(jobs[1]!.runid)).toBe(true);
    // Reopening reads the same runs and leaves the bytes alone.
    const again = ResultsFile.open(path, jobs, quiet);
    expect(again.size).toBe(2);
    expect(readFileSync(path, 'utf8')).toBe(canonical);
  });

  it('the same set of results gives the same bytes whatever the completion order', () => {
    const texts = [[0, 1, 2, 3], [3, 1, 0, 2]].map((order) => {
      const path = tempFile();
      const file = ResultsFile.open(path, jobs, quiet);
      for (const i of order) file.append(resultOf(jobs[i]!));
      file.canonicalise();
      return readFileSync(path, 'utf8');
    });
    expect(texts[1]).toBe(texts[0]);
  });

  it('sets a torn last line aside with a warning, keeping every complete line', () => {
    const path = tempFile();
    const complete = [jobs[1]!, jobs[0]!].map((j) => JSON.stringify(resultOf(j)) + '\n').join('');
    const torn = JSON.stringify(resultOf(jobs[2]!)).slice(0, 57);
    writeFileSync(path, complete + torn);
    const warnings: string[] = [];
    const file = ResultsFile.open(path, jobs, { warn: (m) => warnings.push(m) });
    expect(file.size).toBe(2);
    expect(file.has(jobs[2]!.runid)).toBe(false);
    expect(warnings.join('\n')).toMatch(/last line was incomplete \(57 bytes.*set aside/);
    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().split('\n').map((l) => (JSON.parse(l) as SweepResult).runid)).toEqual([jobs[0]!.runid, jobs[1]!.runid]);
    const aside = readdirSync(join(path, '..')).filter((f) => f.startsWith('results.jsonl.torn-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(path, '..', aside[0]!), 'utf8')).toBe(torn);
  });

  it('treats trailing NUL bytes (a crash before fsync) as a torn tail', () => {
    const path = tempFile();
    writeFileSync(path, JSON.stringify(resultOf(jobs[0]!)) + '\n' + '\0'.repeat(40));
    const file = ResultsFile.open(path, jobs, quiet);
    expect(file.size).toBe(1);
  });

  it('refuses a broken complete line, naming file:line', () => {
    const path = tempFile();
    writeFileSync(path, JSON.stringify(resultOf(jobs[0]!)) + '\n{"runid": \n' + JSON.stringify(resultOf(jobs[1]!)) + '\n');
    expect(() => ResultsFile.open(path, jobs, quiet)).toThrow(ClockpizzaError);
    expect(() => ResultsFile.open(path, jobs, quiet)).toThrow(/results\.jsonl:2: not valid JSON/);
  });

  it('refuses lines of another plan unless forced, then sets them aside', () => {
    const path = tempFile();
    const other = sampleResult({ runid: 'a0.90-w64-s0', attn: 0.9, width: 64 });
    const differentSteps = { ...resultOf(jobs[1]!), steps: 50 };
    writeFileSync(path, [resultOf(jobs[0]!), other, differentSteps].map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect(() => ResultsFile.open(path, jobs, quiet)).toThrow(/results\.jsonl:2: runid: run "a0\.90-w64-s0" is not in this sweep's plan.*--force/);
    const file = ResultsFile.open(path, jobs, { force: true, ...quiet });
    expect(file.size).toBe(1);
    const aside = readdirSync(join(path, '..')).filter((f) => f.startsWith('results.jsonl.set-aside-'));
    expect(readFileSync(join(path, '..', aside[0]!), 'utf8').trimEnd().split('\n')).toHaveLength(2);
  });

  it('refuses schema-invalid results and results of other jobs on append', () => {
    const file = ResultsFile.open(tempFile(), jobs, quiet);
    expect(() => file.append({ ...resultOf(jobs[0]!), verdict: { algorithm: 'round', lean: 'pizza' } } as unknown as SweepResult)).toThrow(/verdict\.algorithm/);
    expect(() => file.append({ ...resultOf(jobs[0]!), seed: 9 })).toThrow(/does not belong/);
    file.append(resultOf(jobs[0]!));
    expect(() => file.append(resultOf(jobs[0]!))).toThrow(/already in the file/);
  });
});
