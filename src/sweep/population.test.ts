import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { circularityGate } from '../audit/circularity-gate.js';
import { rulesWithGate } from '../../test/support/rule-with-gate.js';
import { readPopulation, selectRuns } from './population.js';
import { jsonl, sampleResult } from '../../test/support/sample-result.js';
import { parseSweepResults } from './results.js';

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-population-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readPopulation', () => {
  it('reads JSONL and CSV by extension, or by content', () => {
    const j = join(dir, 'r.jsonl');
    writeFileSync(j, jsonl([sampleResult()]));
    expect(readPopulation(j)).toMatchObject({ source: 'sweep', runs: [{ runid: 'r0' }] });
    const c = join(dir, 'r.csv');
    writeFileSync(c, 'runid,attn_coeff,d_model,n_layers,diff_vocab,eqn_sign,gradient_sim,distance_irrelevance,circularity\nq,0.3,64,1,0,0,0.9,0.3,0.999\n');
    expect(readPopulation(c)).toMatchObject({ source: 'reference-csv', runs: [{ runid: 'q', width: 64 }] });
    const unknown = join(dir, 'results.txt');
    writeFileSync(unknown, jsonl([sampleResult()]));
    expect(readPopulation(unknown).source).toBe('sweep');
  });

  it('names a missing file', () => {
    expect(() => readPopulation(join(dir, 'nope.jsonl'))).toThrow(/nope\.jsonl: no such file/);
  });
});

describe('selectRuns (METRICS.md §8 filter)', () => {
  const runs = parseSweepResults(
    jsonl([
      sampleResult({ runid: 'keep' }),
      sampleResult({ runid: 'two-layers', layers: 2 }),
      sampleResult({ runid: 'diff-vocab', diffVocab: true }),
      sampleResult({ runid: 'eqn', eqnSign: true }),
      sampleResult({ runid: 'no-circularity' }, { circularity: null }),
      sampleResult({ runid: 'not-circular' }, { circularity: 0.99 }),
      sampleResult({ runid: 'wide', width: 256 }),
    ]),
    'r.jsonl',
  );
  it('drops other layer counts, the variant vocabularies and empty circularity', () => {
    expect(selectRuns(runs, { layers: 1 }).map((r) => r.runid)).toEqual(['keep', 'not-circular', 'wide']);
    expect(selectRuns(runs, { layers: 1, circularOnly: true, width: 128 }).map((r) => r.runid)).toEqual(['keep']);
  });

  it("keeps circular runs by the gate it is given (the active rule's)", () => {
    const lenient = circularityGate(rulesWithGate({ metric: 'circularity', op: '<', value: 0.9 }));
    expect(selectRuns(runs, { layers: 1, circularOnly: true, width: 128, gate: lenient }).map((r) => r.runid)).toEqual(['keep', 'not-circular']);
  });
});
