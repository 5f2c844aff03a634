import { median as medianOf } from '../../stats/median.js';
import type { PopulationMetric } from '../../sweep/run.js';
import { circularValues, fmt, noRuns, selectionText, within, type ClaimBase, type ClaimKind } from '../claim.js';

/** The median of a metric over circular runs with α in `alpha` (closed) lies in `within`. */
export interface MedianClaim extends ClaimBase {
  kind: 'median';
  metric: PopulationMetric;
  alpha: [number, number];
  within: [number, number];
}

export const median: ClaimKind<MedianClaim> = {
  kind: 'median',
  evaluate(claim, { population, gate }) {
    const values = circularValues(population.runs, claim.select, claim.alpha, claim.metric, gate);
    const claimed = `median within [${fmt(claim.within[0])}, ${fmt(claim.within[1])}]`;
    if (values.length === 0) return noRuns(`circular runs with a ${claim.metric} (${selectionText(claim.select, claim.alpha)})`, claimed);
    const m = medianOf(values);
    return { value: m, shown: `${m.toFixed(3)}, ${values.length} run${values.length === 1 ? '' : 's'}`, claimed, holds: within(m, claim.within) };
  },
};
