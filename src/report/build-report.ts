import { FVE_FORMULA, FVE_RANGE } from '../audit/quantities.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointInfo } from '../audit/audit.js';
import type { CircleReport } from '../audit/circles.js';
import { auditNetwork, type AuditReport } from '../audit/report.js';
import { loadRules, type Rules } from '../audit/rules.js';
import { specTemplates } from '../audit/templates.js';
import { ClockpizzaError } from '../errors.js';
import { writeAllOrNone, type Output } from '../io/atomic-write.js';
import { correctLogitTable } from '../metrics/distance-irrelevance.js';
import { measureAll } from '../metrics/measure.js';
import { loadCheckpoint } from '../model/load.js';
import type { Figure } from '../plot/figure.js';
import { renderSvg, svgToPng } from '../plot/render.js';
import { circleFigure, fveFigure, logitHeatmapFigure } from './figures.js';
import { reportHtml, type RenderedFigure, type ReportSection } from './html.js';

/**
 * `clockpizza report` as a function: load a checkpoint, measure it once, audit it with that
 * measurement (the same report `clockpizza audit --json` gives), draw the figures from the
 * same numbers, and assemble one HTML page.
 */

export interface ReportOptions {
  config?: string;
  attn?: number;
  rules?: Rules;
}

export interface BuiltReport {
  audit: AuditReport;
  html: string;
  figures: RenderedFigure[];
}

/** The circle whose δ orders the re-ordered heat map: the first pizza or clock circle, else the first circle. */
export function mainCircle(circles: readonly CircleReport[]): CircleReport | undefined {
  return circles.find((c) => c.role === 'pizza' || c.role === 'clock') ?? circles[0];
}

async function render(figure: Figure): Promise<RenderedFigure> {
  return { name: figure.name, title: figure.title, svg: await renderSvg(figure.spec) };
}

export async function buildReport(path: string, options: ReportOptions = {}): Promise<BuiltReport> {
  const loaded = await loadCheckpoint(path, {
    ...(options.config !== undefined ? { config: options.config } : {}),
    ...(options.attn !== undefined ? { attn: options.attn } : {}),
  });
  const { network } = loaded;
  const measurement = measureAll(network);
  const audit = auditNetwork(
    network,
    checkpointInfo(path, loaded),
    { rules: options.rules ?? loadRules(), templates: specTemplates(), measurement },
  );
  const p = network.p;
  const table = correctLogitTable(network, measurement.logits);
  const main = mainCircle(audit.circles);

  const circleFigures = await Promise.all(audit.circles.map((c) => render(circleFigure(c, measurement.pca, p))));
  const heatmaps = [await render(logitHeatmapFigure(table, p))];
  if (main) heatmaps.push(await render(logitHeatmapFigure(table, p, main.delta)));
  const fve = audit.circles.length > 0 ? [await render(fveFigure(audit.circles))] : [];

  const sections: ReportSection[] = [
    {
      id: 'circles',
      heading: 'Circles',
      notes: [
        'Each circle is a pair of principal components of the token embedding with the same step δ (paired by δ, not by adjacency). Points are tokens 0…p−1 at their scores on the two components; on a clean circle of frequency k consecutive tokens are 2πk/p apart, so tokens t and t + δ are neighbours.',
        ...(audit.circles.length === 0 ? ['No circles were found among the first principal components.'] : []),
        ...(audit.unpairedComponents.length > 0 ? [`Unpaired components: ${audit.unpairedComponents.map((u) => `PC ${u.component} (δ ${u.delta}, score ${u.score.toFixed(3)})`).join(', ')}.`] : []),
      ],
      figures: circleFigures,
    },
    {
      id: 'logits',
      heading: 'Correct logit',
      notes: [
        'L[a+b][a−b] = the logit of the correct answer (a+b) mod p for the one pair (a, b) in each cell. A Clock network\'s correct logit hardly depends on a − b (distance irrelevance near 1); a Pizza\'s depends on it through |cos(πk(a−b)/p)| (distance irrelevance near 0.17).',
        main
          ? `The second map orders the columns by (a − b)·δ⁻¹ mod p for the main circle (PCs ${main.components.join('–')}, δ = ${main.delta}, ${main.role}), so the a − b dependence of that circle is one smooth band.`
          : 'No circle was found, so there is no re-ordered map.',
      ],
      figures: heatmaps,
    },
    {
      id: 'fve',
      heading: 'Circle fits',
      notes: [
        'Each circle is isolated (its two PCA scores kept, the others zeroed, the mean embedding added back) and the whole model run; its logits are compared with each algorithm spec in spec/algorithms/ at the circle\'s frequency (accompanying circles at the base frequency). Logit FVE = ' + FVE_FORMULA + '; range ' + FVE_RANGE + '.',
        ...(audit.circles.length === 0 ? ['No circles to fit.'] : []),
      ],
      figures: fve,
    },
  ];
  const figures = [...circleFigures, ...heatmaps, ...fve];
  return { audit, html: reportHtml(audit, sections), figures };
}

/** The paths `writeReport` writes: the page and, with `pngDir`, each figure as <pngDir>/<name>.png. */
export function reportPaths(built: BuiltReport, out: string, pngDir?: string): string[] {
  return [out, ...(pngDir === undefined ? [] : built.figures.map((figure) => join(pngDir, `${figure.name}.png`)))];
}

/** Writes the page and, with `pngDir`, each figure as <name>.png, all or none. Returns the paths written. */
export function writeReport(built: BuiltReport, out: string, pngDir?: string): string[] {
  const outputs: Output[] = [{ path: out, bytes: built.html }];
  if (pngDir !== undefined) {
    try {
      mkdirSync(pngDir, { recursive: true });
    } catch (error) {
      throw new ClockpizzaError(`cannot create the directory: ${(error as Error).message}`, { file: pngDir, field: '--png' });
    }
    for (const figure of built.figures) outputs.push({ path: join(pngDir, `${figure.name}.png`), bytes: svgToPng(figure.svg) });
  }
  writeAllOrNone(outputs);
  return outputs.map((o) => o.path);
}
