import type { Matrix } from '../model/network.js';
import { defineInput } from './definition.js';
import { embeddingInput } from './inputs.js';

/** A fitted PCA, as sklearn's `PCA(n).fit_transform` with the full SVD (float64). */
export interface PcaResult {
  /** Column means of the data (added back by inverseTransform). */
  mean: Float64Array;
  /** n × cols, orthonormal rows: the top right-singular vectors of the centred data. */
  components: Matrix;
  /** rows × n: the centred data projected on the components. */
  scores: Matrix;
  /** σ²/(rows − 1) per component, descending. */
  explainedVariance: Float64Array;
  /** Singular values of the centred data, descending. */
  singularValues: Float64Array;
}

/** The embedding's PCA, shared by circle scores, circularity and circle isolation. */
export const pcaInput = defineInput<PcaResult>('pca', ['embedding'], (context) => pca(context.get(embeddingInput)));

/** The reference's component count: min(20, rows − 1), never more than the columns. */
export function defaultComponentCount(m: Matrix): number {
  return Math.max(0, Math.min(20, m.rows - 1, m.cols));
}

/**
 * Centred PCA in float64. The SVD is computed by one-sided (Hestenes) Jacobi rotations on the
 * narrower orientation of the data: it is the cyclic Jacobi eigendecomposition of the smaller
 * Gram matrix carried out implicitly, which keeps singular vectors accurate even where singular
 * values nearly coincide (the two components of one circle). Signs follow sklearn ≥ 1.5
 * (largest-magnitude entry of each component positive); no metric depends on them.
 */
export function pca(m: Matrix, n = defaultComponentCount(m)): PcaResult {
  const { rows, cols } = m;
  if (!Number.isInteger(n) || n < 0 || n > Math.min(rows, cols)) {
    throw new RangeError(`pca: n must be an integer in 0..${Math.min(rows, cols)}, got ${n}`);
  }
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c]! += m.data[r * cols + c]!;
  for (let c = 0; c < cols; c++) mean[c]! /= rows;
  const x = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) x[r * cols + c] = m.data[r * cols + c]! - mean[c]!;

  // Work on column vectors of length `len`; there are `k` of them. If rows ≤ cols the vectors
  // are the rows of X (columns of Xᵀ); rotating them makes X = W Σ Vᵀ with V's columns the
  // normalised results. Otherwise the vectors are X's columns and the rotation matrix is V.
  const wide = rows <= cols;
  const k = wide ? rows : cols;
  const len = wide ? cols : rows;
  const vecs = new Float64Array(k * len); // vector i at [i·len, (i+1)·len)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (wide) vecs[r * len + c] = x[r * cols + c]!;
      else vecs[c * len + r] = x[r * cols + c]!;
    }
  }
  const rot = identity(k); // accumulated rotation, k × k, column j at rot[· , j]
  jacobiOrthogonalise(vecs, k, len, rot);

  const norms = new Float64Array(k);
  for (let i = 0; i < k; i++) norms[i] = Math.sqrt(dot(vecs, i * len, vecs, i * len, len));
  const order = Array.from({ length: k }, (_, i) => i).sort((i, j) => norms[j]! - norms[i]! || i - j);

  const components = new Float64Array(n * cols);
  const singularValues = new Float64Array(n);
  const tiny = (norms[order[0] ?? 0] ?? 0) * 1e-13 * Math.max(rows, cols);
  for (let j = 0; j < n; j++) {
    const src = order[j]!;
    singularValues[j] = norms[src]!;
    const out = components.subarray(j * cols, (j + 1) * cols);
    if (wide) {
      if (norms[src]! > tiny) for (let c = 0; c < cols; c++) out[c] = vecs[src * len + c]! / norms[src]!;
    } else {
      for (let c = 0; c < cols; c++) out[c] = rot[c * k + src]!;
    }
  }
  // Components of (numerically) zero singular value are any orthonormal completion, as in LAPACK.
  if (wide) completeOrthonormal(components, n, cols, singularValues, tiny);
  for (let j = 0; j < n; j++) flipToLargestPositive(components.subarray(j * cols, (j + 1) * cols));

  const scores = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) scores[r * n + j] = dot(x, r * cols, components, j * cols, cols);
  }
  const explainedVariance = singularValues.map((s) => (s * s) / Math.max(rows - 1, 1));
  return {
    mean,
    components: { rows: n, cols, data: components },
    scores: { rows, cols: n, data: scores },
    explainedVariance,
    singularValues,
  };
}

/** Data from component scores: scores · components + mean (sklearn's inverse_transform). */
export function inverseTransform(fit: PcaResult, scores: Matrix): Matrix {
  const n = fit.components.rows;
  const cols = fit.components.cols;
  if (scores.cols !== n) throw new RangeError(`inverseTransform: scores have ${scores.cols} columns, the PCA has ${n} components`);
  const out = new Float64Array(scores.rows * cols);
  for (let r = 0; r < scores.rows; r++) {
    const row = out.subarray(r * cols, (r + 1) * cols);
    row.set(fit.mean);
    for (let j = 0; j < n; j++) {
      const s = scores.data[r * n + j]!;
      if (s === 0) continue;
      const comp = fit.components.data;
      for (let c = 0; c < cols; c++) row[c]! += s * comp[j * cols + c]!;
    }
  }
  return { rows: scores.rows, cols, data: out };
}

function identity(k: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) out[i * k + i] = 1;
  return out;
}

function dot(a: Float64Array, ia: number, b: Float64Array, ib: number, n: number): number {
  let s = 0;
  for (let t = 0; t < n; t++) s += a[ia + t]! * b[ib + t]!;
  return s;
}

/** Cyclic one-sided Jacobi: rotate vector pairs until all are mutually orthogonal. */
function jacobiOrthogonalise(vecs: Float64Array, k: number, len: number, rot: Float64Array): void {
  const eps = 1e-15;
  for (let sweep = 0; sweep < 80; sweep++) {
    let rotated = false;
    for (let i = 0; i < k - 1; i++) {
      for (let j = i + 1; j < k; j++) {
        const ii = i * len;
        const jj = j * len;
        const alpha = dot(vecs, ii, vecs, ii, len);
        const beta = dot(vecs, jj, vecs, jj, len);
        const gamma = dot(vecs, ii, vecs, jj, len);
        if (gamma === 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let q = 0; q < len; q++) {
          const u = vecs[ii + q]!;
          const v = vecs[jj + q]!;
          vecs[ii + q] = c * u - s * v;
          vecs[jj + q] = s * u + c * v;
        }
        for (let q = 0; q < k; q++) {
          const u = rot[q * k + i]!;
          const v = rot[q * k + j]!;
          rot[q * k + i] = c * u - s * v;
          rot[q * k + j] = s * u + c * v;
        }
      }
    }
    if (!rotated) return;
  }
}

/** Fill zero rows of `comps` (n × cols) with unit vectors orthogonal to all other rows. */
function completeOrthonormal(comps: Float64Array, n: number, cols: number, sv: Float64Array, tiny: number): void {
  let basis = 0;
  for (let j = 0; j < n; j++) {
    if (sv[j]! > tiny) continue;
    const row = comps.subarray(j * cols, (j + 1) * cols);
    for (;;) {
      row.fill(0);
      row[basis++ % cols] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (let o = 0; o < n; o++) {
          if (o === j || (sv[o]! <= tiny && o > j)) continue;
          const proj = dot(comps, o * cols, row, 0, cols);
          for (let c = 0; c < cols; c++) row[c]! -= proj * comps[o * cols + c]!;
        }
      }
      const norm = Math.sqrt(dot(row, 0, row, 0, cols));
      if (norm > 0.5 || basis > 2 * cols) {
        for (let c = 0; c < cols; c++) row[c]! /= norm;
        break;
      }
    }
  }
}

function flipToLargestPositive(v: Float64Array): void {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]!) > Math.abs(v[best]!)) best = i;
  if (v[best]! < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i]!;
}
