import { describe, expect, it } from 'vitest';
import { algorithm } from '../oracle/compile.js';
import { oracleNetwork } from '../oracle/oracle-network.js';
import { auditNetwork } from './report.js';
import { loadRules } from './rules.js';
import { specTemplates } from './templates.js';

/** The audit on the ideal networks of the algorithm specs: the verdict the theory predicts. */

const rules = loadRules();
const templates = specTemplates();
const p = 59;
const audit = (name: string) =>
  auditNetwork(oracleNetwork(algorithm(name), p, [7, 17], { radii: [1, 0.6] }), { path: `oracle:${name}`, sha256: 'e'.repeat(64), architecture: { family: 'oracle', p } }, { rules, templates });

describe('audit of ideal networks', () => {
  it('an ideal Clock has a constant correct logit: DI is undefined, read as 1, and the verdict is clock', () => {
    const report = audit('clock');
    expect(report.metrics['distanceIrrelevance']).toMatchObject({ value: null, kind: 'constant-table' });
    expect(report.verdict.algorithm).toBe('clock');
    expect(report.verdict.reasons.join('\n')).toMatch(/distanceIrrelevance is undefined .* reads it as 1/);
    expect(report.circles.map((c) => [c.frequency, c.role])).toEqual([[7, 'clock'], [17, 'clock']]);
    expect(report.ensemble).toBe(true);
  });

  it("an ideal notebook Pizza is pizza with two pizza circles", () => {
    const report = audit('pizza-notebook');
    expect(report.verdict.algorithm).toBe('pizza');
    expect(report.circles.map((c) => [c.frequency, c.role])).toEqual([[7, 'pizza'], [17, 'pizza']]);
    expect(report.circles[0]!.fve['pizza-notebook']).toBeCloseTo(1, 9);
    expect(report.unpairedComponents).toEqual([]);
  });
});
