import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { circularityGate, defaultCircularityGate, gateText, passesGate } from './circularity-gate.js';
import { ruleFileWithGate, rulesWithGate } from '../../test/support/rule-with-gate.js';
import { loadRules, type Condition, type Rules } from './rules.js';
import { parseSweepResults } from '../sweep/results.js';
import { isCircular } from '../sweep/run.js';
import { boundaryIntervals } from '../sweep/boundary-interval.js';
import { jsonl, sampleResult } from '../../test/support/sample-result.js';

const paper = loadRules();
const withGate = (when: unknown): Rules => rulesWithGate(when as Condition);

describe('the circularity gate of a rule file', () => {
  it("is paper.json's non-circular clause: circularity < 0.995 (METRICS.md §4/§8)", () => {
    expect(defaultCircularityGate()).toEqual({ metric: 'circularity', op: '<', value: 0.995, rule: 'spec/rules/paper.json' });
    expect(gateText(defaultCircularityGate())).toBe('circularity ≥ 0.995');
  });

  it('lets exactly the values through that the verdict does not call non-circular', () => {
    const gate = defaultCircularityGate();
    expect(passesGate(0.995, gate)).toBe(true);
    expect(passesGate(0.99499999, gate)).toBe(false);
    expect(passesGate(null, gate)).toBe(false);
    const strict = circularityGate(withGate({ metric: 'circularity', op: '<=', value: 0.995 }));
    expect(passesGate(0.995, strict)).toBe(false);
    expect(passesGate(0.9951, strict)).toBe(true);
    expect(gateText(strict)).toBe('circularity > 0.995');
  });

  it("reads the Fourier gate of spec/rules/fourier.json, and a run's recorded Fourier circularity through it", () => {
    const fourier = circularityGate(loadRules('fourier'));
    expect(fourier).toEqual({ metric: 'circularityFourier', op: '<', value: 0.95, rule: 'spec/rules/fourier.json' });
    expect(gateText(fourier)).toBe('circularityFourier ≥ 0.95');
    const lines = [
      sampleResult({ runid: 'ring', attn: 0 }, { circularity: 0.9, circularityFourier: 0.99 }),
      sampleResult({ runid: 'blob', attn: 0 }, { circularity: 0.999, circularityFourier: 0.5 }),
      sampleResult({ runid: 'older', attn: 0 }, { circularity: 0.999 }), // written before the Fourier metric: not circular under its gate
    ];
    const runs = parseSweepResults(jsonl(lines), 'r.jsonl');
    expect(runs.map((r) => isCircular(r, fourier))).toEqual([true, false, false]);
    expect(runs.map((r) => isCircular(r))).toEqual([false, true, true]);
    // boundary counts the run that lacks the gate's metric, and the CLI names it in a note
    expect(boundaryIntervals({ file: 'r.jsonl', source: 'sweep', runs }, { gate: fourier, bootstrap: { resamples: 10 } })).toMatchObject({ runs: 3, circularRuns: 1, ungatedRuns: 1 });
  });

  it('follows a rule file read from disk', () => {
    const file = ruleFileWithGate(mkdtempSync(join(tmpdir(), 'clockpizza-gate-')), 0.999);
    expect(circularityGate(loadRules(file))).toMatchObject({ op: '<', value: 0.999 });
  });

  it('refuses a rule without a usable gate, naming the file and the clause', () => {
    const none = { ...paper, verdict: paper.verdict.filter((c) => c.algorithm !== 'non-circular') };
    expect(clockpizzaErrorOf(() => circularityGate(none)).message).toBe('spec/rules/paper.json: /verdict: has no non-circular gate clause, which phase and compare need to tell circular runs');
    const other = withGate({ all: [{ metric: 'circularity', op: '<', value: 0.995 }, { metric: 'accuracy', op: '<', value: 1 }] });
    expect(clockpizzaErrorOf(() => circularityGate(other)).message).toMatch(/^spec\/rules\/paper\.json: \/verdict\/1\/when: the non-circular gate must be one comparison/);
    expect(() => circularityGate(withGate({ metric: 'circularity', op: '>', value: 0.5 }))).toThrow(/one comparison/);
  });
});
