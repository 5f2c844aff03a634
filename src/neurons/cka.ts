import { columnDots, packColumns, type PackedColumns } from './column-dots.js';

/**
 * Linear CKA (Kornblith et al. 2019) between two representations of the same n inputs, each a
 * list of columns (features) of length n: with columns centred over the inputs,
 * CKA(X, Y) = ‖YᵀX‖²_F / (‖XᵀX‖_F · ‖YᵀY‖_F), in [0, 1]; invariant under orthogonal maps and
 * isotropic scaling of either feature space. Null when either side is constant (0/0).
 */
export function linearCka(x: readonly ArrayLike<number>[], y: readonly ArrayLike<number>[]): number | null {
  return ckaOfSides(ckaSide(x), ckaSide(y));
}

/** A representation prepared once for several comparisons: centred columns (packed for column-dots.ts) and ‖XᵀX‖_F. */
export interface CkaSide {
  columns: PackedColumns;
  gramNorm: number;
}

export function ckaSide(columns: readonly ArrayLike<number>[]): CkaSide {
  const n = columns[0]?.length ?? 0;
  const centred = packColumns(columns, n, columns.map(mean));
  return { columns: centred, gramNorm: Math.sqrt(gramSquares(centred)) };
}

export function ckaOfSides(x: CkaSide, y: CkaSide): number | null {
  const denominator = x.gramNorm * y.gramNorm;
  if (denominator === 0) return null;
  return (x === y ? gramSquares(x.columns) : crossSquares(y.columns, x.columns)) / denominator;
}

function mean(column: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < column.length; i++) sum += column[i]!;
  return sum / column.length;
}

/** ‖YᵀX‖²_F = Σ_ij (y_i · x_j)², summed in the order i, j. */
function crossSquares(y: PackedColumns, x: PackedColumns): number {
  const dots = columnDots(y, x);
  let total = 0;
  for (let k = 0; k < dots.length; k++) total += dots[k]! ** 2;
  return total;
}

/**
 * Σ_ij (x_i · x_j)² over the Gram matrix of x: its upper triangle in 4 × 4 tiles, off-diagonal
 * tiles counted twice (the neuron section's costliest step; the order of the sums is fixed, as
 * it fixes the bits).
 */
function gramSquares(x: PackedColumns): number {
  const c = x.count;
  const dots = columnDots(x, x, { upper: true });
  const dot = (a: number, b: number): number => dots[a * c + b]!;
  let total = 0;
  for (let i = 0; i < c; i += 4) {
    for (let ii = i; ii < Math.min(i + 4, c); ii++) {
      for (let jj = ii; jj < Math.min(i + 4, c); jj++) total += (jj === ii ? 1 : 2) * dot(ii, jj) ** 2;
    }
    for (let j = i + 4; j < c; j += 4) {
      if (i + 4 <= c && j + 4 <= c) {
        total += 2 * tileSquares(dots, c, i, j);
      } else {
        for (let ii = i; ii < Math.min(i + 4, c); ii++) for (let jj = j; jj < Math.min(j + 4, c); jj++) total += 2 * dot(ii, jj) ** 2;
      }
    }
  }
  return total;
}

/** Σ (x_a · x_b)² for a in i..i+3, b in j..j+3, from the Gram matrix `dots` (c × c). */
function tileSquares(dots: Float64Array, c: number, i: number, j: number): number {
  const r0 = i * c + j, r1 = r0 + c, r2 = r1 + c, r3 = r2 + c;
  const s00 = dots[r0]!, s01 = dots[r0 + 1]!, s02 = dots[r0 + 2]!, s03 = dots[r0 + 3]!;
  const s10 = dots[r1]!, s11 = dots[r1 + 1]!, s12 = dots[r1 + 2]!, s13 = dots[r1 + 3]!;
  const s20 = dots[r2]!, s21 = dots[r2 + 1]!, s22 = dots[r2 + 2]!, s23 = dots[r2 + 3]!;
  const s30 = dots[r3]!, s31 = dots[r3 + 1]!, s32 = dots[r3 + 2]!, s33 = dots[r3 + 3]!;
  return s00 * s00 + s01 * s01 + s02 * s02 + s03 * s03 + s10 * s10 + s11 * s11 + s12 * s12 + s13 * s13 +
    s20 * s20 + s21 * s21 + s22 * s22 + s23 * s23 + s30 * s30 + s31 * s31 + s32 * s32 + s33 * s33;
}
