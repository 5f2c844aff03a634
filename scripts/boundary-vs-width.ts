/**
 * The phase boundary against width, the paper's and ours (issue 16.3): for d = 64, 128, 256, the
 * α where the median gradient symmetricity of circular 1-layer runs crosses 0.9, with its
 * bootstrap 95 % interval (`clockpizza boundary`'s estimator: 1,000 resamples, seed 1).
 *
 * - Paper: `results/1l_varywidth.csv` (widths drawn at random between 32 and 511), runs with width
 *   in the band [d/√2, d·√2) centred on d (in log width); and `results/1l_fixedwidth.csv` at d = 128.
 * - Ours: `fixtures/reproduction/d<d>.jsonl` (`clockpizza reproduce boundary` rows), where present,
 *   under the paper's gate and under the Fourier gate.
 *
 * Writes fixtures/reproduction/boundary-vs-width.{svg,png} and BOUNDARY.md (the table).
 *   npm run build && node dist/scripts/boundary-vs-width.js
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { circularityGate, type CircularityGate } from '../src/audit/circularity-gate.js';
import { loadRules } from '../src/audit/rules.js';
import { boundaryWidthFigure, type WidthBoundary } from '../src/plot/boundary-width-figure.js';
import { writeFigures } from '../src/plot/figure.js';
import { hasReference, referenceDir, repoRoot } from '../src/reference.js';
import { boundaryIntervals, crossingOf, type CrossingInterval } from '../src/sweep/boundary-interval.js';
import { readPopulation, type Population } from '../src/sweep/population.js';

const WIDTHS = [64, 128, 256];
const out = resolve(repoRoot(), 'fixtures/reproduction');

interface Row extends WidthBoundary {
  population: string;
  note: string;
}

function row(source: string, population: string, width: number, gs: CrossingInterval): Row {
  const note = [gs.reason, gs.ciReason].filter((s) => s !== undefined).join('; ');
  return { source, population, width, alpha: gs.alpha, ci: gs.ci, runs: gs.runs, note };
}

const gsOf = (population: Population, width?: number, gate?: CircularityGate): CrossingInterval =>
  crossingOf(boundaryIntervals(population, { ...(width === undefined ? {} : { width }), ...(gate === undefined ? {} : { gate }) }), 'gradientSymmetricity');
/** Our early-stopped runs are rarely circular by the paper's PCA gate (README), so ours are also shown under the Fourier gate (spec/rules/fourier.json). */
const fourierGate = circularityGate(loadRules('fourier'));

const rows: Row[] = [];
if (hasReference()) {
  const vary = readPopulation(resolve(referenceDir(), 'pizza-repo/results/1l_varywidth.csv'));
  for (const d of WIDTHS) {
    const [lo, hi] = [d / Math.SQRT2, d * Math.SQRT2];
    const band = { ...vary, runs: vary.runs.filter((r) => r.width >= lo && r.width < hi) };
    rows.push(row('paper, varying width', `1l_varywidth.csv, width in [${lo.toFixed(1)}, ${hi.toFixed(1)})`, d, gsOf(band)));
  }
  rows.push(row('paper, fixed width', '1l_fixedwidth.csv', 128, gsOf(readPopulation(resolve(referenceDir(), 'pizza-repo/results/1l_fixedwidth.csv')), 128)));
} else {
  console.error('boundary-vs-width: CLOCKPIZZA_REFERENCE absent: the paper\'s tables are left out');
}
for (const d of WIDTHS) {
  const file = join(out, `d${d}.jsonl`);
  if (!existsSync(file)) continue;
  const ours = readPopulation(file);
  rows.push(row('ours, paper gate', `fixtures/reproduction/d${d}.jsonl (circularity ≥ 0.995)`, d, gsOf(ours, d)));
  rows.push(row('ours, Fourier gate', `fixtures/reproduction/d${d}.jsonl (circularityFourier ≥ 0.95)`, d, gsOf(ours, d, fourierGate)));
}

const f = (x: number | null) => (x === null ? '—' : x.toFixed(3));
const table = [
  '| width | population | GS crossing α | 95 % interval | circular runs | note |',
  '|---:|---|---:|---|---:|---|',
  ...rows.map((r) => `| ${r.width} | ${r.population} | ${f(r.alpha)} | ${r.ci === null ? '—' : `[${f(r.ci[0])}, ${f(r.ci[1])}]`} | ${r.runs} | ${r.note} |`),
].join('\n');
console.log(table);
writeFileSync(join(out, 'BOUNDARY.md'), `# Phase boundary against width\n\nBy \`node dist/scripts/boundary-vs-width.js\` (see its header).\n\n${table}\n`);
const written = await writeFigures(out, [boundaryWidthFigure(rows)]);
console.error(`boundary-vs-width: wrote ${written.join(', ')} and BOUNDARY.md`);
