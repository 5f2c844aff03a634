import { ClockpizzaError } from '../errors.js';
import type { Matrix, Triple } from './network.js';
import type { DenseF32 } from './transformer-weights.js';
import type { tf } from './backend.js';

/**
 * The batching shared by every runtime: look token rows up in JS (tf.gather is slow on wasm
 * and has no gradient there), run a forward pass that maps per-position token embeddings
 * (each batch × width) to logits, and read results back as float64.
 */
export type EmbeddingForward = (tokenEmbeddings: tf.Tensor2D[]) => tf.Tensor2D;

/** Rows `indices` of `m`, stacked: indices.length × m.cols. */
export function gatherRows(m: DenseF32, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length * m.cols);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    out.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols);
  }
  return out;
}

/** All pairs in the order index = a·p + b: the first and second operands. */
export function allPairs(p: number): { as: Int32Array; bs: Int32Array } {
  const as = new Int32Array(p * p);
  const bs = new Int32Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
    as[a * p + b] = a;
    bs[a * p + b] = b;
  }
  return { as, bs };
}

export function toMatrix(m: DenseF32): Matrix {
  return { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
}

/** A float64 matrix (e.g. an isolated-circle embedding) as float32 rows, shape-checked. */
export function fromMatrix(m: Matrix, rows: number, cols: number, what: string): DenseF32 {
  if (m.rows !== rows || m.cols !== cols || m.data.length !== rows * cols) {
    throw new ClockpizzaError(`expected a ${rows} × ${cols} embedding, got ${m.rows} × ${m.cols} (${m.data.length} values)`, { field: what });
  }
  return { rows, cols, data: Float32Array.from(m.data) };
}

export function checkTriples(triples: readonly Triple[], p: number, nOutputs: number): void {
  for (const [a, b, c] of triples) {
    const ok = [a, b].every((t) => Number.isInteger(t) && t >= 0 && t < p) && Number.isInteger(c) && c >= 0 && c < nOutputs;
    if (!ok) throw new ClockpizzaError(`triple (${a}, ${b}, ${c}) is out of range (p = ${p}, ${nOutputs} outputs)`, { field: 'triples' });
  }
}

/**
 * ∂Q[a,b,c]/∂(token embedding at positions 0 and 1) for a batch, with one tf.grads call: the
 * objective Σ_i Q_i[c_i] separates over rows, so each row's gradient is its own triple's.
 */
export function embeddingGradientsOf(
  tfjs: typeof tf,
  forward: EmbeddingForward,
  rows0: Float32Array,
  rows1: Float32Array,
  width0: number,
  width1: number,
  triples: readonly Triple[],
  nOutputs: number,
): { ga: Float64Array[]; gb: Float64Array[] } {
  const n = triples.length;
  if (n === 0) return { ga: [], gb: [] };
  const pick = new Float32Array(n * nOutputs);
  triples.forEach(([, , c], i) => (pick[i * nOutputs + c] = 1));
  const grads = tfjs.tidy(() => {
    const selector = tfjs.tensor2d(pick, [n, nOutputs]);
    const objective = (e0: tf.Tensor, e1: tf.Tensor): tf.Scalar => tfjs.sum(tfjs.mul(forward([e0 as tf.Tensor2D, e1 as tf.Tensor2D]), selector));
    return tfjs.grads(objective)([tfjs.tensor2d(rows0, [n, width0]), tfjs.tensor2d(rows1, [n, width1])]);
  });
  const [g0, g1] = grads.map((g) => g.dataSync() as Float32Array) as [Float32Array, Float32Array];
  tfjs.dispose(grads);
  const ga: Float64Array[] = [];
  const gb: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    ga.push(Float64Array.from(g0.subarray(i * width0, (i + 1) * width0)));
    gb.push(Float64Array.from(g1.subarray(i * width1, (i + 1) * width1)));
  }
  return { ga, gb };
}

/** Logits for one batch of per-position embedding rows, read back as float64. */
export function logitsOf(tfjs: typeof tf, forward: EmbeddingForward, rows: Float32Array[], widths: number[], batch: number): Float64Array {
  // Read the data outside tidy: tidy walks whatever it returns, and a typed array of 205k
  // logits costs it ~200 ms (four times the forward pass itself).
  const result = tfjs.tidy(() => forward(rows.map((r, i) => tfjs.tensor2d(r, [batch, widths[i]!]))));
  const out = Float64Array.from(result.dataSync() as Float32Array);
  result.dispose();
  return out;
}
