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


// The scalar CKA this module computed before its dot products moved to the SIMD kernel
// (column-dots.ts), kept as the oracle of bit-for-bit equality.
function scalarLinearCka(x: readonly ArrayLike<number>[], y: readonly ArrayLike<number>[]): number | null {
  const side = (columns: readonly ArrayLike<number>[]) => {
    const centred = columns.map(scalarCentre);
    return { columns: centred, gramNorm: Math.sqrt(scalarCrossSquares(centred, centred)) };
  };
  const [sx, sy] = [side(x), side(y)];
  const denominator = sx.gramNorm * sy.gramNorm;
  return denominator === 0 ? null : scalarCrossSquares(sy.columns, sx.columns) / denominator;
}

function scalarCentre(column: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(column);
  const mean = out.reduce((s, v) => s + v, 0) / out.length;
  for (let i = 0; i < out.length; i++) out[i]! -= mean;
  return out;
}

/** ‖YᵀX‖²_F = Σ_ij (y_i · x_j)²; for X = Y the symmetric Gram matrix's upper triangle, in 4 × 4 tiles. */
function scalarCrossSquares(y: readonly Float64Array[], x: readonly Float64Array[]): number {
  if (x === y) return scalarGramSquares(x);
  let total = 0;
  for (const yi of y) for (const xj of x) total += scalarDot(yi, xj) ** 2;
  return total;
}

/**
 * Σ_ij (x_i · x_j)² over the Gram matrix of x: off-diagonal 4 × 4 tiles computed once and counted
 * twice, sixteen dot products per pass over the inputs (the neuron section's costliest step).
 */
function scalarGramSquares(x: readonly Float64Array[]): number {
  const c = x.length;
  let total = 0;
  for (let i = 0; i < c; i += 4) {
    for (let ii = i; ii < Math.min(i + 4, c); ii++) {
      for (let jj = ii; jj < Math.min(i + 4, c); jj++) total += (jj === ii ? 1 : 2) * scalarDot(x[ii]!, x[jj]!) ** 2;
    }
    for (let j = i + 4; j < c; j += 4) {
      if (i + 4 <= c && j + 4 <= c) {
        total += 2 * scalarTileSquares(x, i, j);
      } else {
        for (let ii = i; ii < Math.min(i + 4, c); ii++) for (let jj = j; jj < Math.min(j + 4, c); jj++) total += 2 * scalarDot(x[ii]!, x[jj]!) ** 2;
      }
    }
  }
  return total;
}

/** Σ (x_a · x_b)² for a in i..i+3, b in j..j+3. */
function scalarTileSquares(x: readonly Float64Array[], i: number, j: number): number {
  const [a0, a1, a2, a3] = [x[i]!, x[i + 1]!, x[i + 2]!, x[i + 3]!];
  const [b0, b1, b2, b3] = [x[j]!, x[j + 1]!, x[j + 2]!, x[j + 3]!];
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
  let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
  for (let t = 0; t < a0.length; t++) {
    const u0 = a0[t]!, u1 = a1[t]!, u2 = a2[t]!, u3 = a3[t]!;
    const v0 = b0[t]!, v1 = b1[t]!, v2 = b2[t]!, v3 = b3[t]!;
    s00 += u0 * v0; s01 += u0 * v1; s02 += u0 * v2; s03 += u0 * v3;
    s10 += u1 * v0; s11 += u1 * v1; s12 += u1 * v2; s13 += u1 * v3;
    s20 += u2 * v0; s21 += u2 * v1; s22 += u2 * v2; s23 += u2 * v3;
    s30 += u3 * v0; s31 += u3 * v1; s32 += u3 * v2; s33 += u3 * v3;
  }
  return s00 * s00 + s01 * s01 + s02 * s02 + s03 * s03 + s10 * s10 + s11 * s11 + s12 * s12 + s13 * s13 +
    s20 * s20 + s21 * s21 + s22 * s22 + s23 * s23 + s30 * s30 + s31 * s31 + s32 * s32 + s33 * s33;
}

function scalarDot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let t = 0; t < a.length; t++) s += a[t]! * b[t]!;
  return s;
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

  it('is bit for bit the scalar computation it replaced (Gram tiles, their edges, cross products, references)', () => {
    for (const [n, cx, cy] of [[3481, 13, 2], [3481, 8, 4], [500, 37, 10], [97, 1, 5]] as const) {
      const x = randomColumns(n, cx, n + cx);
      const y = randomColumns(n, cy, 2 * n + cy);
      expect(Object.is(linearCka(x, y), scalarLinearCka(x, y))).toBe(true);
      expect(Object.is(linearCka(x, x), scalarLinearCka(x, x))).toBe(true);
    }
    const p = 59;
    const logitsLike = randomColumns(p * p, 59, 5);
    for (const r of ['disc', 'circle', 'torus'] as const) expect(Object.is(linearCka(logitsLike, reference(r, p, 3)), scalarLinearCka(logitsLike, reference(r, p, 3)))).toBe(true);
  });
});
