import { describe, expect, it } from 'vitest';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { assertSweepResult, parseSweepResults } from './results.js';
import { jsonl, sampleResult } from '../../test/support/sample-result.js';

describe('parseSweepResults', () => {
  it('normalises lines into Runs, keeping both distance irrelevances and null values', () => {
    const text = jsonl([sampleResult(), sampleResult({ runid: 'r1', seed: 3, attn: 1, diffVocab: true }, { distanceIrrelevance: null })]);
    const runs = parseSweepResults(text, 'res.jsonl');
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ file: 'res.jsonl', line: 1, source: 'sweep', runid: 'r0', seed: 0, attn: 0.25, width: 128, layers: 1, steps: 100, diffVocab: false, eqnSign: false });
    expect(runs[0]!.metrics).toEqual({ accuracy: 1, parameterNorm: 22.85, gradientSymmetricity: 0.99, distanceIrrelevance: 0.17, distanceIrrelevanceTopIncorrect: 0.22, circularity: 0.998 });
    expect(runs[0]!.verdict).toEqual({ algorithm: 'pizza', lean: 'pizza' });
    expect(runs[1]).toMatchObject({ line: 2, diffVocab: true });
    expect(runs[1]!.metrics.distanceIrrelevance).toBeNull();
  });

  it('skips blank lines but counts them', () => {
    const runs = parseSweepResults(`\n${JSON.stringify(sampleResult())}\n\n`, 'res.jsonl');
    expect(runs[0]!.line).toBe(2);
  });

  it('names file and line of bad JSON', () => {
    const e = clockpizzaErrorOf(() => parseSweepResults(`${JSON.stringify(sampleResult())}\n{"runid": \n`, 'res.jsonl'));
    expect(e.file).toBe('res.jsonl:2');
    expect(e.message).toMatch(/^res\.jsonl:2: not valid JSON/);
  });

  it('says when the last line is incomplete', () => {
    const text = `${JSON.stringify(sampleResult())}\n${JSON.stringify(sampleResult({ runid: 'r1' })).slice(0, 40)}`;
    expect(clockpizzaErrorOf(() => parseSweepResults(text, 'res.jsonl')).message).toMatch(/incomplete last line/);
  });

  it('names file, line and field of a schema violation', () => {
    const bad = { ...sampleResult({ runid: 'r1' }), width: 'wide' };
    const e = clockpizzaErrorOf(() => parseSweepResults(jsonl([sampleResult(), bad as never]), 'res.jsonl'));
    expect(e.file).toBe('res.jsonl:2');
    expect(e.field).toBe('width');
    expect(e.message).toMatch(/^res\.jsonl:2: width: must be integer/);
  });

  it('names a missing metric and a null value without a reason', () => {
    const missing = sampleResult();
    delete (missing.metrics as Record<string, unknown>)['distanceIrrelevanceTopIncorrect'];
    expect(clockpizzaErrorOf(() => assertSweepResult(missing, 'x.jsonl:7')).message).toBe(
      'x.jsonl:7: metrics.distanceIrrelevanceTopIncorrect: is required (spec/schemas/sweep-result.schema.json)',
    );
    const noReason = sampleResult();
    noReason.metrics.circularity = { id: 'circularity@ref', value: null } as never;
    const e = clockpizzaErrorOf(() => assertSweepResult(noReason, 'x.jsonl:1'));
    expect(e.field).toBe('metrics.circularity.reason');
  });

  it('names a bad verdict and lists every problem', () => {
    const bad = sampleResult({ verdict: { algorithm: 'pie', lean: 'pizza' } as never, seed: -1 });
    const e = clockpizzaErrorOf(() => assertSweepResult(bad, 'x.jsonl:1'));
    expect(e.message).toMatch(/seed: must be >= 0/);
    expect(e.message).toMatch(/verdict\.algorithm: must be one of "pizza", "clock"/);
  });

  it('refuses a metric computed under another definition', () => {
    const old = sampleResult();
    old.metrics.gradientSymmetricity = { id: 'gradientSymmetricity@0', value: 0.9 };
    const e = clockpizzaErrorOf(() => assertSweepResult(old, 'x.jsonl:1'));
    expect(e.field).toBe('metrics.gradientSymmetricity.id');
  });

  it('refuses a runid seen twice', () => {
    const e = clockpizzaErrorOf(() => parseSweepResults(jsonl([sampleResult(), sampleResult()]), 'res.jsonl'));
    expect(e.message).toBe('res.jsonl:2: runid: runid "r0" already on line 1');
  });
});
