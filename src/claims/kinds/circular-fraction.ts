import { isCircular } from '../../sweep/run.js';
import { claimRuns, fmt, inAlpha, noRuns, selectionText, type ClaimBase, type ClaimKind } from '../claim.js';

/** The fraction of runs (α in `alpha`, closed, when given) that are circular is at least `atLeast` (and at most `atMost`). */
export interface CircularFractionClaim extends ClaimBase {
  kind: 'circularFraction';
  alpha?: [number, number];
  atLeast: number;
  atMost?: number;
}

export const circularFraction: ClaimKind<CircularFractionClaim> = {
  kind: 'circularFraction',
  evaluate(claim, { population, gate }) {
    const runs = claimRuns(population.runs, claim.select).filter(inAlpha(claim.alpha));
    const claimed = claim.atMost === undefined ? `≥ ${fmt(claim.atLeast)}` : `within [${fmt(claim.atLeast)}, ${fmt(claim.atMost)}]`;
    if (runs.length === 0) return noRuns(`runs (${selectionText(claim.select, claim.alpha)})`, claimed);
    const circular = runs.filter((r) => isCircular(r, gate)).length;
    const f = circular / runs.length;
    return { value: f, shown: `${f.toFixed(4)} (${circular}/${runs.length})`, claimed, holds: f >= claim.atLeast && (claim.atMost === undefined || f <= claim.atMost) };
  },
};
