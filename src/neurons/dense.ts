import type { DenseF32 } from '../model/transformer-weights.js';

/** A row-major float64 matrix for `x · W`. One element type keeps addRowTimes monomorphic (≈ 4× faster). */
export interface Dense {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function float64(m: DenseF32): Dense {
  return { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
}

/** `row · w` (w: rows × cols) added into out[offset … offset + cols). */
export function addRowTimes(out: Float64Array, offset: number, row: ArrayLike<number>, w: Dense): void {
  const { rows, cols, data } = w;
  for (let i = 0; i < rows; i++) {
    const x = row[i]!;
    if (x === 0) continue;
    const base = i * cols;
    for (let j = 0; j < cols; j++) out[offset + j]! += x * data[base + j]!;
  }
}

export function rowOf(m: Dense, r: number): Float64Array {
  return m.data.subarray(r * m.cols, (r + 1) * m.cols);
}
