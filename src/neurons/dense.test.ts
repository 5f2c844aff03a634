import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addRowsTimes, type Dense } from './dense.js';

/** The scalar loop the kernel must reproduce: out[j] += x[i]·w[i][j], i in order, zeros skipped. */
function scalarRowsTimes(out: Float64Array, outOffset: number, ldo: number, x: Float64Array, xOffset: number, ldx: number, rows: number, w: Dense): void {
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < w.rows; i++) {
      const v = x[xOffset + r * ldx + i]!;
      if (v === 0) continue;
      for (let j = 0; j < w.cols; j++) out[outOffset + r * ldo + j]! += v * w.data[i * w.cols + j]!;
    }
  }
}

// Magnitudes over many binary orders, and exact zeros, so a reordered or fused sum shows in the bits.
const entry = fc.oneof(fc.constant(0), fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e-6, max: 1e-6, noNaN: true }));

describe('addRowsTimes (rows-times.as)', () => {
  it('gives the scalar loop bit for bit: any sizes (odd widths, fewer than 4 terms), strides, offsets and zeros (property)', () => {
    fc.assert(
      fc.property(
        fc.record({ rows: fc.integer({ min: 1, max: 5 }), k: fc.integer({ min: 1, max: 11 }), cols: fc.integer({ min: 1, max: 9 }), xPad: fc.integer({ min: 0, max: 3 }), outPad: fc.integer({ min: 0, max: 3 }), offset: fc.integer({ min: 0, max: 4 }) }).chain((s) =>
          fc.record({
            s: fc.constant(s),
            x: fc.float64Array({ minLength: s.offset + s.rows * (s.k + s.xPad), maxLength: s.offset + s.rows * (s.k + s.xPad) }).map((a) => a.map((v) => (Number.isFinite(v) ? v : 0))),
            w: fc.array(entry, { minLength: s.k * s.cols, maxLength: s.k * s.cols }),
            out: fc.array(entry, { minLength: s.offset + s.rows * (s.cols + s.outPad), maxLength: s.offset + s.rows * (s.cols + s.outPad) }),
            zeros: fc.array(fc.boolean(), { minLength: s.rows * s.k, maxLength: s.rows * s.k }),
          }),
        ),
        ({ s, x, w, out, zeros }) => {
          const ldx = s.k + s.xPad;
          const ldo = s.cols + s.outPad;
          zeros.forEach((z, i) => {
            if (z) x[s.offset + Math.floor(i / s.k) * ldx + (i % s.k)] = 0;
          });
          const matrix: Dense = { rows: s.k, cols: s.cols, data: Float64Array.from(w) };
          const want = Float64Array.from(out);
          scalarRowsTimes(want, s.offset, ldo, x, s.offset, ldx, s.rows, matrix);
          const got = Float64Array.from(out);
          addRowsTimes({ data: got, offset: s.offset, stride: ldo }, { data: x, offset: s.offset, stride: ldx }, s.rows, matrix);
          expect(got.every((v, i) => Object.is(v, want[i]))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses rows that run past the arrays', () => {
    const w: Dense = { rows: 2, cols: 3, data: new Float64Array(6) };
    expect(() => addRowsTimes({ data: new Float64Array(6), offset: 0, stride: 3 }, { data: new Float64Array(4), offset: 0, stride: 2 }, 3, w)).toThrow(RangeError);
  });
});
