import { dirname, resolve } from 'node:path';
import { referenceDir } from '../../reference.js';
import { ksTwoSample } from '../../stats/ks.js';
import { readPopulation } from '../../sweep/population.js';
import type { PopulationMetric, Run } from '../../sweep/run.js';
import { circularValues, fmt, noRuns, selectionText, type ClaimBase, type ClaimKind } from '../claim.js';

/**
 * A two-sample Kolmogorov–Smirnov test (src/stats/ks.ts) of a metric over circular runs with α
 * in `alpha`, against the same selection of a reference population, does not reject at
 * `level`: p ≥ level. `reference` is relative to the claims file, or `reference:<path>`
 * inside CLOCKPIZZA_REFERENCE.
 */
export interface KsClaim extends ClaimBase {
  kind: 'ks';
  metric: PopulationMetric;
  alpha: [number, number];
  reference: string;
  level: number;
}

export function referencePath(reference: string, claimsFile: string): string {
  return reference.startsWith('reference:') ? resolve(referenceDir(), reference.slice('reference:'.length)) : resolve(dirname(claimsFile), reference);
}

export const ks: ClaimKind<KsClaim> = {
  kind: 'ks',
  evaluate(claim, { population, gate, claimsFile }) {
    const values = (runs: readonly Run[]) => circularValues(runs, claim.select, claim.alpha, claim.metric, gate);
    const reference = readPopulation(referencePath(claim.reference, claimsFile));
    const a = values(population.runs);
    const b = values(reference.runs);
    const claimed = `KS p ≥ ${fmt(claim.level)} vs ${claim.reference}`;
    const where = `circular runs with a ${claim.metric} (${selectionText(claim.select, claim.alpha)})`;
    if (a.length === 0) return noRuns(where, claimed);
    if (b.length === 0) return noRuns(`${where} in the reference ${claim.reference}`, claimed);
    const r = ksTwoSample(a, b);
    return { value: r.pValue, shown: `p = ${r.pValue.toFixed(3)} (D = ${r.d.toFixed(3)}, n = ${r.n}, m = ${r.m})`, claimed, holds: r.pValue >= claim.level };
  },
};
