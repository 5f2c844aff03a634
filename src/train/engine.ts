import type { Params } from './params.js';

/** Tokens and labels of a set of pairs (index = a·p + b; label (a + b) mod p). */
export interface Batch {
  a: Int32Array;
  b: Int32Array;
  labels: Int32Array;
}

export function batchOf(indices: readonly number[], p: number): Batch {
  const n = indices.length;
  const batch = { a: new Int32Array(n), b: new Int32Array(n), labels: new Int32Array(n) };
  indices.forEach((index, i) => {
    const a = Math.floor(index / p);
    const b = index % p;
    batch.a[i] = a;
    batch.b[i] = b;
    batch.labels[i] = (a + b) % p;
  });
  return batch;
}

/**
 * A batch cut into the reference's DataLoader batches (shuffle=False): consecutive runs of `size`
 * examples in the batch's order, the last one shorter.
 */
export function miniBatches(batch: Batch, size: number): Batch[] {
  const n = batch.labels.length;
  if (size >= n) return [batch];
  const out: Batch[] = [];
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    out.push({ a: batch.a.subarray(start, end), b: batch.b.subarray(start, end), labels: batch.labels.subarray(start, end) });
  }
  return out;
}

/** One evaluation at the current weights: losses before the update, gradients of the train loss. */
export interface StepResult {
  trainLoss: number;
  trainAcc: number;
  testLoss: number;
  testAcc: number;
  /**
   * ∂(mean train cross-entropy)/∂param, in the order of the params; valid until the engine's next
   * evaluate (the fast engine hands out views of its own memory rather than copies).
   */
  grads: Float32Array[];
}

/** Computes the full-batch loss and gradients; the optimizer is shared by all engines. */
export interface StepEngine {
  readonly name: string;
  /** `step` (0-based) picks the mini-batch when the spec has several; a full-batch engine ignores it. */
  evaluate(params: Params, step?: number): StepResult;
  dispose(): void;
}

/** Mean cross-entropy in float64 (and argmax accuracy) of float32 logits; optional float32 gradient. */
export function crossEntropyF64(logits: Float32Array, v: number, labels: Int32Array, wantGrad: boolean): { loss: number; acc: number; grad?: Float32Array } {
  const n = labels.length;
  let sum = 0;
  let correct = 0;
  const grad = wantGrad ? new Float32Array(n * v) : undefined;
  for (let e = 0; e < n; e++) {
    const o = e * v;
    let mx = -Infinity;
    let arg = 0;
    for (let j = 0; j < v; j++) {
      if (logits[o + j]! > mx) {
        mx = logits[o + j]!;
        arg = j;
      }
    }
    let s = 0;
    for (let j = 0; j < v; j++) s += Math.exp(logits[o + j]! - mx);
    const lse = mx + Math.log(s);
    const label = labels[e]!;
    sum += lse - logits[o + label]!;
    if (arg === label) correct++;
    if (grad) for (let j = 0; j < v; j++) grad[o + j] = (Math.exp(logits[o + j]! - lse) - (j === label ? 1 : 0)) / n;
  }
  return { loss: sum / n, acc: correct / n, ...(grad ? { grad } : {}) };
}
