import { boundaryIntervals, type CrossingMetric } from '../../sweep/boundary-interval.js';
import { fmt, selectionText, within, type ClaimBase, type ClaimKind } from '../claim.js';

/** The α where a curve crosses its threshold, by `clockpizza boundary`'s estimator, lies in `within` (its bootstrap interval shown beside it). */
export interface CrossingClaim extends ClaimBase {
  kind: 'crossing';
  metric: CrossingMetric;
  within: [number, number];
}

export const crossing: ClaimKind<CrossingClaim> = {
  kind: 'crossing',
  evaluate(claim, { population, gate }) {
    const report = boundaryIntervals(population, {
      layers: claim.select?.layers ?? 1,
      gate,
      ...(claim.select?.width === undefined ? {} : { width: claim.select.width }),
    });
    const c = report.crossings.find((x) => x.metric === claim.metric)!;
    const claimed = `α within [${fmt(claim.within[0])}, ${fmt(claim.within[1])}]`;
    if (report.runs === 0) return { value: null, shown: '—', claimed, holds: false, reason: `no runs (${selectionText(claim.select)})` };
    if (c.alpha === null) return { value: null, shown: 'none', claimed, holds: false, reason: `no crossing: ${c.reason ?? ''}` };
    const ci = c.ci === null ? ' (no interval)' : ` [${c.ci[0].toFixed(3)}, ${c.ci[1].toFixed(3)}]`;
    return { value: c.alpha, shown: `${c.alpha.toFixed(3)}${ci}, ${c.runs} runs`, claimed, holds: within(c.alpha, claim.within) };
  },
};
