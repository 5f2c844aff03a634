import { InternalError } from '../../errors.js';
import type { KernelInstance } from './kernels.js';

/**
 * A row-major float32 matrix in a kernel instance's memory: `rows` × `cols` at row stride `ld`
 * floats from byte address `ptr`. Blocks of rows or columns are views, not copies.
 */
export class Mat {
  constructor(
    readonly ptr: number,
    readonly rows: number,
    readonly cols: number,
    readonly ld = cols,
  ) {}

  /** Reserves a rows × cols matrix in `k` (before `k.commit()`). */
  static reserve(k: KernelInstance, rows: number, cols: number): Mat {
    return new Mat(k.reserve(rows * cols).ptr, rows, cols);
  }

  block(row: number, col: number, rows: number, cols: number): Mat {
    if (row < 0 || col < 0 || row + rows > this.rows || col + cols > this.cols) {
      throw new InternalError(`block ${rows}×${cols} at (${row}, ${col}) outside a ${this.rows}×${this.cols} matrix`);
    }
    return new Mat(this.ptr + 4 * (row * this.ld + col), rows, cols, this.ld);
  }

  rowBlock(row: number, rows: number): Mat {
    return this.block(row, 0, rows, this.cols);
  }

  colBlock(col: number, cols: number): Mat {
    return this.block(0, col, this.rows, cols);
  }

  /** n floats from ptr as an n × 1 column. */
  static column(ptr: number, n: number): Mat {
    return new Mat(ptr, n, 1, 1);
  }
}

/** Matrix arithmetic on kernel memory: products and transposes in the kernels, small glue in JS. */
export class MatrixOps {
  constructor(private readonly k: KernelInstance) {}

  /** c = a·b, or c += a·b. */
  mul(c: Mat, a: Mat, b: Mat, accumulate = false): void {
    if (a.cols !== b.rows || c.rows !== a.rows || c.cols !== b.cols) {
      throw new InternalError(`product of ${a.rows}×${a.cols} and ${b.rows}×${b.cols} into ${c.rows}×${c.cols}`);
    }
    this.k.k.gemm(a.ptr, a.ld, b.ptr, b.ld, c.ptr, c.ld, a.rows, a.cols, b.cols, accumulate ? 1 : 0);
  }

  /** out = xᵀ. */
  transpose(out: Mat, x: Mat): void {
    if (out.rows !== x.cols || out.cols !== x.rows) throw new InternalError(`transpose of ${x.rows}×${x.cols} into ${out.rows}×${out.cols}`);
    this.k.k.transpose(x.ptr, x.ld, x.rows, x.cols, out.ptr, out.ld);
  }

  /** out = x (same shape), or out += x. */
  copy(out: Mat, x: Mat, accumulate = false): void {
    if (out.rows !== x.rows || out.cols !== x.cols) throw new InternalError(`copy of ${x.rows}×${x.cols} into ${out.rows}×${out.cols}`);
    this.k.k.copy(x.ptr, x.ld, x.rows, x.cols, out.ptr, out.ld, accumulate ? 1 : 0);
  }

  /** out (1 × cols) = the column sums of x (in float64, rounded once). */
  columnSums(out: Mat, x: Mat): void {
    if (out.rows !== 1 || out.cols !== x.cols) throw new InternalError(`column sums of ${x.rows}×${x.cols} into ${out.rows}×${out.cols}`);
    const s = this.view(x);
    const sums = new Float64Array(x.cols);
    for (let i = 0; i < x.rows; i++) {
      const row = s.subarray(i * x.ld, i * x.ld + x.cols);
      for (let j = 0; j < x.cols; j++) sums[j] += row[j]!;
    }
    this.view(out).set(sums);
  }

  /** A Float32Array over the matrix's span (row stride ld), for reading or writing it from JS. */
  view(m: Mat): Float32Array {
    return new Float32Array(this.k.k.memory.buffer, m.ptr, m.rows === 0 ? 0 : (m.rows - 1) * m.ld + m.cols);
  }

  /** The matrix as a dense row-major copy. */
  read(m: Mat): Float32Array {
    const s = this.view(m);
    if (m.ld === m.cols) return s.slice();
    const out = new Float32Array(m.rows * m.cols);
    for (let i = 0; i < m.rows; i++) out.set(s.subarray(i * m.ld, i * m.ld + m.cols), i * m.cols);
    return out;
  }

  /** Fills the matrix from dense row-major data. */
  write(m: Mat, data: Float32Array): void {
    if (data.length !== m.rows * m.cols) throw new InternalError(`${data.length} values for a ${m.rows}×${m.cols} matrix`);
    const o = this.view(m);
    if (m.ld === m.cols) return o.set(data);
    for (let i = 0; i < m.rows; i++) o.set(data.subarray(i * m.cols, (i + 1) * m.cols), i * m.ld);
  }
}
