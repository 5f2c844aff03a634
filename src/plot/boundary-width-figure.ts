import type { TopLevelSpec } from 'vega-lite';
import type { Figure } from './figure.js';
import { FIGURE_CONFIG, sourceColour, sourceShape } from './theme.js';

/**
 * The phase boundary against width (issue 16.3): for each population (the paper's table, our
 * reproduction, …) and width, the α where the median gradient symmetricity of circular runs
 * crosses 0.9, with its bootstrap 95 % interval as a bar. A width without a crossing is left out
 * of the figure (the table beside it says why); a crossing without an interval is drawn without
 * a bar.
 */

export interface WidthBoundary {
  /** The population, as the legend names it. */
  source: string;
  /** The width the crossing belongs to (the centre of a width band for the paper's varying-width table). */
  width: number;
  alpha: number | null;
  ci: [number, number] | null;
  runs: number;
}

export function boundaryWidthFigure(points: readonly WidthBoundary[]): Figure {
  const sources = [...new Set(points.map((p) => p.source))];
  const values = points
    .filter((p) => p.alpha !== null)
    // sources at the same width side by side: shifted by an eighth of an octave each
    .map((p) => ({ source: p.source, width: p.width, at: p.width * 2 ** (0.12 * (sources.indexOf(p.source) - (sources.length - 1) / 2)), alpha: p.alpha, lo: p.ci?.[0] ?? null, hi: p.ci?.[1] ?? null, label: `α = ${p.alpha!.toFixed(3)}`, parity: sources.indexOf(p.source) % 2 }));
  const colour = { field: 'source', type: 'nominal' as const, title: null, legend: { orient: 'bottom' as const, direction: 'vertical' as const }, scale: { domain: sources, range: sources.map((_, i) => sourceColour(i)) } };
  const x = { field: 'at', type: 'quantitative' as const, title: 'width d_model', scale: { type: 'log' as const, base: 2, domain: [32, 512] }, axis: { values: [32, 64, 128, 256, 512] } };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: FIGURE_CONFIG,
    title: { text: 'Phase boundary against width', subtitle: 'α where the median gradient symmetricity of circular 1-layer runs crosses 0.9; bars: bootstrap 95 % interval' },
    width: 560,
    height: 300,
    data: { values },
    layer: [
      {
        mark: { type: 'rule', strokeWidth: 2 },
        transform: [{ filter: 'datum.lo !== null && datum.hi !== null' }],
        encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color: colour },
      },
      {
        mark: { type: 'point', filled: true, size: 90 },
        encoding: {
          x,
          y: { field: 'alpha', type: 'quantitative', title: 'attention rate α', scale: { domain: [0, 1] } },
          color: colour,
          shape: { field: 'source', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical' }, scale: { domain: sources, range: sources.map((_, i) => sourceShape(i)) } },
        },
      },
      // labels above the point for every other source, below it for the rest, so neighbours do not overlap
      ...[0, 1].map((parity) => ({
        mark: { type: 'text' as const, align: 'left' as const, dx: 8, dy: parity === 0 ? -8 : 14, fontSize: 10 },
        transform: [{ filter: `datum.parity === ${parity}` }],
        encoding: { x, y: { field: 'alpha', type: 'quantitative' as const }, text: { field: 'label' }, color: colour },
      })),
    ],
  };
  return { name: 'boundary-vs-width', title: 'phase boundary (GS crossing) against width, paper and reproduction', spec };
}
