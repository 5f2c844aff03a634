import type { CircularityGate } from '../audit/circularity-gate.js';
import type { Population } from '../sweep/population.js';
import { selectRuns } from '../sweep/population.js';
import { isCircular, type PopulationMetric, type Run } from '../sweep/run.js';

/**
 * One claim of a claims file (spec/schemas/claims.schema.json) and what checking it gives.
 * Every kind is one `ClaimKind` in kinds/, gathered in kinds/index.ts: a new kind (say, a
 * metric of one checkpoint in a band) is one more file, one more list entry and one more
 * branch of the schema.
 */

export interface Selection {
  layers?: number;
  width?: number;
}

export interface ClaimBase {
  id: string;
  statement: string;
  kind: string;
  select?: Selection;
}

export interface ClaimContext {
  population: Population;
  /** The active rule's gate, which tells circular runs. */
  gate: CircularityGate;
  /** The claims file, against which relative paths in claims resolve. */
  claimsFile: string;
}

export interface ClaimOutcome {
  /** The number the claim is about, or null when it could not be computed (see reason). */
  value: number | null;
  /** The value as the table shows it (with an interval where there is one). */
  shown: string;
  /** What was claimed, e.g. "within [0.55, 0.59]". */
  claimed: string;
  holds: boolean;
  reason?: string;
}

export interface ClaimKind<C extends ClaimBase = ClaimBase> {
  kind: C['kind'];
  evaluate(claim: C, context: ClaimContext): ClaimOutcome;
}

/** The runs a claim is about: METRICS.md §8's filter at its layer count (default 1) and width (default all). */
export function claimRuns(runs: readonly Run[], select: Selection = {}): Run[] {
  return selectRuns(runs, { layers: select.layers ?? 1, ...(select.width === undefined ? {} : { width: select.width }) });
}

export const inAlpha = (range: readonly [number, number] | undefined) => (r: Run) => range === undefined || (r.attn >= range[0] && r.attn <= range[1]);

/** The values of `metric` over the circular runs of a selection with α in `alpha` (runs without a value left out). */
export function circularValues(runs: readonly Run[], select: Selection | undefined, alpha: readonly [number, number], metric: PopulationMetric, gate: CircularityGate): number[] {
  return claimRuns(runs, select)
    .filter((r) => isCircular(r, gate))
    .filter(inAlpha(alpha))
    .flatMap((r) => (r.metrics[metric] === null ? [] : [r.metrics[metric]!]));
}

export const within = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v <= hi;

export const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) >= 10 ? 2 : 4).replace(/0+$/, '').replace(/\.$/, ''));

/** How a selection reads in messages: "1 layer, width 128". */
export function selectionText(select: Selection = {}, alpha?: readonly [number, number]): string {
  const layers = select.layers ?? 1;
  return [`${layers} layer${layers === 1 ? '' : 's'}`, select.width === undefined ? 'all widths' : `width ${select.width}`, ...(alpha === undefined ? [] : [`α in [${alpha[0]}, ${alpha[1]}]`])].join(', ');
}

/** The outcome of a claim that has no runs to be checked on: it does not hold. */
export function noRuns(what: string, claimed: string): ClaimOutcome {
  return { value: null, shown: '—', claimed, holds: false, reason: `no ${what}` };
}
