import { describe, expect, it } from 'vitest';
import { componentCircles } from '../metrics/circularity.js';
import { pca } from '../metrics/pca.js';
import { auditCircles, type CircleTemplate } from './circles.js';
import { baseFrequency } from './roles.js';
import { loadRules } from './rules.js';
import { ensembleNetwork } from '../../test/support/test-network.js';

const p = 31;
const rules = loadRules();

/** Test-local templates (the audit gets the real ones from spec/algorithms). */
function template(name: string, halve: boolean, f: (w: number, a: number, b: number, c: number) => number): CircleTemplate {
  return {
    name,
    table: (q, k) => {
      const w = (2 * Math.PI * (halve ? baseFrequency(k, q) : k)) / q;
      const out = new Float64Array(q * q * q);
      for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) for (let c = 0; c < q; c++) out[(a * q + b) * q + c] = f(w, a, b, c);
      return out;
    },
  };
}
const notebookPizza = (w: number, s0: number, s1: number, c: number): number =>
  Math.abs(Math.cos((w * c) / 2) * s0 + Math.sin((w * c) / 2) * s1) - Math.abs(-Math.sin((w * c) / 2) * s0 + Math.cos((w * c) / 2) * s1);
const templates = [
  template('clock', false, (w, a, b, c) => Math.cos(w * (a + b - c))),
  template('pizza-notebook', false, (w, a, b, c) => notebookPizza(w, Math.cos(w * a) + Math.cos(w * b), Math.sin(w * a) + Math.sin(w * b), c)),
  template('accompanying-pizza', true, (w, a, b, c) => -2 * Math.cos(w * (a - b)) * Math.cos(w * (a + b - c))),
];

describe('auditCircles', () => {
  it('finds, isolates, fits and labels a pizza, its accompanying circle and a clock', () => {
    const network = ensembleNetwork();
    const embedding = network.embeddingMatrix();
    const fit = pca(embedding);
    const audit = auditCircles(network, { circles: componentCircles(embedding, p, 6, fit), pca: fit }, templates, rules);
    expect(audit.circles.map((c) => [c.components, c.frequency, c.role])).toEqual([
      [[1, 2], 3, 'pizza'],
      [[3, 4], 6, 'accompanying'],
      [[5, 6], 11, 'clock'],
    ]);
    expect(audit.circles[0]!.fve['pizza-notebook']).toBeCloseTo(1, 9);
    expect(audit.circles[1]!.fve['accompanying-pizza']).toBeCloseTo(1, 9);
    expect(audit.circles[1]!.accompanies).toEqual([1, 2]);
    expect(audit.circles[2]!.fve['clock']).toBeCloseTo(1, 9);
    expect(audit.circles[2]!.fve['pizza-notebook']!).toBeLessThan(0.9);
    expect(audit.unpairedComponents).toEqual([]);
    expect(audit.ensemble).toBe(true);
    expect(audit.mixedEnsemble).toBe(true);
  });

  it('does not pair components without variance (an embedding of low rank)', () => {
    const network = ensembleNetwork();
    const e = network.embeddingMatrix();
    // Four extra all-zero columns: PCA gives components 7-10 with zero variance and arbitrary "steps".
    const padded = { rows: e.rows, cols: e.cols + 4, data: new Float64Array(e.rows * (e.cols + 4)) };
    for (let r = 0; r < e.rows; r++) padded.data.set(e.data.subarray(r * e.cols, (r + 1) * e.cols), r * padded.cols);
    const fit = pca(padded);
    const audit = auditCircles(network, { circles: componentCircles(padded, p, 10, fit), pca: fit }, templates, rules);
    expect(audit.circles.map((c) => c.components)).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(audit.negligibleComponents).toEqual([7, 8, 9, 10]);
    expect(audit.unpairedComponents).toEqual([]);
  });

  it('names the rule field when a role spec has no template', () => {
    const network = ensembleNetwork();
    const fit = pca(network.embeddingMatrix());
    const run = () => auditCircles(network, { circles: [], pca: fit }, templates.slice(0, 2), rules);
    expect(run).toThrow(/spec\/rules\/paper\.json: \/circles\/accompanyingSpec: no algorithm spec named "accompanying-pizza"/);
  });
});
