import { ClockpizzaError } from '../errors.js';
import type { Rules } from './rules.js';

/**
 * The circularity a run needs to count as circular, read from a rule file's gate clause
 * (`non-circular` when circularity < X), so that population commands draw the line where the
 * verdicts do. A rule file without that clause gives no gate: population commands need one.
 */
export function circularityGate(rules: Rules): number {
  for (const [i, clause] of rules.verdict.entries()) {
    if (clause.algorithm !== 'non-circular' || clause.when === 'otherwise' || !('metric' in clause.when)) continue;
    const { metric, op, value } = clause.when;
    if (metric === 'circularity' && op === '<') return value;
    throw new ClockpizzaError(`the non-circular clause must read { "metric": "circularity", "op": "<", "value": X } for population commands, got ${JSON.stringify(clause.when)}`, {
      file: rules.file,
      field: `/verdict/${i}/when`,
    });
  }
  throw new ClockpizzaError('no "non-circular" clause { "metric": "circularity", "op": "<", "value": X }: population commands need its gate', { file: rules.file, field: '/verdict' });
}
