import { FVE_RANGE } from '../audit/quantities.js';
import type { TopLevelSpec } from 'vega-lite';
import type { CircleReport } from '../audit/circles.js';
import { modInverse } from '../metrics/modular.js';
import type { PcaResult } from '../metrics/pca.js';
import type { Matrix } from '../model/network.js';
import type { Figure } from '../plot/figure.js';
import { FIGURE_CONFIG, sourceColour } from '../plot/theme.js';

/**
 * The report's figures as vega-lite specs (rendered to SVG in Node by src/plot/render.ts):
 * each circle's two principal components with tokens labelled, the correct-logit table by
 * (a+b, a−b) and re-ordered by (a−b)·δ⁻¹, and per-circle logit FVE bars.
 */

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const ROLE_COLOURS: Record<string, string> = { pizza: sourceColour(1), clock: sourceColour(0), accompanying: sourceColour(2), unexplained: '#777777' };

export function circleTitle(c: CircleReport): string {
  return `PCs ${c.components.join('–')}: δ = ${c.delta}, k = ${c.frequency}, ${c.role}${c.accompanies ? ` of PCs ${c.accompanies.join('–')}` : ''}`;
}

/** Scores of components i and j (1-based) for tokens 0..p−1, each point labelled by its token. */
export function circleFigure(circle: CircleReport, fit: PcaResult, p: number): Figure {
  const [i, j] = circle.components;
  const n = fit.scores.cols;
  const values = Array.from({ length: p }, (_, t) => ({ token: t, x: fit.scores.data[t * n + i - 1]!, y: fit.scores.data[t * n + j - 1]! }));
  const colour = ROLE_COLOURS[circle.role] ?? '#444';
  return {
    name: `circle-pc${i}-pc${j}`,
    title: circleTitle(circle),
    spec: {
      $schema: SCHEMA,
      config: FIGURE_CONFIG,
      title: { text: circleTitle(circle), subtitle: [`circle score ${circle.score.toFixed(4)}`, `token t at angle ≈ 2π·t·k/${p}`] },
      width: 300,
      height: 300,
      data: { values },
      layer: [
        { mark: { type: 'point', filled: true, size: 40, color: colour }, encoding: { x: { field: 'x', type: 'quantitative', title: `PC ${i}`, scale: { zero: false } }, y: { field: 'y', type: 'quantitative', title: `PC ${j}`, scale: { zero: false } } } },
        { mark: { type: 'text', dx: 7, dy: -6, fontSize: 9, color: '#222' }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'token', type: 'nominal' } } },
      ],
    } as TopLevelSpec,
  };
}

/**
 * The correct-logit table L[s][d] (s = a+b, d = a−b mod p) as a heat map. With `delta` the
 * columns are put in the order d·δ⁻¹ mod p: along a circle of step δ, consecutive columns
 * are neighbours, so a Pizza's dependence on a−b becomes a smooth band instead of stripes.
 */
export function logitHeatmapFigure(table: Matrix, p: number, delta?: number): Figure {
  const inverse = delta === undefined ? 1 : modInverse(delta, p);
  const values: { s: number; x: number; d: number; logit: number }[] = [];
  for (let s = 0; s < p; s++) {
    for (let d = 0; d < p; d++) values.push({ s, d, x: (d * inverse) % p, logit: Number(table.data[s * p + d]!.toPrecision(5)) });
  }
  const reordered = delta !== undefined;
  const xTitle = reordered ? `(a − b)·δ⁻¹ mod ${p}  (δ = ${delta}, δ⁻¹ = ${inverse})` : `a − b mod ${p}`;
  const title = reordered ? `Correct logit by a + b and (a − b)/δ, δ = ${delta}` : 'Correct logit by a + b and a − b';
  // Short lines: vega measures text without a font in Node and overestimates long ones.
  const subtitle = reordered
    ? [`neighbouring columns differ by δ = ${delta} in a − b: this circle's dependence`, 'on a − b varies smoothly (other circles, e.g. accompanying ones, add theirs)']
    : ['L[s][d] = Q[a, b, (a+b) mod p], one pair per cell', 'Pizza: stripes along a − b; Clock: nearly flat'];
  const axis = { labelExpr: `datum.value % 10 === 0 ? datum.label : ''`, labelAngle: 0, ticks: false, grid: false };
  return {
    name: reordered ? 'correct-logit-by-delta' : 'correct-logit',
    title,
    spec: {
      $schema: SCHEMA,
      config: FIGURE_CONFIG,
      title: { text: title, subtitle },
      width: 6 * p,
      height: 6 * p,
      data: { values },
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'x', type: 'ordinal', title: xTitle, sort: 'ascending', axis },
        y: { field: 's', type: 'ordinal', title: `a + b mod ${p}`, sort: 'descending', axis },
        color: { field: 'logit', type: 'quantitative', title: 'correct logit', scale: { scheme: 'viridis' } },
        tooltip: [{ field: 's', title: 'a+b' }, { field: 'd', title: 'a−b' }, { field: 'logit' }],
      },
    } as TopLevelSpec,
  };
}

/** The FVE axis spans 2ρ − 1 for every ρ ∈ [−1, 1] (an opposite template reaches −3; issue 18.18). */
const FVE_LOWEST = -3;

/** Logit FVE (2ρ − 1) of each isolated circle against every algorithm spec, one group per circle. */
export function fveFigure(circles: readonly CircleReport[]): Figure {
  const values = circles.flatMap((c, order) =>
    Object.entries(c.fve).map(([spec, fve]) => ({ order, circle: `PCs ${c.components.join('–')} (δ ${c.delta}, ${c.role})`, spec, fve: fve ?? 0, shown: fve === null ? 'undefined' : fve.toFixed(3) })),
  );
  const specs = [...new Set(values.map((v) => v.spec))].sort();
  return {
    name: 'circle-fve',
    title: 'Logit FVE per circle and algorithm spec',
    spec: {
      $schema: SCHEMA,
      config: FIGURE_CONFIG,
      title: { text: 'Logit FVE of each isolated circle, per algorithm spec', subtitle: ['FVE = 2ρ − 1, ρ the correlation of the circle\'s logits with the template over all p³ entries;', FVE_RANGE] },
      data: { values },
      facet: { row: { field: 'circle', type: 'nominal', title: null, header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top', labelFontSize: 12, labelFontWeight: 'bold' }, sort: { field: 'order', op: 'min' } } },
      spec: {
        width: 420,
        height: { step: 14 },
        layer: [
          {
            mark: { type: 'bar' },
            encoding: {
              y: { field: 'spec', type: 'nominal', title: null, sort: specs },
              x: { field: 'fve', type: 'quantitative', title: 'logit FVE', scale: { domain: [FVE_LOWEST, 1] } },
              color: { field: 'spec', type: 'nominal', title: 'algorithm spec', scale: { domain: specs, range: specs.map((_, i) => sourceColour(i)) } },
            },
          },
          {
            mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 },
            encoding: { y: { field: 'spec', type: 'nominal', sort: specs }, x: { datum: 1 }, text: { field: 'shown' } },
          },
        ],
      },
    } as TopLevelSpec,
  };
}
