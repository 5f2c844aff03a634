import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearCka } from './cka.js';
import { reference } from './references.js';

function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5;
}

function randomColumns(n: number, c: number, seed: number): Float64Array[] {
  const next = seeded(seed);
  return Array.from({ length: c }, () => Float64Array.from({ length: n }, next));
}

/** A random orthogonal c × c map (Gram–Schmidt of random vectors) applied to the feature space. */
function rotate(columns: Float64Array[], seed: number): Float64Array[] {
  const c = columns.length;
  const next = seeded(seed);
  const basis: Float64Array[] = [];
  while (basis.length < c) {
    const v = Float64Array.from({ length: c }, next);
    for (const u of basis) {
      const d = u.reduce((s, x, i) => s + x * v[i]!, 0);
      for (let i = 0; i < c; i++) v[i]! -= d * u[i]!;
    }
    const norm = Math.hypot(...v);
    basis.push(v.map((x) => x / norm));
  }
  return basis.map((row) => {
    const out = new Float64Array(columns[0]!.length);
    row.forEach((r, j) => columns[j]!.forEach((x, t) => (out[t]! += r * x)));
    return out;
  });
}

describe('linear CKA (laws, issue 17 item 2)', () => {
  it('is invariant under orthogonal maps and isotropic scaling of either side (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 6 }), fc.integer(), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (cx, cy, seed, scale) => {
        const x = randomColumns(40, cx, seed);
        const y = randomColumns(40, cy, seed + 1);
        const base = linearCka(x, y)!;
        const moved = linearCka(rotate(x, seed + 2).map((col) => col.map((v) => v * scale)), rotate(y, seed + 3))!;
        expect(Math.abs(moved - base)).toBeLessThan(1e-10);
        expect(base >= 0 && base <= 1 + 1e-12).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
  it('is 1 for a representation against itself and symmetric', () => {
    const x = randomColumns(30, 7, 5);
    const y = randomColumns(30, 3, 6);
    expect(linearCka(x, x)).toBeCloseTo(1, 12);
    expect(linearCka(x, y)).toBeCloseTo(linearCka(y, x)!, 12);
  });
  it('equals the definition ‖YᵀX‖²/(‖XᵀX‖‖YᵀY‖) computed entry by entry (odd column counts exercise the tiles’ edges)', () => {
    for (const c of [1, 4, 5, 11]) {
      const x = randomColumns(25, c, c).map((col) => {
        const m = col.reduce((s, v) => s + v, 0) / col.length;
        return col.map((v) => v - m);
      });
      const y = reference('torus', 5, 2);
      const sq = (a: Float64Array[], b: Float64Array[]) => a.reduce((s, u) => s + b.reduce((t, v) => t + u.reduce((d, w, i) => d + w * v[i]!, 0) ** 2, 0), 0);
      expect(linearCka(x, y)).toBeCloseTo(sq(y, x) / Math.sqrt(sq(x, x) * sq(y, y)), 12);
    }
  });
  it('the references: disc against torus is 1/√2 (a 2-D subspace of the 4-D torus), circle against either is 0', () => {
    const p = 59;
    expect(linearCka(reference('disc', p, 7), reference('torus', p, 7))).toBeCloseTo(Math.SQRT1_2, 12);
    expect(linearCka(reference('circle', p, 7), reference('torus', p, 7))!).toBeLessThan(1e-24);
    expect(linearCka(reference('circle', p, 7), reference('disc', p, 7))!).toBeLessThan(1e-24);
  });
  it('is null for a constant side', () => {
    expect(linearCka([new Float64Array(10).fill(3)], randomColumns(10, 2, 1))).toBeNull();
  });
});
