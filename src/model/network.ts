import type { TensorMap } from '../io/tensor.js';

/** A dense row-major float64 matrix. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** One input (a, b) and the output c whose logit is differentiated. */
export type Triple = readonly [a: number, b: number, c: number];

/**
 * The contract between networks and metrics. Real checkpoints (transformers, MLP-only models),
 * oracle models built from algorithm specs and constructed networks all implement it, so every
 * metric runs the same code on each. Inputs are enumerated index = a·p + b.
 */
export interface Network {
  /** The modulus (59 for every released checkpoint). */
  readonly p: number;
  /** Number of outputs read at the last position (V; accuracy takes the argmax over all). */
  readonly nOutputs: number;
  /** Short human description, e.g. "transformer 1 layer d=128 α=0". */
  readonly description: string;
  /** Token embedding, one row per token (W_Eᵀ for transformers, embed.weight for MLPs). */
  embeddingMatrix(): Matrix;
  /** Logits for all p² pairs: row a·p+b, nOutputs columns. */
  allLogits(): Float64Array;
  /**
   * For each triple, ∂Q[a,b,c]/∂(token embedding at position 0) and at position 1
   * (the vectors METRICS.md §4 takes the cosine of).
   */
  embeddingGradients(triples: readonly Triple[]): { ga: Float64Array[]; gb: Float64Array[] };
  /** The same network with its token embedding replaced (circle isolation). */
  withEmbedding(embedding: Matrix): Network;
  /** Trainable parameters (buffers such as masks excluded); empty for oracles. */
  parameters(): TensorMap;
}
