import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { ClockpizzaError } from '../errors.js';

/**
 * Figures are vega-lite specs rendered to SVG in Node (vega's headless view: no browser, no
 * canvas) and rasterised to PNG by resvg. resvg draws text only with a font it has loaded;
 * vega writes the generic `sans-serif`, so we map that family to a font found on the system
 * (or the file named by $CLOCKPIZZA_FONT).
 */

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

interface FontChoice {
  family: string;
  file: string;
}

const CANDIDATES: readonly { family: string; files: readonly string[] }[] = [
  { family: 'DejaVu Sans', files: ['DejaVuSans.ttf'] },
  { family: 'Liberation Sans', files: ['LiberationSans-Regular.ttf'] },
  { family: 'Noto Sans', files: ['NotoSans-Regular.ttf'] },
  { family: 'Arial', files: ['Arial.ttf', 'arial.ttf'] },
  { family: 'Helvetica', files: ['Helvetica.ttc'] },
];

function fontDirs(): string[] {
  const home = homedir();
  return ['/usr/share/fonts', '/usr/local/share/fonts', join(home, '.fonts'), join(home, '.local/share/fonts'), '/Library/Fonts', '/System/Library/Fonts', 'C:\\Windows\\Fonts'].filter((d) => existsSync(d));
}

function findFile(dir: string, names: ReadonlySet<string>, depth: number): string | undefined {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const e of entries) if (e.isFile() && names.has(e.name)) return join(dir, e.name);
  if (depth === 0) return undefined;
  for (const e of entries) {
    if (e.isDirectory()) {
      const found = findFile(join(dir, e.name), names, depth - 1);
      if (found) return found;
    }
  }
  return undefined;
}

let chosen: FontChoice | null | undefined;

/** The font PNG text is drawn with, or null when none of the known ones is installed. */
export function pngFont(): FontChoice | null {
  if (chosen !== undefined) return chosen;
  const override = process.env['CLOCKPIZZA_FONT'];
  if (override) {
    if (!existsSync(override)) throw new ClockpizzaError('no such font file', { field: 'CLOCKPIZZA_FONT', file: override });
    chosen = { family: '', file: override };
    return chosen;
  }
  const dirs = fontDirs();
  for (const { family, files } of CANDIDATES) {
    for (const dir of dirs) {
      const file = findFile(dir, new Set(files), 4);
      if (file) {
        chosen = { family, file };
        return chosen;
      }
    }
  }
  chosen = null;
  return chosen;
}

function fontOptions(): ResvgRenderOptions['font'] {
  const font = pngFont();
  if (font === null) return { loadSystemFonts: true };
  // With one font file loaded and system fonts off, resvg makes it the default family.
  const family = font.family || undefined;
  return { loadSystemFonts: false, fontFiles: [font.file], ...(family ? { defaultFontFamily: family, sansSerifFamily: family } : {}) };
}

/** Rasterises an SVG at `scale` × its size (2 = crisp on high-density screens and in print). */
export function svgToPng(svg: string, scale = 2): Buffer {
  return new Resvg(svg, { font: fontOptions(), fitTo: { mode: 'zoom', value: scale }, background: 'white' }).render().asPng();
}

/** Whether PNG text will be visible: renders a word and looks for ink. */
export function pngDrawsText(): boolean {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="24"><text x="4" y="18" font-family="sans-serif" font-size="16">Pizza</text></svg>';
  const pixels = new Resvg(svg, { font: fontOptions(), background: 'white' }).render().pixels;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 128) return true;
  return false;
}
