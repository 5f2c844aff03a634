import type { TopLevelSpec } from 'vega-lite';
import type { Dynamics } from '../dynamics/dynamics-file.js';
import type { Snapshot } from '../dynamics/snapshot.js';
import { metricDefinition } from '../metrics/list.js';
import type { Figure } from './figure.js';
import { FIGURE_CONFIG, sourceColour } from './theme.js';

/**
 * `clockpizza dynamics`: each quantity of the snapshots against the training step, one line
 * per run (several runs overlaid, one colour each), and per run a dashed rule at the first
 * snapshot whose test accuracy is ≥ 0.99 (so at the resolution of --audit-every), plus one
 * figure of the verdict over the steps.
 */

export const LEARNED_TEST_ACCURACY = 0.99;

export interface DynamicsSeries {
  label: string;
  dynamics: Dynamics;
}

/** "α = 0.5, d = 128, seed 1" (the run in the file's header). */
export function runLabel(d: Dynamics): string {
  const r = d.header.run;
  const model = r.model === 'transformer' ? `α = ${r.attn}, d = ${r.width}${r.layers === 1 ? '' : `, ${r.layers} layers`}` : `${r.model}, h = ${r.width}`;
  return `${model}, seed ${r.seed}${d.header.stoppedAt === null ? '' : ` (stopped at ${d.header.stoppedAt})`}`;
}

/** The first snapshot step at which test accuracy is ≥ 0.99, or null. */
export function learnedAt(snapshots: readonly Snapshot[]): number | null {
  return snapshots.find((s) => s.testAcc >= LEARNED_TEST_ACCURACY)?.step ?? null;
}

interface Quantity {
  name: string;
  title: string;
  read(s: Snapshot): number | null;
  log?: boolean;
}

function quantities(series: readonly DynamicsSeries[]): Quantity[] {
  const fixed: Quantity[] = [
    { name: 'test-accuracy', title: 'test accuracy', read: (s) => s.testAcc },
    { name: 'train-accuracy', title: 'train accuracy', read: (s) => s.trainAcc },
    { name: 'test-loss', title: 'test loss', read: (s) => s.testLoss, log: true },
    { name: 'train-loss', title: 'train loss', read: (s) => s.trainLoss, log: true },
  ];
  // every metric any run recorded, in the order of the first file's header
  const keys = [...new Set(series.flatMap((s) => Object.keys(s.dynamics.header.metricIds)))];
  const metrics = keys.map((key): Quantity => ({ name: key, title: metricDefinition(key)?.title ?? key, read: (s) => s.metrics[key] ?? null }));
  return [...fixed, ...metrics];
}

function colourScale(series: readonly DynamicsSeries[]) {
  return { field: 'run', type: 'nominal', title: 'run', scale: { domain: series.map((s) => s.label), range: series.map((_, i) => sourceColour(i)) } } as const;
}

function learnedRules(series: readonly DynamicsSeries[]) {
  return series.flatMap((s) => {
    const step = learnedAt(s.dynamics.snapshots);
    return step === null ? [] : [{ run: s.label, step }];
  });
}

function curveSpec(series: readonly DynamicsSeries[], q: Quantity): TopLevelSpec {
  const points = series.flatMap((s) =>
    s.dynamics.snapshots.flatMap((snap) => {
      const value = q.read(snap);
      return value === null || (q.log && !(value > 0)) ? [] : [{ run: s.label, step: snap.step, value }];
    }),
  );
  const colour = colourScale(series);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: FIGURE_CONFIG,
    title: { text: `${q.title[0]!.toUpperCase()}${q.title.slice(1)} during training`, subtitle: [`one line per run; dashed: the first audit with test accuracy ≥ ${LEARNED_TEST_ACCURACY}`] },
    width: 560,
    height: 300,
    layer: [
      {
        data: { values: points },
        mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: 14 } },
        encoding: {
          x: { field: 'step', type: 'quantitative', title: 'training step' },
          y: { field: 'value', type: 'quantitative', title: q.title, scale: q.log ? { type: 'log' } : { zero: false } },
          color: colour,
        },
      },
      {
        data: { values: learnedRules(series) },
        mark: { type: 'rule', strokeDash: [5, 4], strokeWidth: 1.5 },
        encoding: { x: { field: 'step', type: 'quantitative' }, color: colour },
      },
    ],
  } as TopLevelSpec;
}

const VERDICTS = ['not-learned', 'non-circular', 'mixed', 'clock', 'pizza'];
const VERDICT_COLOURS = ['#bbbbbb', '#777777', '#b8860b', '#d9541e', '#1f5fa8'];

function verdictSpec(series: readonly DynamicsSeries[]): TopLevelSpec {
  const points = series.flatMap((s) => s.dynamics.snapshots.map((snap) => ({ run: s.label, step: snap.step, verdict: snap.verdict.algorithm })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: FIGURE_CONFIG,
    title: { text: 'Verdict during training', subtitle: ['one row per run, one mark per audit, under the rule in each file’s header'] },
    width: 560,
    height: { step: 26 },
    layer: [
      {
        data: { values: points },
        mark: { type: 'square', size: 60, opacity: 1 },
        encoding: {
          x: { field: 'step', type: 'quantitative', title: 'training step' },
          y: { field: 'run', type: 'nominal', title: null, sort: series.map((s) => s.label), axis: { labelLimit: 0 } },
          color: { field: 'verdict', type: 'nominal', title: 'verdict', scale: { domain: VERDICTS, range: VERDICT_COLOURS } },
        },
      },
      {
        data: { values: learnedRules(series) },
        mark: { type: 'tick', color: 'black', thickness: 2, size: 22 },
        encoding: { x: { field: 'step', type: 'quantitative' }, y: { field: 'run', type: 'nominal', sort: series.map((s) => s.label) } },
      },
    ],
  } as TopLevelSpec;
}

/** `dynamics-<quantity>` curves (accuracies, losses, every metric) and `dynamics-verdict`. */
export function dynamicsFigures(series: readonly DynamicsSeries[]): Figure[] {
  const figures = quantities(series).map((q): Figure => ({ name: `dynamics-${q.name}`, title: `${q.title} against step`, spec: curveSpec(series, q) }));
  figures.push({ name: 'dynamics-verdict', title: 'verdict against step', spec: verdictSpec(series) });
  return figures;
}
