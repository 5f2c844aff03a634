import type { Network } from '../model/network.js';
import type { MetricResult } from './types.js';

/**
 * One metric, described once (in the spirit of ajv's KeywordDefinition): its report key, its
 * versioned id, what it reads of the network, how it is computed and printed, and how `golden
 * add` pins it. The list in list.ts gathers them; measurement, reports, golden files and sweep
 * rows iterate that list and nothing else.
 */

/**
 * What a metric reads of the network: all logits, the token embedding, gradients of logits with
 * respect to the embedding, or the network itself (its parameters, its internals). Declared by
 * every metric and every shared input; a metric that reads an input it did not declare fails.
 */
export type MetricNeed = 'logits' | 'embedding' | 'gradients' | 'network';

/** How `golden add` pins a value: |actual − expected| ≤ absolute, or ≤ relative·|expected|. */
export type Tolerance = { absolute: number } | { relative: number };

export interface MeasureOptions {
  /** Gradient-symmetricity sample size (default 100, the reference's). */
  sampleSize?: number;
  /** Gradient-symmetricity CPython shuffle seed (default 42, the reference's). */
  seed?: number;
  /** Share of non-constant embedding energy that makes a key frequency (default 0.05). */
  keyFrequencyThreshold?: number;
  /** Components listed in `circles` (default 12, as `pc_circles`). */
  circleCount?: number;
}

/**
 * A quantity several metrics read (the logits, the embedding's PCA, …), computed once per
 * measurement on first use and timed under `name`. Declare one beside the code that computes it;
 * a new metric may bring its own (e.g. first-layer pre-activations) without touching this file.
 */
export interface MetricInput<T> {
  /** Unique; the key of its wall time in `Measurement.timingsMs`. */
  readonly name: string;
  readonly needs: readonly MetricNeed[];
  compute(context: MeasureContext): T;
}

/** What a metric's `compute` sees: the network, the options, and the shared inputs. */
export interface MeasureContext {
  readonly network: Network;
  readonly options: MeasureOptions;
  /** The input's value, computed on the first call of the measurement and shared afterwards. */
  get<T>(input: MetricInput<T>): T;
}

/** A metric's reading with structured details beside its value (e.g. one fit per embedding block). */
export interface DetailedResult<D> {
  result: MetricResult;
  details: D;
}

export interface MetricDefinition<K extends string = string, D = unknown> {
  /** Report key (METRICS.md §0): the name in reports, golden files, rule files and result rows. */
  readonly key: K;
  /** Versioned id, `<name>@<version>`; a new definition of the quantity gets a new version. */
  readonly id: string;
  readonly name: string;
  readonly version: string;
  /** Human name for tables and figure axes. */
  readonly title: string;
  /** What the value is, in one sentence (`audit --explain`, the README's table of printed quantities). */
  readonly meaning: string;
  /** Its possible values and what the ends mean (`audit --explain`). */
  readonly range: string;
  readonly needs: readonly MetricNeed[];
  compute(context: MeasureContext): MetricResult | DetailedResult<D>;
  /** How a defined value is printed in text and markdown reports (default: six significant digits). */
  format?(value: number): string;
  /** Lines printed under the metric table of a text report for this metric's details. */
  formatDetails?(details: D): string[];
  /** The tolerance `golden add` pins it with; null: `golden add` does not pin it. */
  readonly tolerance: Tolerance | null;
  /** Whether every run of a population carries it (sweep result rows require it; phase and compare read it). */
  readonly population: boolean;
  /** Its column (1 = first) among the metrics of `audit --markdown`'s summary table; absent: not shown there. */
  readonly summaryColumn?: number;
}

/** The definition as written in a metric file; `id` is derived from name and version. */
export type MetricSpec<K extends string, D> = Omit<MetricDefinition<K, D>, 'id'>;

/**
 * A metric definition with its id spelled out. Generic over the whole object (TypeScript's
 * `const` type parameter), so the list keeps each literal key and flag: that is what lets
 * `MetricKey` and `PopulationMetric` be derived from the list as exact unions.
 */
export function defineMetric<const S extends MetricSpec<string, unknown>>(spec: S): S & { readonly id: `${S['name']}@${S['version']}` } {
  return { ...spec, id: `${spec.name}@${spec.version}` as `${S['name']}@${S['version']}` };
}

export function defineInput<T>(name: string, needs: readonly MetricNeed[], compute: (context: MeasureContext) => T): MetricInput<T> {
  return { name, needs, compute };
}

export function isDetailed<D>(outcome: MetricResult | DetailedResult<D>): outcome is DetailedResult<D> {
  return 'result' in outcome;
}
