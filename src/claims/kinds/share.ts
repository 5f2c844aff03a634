import type { MetricKey } from '../../metrics/list.js';
import { isCircular, runValue } from '../../sweep/run.js';
import { claimRuns, fmt, inAlpha, noRuns, selectionText, within, type ClaimBase, type ClaimKind } from '../claim.js';

/**
 * At least `atLeast` of the runs (α in `alpha`, closed, when given; circular runs only with
 * `circularOnly`) have `metric` in `within`. A claim about networks one by one, such as "Model A
 * is Pizza-like" (every α = 0 run has GS ≥ 0.98) or "the first layer is disc-like" (CKA to disc
 * ≥ 0.95). A run whose value is undefined or not recorded counts as outside, and is named in the
 * table; when no run records the metric (the paper's CSVs hold no neuron fits) the claim fails
 * with that reason.
 */
export interface ShareClaim extends ClaimBase {
  kind: 'share';
  metric: MetricKey;
  alpha?: [number, number];
  within: [number, number];
  atLeast: number;
  circularOnly?: boolean;
}

export const share: ClaimKind<ShareClaim> = {
  kind: 'share',
  evaluate(claim, { population, gate }) {
    const runs = claimRuns(population.runs, claim.select)
      .filter(inAlpha(claim.alpha))
      .filter((r) => claim.circularOnly !== true || isCircular(r, gate));
    const band = `${claim.metric} within [${fmt(claim.within[0])}, ${fmt(claim.within[1])}]`;
    const claimed = claim.atLeast === 1 ? `every run: ${band}` : `≥ ${fmt(claim.atLeast)} of runs: ${band}`;
    const what = `${claim.circularOnly === true ? 'circular ' : ''}runs (${selectionText(claim.select, claim.alpha)})`;
    if (runs.length === 0) return noRuns(what, claimed);
    const values = runs.map((r) => runValue(r, claim.metric));
    const unrecorded = values.filter((v) => v === undefined).length;
    if (unrecorded === runs.length) return { value: null, shown: '—', claimed, holds: false, reason: `no run records ${claim.metric} (the paper's CSVs record no neuron fits or CKA)` };
    const inside = values.filter((v) => typeof v === 'number' && within(v, claim.within)).length;
    const undefinedValues = values.filter((v) => v === null).length;
    const f = inside / runs.length;
    const missing = [unrecorded > 0 ? `${unrecorded} not recorded` : '', undefinedValues > 0 ? `${undefinedValues} undefined` : ''].filter((s) => s !== '').join(', ');
    return { value: f, shown: `${f.toFixed(4)} (${inside}/${runs.length}${missing === '' ? '' : `; ${missing}`})`, claimed, holds: f >= claim.atLeast };
  },
};
