import { describe, expect, it } from 'vitest';
import { analysePhase, binIndex, binMedians, circularFractions, formatPhaseSummary, widthBand } from './phase-analysis.js';
import { parseSweepResults } from './results.js';
import { jsonl, sampleResult } from '../../test/support/sample-result.js';

/** A synthetic population: GS falls and DI rises linearly with α (GS = 1 − α/2, DI = α). */
function population(widths = [128]) {
  const lines = [];
  let k = 0;
  for (const width of widths) {
    for (let i = 0; i <= 20; i++) {
      const attn = i / 20;
      lines.push(sampleResult({ runid: `r${k++}`, attn, width }, { gradientSymmetricity: 1 - attn / 2, distanceIrrelevanceTopIncorrect: attn, circularity: 0.999 }));
    }
    lines.push(sampleResult({ runid: `r${k++}`, attn: 0.3, width }, { gradientSymmetricity: 0, circularity: 0.5 }));
    lines.push(sampleResult({ runid: `r${k++}`, attn: 0.3, width, layers: 2 }, { circularity: 0.999 }));
  }
  return { file: 'p.jsonl', source: 'sweep' as const, runs: parseSweepResults(jsonl(lines), 'p.jsonl') };
}

describe('binIndex', () => {
  it('keeps grid values in their own bin and α = 1 in the last', () => {
    expect(binIndex(0)).toBe(0);
    expect(binIndex(0.1 * 3)).toBe(3);
    expect(binIndex(0.29999999999999993)).toBe(3);
    expect(binIndex(0.2999)).toBe(2);
    expect(binIndex(1)).toBe(9);
  });
});

describe('analysePhase', () => {
  it('gives per-bin medians of circular one-layer runs and the crossing of the medians', () => {
    const a = analysePhase(population());
    expect(a.width).toBe(128);
    expect(a.runs).toHaveLength(21);
    // bin [0.5, 0.6) holds α = 0.5 and 0.55: median GS = 1 − 0.525/2
    expect(a.gs.bins[5]).toMatchObject({ n: 2, centre: 0.55 });
    expect(a.gs.bins[5]!.median).toBeCloseTo(0.7375, 12);
    // bin with centre c holds α = c − 0.05 and c: median GS = 1 − (c − 0.025)/2, crossing 0.9 at c = 0.225
    expect(a.gs.crossing.x).toBeCloseTo(0.225, 12);
    expect(a.di.crossing.x).toBeCloseTo(0.525, 12);
    expect(a.fractions).toEqual([
      { layers: 1, circular: 21, total: 22, fraction: 21 / 22 },
      { layers: 2, circular: 1, total: 1, fraction: 1 },
    ]);
  });

  it('estimates per width octave when widths vary', () => {
    const a = analysePhase(population([32, 48, 200]));
    expect(a.width).toBeNull();
    expect(a.bands.map((b) => [b.lo, b.hi, b.runs])).toEqual([
      [32, 63, 42],
      [128, 255, 21],
    ]);
    expect(widthBand(511)).toEqual({ lo: 256, hi: 511 });
  });

  it('says how many runs a gate on an unrecorded metric leaves out, instead of an unexplained empty table', () => {
    const fourier = { metric: 'circularityFourier' as const, op: '<' as const, value: 0.99, rule: 'fourier.json' };
    const withFourier = population();
    withFourier.runs[0] = { ...withFourier.runs[0]!, readings: { ...withFourier.runs[0]!.readings, circularityFourier: 0.999 } };
    const a = analysePhase(withFourier, { gate: fourier });
    // 22 one-layer runs, one of them recording the Fourier circularity (and passing)
    expect([a.selectedRuns, a.ungatedRuns, a.runs.length]).toEqual([22, 21, 1]);
    expect(formatPhaseSummary(a)).toContain("note: 21 of 22 runs do not record circularityFourier, the gate's metric");
    expect(formatPhaseSummary(analysePhase(population()))).not.toContain('note:');
  });

  it('prints fractions with two decimals and boundaries with three', () => {
    const text = formatPhaseSummary(analysePhase(population()));
    expect(text).toContain('95.45 %');
    expect(text).toContain('median GS crosses 0.9 at α = 0.225');
    expect(text).toContain('median DI crosses 0.5 at α = 0.525');
  });

  it('says when there is no crossing', () => {
    const flat = population();
    for (const r of flat.runs) r.metrics.gradientSymmetricity = 0.99;
    expect(formatPhaseSummary(analysePhase(flat))).toContain('median GS crosses 0.9 at α = none (the median stays above 0.9 in every bin)');
  });
});

describe('binMedians and circularFractions', () => {
  it('leave null values out and can narrow to one width', () => {
    const p = population([64, 128]);
    p.runs[0]!.metrics.gradientSymmetricity = null;
    expect(binMedians(p.runs.filter((r) => r.width === 64), 'gradientSymmetricity')[0]!.n).toBe(1);
    expect(circularFractions(p.runs, 64)[0]).toMatchObject({ circular: 21, total: 22 });
  });
});
