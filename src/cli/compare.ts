import { circularityGate } from '../audit/circularity-gate.js';
import { loadRules } from '../audit/rules.js';
import { ClockpizzaError } from '../errors.js';
import { comparePopulations, formatComparison } from '../sweep/population-compare.js';
import { readPopulation } from '../sweep/population.js';
import { defineCommand, numberOption } from './command.js';

const positiveInteger = (n: number) => (Number.isInteger(n) && n >= 1 ? undefined : `expected a positive integer, got ${n}`);
const probability = (n: number) => (n > 0 && n < 1 ? undefined : `expected a number between 0 and 1, got ${n}`);

export const command = defineCommand({
  name: 'compare',
  summary:
    'Per α bin, whether a setup\'s gradient symmetricity and (top-incorrect) distance irrelevance are distributed like the reference population: two-sample Kolmogorov–Smirnov test, with n, D, p-value and the test\'s power at those sample sizes. Informs; always exits 0 on valid input.',
  usage: 'clockpizza compare <results.jsonl> --reference <csv> [--width 128] [--layers 1] [--all-runs] [--rule F] [--alpha 0.05] [--draws 200] [--seed 1]',
  options: {
    reference: { type: 'string', description: 'the reference population (a pizza-repo results CSV, or another results JSONL)', placeholder: 'FILE' },
    width: { type: 'string', description: 'width compared (default 128, the fixed-width table\'s)', placeholder: 'D' },
    layers: { type: 'string', description: 'layer count compared (default 1)', placeholder: 'N' },
    'all-runs': { type: 'boolean', description: 'include non-circular runs (default: circular runs only, as in the paper)' },
    rule: { type: 'string', description: 'verdict rule file whose non-circular gate tells circular runs (default spec/rules/paper.json)', placeholder: 'F' },
    alpha: { type: 'string', description: 'significance level per bin (default 0.05)', placeholder: 'A' },
    draws: { type: 'string', description: 'Monte Carlo resamples for the power estimate (default 200)', placeholder: 'N' },
    seed: { type: 'string', description: 'seed of the power simulation (default 1)', placeholder: 'S' },
  },
  async run(positionals, options) {
    if (positionals.length !== 1) throw new ClockpizzaError(`expected one results file, got ${positionals.length}`, { field: 'clockpizza compare' });
    if (options.reference === undefined) throw new ClockpizzaError('required: the reference CSV to compare with', { field: '--reference' });
    const setupFile = positionals[0]!;
    const setup = readPopulation(setupFile);
    const reference = readPopulation(options.reference);
    const width = numberOption(options.width, 'width', positiveInteger) ?? 128;
    const layers = numberOption(options.layers, 'layers', positiveInteger) ?? 1;
    const alpha = numberOption(options.alpha, 'alpha', probability);
    const draws = numberOption(options.draws, 'draws', positiveInteger);
    const seed = numberOption(options.seed, 'seed', (n) => (Number.isInteger(n) && n >= 0 ? undefined : `expected a non-negative integer, got ${n}`));
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
    if (comparison.circular.reference[1] === 0) console.error(`clockpizza compare: ${options.reference}: no ${layers}-layer runs of width ${width}`);
    if (comparison.circular.setup[1] === 0) console.error(`clockpizza compare: ${setupFile}: no ${layers}-layer runs of width ${width}`);
    return 0;
  },
});
