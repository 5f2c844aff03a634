import { describe, expect, it } from 'vitest';
import { boundaryWidthFigure } from './boundary-width-figure.js';
import { renderSvg } from './render.js';
import { xmlProblem } from './xml-check.js';

describe('boundaryWidthFigure', () => {
  it('draws each defined crossing with its interval, leaves out undefined ones, never NaN', async () => {
    const figure = boundaryWidthFigure([
      { source: 'paper', width: 64, alpha: 0.459, ci: [0.431, 0.553], runs: 128 },
      { source: 'paper', width: 128, alpha: 0.587, ci: [0.498, 0.604], runs: 113 },
      { source: 'ours', width: 128, alpha: 0.612, ci: null, runs: 20 },
      { source: 'ours', width: 256, alpha: null, ci: null, runs: 3 },
    ]);
    const values = (figure.spec as { data: { values: { source: string; width: number; lo: number | null }[] } }).data.values;
    expect(values.map((v) => `${v.source}@${v.width}`)).toEqual(['paper@64', 'paper@128', 'ours@128']);
    expect(values[2]!.lo).toBeNull();
    const svg = await renderSvg(figure.spec);
    expect(xmlProblem(svg)).toBeNull();
    for (const label of ['α = 0.459', 'α = 0.587', 'α = 0.612', 'paper', 'ours']) expect(svg).toContain(label);
    expect(svg).not.toContain('NaN');
  });
});
