import type { MetricDefinition } from '../metrics/definition.js';
import { METRIC_LIST } from '../metrics/list.js';
import { markdownTable } from './format.js';
import { PRINTED_QUANTITIES, type QuantityDefinition } from './quantities.js';

/**
 * `clockpizza audit --explain`: the one table of what every printed quantity means and its range
 * — each metric (from its definition) and then the verdict and circle-table columns
 * (quantities.ts). The README's "What the printed numbers mean" section is `--explain --markdown`.
 */

/** Every printed quantity, metrics first (named by report key, with their versioned id). */
export function explainedQuantities(): QuantityDefinition[] {
  const metrics = (METRIC_LIST as readonly MetricDefinition[]).map((d) => ({ name: d.key, definition: `${d.meaning} [${d.id}]`, range: d.range }));
  return [...metrics, ...PRINTED_QUANTITIES];
}

export function explainText(): string {
  return (
    explainedQuantities()
      .map((q) => `${q.name}\n  ${q.definition}\n  range: ${q.range}`)
      .join('\n\n') + '\n'
  );
}

export function explainMarkdown(): string {
  return markdownTable(['printed', 'meaning', 'range'], explainedQuantities().map((q) => [`\`${q.name}\``, q.definition, q.range])) + '\n';
}
