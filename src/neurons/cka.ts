/**
 * Linear CKA (Kornblith et al. 2019) between two representations of the same n inputs, each a
 * list of columns (features) of length n: with columns centred over the inputs,
 * CKA(X, Y) = ‖YᵀX‖²_F / (‖XᵀX‖_F · ‖YᵀY‖_F), in [0, 1]; invariant under orthogonal maps and
 * isotropic scaling of either feature space. Null when either side is constant (0/0).
 */
export function linearCka(x: readonly ArrayLike<number>[], y: readonly ArrayLike<number>[]): number | null {
  return ckaOfSides(ckaSide(x), ckaSide(y));
}

/** A representation prepared once for several comparisons: centred columns and ‖XᵀX‖_F. */
export interface CkaSide {
  columns: Float64Array[];
  gramNorm: number;
}

export function ckaSide(columns: readonly ArrayLike<number>[]): CkaSide {
  const centred = columns.map(centre);
  return { columns: centred, gramNorm: Math.sqrt(crossSquares(centred, centred)) };
}

export function ckaOfSides(x: CkaSide, y: CkaSide): number | null {
  const denominator = x.gramNorm * y.gramNorm;
  if (denominator === 0) return null;
  return crossSquares(y.columns, x.columns) / denominator;
}

function centre(column: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(column);
  const mean = out.reduce((s, v) => s + v, 0) / out.length;
  for (let i = 0; i < out.length; i++) out[i]! -= mean;
  return out;
}

/** ‖YᵀX‖²_F = Σ_ij (y_i · x_j)²; for X = Y the symmetric Gram matrix's upper triangle, in 4 × 4 tiles. */
function crossSquares(y: readonly Float64Array[], x: readonly Float64Array[]): number {
  if (x === y) return gramSquares(x);
  let total = 0;
  for (const yi of y) for (const xj of x) total += dot(yi, xj) ** 2;
  return total;
}

/**
 * Σ_ij (x_i · x_j)² over the Gram matrix of x: off-diagonal 4 × 4 tiles computed once and counted
 * twice, sixteen dot products per pass over the inputs (the neuron section's costliest step).
 */
function gramSquares(x: readonly Float64Array[]): number {
  const c = x.length;
  let total = 0;
  for (let i = 0; i < c; i += 4) {
    for (let ii = i; ii < Math.min(i + 4, c); ii++) {
      for (let jj = ii; jj < Math.min(i + 4, c); jj++) total += (jj === ii ? 1 : 2) * dot(x[ii]!, x[jj]!) ** 2;
    }
    for (let j = i + 4; j < c; j += 4) {
      if (i + 4 <= c && j + 4 <= c) {
        total += 2 * tileSquares(x, i, j);
      } else {
        for (let ii = i; ii < Math.min(i + 4, c); ii++) for (let jj = j; jj < Math.min(j + 4, c); jj++) total += 2 * dot(x[ii]!, x[jj]!) ** 2;
      }
    }
  }
  return total;
}

/** Σ (x_a · x_b)² for a in i..i+3, b in j..j+3. */
function tileSquares(x: readonly Float64Array[], i: number, j: number): number {
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

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let t = 0; t < a.length; t++) s += a[t]! * b[t]!;
  return s;
}
