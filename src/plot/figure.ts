import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { ClockpizzaError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { renderSvg, svgToPng } from './render.js';

/** A figure: a file name (no extension), what it shows, and its vega-lite spec. */
export interface Figure {
  name: string;
  title: string;
  spec: TopLevelSpec;
}

export type FigureFormat = 'svg' | 'png';

/** Writes each figure as <dir>/<name>.svg and .png (atomically: a reader never sees half a file). Returns the paths written. */
export async function writeFigures(dir: string, figures: readonly Figure[], formats: readonly FigureFormat[] = ['svg', 'png']): Promise<string[]> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new ClockpizzaError(`cannot create the output directory: ${(error as Error).message}`, { file: dir });
  }
  const written: string[] = [];
  for (const figure of figures) {
    const svg = await renderSvg(figure.spec);
    if (formats.includes('svg')) {
      const path = join(dir, `${figure.name}.svg`);
      writeFileAtomic(path, svg);
      written.push(path);
    }
    if (formats.includes('png')) {
      const path = join(dir, `${figure.name}.png`);
      writeFileAtomic(path, svgToPng(svg));
      written.push(path);
    }
  }
  return written;
}
