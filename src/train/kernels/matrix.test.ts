import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KernelInstance } from './kernels.js';
import { Mat, MatrixOps } from './matrix.js';

const MAX = 24; // largest rows/cols drawn
const LD = MAX + 5; // row stride of the backing arrays, wider than any view

/** Three MAX × LD backing matrices in one kernel instance. */
function setup() {
  const k = new KernelInstance();
  const [A, B, C] = [0, 1, 2].map(() => Mat.reserve(k, MAX, LD)) as [Mat, Mat, Mat];
  k.commit();
  return { ops: new MatrixOps(k), A, B, C };
}

/** A view of `rows` × `cols` at (r0, c0) in a backing matrix, filled with `fill(i, j)`. */
function place(ops: MatrixOps, backing: Mat, r0: number, c0: number, rows: number, cols: number, fill: (i: number, j: number) => number): Mat {
  const m = backing.block(r0, c0, rows, cols);
  const v = ops.view(m);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) v[i * m.ld + j] = fill(i, j);
  return m;
}

const dims = fc.record({
  m: fc.integer({ min: 1, max: MAX - 2 }),
  k: fc.integer({ min: 1, max: MAX - 2 }),
  n: fc.integer({ min: 1, max: MAX - 2 }),
  offset: fc.integer({ min: 0, max: 2 }),
  accumulate: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1e6 }),
});

/** Small integers scaled by a power of two and some fractions: values with rounding in sums. */
function values(seed: number): (i: number, j: number) => number {
  return (i, j) => Math.fround(Math.sin(seed + 7.3 * i + 3.1 * j) * 3);
}

describe('MatrixOps.mul (the gemm kernel)', () => {
  const { ops, A, B, C } = setup();

  it('gives every entry as the sequential float32 sum over k, whatever the blocking, at any offset and stride', () => {
    fc.assert(
      fc.property(dims, ({ m, k, n, offset, accumulate, seed }) => {
        const fa = values(seed);
        const fb = values(seed + 1);
        const fc0 = values(seed + 2);
        const a = place(ops, A, offset, offset, m, k, fa);
        const b = place(ops, B, 0, offset, k, n, fb);
        // C's backing is filled around the view too, to see that nothing outside it is written
        const sentinel = -12345.5;
        ops.view(C).fill(sentinel);
        const c = place(ops, C, offset, 1, m, n, fc0);
        ops.mul(c, a, b, accumulate);
        const got = ops.view(C);
        for (let i = 0; i < MAX; i++) {
          for (let j = 0; j < LD; j++) {
            const inside = i >= offset && i < offset + m && j >= 1 && j < 1 + n;
            const value = got[i * LD + j]!;
            if (!inside) {
              if (value !== sentinel) return false;
              continue;
            }
            let s = 0;
            for (let q = 0; q < k; q++) s = Math.fround(s + Math.fround(fa(i - offset, q) * fb(q, j - 1)));
            const want = accumulate ? Math.fround(fc0(i - offset, j - 1) + s) : s;
            if (value !== want) return false;
          }
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it('refuses operands whose shapes do not chain', () => {
    expect(() => ops.mul(C.block(0, 0, 3, 4), A.block(0, 0, 3, 5), B.block(0, 0, 4, 4))).toThrow(/product of 3×5 and 4×4 into 3×4/);
  });
});

describe('MatrixOps.transpose, copy, columnSums', () => {
  const { ops, A, B } = setup();

  const sentinel = -12345.5;
  /** Whether B holds expected(i, j) in its rows × cols block at (1, 2) and the sentinel everywhere else. */
  const onlyInside = (rows: number, cols: number, expected: (i: number, j: number) => number): boolean => {
    const all = ops.view(B);
    for (let i = 0; i < MAX; i++) {
      for (let j = 0; j < LD; j++) {
        const inside = i >= 1 && i < 1 + rows && j >= 2 && j < 2 + cols;
        if (all[i * LD + j] !== (inside ? Math.fround(expected(i - 1, j - 2)) : sentinel)) return false;
      }
    }
    return true;
  };

  type Values = (i: number, j: number) => number;
  it.each([
    ['transposes', (x: Mat, m: number, n: number, f: Values) => {
      ops.transpose(B.block(1, 2, n, m), x);
      return onlyInside(n, m, (i, j) => f(j, i));
    }],
    ['copies', (x: Mat, m: number, n: number, f: Values) => {
      ops.copy(B.block(1, 2, m, n), x);
      return onlyInside(m, n, f);
    }],
  ] as const)('%s a view exactly, writing nothing outside the target view', (_, write) => {
    fc.assert(
      fc.property(dims, ({ m, n, offset, seed }) => {
        const f = values(seed);
        const x = place(ops, A, offset, offset, m, n, f);
        ops.view(B).fill(sentinel);
        return write(x, m, n, f);
      }),
      { numRuns: 100 },
    );
  });

  it('copies and adds views, and sums columns in float64 rounded once', () => {
    fc.assert(
      fc.property(dims, ({ m, n, offset, seed }) => {
        const f = values(seed);
        const g = values(seed + 5);
        const x = place(ops, A, offset, offset, m, n, f);
        const y = place(ops, B, 0, 1, m, n, g);
        ops.copy(y, x, true);
        const read = ops.read(y);
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) if (read[i * n + j] !== Math.fround(g(i, j) + f(i, j))) return false;
        const sums = B.block(MAX - 1, 0, 1, n);
        ops.columnSums(sums, x);
        const s = ops.read(sums);
        for (let j = 0; j < n; j++) {
          let t = 0;
          for (let i = 0; i < m; i++) t += f(i, j);
          if (s[j] !== Math.fround(t)) return false;
        }
        return true;
      }),
      { numRuns: 100 },
    );
  });

  it('reads and writes dense row-major data through strided views', () => {
    const view = A.block(2, 3, 4, 5);
    const data = Float32Array.from({ length: 20 }, (_, i) => i + 0.5);
    ops.write(view, data);
    expect(Array.from(ops.read(view))).toEqual(Array.from(data));
    expect(ops.view(A)[2 * LD + 3 + LD]).toBe(5.5); // row 1 of the view starts one stride on
    expect(() => ops.write(view, new Float32Array(19))).toThrow(/19 values for a 4×5 matrix/);
  });

  it('refuses a block outside its matrix', () => {
    expect(() => A.block(MAX - 1, 0, 2, 1)).toThrow(/outside a 24×29 matrix/);
  });
});
