import { ClockpizzaError } from '../errors.js';
import { toFloat64, type Tensor, type TensorMap } from '../io/tensor.js';
import { referenceRoleOf } from '../model/families/reference-transformer.js';
import type { Matrix } from '../model/network.js';
import { standardNormal } from '../stats/rng.js';

/**
 * Exact symmetries of the reference transformer (METRICS.md §2): they change the weights but not
 * the function, so every metric must be invariant under them (spec/laws.spec.ts). They act on a
 * reference-layout state dict tensor by tensor, by the role the reference family gives each name.
 */

/**
 * Rotates the residual stream by an orthogonal d×d matrix R: x ↦ Rx. Writers of the residual
 * (W_E, W_pos, W_O, W_out, b_out) are multiplied by R, readers (W_Q, W_K, W_V, W_in, W_U) by Rᵀ
 * from the side that meets the residual — W_U is (d, V) and read as x·W_U, so it becomes R·W_U.
 */
export function rotateResidual(tensors: TensorMap, rotation: Matrix): TensorMap {
  const d = rotation.rows;
  if (rotation.cols !== d) throw new ClockpizzaError(`rotation must be square, got ${rotation.rows}×${rotation.cols}`, { field: 'rotation' });
  const out: TensorMap = new Map();
  for (const [name, tensor] of tensors) {
    const x = toFloat64(tensor);
    const s = tensor.shape;
    let data: Float64Array;
    const role = referenceRoleOf(name);
    if (role === 'embed' || role === 'unembed' || role === 'wO' || role === 'wOut') {
      expectDim(name, s[0], d);
      data = leftMultiply(rotation, x, s[1]!); // (d, n): R·W
    } else if (role === 'bOut') {
      expectDim(name, s[0], d);
      data = leftMultiply(rotation, x, 1);
    } else if (role === 'pos' || role === 'wQ' || role === 'wK' || role === 'wV' || role === 'wIn') {
      expectDim(name, s[s.length - 1], d);
      data = rightMultiplyTransposed(x, rotation); // (…, d): W·Rᵀ
    } else if (role === 'bIn' || role === 'mask') {
      data = x;
    } else {
      throw new ClockpizzaError('unknown tensor: cannot tell how it meets the residual stream', { field: name });
    }
    out.set(name, like(tensor, data));
  }
  return out;
}

/** Permutes the MLP's hidden neurons of every block: neuron i of the result is neuron perm[i] of the input. */
export function permuteHiddenNeurons(tensors: TensorMap, perm: readonly number[]): TensorMap {
  const out: TensorMap = new Map();
  for (const [name, tensor] of tensors) {
    const x = toFloat64(tensor);
    const s = tensor.shape;
    let data = x;
    const role = referenceRoleOf(name);
    if (role === 'wIn') {
      expectDim(name, s[0], perm.length);
      const d = s[1]!;
      data = new Float64Array(x.length);
      perm.forEach((from, i) => data.set(x.subarray(from * d, from * d + d), i * d));
    } else if (role === 'bIn') {
      expectDim(name, s[0], perm.length);
      data = Float64Array.from(perm, (from) => x[from]!);
    } else if (role === 'wOut') {
      expectDim(name, s[1], perm.length);
      const [rows, cols] = [s[0]!, s[1]!];
      data = new Float64Array(x.length);
      for (let r = 0; r < rows; r++) perm.forEach((from, i) => (data[r * cols + i] = x[r * cols + from]!));
    }
    out.set(name, like(tensor, data));
  }
  return out;
}

/** A random orthogonal n×n matrix (Gram–Schmidt on Gaussian columns, twice for stability). */
export function randomOrthogonal(n: number, random: () => number): Matrix {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) q[i] = standardNormal(random);
  // Columns of q, orthonormalised in place (column j = q[·, j]).
  for (let j = 0; j < n; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += q[i * n + j]! * q[i * n + k]!;
        for (let i = 0; i < n; i++) q[i * n + j]! -= dot * q[i * n + k]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += q[i * n + j]! ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) q[i * n + j]! /= norm;
  }
  return { rows: n, cols: n, data: q };
}

/** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
export function randomPermutation(n: number, random: () => number): number[] {
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  return perm;
}

function expectDim(name: string, got: number | undefined, want: number): void {
  if (got !== want) throw new ClockpizzaError(`dimension ${got} does not match ${want}`, { field: name });
}

/** R (d×d) · X (d×n). */
function leftMultiply(r: Matrix, x: Float64Array, n: number): Float64Array {
  const d = r.rows;
  const out = new Float64Array(d * n);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const rik = r.data[i * d + k]!;
      if (rik === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j]! += rik * x[k * n + j]!;
    }
  }
  return out;
}

/** X (m×d) · Rᵀ. */
function rightMultiplyTransposed(x: Float64Array, r: Matrix): Float64Array {
  const d = r.rows;
  const m = x.length / d;
  const out = new Float64Array(x.length);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += x[i * d + k]! * r.data[j * d + k]!;
      out[i * d + j] = s;
    }
  }
  return out;
}

/** Same dtype as `tensor` (float32 stays float32; anything else becomes float64). */
function like(tensor: Tensor, data: Float64Array): Tensor {
  if (tensor.dtype === 'F32') return { dtype: 'F32', shape: [...tensor.shape], data: Float32Array.from(data) };
  return { dtype: 'F64', shape: [...tensor.shape], data };
}
