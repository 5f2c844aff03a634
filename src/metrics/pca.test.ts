import { describe, expect, it } from 'vitest';
import type { Matrix } from '../model/network.js';
import { inverseTransform, pca } from './pca.js';

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  let s = seed;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5;
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, next) };
}

function expectOrthonormalRows(m: Matrix, tol: number) {
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.rows; j++) {
      let d = 0;
      for (let c = 0; c < m.cols; c++) d += m.data[i * m.cols + c]! * m.data[j * m.cols + c]!;
      expect(Math.abs(d - (i === j ? 1 : 0))).toBeLessThan(tol);
    }
  }
}

describe('pca', () => {
  for (const [rows, cols] of [
    [30, 50],
    [50, 12],
    [59, 128],
  ] as const) {
    it(`${rows}×${cols}: orthonormal components, descending variance, exact reconstruction, eigenvectors of XᵀX`, () => {
      const m = randomMatrix(rows, cols, rows * 1000 + cols);
      const n = Math.min(rows - 1, cols);
      const fit = pca(m, n);
      expect(fit.components.rows).toBe(n);
      expectOrthonormalRows(fit.components, 1e-12);
      for (let j = 1; j < n; j++) expect(fit.explainedVariance[j]!).toBeLessThanOrEqual(fit.explainedVariance[j - 1]!);
      // All rows−1 (or cols) components span the centred data: reconstruction is exact.
      const back = inverseTransform(fit, fit.scores);
      for (let i = 0; i < m.data.length; i++) expect(Math.abs(back.data[i]! - m.data[i]!)).toBeLessThan(1e-12);
      // Cᵀ: XᵀX v = σ² v for the leading component.
      const x = m.data.map((v, i) => v - fit.mean[i % cols]!);
      const v = fit.components.data.subarray(0, cols);
      const xv = new Float64Array(rows);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) xv[r]! += x[r * cols + c]! * v[c]!;
      const sigma2 = fit.singularValues[0]! ** 2;
      for (let c = 0; c < cols; c++) {
        let xtxv = 0;
        for (let r = 0; r < rows; r++) xtxv += x[r * cols + c]! * xv[r]!;
        expect(Math.abs(xtxv - sigma2 * v[c]!)).toBeLessThan(1e-10 * sigma2);
      }
    });
  }
  it('defaults to min(20, rows − 1) components', () => {
    expect(pca(randomMatrix(59, 128, 1)).components.rows).toBe(20);
    expect(pca(randomMatrix(8, 128, 1)).components.rows).toBe(7);
  });
  it('completes rank-deficient data with orthonormal components of zero variance', () => {
    const m = randomMatrix(40, 3, 7);
    const wide: Matrix = { rows: 40, cols: 30, data: new Float64Array(40 * 30) };
    for (let r = 0; r < 40; r++) for (let c = 0; c < 3; c++) wide.data[r * 30 + c * 7] = m.data[r * 3 + c]!;
    const fit = pca(wide);
    expect(fit.components.rows).toBe(20);
    expectOrthonormalRows(fit.components, 1e-12);
    for (let j = 3; j < 20; j++) expect(fit.explainedVariance[j]!).toBeLessThan(1e-25);
  });
  it('rejects an impossible component count', () => {
    expect(() => pca(randomMatrix(5, 3, 1), 4)).toThrow(RangeError);
  });
});
