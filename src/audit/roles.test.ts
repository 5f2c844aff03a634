import { describe, expect, it } from 'vitest';
import { loadRules } from './rules.js';
import { foldFrequency } from '../metrics/modular.js';
import { assignRoles, baseFrequency, ensembleOf, type FittedCircle } from './roles.js';

const rules = loadRules().circles;
const p = 59;

function circle(components: [number, number], frequency: number, pizza: number, clock: number, acc = -0.5): FittedCircle {
  return { name: components.join('-'), frequency, fve: { 'pizza-notebook': pizza, clock, 'accompanying-pizza': acc } };
}

describe('circle roles (paper.json thresholds)', () => {
  it('folds frequencies and halves them mod p', () => {
    expect(foldFrequency(34, p)).toBe(25);
    expect(foldFrequency(-3, p)).toBe(3);
    expect(baseFrequency(25, p)).toBe(17);
    for (let k = 1; k < p; k++) expect(foldFrequency(2 * baseFrequency(k, p), p)).toBe(foldFrequency(k, p));
  });

  it("labels Model A's circles: three pizzas and their accompanying circles", () => {
    // Frequencies of δ 7, 20, 4 are 17, 3, 15; twice those (folded) are 25, 6, 29 = the frequencies of δ 26, 10, 2.
    const circles = [
      circle([1, 2], 17, 0.9831, 0.7541), circle([3, 4], 3, 0.9831, 0.7562), circle([5, 6], 15, 0.9841, 0.7538),
      circle([7, 8], 25, -0.2, -0.1, 0.9756), circle([9, 10], 6, -0.2, -0.1, 0.9723), circle([11, 12], 29, -0.2, -0.1, 0.9769),
    ];
    const roles = assignRoles(circles, rules, p);
    expect(roles.map((r) => r.role)).toEqual(['pizza', 'pizza', 'pizza', 'accompanying', 'accompanying', 'accompanying']);
    expect(roles.slice(3).map((r) => r.accompanies)).toEqual([0, 1, 2]);
    expect(roles[3]!.why).toMatch(/^frequency 25 = 2 × 17 \(pizza 1-2\) mod 59/);
    expect(roles[0]!.why).toBe('FVE pizza-notebook 0.983, clock 0.754: pizza-notebook ≥ 0.9 and ahead by ≥ 0.1');
    expect(ensembleOf(roles.map((r) => r.role), rules)).toEqual({ ensemble: true, mixedEnsemble: false });
  });

  it("labels Model B's first circle clock and leaves misfits unexplained", () => {
    const roles = assignRoles([circle([1, 2], 13, 0.596, 0.766), circle([3, 4], 16, 0.2, 0.3), circle([5, 6], 21, 0.95, 0.9)], rules, p);
    expect(roles.map((r) => r.role)).toEqual(['clock', 'unexplained', 'unexplained']);
    expect(ensembleOf(roles.map((r) => r.role), rules)).toEqual({ ensemble: false, mixedEnsemble: false });
  });

  it('needs both the doubled frequency and the accompanying fit', () => {
    const roles = assignRoles([circle([1, 2], 17, 0.98, 0.7), circle([3, 4], 25, 0, 0, 0.5), circle([5, 6], 24, 0, 0, 0.97)], rules, p);
    expect(roles.map((r) => r.role)).toEqual(['pizza', 'unexplained', 'unexplained']);
    expect(roles[1]!.why).toMatch(/at base frequency 0\.500 < 0\.9$/);
  });

  it('treats an undefined FVE as no fit, and sees mixed ensembles', () => {
    const undefinedFit: FittedCircle = { name: '1-2', frequency: 5, fve: { 'pizza-notebook': null, clock: null } };
    expect(assignRoles([undefinedFit], rules, p)[0]!.role).toBe('unexplained');
    expect(ensembleOf(['pizza', 'accompanying', 'clock'], rules)).toEqual({ ensemble: true, mixedEnsemble: true });
    expect(ensembleOf(['pizza', 'accompanying', 'unexplained'], rules)).toEqual({ ensemble: false, mixedEnsemble: false });
  });
});
