import type { Matrix, Network } from '../model/network.js';
import { rootsOfUnity } from './modular.js';

/**
 * The network with only frequency k's circle left in its embedding, found without PCA (issue
 * 13.2): each operand block's rows (tokens 0..p−1, and for a diff_vocab vocabulary of ≥ 2p rows
 * also p..2p−1, as in `circularity.fourier@1`) become the block's mean plus the projection
 * Q_k Q_kᵀ E onto the plane Q_k = √(2/p)·[cos(2πkt/p), sin(2πkt/p)]; rows in no block (the `=`
 * token of eqn_sign models) are kept as they are. Then the whole model runs on that embedding.
 */
export function isolatePlane(network: Network, k: number): Network {
  return network.withEmbedding(projectOntoPlane(network.embeddingMatrix(), network.p, k));
}

/** The embedding with each operand block replaced by its mean plus its frequency-k projection. */
export function projectOntoPlane(embedding: Matrix, p: number, k: number): Matrix {
  if (!Number.isInteger(k) || k < 1 || k > (p - 1) / 2) throw new RangeError(`isolatePlane: frequency ${k} is not in 1..${(p - 1) / 2}`);
  if (embedding.rows < p) throw new RangeError(`isolatePlane: the embedding has ${embedding.rows} rows, fewer than p = ${p}`);
  const { cols } = embedding;
  const out = embedding.data.slice();
  const { cos, sin } = rootsOfUnity(p);
  const starts = embedding.rows >= 2 * p ? [0, p] : [0];
  for (const start of starts) {
    const mean = new Float64Array(cols);
    const re = new Float64Array(cols);
    const im = new Float64Array(cols);
    for (let t = 0; t < p; t++) {
      const row = (start + t) * cols;
      const [c, s] = [cos[(k * t) % p]!, sin[(k * t) % p]!];
      for (let j = 0; j < cols; j++) {
        const x = embedding.data[row + j]!;
        mean[j]! += x / p;
        re[j]! += c * x;
        im[j]! += s * x;
      }
    }
    // Q_k Q_kᵀ E: row t = (2/p)·(cos·re + sin·im); the mean contributes nothing to re, im.
    for (let t = 0; t < p; t++) {
      const row = (start + t) * cols;
      const [c, s] = [cos[(k * t) % p]!, sin[(k * t) % p]!];
      for (let j = 0; j < cols; j++) out[row + j] = mean[j]! + (2 / p) * (c * re[j]! + s * im[j]!);
    }
  }
  return { rows: embedding.rows, cols, data: out };
}
