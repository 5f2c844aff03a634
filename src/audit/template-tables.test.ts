import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fveOfStandardised, standardisedTemplate } from '../metrics/fve.js';
import type { CircleTemplate } from './circles.js';
import { inTableOrder, standardisedTable, standardisedTableView } from './template-tables.js';
import { specTemplates } from './templates.js';

const worstDifference = (x: Float64Array | null, y: Float64Array | null): number => {
  if (x === null || y === null) return x === y ? 0 : Infinity;
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  return worst;
};

describe('standardisedTable', () => {
  it('equals the table built directly, for every spec template, frequency and modulus (relabelled from frequency 1)', () => {
    for (const template of specTemplates()) {
      for (const p of [13, 31, 59]) {
        for (const k of [1, 2, 5, Math.floor(p / 2), p - 1]) {
          const direct = standardisedTemplate(template.table(p, k), p);
          expect(worstDifference(standardisedTable(template, p, k), direct), `${template.name} p=${p} k=${k}`).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('builds directly what relabelling would get wrong: a template that is not covariant, a frequency sharing a factor with p', () => {
    // t(a, b, c) = k·c + a: not a function of the angles, so relabelling frequency 1 fails the check.
    const odd: CircleTemplate = { name: 'odd', table: (p, k) => Float64Array.from({ length: p ** 3 }, (_, i) => k * (i % p) + Math.floor(i / (p * p)) + ((i * 7919) % 13) * 1e-3) };
    for (const k of [1, 2, 3, 4]) expect(worstDifference(standardisedTable(odd, 11, k), standardisedTemplate(odd.table(11, k), 11))).toBe(0);
    const clock = specTemplates().find((t) => t.name === 'clock')!;
    // p = 9, k = 3: a → 3a mod 9 is not a relabelling; the table is built directly.
    expect(worstDifference(standardisedTable(clock, 9, 3), standardisedTemplate(clock.table(9, 3), 9))).toBe(0);
  });

  it('read through its index (the logits put in its order, as the audit reads it) gives the FVE of the relabelled copy to rounding', () => {
    const templates = specTemplates();
    fc.assert(
      fc.property(fc.constantFrom(13, 31), fc.integer({ min: 1, max: 14 }), fc.integer({ min: 0, max: templates.length - 1 }), fc.integer(), (p, k0, which, seed) => {
        const k = 1 + (k0 % ((p - 1) / 2));
        const template = templates[which]!;
        const noisy = Float64Array.from({ length: p ** 3 }, (_, i) => Math.sin(i * 0.37 + seed) + 0.5 * Math.cos((i % p) * k));
        const y = standardisedTemplate(noisy, p)!;
        const view = standardisedTableView(template, p, k);
        const copy = standardisedTable(template, p, k);
        if (view === null || copy === null) return view === copy;
        if (k > 1) expect(view.index).not.toBeNull();
        const viaIndex = fveOfStandardised(view.index === null ? y : inTableOrder(y, view.index), view.table);
        // The same terms summed in another order.
        expect(Math.abs(viaIndex - fveOfStandardised(y, copy))).toBeLessThan(1e-12);
        if (view.index === null) expect(viaIndex).toBe(fveOfStandardised(y, copy));
        return true;
      }),
      { numRuns: 40 },
    );
  });
});
