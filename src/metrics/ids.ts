/**
 * Report key → versioned metric id (METRICS.md §0). The id changes whenever a metric's
 * definition changes, so stored reports and golden files never compare unlike quantities.
 * `@ref` marks definitions that reproduce the reference code, quirks included.
 */
export const METRICS = {
  accuracy: 'accuracy@1',
  loss: 'loss@1',
  parameterNorm: 'parameterNorm@1',
  gradientSymmetricity: 'gradientSymmetricity@ref',
  distanceIrrelevance: 'distanceIrrelevance.correctLogit@ref',
  distanceIrrelevanceTopIncorrect: 'distanceIrrelevance.topIncorrect@ref',
  circularity: 'circularity@ref',
  restrictedLoss: 'restrictedLoss.logit@1',
  excludedLoss: 'excludedLoss.logit@1',
} as const;

export type MetricKey = keyof typeof METRICS;

/** Every report key, in table order. */
export const METRIC_KEYS = Object.keys(METRICS) as MetricKey[];
