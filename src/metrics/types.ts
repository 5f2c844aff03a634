/**
 * A metric's value in a report. Undefined values (0/0 and the like) carry a reason instead of
 * NaN; `kind` lets verdict rules treat specific causes specially (METRICS.md §4: a constant
 * correct-logit table makes distance irrelevance undefined, which the verdict reads as 1).
 */
export type MetricResult =
  | { id: string; value: number }
  | { id: string; value: null; reason: string; kind: UndefinedKind };

export type UndefinedKind = 'constant-table' | 'zero-gradient' | 'no-components' | 'other';

export function defined(id: string, value: number): MetricResult {
  return { id, value };
}

export function undefinedMetric(id: string, kind: UndefinedKind, reason: string): MetricResult {
  return { id, value: null, kind, reason };
}
