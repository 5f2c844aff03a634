import { foldFrequency, modInverse } from '../metrics/modular.js';
import type { CircleRules } from './rules.js';

/**
 * Gives every isolated circle a role from its logit FVEs (2ρ − 1: unrelated ≈ −1) and the rule
 * file's thresholds, then says whether the network runs an ensemble of circles.
 */

export type Role = 'pizza' | 'clock' | 'accompanying' | 'unexplained';

export interface FittedCircle {
  /** How the why-texts name the circle: its principal components ("1-2") or its plane ("k 17"). */
  name: string;
  frequency: number;
  /** FVE per algorithm spec; null when undefined (e.g. the isolated circle's logits are constant). */
  fve: Record<string, number | null>;
}

export interface RoleAssignment {
  role: Role;
  /** Why, with the numbers that decided. */
  why: string;
  /** For accompanying circles: the index (in the list given) of the pizza circle they accompany. */
  accompanies?: number;
}

/** The base frequency of a circle at 2k′ is k′: its own frequency × 2⁻¹ mod p, folded. */
export function baseFrequency(frequency: number, p: number): number {
  return foldFrequency(frequency * modInverse(2, p), p);
}

const f3 = (x: number | null): string => (x === null ? 'undefined' : x.toFixed(3));

export function assignRoles(circles: readonly FittedCircle[], rules: CircleRules, p: number): RoleAssignment[] {
  const fve = (c: FittedCircle, spec: string): number => c.fve[spec] ?? -Infinity;
  const { pizzaSpec, clockSpec, accompanyingSpec } = rules;
  const first: RoleAssignment[] = circles.map((c) => {
    const pz = fve(c, pizzaSpec);
    const cl = fve(c, clockSpec);
    const shown = `FVE ${pizzaSpec} ${f3(c.fve[pizzaSpec] ?? null)}, ${clockSpec} ${f3(c.fve[clockSpec] ?? null)}`;
    if (pz >= rules.pizza.minFve && pz - cl >= rules.pizza.minMargin) {
      return { role: 'pizza', why: `${shown}: ${pizzaSpec} ≥ ${rules.pizza.minFve} and ahead by ≥ ${rules.pizza.minMargin}` };
    }
    if (cl >= rules.clock.minFve && cl - pz >= rules.clock.minMargin) {
      return { role: 'clock', why: `${shown}: ${clockSpec} ≥ ${rules.clock.minFve} and ahead by ≥ ${rules.clock.minMargin}` };
    }
    return { role: 'unexplained', why: `${shown}: neither role's thresholds met` };
  });
  // Accompanying circles need the pizza roles settled first: their frequency is twice a pizza's.
  return circles.map((c, i) => {
    const assigned = first[i]!;
    if (assigned.role !== 'unexplained') return assigned;
    const baseIndex = circles.findIndex((q, j) => first[j]!.role === 'pizza' && foldFrequency(2 * q.frequency, p) === c.frequency);
    if (baseIndex < 0) return assigned;
    const base = circles[baseIndex]!;
    const acc = fve(c, accompanyingSpec);
    const shown = `frequency ${c.frequency} = 2 × ${base.frequency} (pizza ${base.name}) mod ${p}, FVE ${accompanyingSpec} at base frequency ${f3(c.fve[accompanyingSpec] ?? null)}`;
    if (acc >= rules.accompanying.minFve) {
      return { role: 'accompanying', why: `${shown} ≥ ${rules.accompanying.minFve}`, accompanies: baseIndex };
    }
    return { role: 'unexplained', why: `${assigned.why}; ${shown} < ${rules.accompanying.minFve}` };
  });
}

/**
 * ensemble: at least `ensembleMinCircles` circles doing the computation themselves (role pizza
 * or clock; accompanying circles belong to their pizza and unexplained ones claim nothing).
 * mixedEnsemble: both a pizza and a clock circle occur.
 */
export function ensembleOf(roles: readonly Role[], rules: CircleRules): { ensemble: boolean; mixedEnsemble: boolean } {
  const pizzas = roles.filter((r) => r === 'pizza').length;
  const clocks = roles.filter((r) => r === 'clock').length;
  return { ensemble: pizzas + clocks >= rules.ensembleMinCircles, mixedEnsemble: pizzas > 0 && clocks > 0 };
}
