import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { pngDrawsText, pngFont, renderSvg, svgToPng } from './render.js';
import { rootElement, xmlProblem } from './xml-check.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const spec: TopLevelSpec = {
  data: { values: [{ x: 0.1, y: 0.9 }, { x: 0.7, y: 0.4 }] },
  mark: 'point',
  encoding: { x: { field: 'x', type: 'quantitative', title: 'attention rate α' }, y: { field: 'y', type: 'quantitative' } },
};

describe('renderSvg and svgToPng', () => {
  it('render a vega-lite spec to well-formed SVG with its text', async () => {
    const svg = await renderSvg(spec);
    expect(xmlProblem(svg)).toBeNull();
    expect(rootElement(svg)).toBe('svg');
    expect(svg).toContain('attention rate α');
  });

  it('rasterise to a PNG of the SVG size times the scale', async () => {
    const svg = await renderSvg(spec);
    const png = svgToPng(svg, 2);
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const width = png.readUInt32BE(16);
    const svgWidth = Number(/width="(\d+)"/.exec(svg)![1]);
    expect(width).toBe(2 * svgWidth);
  });

  it('draws text in PNGs when a font is installed', () => {
    if (pngFont() === null) {
      console.warn('skipping the PNG text check: no known sans-serif font on this machine (set CLOCKPIZZA_FONT)');
      return;
    }
    expect(pngDrawsText()).toBe(true);
  });
});
