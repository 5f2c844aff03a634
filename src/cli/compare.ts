import { circularityGate } from '../audit/circularity-gate.js';
import { loadRules } from '../audit/rules.js';
import { ClockpizzaError } from '../errors.js';
import { comparePopulations, formatComparison } from '../sweep/population-compare.js';
import { readPopulation, selectRuns } from '../sweep/population.js';
import type { Run } from '../sweep/run.js';
import { TRAINING_RANGES } from './bounds.js';
import { defineCommand } from './command.js';

export const command = defineCommand({
  name: 'compare',
  summary:
    'Per α bin, whether a setup\'s gradient symmetricity and (top-incorrect) distance irrelevance are distributed like the reference population: two-sample Kolmogorov–Smirnov test, with n, D, p-value and the test\'s power at those sample sizes. Informs; always exits 0 on valid input.',
  usage: 'clockpizza compare <results.jsonl> --reference <csv> [--width 128] [--layers 1] [--all-runs] [--rule F] [--alpha 0.05] [--draws 200] [--seed 1]',
  options: {
    reference: { type: 'string', description: 'the reference population (a pizza-repo results CSV, or another results JSONL)', placeholder: 'FILE' },
    width: { type: 'string', description: 'width compared (default 128, the fixed-width table\'s)', placeholder: 'D', range: TRAINING_RANGES.width },
    layers: { type: 'string', description: 'layer count compared (default 1)', placeholder: 'N', range: TRAINING_RANGES.layers },
    'all-runs': { type: 'boolean', description: 'include non-circular runs (default: circular runs only, as in the paper)' },
    rule: { type: 'string', description: 'verdict rule file whose non-circular gate tells circular runs (default spec/rules/paper.json)', placeholder: 'F' },
    alpha: { type: 'string', description: 'significance level per bin (default 0.05)', placeholder: 'A', range: { integer: false, min: 0, max: 1, exclusive: true } },
    draws: { type: 'string', description: 'Monte Carlo resamples for the power estimate (default 200)', placeholder: 'N', range: { integer: true, min: 1, max: 100_000 } },
    seed: { type: 'string', description: 'seed of the power simulation (default 1)', placeholder: 'S', range: TRAINING_RANGES.seed },
  },
  async run(positionals, options) {
    if (positionals.length !== 1) throw new ClockpizzaError(`expected one results file, got ${positionals.length}`);
    if (options.reference === undefined) throw new ClockpizzaError('required: the reference CSV to compare with', { field: '--reference' });
    const setupFile = positionals[0]!;
    const setup = readPopulation(setupFile);
    const reference = readPopulation(options.reference);
    const width = options.width ?? 128;
    const layers = options.layers ?? 1;
    // Comparing nothing is not a result (issue 18.19: a sweep at width 64 was compared at the default 128 and exited 0).
    requireRuns(setup.runs, setupFile, layers, width, options.width === undefined);
    requireRuns(reference.runs, options.reference, layers, width, options.width === undefined);
    const { alpha, draws, seed } = options;
    const gate = circularityGate(loadRules(options.rule));
    const comparison = comparePopulations(setup.runs, reference.runs, {
      width,
      gate,
      layers,
      allRuns: options['all-runs'] ?? false,
      ...(alpha === undefined ? {} : { alpha }),
      ...(draws === undefined ? {} : { draws }),
      ...(seed === undefined ? {} : { seed }),
    });
    console.log(formatComparison(comparison, setupFile, options.reference));
    return 0;
  },
});

/** Refuses a population without runs of the compared layer count and width, listing what it has. */
function requireRuns(runs: readonly Run[], file: string, layers: number, width: number, widthDefaulted: boolean): void {
  if (selectRuns(runs, { layers, width }).length > 0) return;
  const present = [...new Set(selectRuns(runs, { layers }).map((r) => r.width))].sort((a, b) => a - b);
  const has = present.length === 0 ? `no ${layers}-layer runs at all` : `its ${layers}-layer runs have width ${present.join(', ')}`;
  throw new ClockpizzaError(`no ${layers}-layer runs of width ${width}${widthDefaulted ? ' (the default)' : ''} to compare; ${has}: choose with --width${present.length === 0 ? ' and --layers' : ''}`, { file, field: '--width' });
}
