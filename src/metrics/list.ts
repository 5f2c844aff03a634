import { accuracyMetric } from './accuracy.js';
import { circularityFourierMetric } from './circularity-fourier.js';
import { circularityMetric } from './circularity.js';
import type { MetricDefinition } from './definition.js';
import { distanceIrrelevanceMetric, distanceIrrelevanceTopIncorrectMetric } from './distance-irrelevance.js';
import { gradientSymmetricityMetric } from './gradient-symmetricity.js';
import { lossMetric } from './loss.js';
import { parameterNormMetric } from './parameter-norm.js';
import { excludedLossMetric, restrictedLossMetric } from './restricted-loss.js';
import { NEURON_METRICS } from '../neurons/metrics.js';

/**
 * Every metric the tool measures, in report order: the one list that `measureAll`, audit
 * reports (text, markdown, JSON), `golden add` and sweep result rows iterate. Report keys and
 * versioned ids are METRICS.md §0's.
 *
 * Adding a metric:
 *  1. Write `src/metrics/<metric>.ts` exporting `const <metric>Metric = defineMetric({ key, name,
 *     version, title, needs, compute, tolerance, population })`, with the exact definition in
 *     its header comment and a test against an independent computation beside it.
 *  2. Add it to METRIC_LIST below. `MetricKey`, `METRICS`, the rule files' known metrics, the
 *     report, `golden add` (when `tolerance` is set) and, with `population: true`, the `Run`
 *     type, result rows and their checks follow; code keyed by `PopulationMetric` (e.g. the
 *     reference CSV reader) then fails to compile until it says where the new value comes from.
 *     list.test.ts fails if a `defineMetric` in src/metrics is missing here.
 * `compute` reads shared quantities through `context.get(input)`: logits and embedding
 * (inputs.ts), the PCA (pca.ts), circle scores (circularity.ts), the Fourier spectrum and key
 * frequencies (fourier.ts). Each is computed once per measurement, on first use. A quantity only
 * the new metric family needs (embedding blocks per operand, first-layer pre-activations) is a
 * `defineInput` in the metric's own file; several metrics reading it share one computation.
 * `needs` must cover every input read (checked at run time). A metric with structured output
 * returns `{ result, details }` and may give `formatDetails` for the text report; details go to
 * `Measurement.details` and the report's optional `details` section, never into result rows.
 */
export const METRIC_LIST = [
  accuracyMetric,
  lossMetric,
  parameterNormMetric,
  gradientSymmetricityMetric,
  distanceIrrelevanceMetric,
  distanceIrrelevanceTopIncorrectMetric,
  circularityMetric,
  circularityFourierMetric,
  restrictedLossMetric,
  excludedLossMetric,
  // Issue 17: first-layer neuron fits and CKA (src/neurons/; definitions in docs/neurons.md).
  ...NEURON_METRICS,
] as const satisfies readonly MetricDefinition[];

type Listed = (typeof METRIC_LIST)[number];

/** A report key of this build. */
export type MetricKey = Listed['key'];

/** The keys every run of a population carries (result rows require them; phase and compare read them). */
export type PopulationMetric = Extract<Listed, { population: true }>['key'];

/** Report key → versioned metric id. The id changes whenever a metric's definition changes, so stored reports and golden files never compare unlike quantities; `@ref` marks definitions that reproduce the reference code, quirks included. */
export const METRICS = Object.fromEntries(METRIC_LIST.map((d) => [d.key, d.id])) as { readonly [D in Listed as D['key']]: D['id'] };

/** Every report key, in report order. */
export const METRIC_KEYS: readonly MetricKey[] = METRIC_LIST.map((d) => d.key);

/** The population metrics, in report order. */
export const POPULATION_METRICS: readonly PopulationMetric[] = METRIC_LIST.filter((d): d is Extract<Listed, { population: true }> => d.population).map((d) => d.key);

const byKey = new Map<string, MetricDefinition>(METRIC_LIST.map((d) => [d.key, d]));

/** The definition behind a report key, if this build has one. */
export function metricDefinition(key: string): MetricDefinition | undefined {
  return byKey.get(key);
}
