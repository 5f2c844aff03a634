/**
 * What every quantity an audit prints beside the metrics means, and its range: the verdict, the
 * lean and the columns of the circle tables (issue 18.18). Each is defined here once; the metrics
 * carry their own meaning and range in their definitions (metrics/definition.ts). `audit
 * --explain` prints both (explain.ts), the README's "What the printed numbers mean" is that
 * output, and the report's FVE notes and figure legend read FVE_FORMULA and FVE_RANGE.
 */

export interface QuantityDefinition {
  /** As printed: a column header or a field of the text report. */
  readonly name: string;
  readonly definition: string;
  /** Its possible values, and what the ends mean. */
  readonly range: string;
}

/** The logit FVE as a formula: with both sides z-scored, 1 − Var(y − t)/Var(y) = 1 − (2 − 2ρ) = 2ρ − 1. */
export const FVE_FORMULA = '1 − Var(y − t)/Var(y) with y and t z-scored over all p³ entries, which equals 2ρ − 1 (ρ: their Pearson correlation)';

/** The FVE's range, read off 2ρ − 1 for ρ ∈ [−1, 1]. */
export const FVE_RANGE = '[−3, 1]: 1 = the template exactly, −1 = uncorrelated, −3 = exactly opposite';

export const PRINTED_QUANTITIES: readonly QuantityDefinition[] = [
  {
    name: 'verdict',
    definition: 'the algorithm of the first clause of the rule file (named beside it, with the clause that fired) whose condition holds',
    range: 'pizza, clock, mixed (the metrics disagree), non-circular, not-learned',
  },
  {
    name: 'lean',
    definition:
      "which way the rule's non-gate clauses point when a gate (non-circular) decided the verdict: the algorithm of the first of them that holds; " +
      "the verdict's own algorithm when no gate decided. A network that fails the rule's not-learned clause has no lean: it is printed \"not learned\"",
    range: 'pizza, clock, neither (mixed), not-learned',
  },
  {
    name: 'PCs',
    definition: 'the two principal components (1-based, of the centred token embedding) that form one circle: components paired by equal δ, not by position',
    range: 'two of 1–12 (the first 12 components are scored)',
  },
  {
    name: 'δ',
    definition:
      "a component's step: the i in 1..p−1 whose circle score is largest, folded to min(i, p − i); tokens t and t + δ are neighbours on the circle. A circle's two components share it",
    range: '1 to (p − 1)/2',
  },
  {
    name: 'k',
    definition: "the circle's frequency, δ⁻¹ mod p folded to min(k, p − k): its components carry cos(2πkt/p) and sin(2πkt/p) of the token t",
    range: '1 to (p − 1)/2',
  },
  {
    name: 'score',
    definition:
      "the mean of the circle's two components' circle scores, each max over i of 2·|Σ_t v̂[t·i mod p]·e^{2πit/p}|² with v̂ the component's scores normalised to norm 1/√p (METRICS.md §4, as circularity)",
    range: '[0, 1]: 1 = a perfect circle at step δ, 0 = no trace of one',
  },
  {
    name: 'FVE <spec>',
    definition:
      "logit FVE of the isolated circle (its two scores kept, the other components zeroed, the whole model run) against the template of the algorithm spec at the circle's frequency " +
      '(accompanying-pizza at the base frequency): ' +
      FVE_FORMULA,
    range: `${FVE_RANGE}; — when the circle's logits or the template are constant`,
  },
  {
    name: 'role',
    definition:
      "pizza or clock when that template's FVE reaches the rule's minimum and beats the other by its margin; accompanying when the circle's frequency is twice a pizza circle's " +
      "and the accompanying-pizza FVE reaches its minimum (\"of 1-2\" names that pizza); unexplained otherwise",
    range: 'pizza, clock, accompanying, unexplained',
  },
  {
    name: 'plane',
    definition: "a key frequency's Fourier plane of the embedding (Fourier-plane circle table, no PCA): the tokens' cos and sin at frequency k",
    range: 'k 1 to k (p − 1)/2',
  },
  {
    name: 'share',
    definition: "the plane's share of the embedding's non-constant Fourier energy over tokens 0..p−1 (a key frequency holds at least 5 %)",
    range: '[0, 1]',
  },
  {
    name: 'ensemble',
    definition: "whether at least the rule's ensembleMinCircles circles (2 in the paper rule) have the role pizza or clock; mixed ensemble: both a pizza and a clock circle occur",
    range: 'yes, no',
  },
];
