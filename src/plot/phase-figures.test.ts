import { describe, expect, it } from 'vitest';
import { analysePhase } from '../sweep/phase-analysis.js';
import { parseSweepResults } from '../sweep/results.js';
import { jsonl, sampleResult } from '../../test/support/sample-result.js';
import { phaseFigures, seriesLabel } from './phase-figures.js';
import { renderSvg } from './render.js';
import { xmlProblem } from './xml-check.js';

/** GS = 1 − α/2 + offset, DI = α: boundaries at bin centres 0.225 (GS 0.9) and 0.525 (DI 0.5) for offset 0. */
function series(file: string, widths: number[], offset = 0) {
  const lines = widths.flatMap((width, w) =>
    Array.from({ length: 21 }, (_, i) =>
      sampleResult({ runid: `r${w}-${i}`, attn: i / 20, width }, { gradientSymmetricity: 1 - i / 40 + offset, distanceIrrelevanceTopIncorrect: i / 20 }),
    ),
  );
  const analysis = analysePhase({ file, source: 'sweep', runs: parseSweepResults(jsonl(lines), file) });
  return { label: seriesLabel(analysis, 'sweep'), analysis };
}

describe('phaseFigures', () => {
  it('draws fixed-width figures with the boundary labelled', async () => {
    const figures = phaseFigures([series('a.jsonl', [128])]);
    expect(figures.map((f) => f.name)).toEqual(['phase-gs-alpha', 'phase-di-alpha']);
    const svg = await renderSvg(figures[0]!.spec);
    expect(xmlProblem(svg)).toBeNull();
    expect(svg).toContain('α = 0.225');
    expect(svg).toContain('gradient symmetricity');
    expect(await renderSvg(figures[1]!.spec)).toContain('α = 0.525');
  });

  it('overlays populations with a legend entry and a label each', async () => {
    const figures = phaseFigures([series('a.jsonl', [128]), series('b.jsonl', [128], -0.05)]);
    const svg = await renderSvg(figures[0]!.spec);
    expect(svg).toContain('a.jsonl (sweep, d = 128)');
    expect(svg).toContain('b.jsonl (sweep, d = 128)');
    expect(svg).toContain('α = 0.225');
    expect(svg).toContain('α = 0.125');
  });

  it('draws α × width figures with per-octave boundaries when widths vary', async () => {
    const figures = phaseFigures([series('v.jsonl', [32, 64, 128])]);
    expect(figures.map((f) => f.name)).toEqual(['phase-gs-alpha-width', 'phase-di-alpha-width']);
    const svg = await renderSvg(figures[0]!.spec);
    expect(xmlProblem(svg)).toBeNull();
    expect(svg.match(/>0\.225</g)?.length).toBe(3);
  });
});
