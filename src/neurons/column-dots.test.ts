import { describe, expect, it } from 'vitest';
import { columnDots, packColumns } from './column-dots.js';

/** Entries spread over many binary orders of magnitude, so any other order of the sums would show in the bits. */
function columns(n: number, c: number, seed: number): Float64Array[] {
  let s = seed >>> 0 || 1;
  const next = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Array.from({ length: c }, () => Float64Array.from({ length: n }, () => (next() - 0.5) * 2 ** Math.floor(40 * next() - 20)));
}

function scalarDot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let t = 0; t < a.length; t++) s += a[t]! * b[t]!;
  return s;
}

describe('column dots (SIMD kernel)', () => {
  it('gives every dot product of two column lists bit for bit as the scalar loop', () => {
    for (const [n, cx, cy] of [[1, 1, 1], [7, 5, 3], [101, 9, 4], [3481, 6, 13]] as const) {
      const x = columns(n, cx, n + cx);
      const y = columns(n, cy, n + 7 * cy);
      const dots = columnDots(packColumns(x, n), packColumns(y, n));
      for (let i = 0; i < cx; i++) for (let j = 0; j < cy; j++) expect(Object.is(dots[i * cy + j], scalarDot(x[i]!, y[j]!))).toBe(true);
    }
  });

  it('with `upper`, gives the Gram matrix on and above the diagonal blocks bit for bit', () => {
    for (const [n, c] of [[5, 3], [59, 8], [211, 11]] as const) {
      const x = columns(n, c, 3 * n + c);
      const dots = columnDots(packColumns(x, n), packColumns(x, n), { upper: true });
      for (let i = 0; i < c; i++) for (let j = 4 * Math.floor(i / 4); j < c; j++) expect(Object.is(dots[i * c + j], scalarDot(x[i]!, x[j]!))).toBe(true);
    }
  });

  it('is not the scalar sum reordered: the test columns tell the orders apart', () => {
    const [a, b] = columns(3481, 2, 11);
    let forward = 0;
    for (let t = 0; t < a!.length; t++) forward += a![t]! * b![t]!;
    let backward = 0;
    for (let t = a!.length - 1; t >= 0; t--) backward += a![t]! * b![t]!;
    expect(forward).not.toBe(backward);
  });
});
