import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { ClockpizzaError } from '../errors.js';
import { writeAllOrNone, type Output } from '../io/atomic-write.js';
import { renderSvg, svgToPng } from './render.js';

/** A figure: a file name (no extension), what it shows, and its vega-lite spec. */
export interface Figure {
  name: string;
  title: string;
  spec: TopLevelSpec;
}

export type FigureFormat = 'svg' | 'png';

/** The paths `writeFigures` writes: <dir>/<name>.svg and .png for each figure. */
export function figurePaths(dir: string, figures: readonly Figure[], formats: readonly FigureFormat[] = ['svg', 'png']): string[] {
  return figures.flatMap((figure) => formats.map((format) => join(dir, `${figure.name}.${format}`)));
}

/** Writes each figure as <dir>/<name>.svg and .png, all or none (rendered first, then written: a reader never sees half a set). Returns the paths written. */
export async function writeFigures(dir: string, figures: readonly Figure[], formats: readonly FigureFormat[] = ['svg', 'png']): Promise<string[]> {
  const outputs: Output[] = [];
  for (const figure of figures) {
    const svg = await renderSvg(figure.spec);
    const [svgPath, pngPath] = [join(dir, `${figure.name}.svg`), join(dir, `${figure.name}.png`)];
    if (formats.includes('svg')) outputs.push({ path: svgPath, bytes: svg });
    if (formats.includes('png')) outputs.push({ path: pngPath, bytes: svgToPng(svg) });
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new ClockpizzaError(`cannot create the output directory: ${(error as Error).message}`, { file: dir });
  }
  writeAllOrNone(outputs);
  return outputs.map((o) => o.path);
}
