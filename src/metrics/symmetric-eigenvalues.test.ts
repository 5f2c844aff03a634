import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomOrthogonal } from '../oracle/symmetries.js';
import { mulberry32 } from '../stats/rng.js';
import { pca } from './pca.js';
import { symmetricEigenvalues } from './symmetric-eigenvalues.js';

/** Q·diag(λ)·Qᵀ: a symmetric matrix whose eigenvalues are λ by construction. */
function withEigenvalues(lambda: readonly number[], seed: number): Float64Array {
  const n = lambda.length;
  const q = randomOrthogonal(n, mulberry32(seed)).data;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) out[i * n + j]! += q[i * n + k]! * lambda[k]! * q[j * n + k]!;
  return out;
}

describe('symmetricEigenvalues', () => {
  it('recovers the eigenvalues of Q·diag(λ)·Qᵀ (repeated and negative ones included), descending', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -8, max: 8 }), fc.double({ min: -10, max: 10, noNaN: true })), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        (lambda, seed) => {
          const got = symmetricEigenvalues(withEigenvalues(lambda, seed), lambda.length);
          const want = [...lambda].sort((x, y) => y - x);
          const scale = Math.max(1, ...lambda.map(Math.abs));
          want.forEach((w, i) => expect(Math.abs(got[i]! - w)).toBeLessThan(1e-12 * scale * lambda.length));
        },
      ),
      { numRuns: 60 },
    );
  });
  it('the Gram matrix of centred data has the squared singular values of its PCA', () => {
    const random = mulberry32(5);
    const [rows, cols] = [59, 24];
    const data = Float64Array.from({ length: rows * cols }, () => random() - 0.5);
    const fit = pca({ rows, cols, data }, cols);
    const gram = new Float64Array(cols * cols);
    for (let i = 0; i < cols; i++) {
      for (let j = 0; j < cols; j++) {
        for (let r = 0; r < rows; r++) gram[i * cols + j]! += (data[r * cols + i]! - fit.mean[i]!) * (data[r * cols + j]! - fit.mean[j]!);
      }
    }
    const got = symmetricEigenvalues(gram, cols);
    fit.singularValues.forEach((s, i) => expect(got[i]!).toBeCloseTo(s * s, 11));
  });
  it('handles the empty, 1×1 and zero matrices', () => {
    expect(Array.from(symmetricEigenvalues(new Float64Array(0), 0))).toEqual([]);
    expect(Array.from(symmetricEigenvalues(Float64Array.of(-3), 1))).toEqual([-3]);
    expect(Array.from(symmetricEigenvalues(new Float64Array(16), 4))).toEqual([0, 0, 0, 0]);
    expect(() => symmetricEigenvalues(new Float64Array(5), 2)).toThrow(/5 entries, expected 2×2/);
  });
});
