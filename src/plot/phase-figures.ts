import { basename } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { Crossing } from '../sweep/boundary.js';
import { DI_THRESHOLD, GS_THRESHOLD, type PhaseAnalysis } from '../sweep/phase-analysis.js';
import { defaultCircularityGate, gateText } from '../audit/circularity-gate.js';
import { METRIC_LABELS, type PopulationMetric } from '../sweep/run.js';
import type { Figure } from './figure.js';
import { FIGURE_CONFIG, METRIC_SCHEME, sourceColour, sourceShape } from './theme.js';

/**
 * The paper's phase diagrams as vega-lite specs, drawn from PhaseAnalysis (so the boundary in
 * the figure is the boundary `phase --summary` prints):
 * - fixed width: the metric against α, one point per circular run, per-bin medians as a line,
 *   the threshold as a dashed rule, the estimated boundary as a rule labelled with its α;
 * - varying width: α × width, points coloured by the metric, and per width octave the
 *   boundary as a rule spanning the octave, labelled.
 * Several populations overlay with distinct colours and shapes and a legend.
 */

export interface PhaseSeries {
  label: string;
  analysis: PhaseAnalysis;
}

/** "1l_fixedwidth.csv (reference, d = 128)" */
export function seriesLabel(analysis: PhaseAnalysis, source: 'sweep' | 'reference-csv'): string {
  const kind = source === 'sweep' ? 'sweep' : 'reference';
  const widths = analysis.width !== null ? `d = ${analysis.width}` : analysis.widths.length > 0 ? `d ${analysis.widths[0]}–${analysis.widths[analysis.widths.length - 1]}` : 'no runs';
  return `${basename(analysis.file)} (${kind}, ${widths})`;
}

interface PanelMetric {
  key: PopulationMetric;
  short: string;
  threshold: number;
  crossing(a: PhaseAnalysis): Crossing;
  bands(a: PhaseAnalysis): { lo: number; hi: number; crossing: Crossing }[];
  bins(a: PhaseAnalysis): PhaseAnalysis['gs']['bins'];
}

function panels(diMetric: PhaseAnalysis['diMetric']): PanelMetric[] {
  return [
    {
      key: 'gradientSymmetricity',
      short: 'gs',
      threshold: GS_THRESHOLD,
      crossing: (a) => a.gs.crossing,
      bands: (a) => a.bands.map((b) => ({ lo: b.lo, hi: b.hi, crossing: b.gs })),
      bins: (a) => a.gs.bins,
    },
    {
      key: diMetric,
      short: 'di',
      threshold: DI_THRESHOLD,
      crossing: (a) => a.di.crossing,
      bands: (a) => a.bands.map((b) => ({ lo: b.lo, hi: b.hi, crossing: b.di })),
      bins: (a) => a.di.bins,
    },
  ];
}

function layersText(series: readonly PhaseSeries[]): string {
  const layers = series[0]?.analysis.layers ?? 1;
  return `${layers} layer${layers === 1 ? '' : 's'}`;
}

/** The circularity gate the series were analysed with (one --rule for all of them). */
function circularText(series: readonly PhaseSeries[]): string {
  return gateText(series[0]?.analysis.gate ?? defaultCircularityGate());
}

const ALPHA_AXIS = { field: 'attn', type: 'quantitative', title: 'attention rate α', scale: { domain: [0, 1] } } as const;

function fixedWidthSpec(series: readonly PhaseSeries[], metric: PanelMetric): TopLevelSpec {
  const labels = series.map((s) => s.label);
  const colour = { field: 'source', type: 'nominal', title: 'population', scale: { domain: labels, range: series.map((_, i) => sourceColour(i)) } } as const;
  const shape = { field: 'source', type: 'nominal', title: 'population', scale: { domain: labels, range: series.map((_, i) => sourceShape(i)) } } as const;
  const points = series.flatMap((s) =>
    s.analysis.runs.flatMap((r) => {
      const value = r.metrics[metric.key];
      return value === null ? [] : [{ source: s.label, attn: r.attn, value }];
    }),
  );
  const medians = series.flatMap((s) => metric.bins(s.analysis).flatMap((b) => (b.median === null ? [] : [{ source: s.label, attn: b.centre, median: b.median, n: b.n }])));
  const boundaries = series.flatMap((s, i) => {
    const x = metric.crossing(s.analysis).x;
    // labels stack from the top, one row per population, in its colour
    return x === null ? [] : [{ source: s.label, attn: x, label: `α = ${x.toFixed(3)}`, offset: 6 + 16 * i }];
  });
  const label = METRIC_LABELS[metric.key];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: FIGURE_CONFIG,
    title: {
      text: `${label[0]!.toUpperCase()}${label.slice(1)} against attention rate`,
      subtitle: [
        `${layersText(series)}, circular runs (${circularText(series)}), diff_vocab = eqn_sign = 0`,
        `line: median per α bin of 0.1; dashed: ${metric.threshold}; solid rule: estimated boundary (median crosses ${metric.threshold})`,
      ],
    },
    width: 560,
    height: 340,
    layer: [
      {
        data: { values: points },
        mark: { type: 'point', filled: true, opacity: 0.35, size: 18 },
        encoding: { x: ALPHA_AXIS, y: { field: 'value', type: 'quantitative', title: label }, color: colour, shape },
      },
      {
        data: { values: medians },
        mark: { type: 'line', strokeWidth: 2.5, point: { filled: true, size: 60 } },
        encoding: { x: { field: 'attn', type: 'quantitative' }, y: { field: 'median', type: 'quantitative' }, color: colour, shape },
      },
      {
        data: { values: [{}] },
        mark: { type: 'rule', strokeDash: [5, 4], color: '#777' },
        encoding: { y: { datum: metric.threshold } },
      },
      {
        data: { values: boundaries },
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: { x: { field: 'attn', type: 'quantitative' }, color: colour },
      },
      {
        data: { values: boundaries },
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 5, fontWeight: 'bold', fontSize: 12 },
        encoding: { x: { field: 'attn', type: 'quantitative' }, y: { field: 'offset', type: 'quantitative', scale: null }, text: { field: 'label' }, color: colour },
      },
    ],
  } as TopLevelSpec;
}

/** "distance irrelevance (top-incorrect logit)" → two lines, so a colour legend stays narrow. */
function legendTitle(label: string): string | string[] {
  const open = label.indexOf(' (');
  return open < 0 ? label : [label.slice(0, open), label.slice(open + 1)];
}

function varyingWidthSpec(series: readonly PhaseSeries[], metric: PanelMetric): TopLevelSpec {
  const labels = series.map((s) => s.label);
  const overlay = series.length > 1;
  const shape = { field: 'source', type: 'nominal', title: 'population', scale: { domain: labels, range: series.map((_, i) => sourceShape(i)) } } as const;
  const dash = { field: 'source', type: 'nominal', title: 'boundary of', scale: { domain: labels, range: series.map((_, i) => (i === 0 ? [1, 0] : [6, 3])) } } as const;
  const points = series.flatMap((s) =>
    s.analysis.runs.flatMap((r) => {
      const value = r.metrics[metric.key];
      return value === null ? [] : [{ source: s.label, attn: r.attn, width: r.width, value }];
    }),
  );
  const bands = series.flatMap((s, i) =>
    metric.bands(s.analysis).flatMap((b) => {
      const x = b.crossing.x;
      if (x === null) return [];
      // overlaid populations label their rules at staggered heights within the octave
      const at = b.lo * ((b.hi + 1) / b.lo) ** ((i + 1) / (series.length + 1));
      return [{ source: s.label, attn: x, lo: b.lo, hi: b.hi + 1, mid: at, label: `${x.toFixed(3)}${overlay ? ` (${i + 1})` : ''}` }];
    }),
  );
  const widths = points.map((p) => p.width);
  const domain = widths.length > 0 ? [Math.min(...widths, ...bands.map((b) => b.lo)), Math.max(...widths, ...bands.map((b) => b.hi))] : [16, 512];
  const label = METRIC_LABELS[metric.key];
  const y = { type: 'quantitative', title: 'width (d_model)', scale: { type: 'log', base: 2, domain } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: FIGURE_CONFIG,
    title: {
      text: `${label[0]!.toUpperCase()}${label.slice(1)} over attention rate × width`,
      subtitle: [
        `${layersText(series)}, circular runs (${circularText(series)}), diff_vocab = eqn_sign = 0`,
        `black rules: estimated boundary per width octave (median over α bins of 0.1 crosses ${metric.threshold})${overlay ? '; (n) = population n in legend order' : ''}`,
      ],
    },
    width: 560,
    height: 360,
    layer: [
      {
        data: { values: points },
        mark: { type: 'point', filled: true, opacity: 0.85, size: 26 },
        encoding: {
          x: ALPHA_AXIS,
          y: { field: 'width', ...y },
          color: { field: 'value', type: 'quantitative', title: legendTitle(label), scale: { scheme: METRIC_SCHEME } },
          ...(overlay ? { shape } : {}),
        },
      },
      {
        data: { values: bands },
        mark: { type: 'rule', strokeWidth: 3, color: 'black' },
        encoding: { x: { field: 'attn', type: 'quantitative' }, y: { field: 'lo', ...y }, y2: { field: 'hi' }, ...(overlay ? { strokeDash: dash } : {}) },
      },
      {
        data: { values: bands },
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 5, fontWeight: 'bold', fontSize: 12, color: 'black' },
        encoding: { x: { field: 'attn', type: 'quantitative' }, y: { field: 'mid', ...y }, text: { field: 'label' } },
      },
    ],
  } as TopLevelSpec;
}

/**
 * Figures for the populations given: fixed-width series (one width each) share the
 * `phase-<gs|di>-alpha` figures, varying-width series share `phase-<gs|di>-alpha-width`.
 */
export function phaseFigures(series: readonly PhaseSeries[]): Figure[] {
  const fixed = series.filter((s) => s.analysis.width !== null);
  const varying = series.filter((s) => s.analysis.width === null);
  const diMetric = series[0]?.analysis.diMetric ?? 'distanceIrrelevanceTopIncorrect';
  const figures: Figure[] = [];
  for (const metric of panels(diMetric)) {
    if (fixed.length > 0) figures.push({ name: `phase-${metric.short}-alpha`, title: `${METRIC_LABELS[metric.key]} against α (fixed width)`, spec: fixedWidthSpec(fixed, metric) });
    if (varying.length > 0) figures.push({ name: `phase-${metric.short}-alpha-width`, title: `${METRIC_LABELS[metric.key]} over α × width`, spec: varyingWidthSpec(varying, metric) });
  }
  return figures;
}
