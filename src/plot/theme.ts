import type { Config } from 'vega-lite';

/**
 * One look for every figure the project draws (phase diagrams now, the HTML report later):
 * fonts, sizes and the marks that tell populations apart when they are overlaid.
 */

/** Vega-lite config shared by all figures. Text uses the generic sans-serif family, which the PNG rasteriser maps to a font it has (see render.ts). */
export const FIGURE_CONFIG: Config = {
  font: 'sans-serif',
  background: 'white',
  padding: 8,
  view: { stroke: '#bbb' },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eee' },
  // limits of 0: never truncate legend text (file names identify populations)
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0, titleLimit: 0 },
  title: { fontSize: 14, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#555' },
};

/** Colours and shapes per overlaid population, in order: distinct in hue and in form, so they survive greyscale and colour-blindness. */
export const SOURCE_COLOURS = ['#1f5fa8', '#d9541e', '#2a9d55', '#8e44ad', '#b8860b', '#444444'] as const;
export const SOURCE_SHAPES = ['circle', 'triangle-up', 'square', 'diamond', 'cross', 'triangle-down'] as const;

export function sourceColour(index: number): string {
  return SOURCE_COLOURS[index % SOURCE_COLOURS.length]!;
}

export function sourceShape(index: number): string {
  return SOURCE_SHAPES[index % SOURCE_SHAPES.length]!;
}

/** Sequential scheme for a metric in [0, 1] coloured over a plane (colour-blind safe, readable in greyscale). */
export const METRIC_SCHEME = 'viridis';
