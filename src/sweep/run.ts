import { defaultCircularityGate, passesGate, type CircularityGate } from '../audit/circularity-gate.js';
import { METRIC_LIST, POPULATION_METRICS, type MetricKey, type PopulationMetric } from '../metrics/list.js';

/**
 * One run of a population, normalised from either source: a line of the project's sweep
 * results (JSONL) or a row of the paper's result tables (CSV). Figures, summaries and
 * comparisons read only this type.
 */

/** The METRICS.md §0 keys a population carries: the metric list's `population` entries. */
export { POPULATION_METRICS, type PopulationMetric };

export type RunSource = 'sweep' | 'reference-csv';

export interface Run {
  /** The file it was read from, and the line (1-based) that holds it. */
  file: string;
  line: number;
  source: RunSource;
  runid: string;
  /** null for the reference CSVs, which did not record seeds. */
  seed: number | null;
  /** Attention rate α. */
  attn: number;
  width: number;
  layers: number;
  diffVocab: boolean;
  eqnSign: boolean;
  steps: number | null;
  /** The audit's verdict; null for CSV rows. */
  verdict: { algorithm: string; lean: string } | null;
  /**
   * Metric values; null when undefined or not recorded. The CSVs hold no correct-logit
   * distance irrelevance and no accuracy over all pairs; their parameterNorm is the one logged
   * during training, not the final norm (METRICS.md §0).
   */
  metrics: Record<PopulationMetric, number | null>;
  /**
   * The other metrics of the list that the row records under this build's definition (the
   * neuron fits and CKA of sweep and population rows; null when undefined); absent for CSV rows,
   * which record none. `share` claims and a Fourier circularity gate read them (`runValue`).
   */
  readings?: Partial<Record<MetricKey, number | null>>;
}

/** A run's value of any listed metric: null when undefined, undefined when the row does not record it. */
export function runValue(run: Run, key: MetricKey): number | null | undefined {
  return key in run.metrics ? run.metrics[key as PopulationMetric] : run.readings?.[key];
}

/** Whether a run passes the active rule's circularity gate (default paper.json's: circularity ≥ 0.995, METRICS.md §4/§8). */
export function isCircular(run: Run, gate: CircularityGate = defaultCircularityGate()): boolean {
  return passesGate(runValue(run, gate.metric) ?? null, gate);
}

/** Human names for axes and tables: each metric's title. */
export const METRIC_LABELS = Object.fromEntries(METRIC_LIST.filter((d) => d.population).map((d) => [d.key, d.title])) as Record<PopulationMetric, string>;
