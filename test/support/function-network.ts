import type { TensorMap } from '../../src/io/tensor.js';
import type { Matrix, Network, Triple } from '../../src/model/network.js';

/** Q[a,b,c] as a function of the two input embeddings (rows of the embedding matrix). */
export type LogitFunction = (ea: Float64Array, eb: Float64Array, c: number) => number;

/**
 * A small pure-JS `Network` whose logits are a known function of the token embeddings, for unit
 * tests of metrics and for benchmarks' baselines. Gradients are central finite differences
 * (error ~1e-10 for smooth functions), so it needs no autodiff and works for any function.
 */
export function functionNetwork(options: {
  p: number;
  embedding: Matrix;
  logit: LogitFunction;
  nOutputs?: number;
  description?: string;
  parameters?: TensorMap;
}): Network {
  const { p, embedding, logit } = options;
  const nOutputs = options.nOutputs ?? p;
  const row = (t: number): Float64Array => embedding.data.slice(t * embedding.cols, (t + 1) * embedding.cols);
  return {
    p,
    nOutputs,
    description: options.description ?? `function network p=${p}`,
    embeddingMatrix: () => ({ rows: embedding.rows, cols: embedding.cols, data: embedding.data.slice() }),
    allLogits() {
      const out = new Float64Array(p * p * nOutputs);
      for (let a = 0; a < p; a++) {
        const ea = row(a);
        for (let b = 0; b < p; b++) {
          const eb = row(b);
          for (let c = 0; c < nOutputs; c++) out[(a * p + b) * nOutputs + c] = logit(ea, eb, c);
        }
      }
      return out;
    },
    embeddingGradients(triples: readonly Triple[]) {
      const h = 1e-6;
      const ga: Float64Array[] = [];
      const gb: Float64Array[] = [];
      for (const [a, b, c] of triples) {
        const ea = row(a);
        const eb = row(b);
        // Central difference in coordinate j of `v` (ea or eb), restored afterwards.
        const partial = (v: Float64Array, j: number): number => {
          const x = v[j]!;
          v[j] = x + h;
          const up = logit(ea, eb, c);
          v[j] = x - h;
          const down = logit(ea, eb, c);
          v[j] = x;
          return (up - down) / (2 * h);
        };
        const da = new Float64Array(embedding.cols);
        const db = new Float64Array(embedding.cols);
        for (let j = 0; j < embedding.cols; j++) {
          da[j] = partial(ea, j);
          db[j] = partial(eb, j);
        }
        ga.push(da);
        gb.push(db);
      }
      return { ga, gb };
    },
    withEmbedding: (e: Matrix) => functionNetwork({ ...options, embedding: e }),
    parameters: () => options.parameters ?? new Map(),
  };
}

/** Embedding with columns (A_k cos w_k t, A_k sin w_k t) per frequency k, w_k = 2πk/p. */
export function circleEmbedding(p: number, frequencies: readonly number[], amplitudes: readonly number[] = frequencies.map(() => 1)): Matrix {
  const cols = 2 * frequencies.length;
  const data = new Float64Array(p * cols);
  frequencies.forEach((k, i) => {
    for (let t = 0; t < p; t++) {
      const angle = (2 * Math.PI * k * t) / p;
      data[t * cols + 2 * i] = amplitudes[i]! * Math.cos(angle);
      data[t * cols + 2 * i + 1] = amplitudes[i]! * Math.sin(angle);
    }
  });
  return { rows: p, cols, data };
}

/**
 * Clock over circle coordinates (METRICS.md §4): Σ_k (ca·cb − sa·sb)·cos w_k c + (ca·sb + sa·cb)·sin w_k c,
 * reading frequency k's coordinates from columns 2i, 2i+1 (= A² cos(w(a+b−c)) on circleEmbedding).
 */
export function clockLogit(p: number, frequencies: readonly number[]): LogitFunction {
  return (ea, eb, c) => {
    let q = 0;
    frequencies.forEach((k, i) => {
      const [ca, sa, cb, sb] = [ea[2 * i]!, ea[2 * i + 1]!, eb[2 * i]!, eb[2 * i + 1]!];
      const wc = (2 * Math.PI * k * c) / p;
      q += (ca * cb - sa * sb) * Math.cos(wc) + (ca * sb + sa * cb) * Math.sin(wc);
    });
    return q;
  };
}

/** Pizza closed form over circle coordinates: ((s₀² − s₁²)·cos wc + 2s₀s₁·sin wc)/(2‖s‖). */
export function pizzaLogit(p: number, frequencies: readonly number[]): LogitFunction {
  return (ea, eb, c) => {
    let q = 0;
    frequencies.forEach((k, i) => {
      const s0 = ea[2 * i]! + eb[2 * i]!;
      const s1 = ea[2 * i + 1]! + eb[2 * i + 1]!;
      const wc = (2 * Math.PI * k * c) / p;
      q += ((s0 * s0 - s1 * s1) * Math.cos(wc) + 2 * s0 * s1 * Math.sin(wc)) / (2 * Math.hypot(s0, s1));
    });
    return q;
  };
}
