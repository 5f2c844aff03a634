import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../stats/rng.js';
import { comparePopulations, formatComparison } from './population-compare.js';
import { parseSweepResults } from './results.js';
import { jsonl, sampleResult } from '../../test/support/sample-result.js';

function population(prefix: string, perBin: number, shift: number, seed: number, bins = [0, 1]) {
  const random = mulberry32(seed);
  const lines = [];
  for (const bin of bins) {
    for (let i = 0; i < perBin; i++) {
      const gs = 0.9 + 0.05 * random() + shift;
      lines.push(sampleResult({ runid: `${prefix}${bin}-${i}`, attn: bin / 10 + 0.05 }, { gradientSymmetricity: gs, distanceIrrelevanceTopIncorrect: 0.2 + 0.05 * random() }));
    }
  }
  return parseSweepResults(jsonl(lines), `${prefix}.jsonl`);
}

describe('comparePopulations', () => {
  it('finds the same distribution consistent and a shifted one different', () => {
    const reference = population('ref', 40, 0, 1);
    const same = comparePopulations(population('a', 30, 0, 2), reference, { draws: 50 });
    const gs0 = same.bins.find((b) => b.metric === 'gradientSymmetricity' && b.index === 0)!;
    expect(gs0).toMatchObject({ n: 30, m: 40, verdict: 'consistent' });
    expect(gs0.ks!.pValue).toBeGreaterThan(0.05);
    expect(gs0.power!.detectableShift).toBeGreaterThan(0);

    const shifted = comparePopulations(population('b', 30, 0.03, 3), reference, { draws: 50 });
    const gs1 = shifted.bins.find((b) => b.metric === 'gradientSymmetricity' && b.index === 1)!;
    expect(gs1.verdict).toBe('differs');
    expect(gs1.ks!.pValue).toBeLessThan(1e-3);
    // DI was not shifted
    expect(shifted.bins.find((b) => b.metric === 'distanceIrrelevanceTopIncorrect' && b.index === 1)!.verdict).toBe('consistent');
  });

  it('says "insufficient data" below two runs and leaves other widths and non-circular runs out', () => {
    const reference = population('ref', 10, 0, 1);
    const setup = [
      ...population('one', 1, 0, 5),
      ...parseSweepResults(jsonl([sampleResult({ runid: 'wide', width: 256 }), sampleResult({ runid: 'flat' }, { circularity: 0.9 })]), 'x.jsonl'),
    ];
    const c = comparePopulations(setup, reference, { draws: 20 });
    expect(c.bins.filter((b) => b.index < 2).every((b) => b.verdict === 'insufficient data' && b.n === 1)).toBe(true);
    expect(c.bins.filter((b) => b.index >= 2).every((b) => b.n === 0 && b.m === 0)).toBe(true);
    expect(c.circular.setup).toEqual([2, 3]);
    const text = formatComparison(c, 'setup.jsonl', 'ref.csv');
    expect(text).toContain('insufficient data (< 2 runs)');
    expect(text).toContain('two-sample Kolmogorov–Smirnov');
    expect(text).toContain('Monte Carlo');
    expect(text).not.toContain('note:');
  });

  it('notes the runs a Fourier gate cannot judge (no circularityFourier recorded)', () => {
    const fourier = { metric: 'circularityFourier' as const, op: '<' as const, value: 0.99, rule: 'fourier.json' };
    const c = comparePopulations(population('a', 3, 0, 2), population('ref', 4, 0, 1), { draws: 20, gate: fourier });
    expect(c.ungated).toEqual({ setup: 6, reference: 8 });
    const text = formatComparison(c, 'setup.jsonl', 'ref.csv');
    expect(text).toContain("note: setup: 6 of 6 runs do not record circularityFourier, the gate's metric");
    expect(text).toContain('note: reference: 8 of 8 runs');
  });
});
