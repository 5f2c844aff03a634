import { toFloat32, type Tensor } from '../io/tensor.js';
import type { TransformerArchitecture } from './architecture.js';
import type { TransformerParams } from './families/canonical.js';

/** A float32 matrix laid out for `x · W` with x as rows: `rows` = input width, `cols` = output width. */
export interface DenseF32 {
  rows: number;
  cols: number;
  data: Float32Array;
}

export interface BlockWeights {
  /** d × (H·dh): column h·dh + j is head h's j-th query direction. Likewise K, V. */
  wQ: DenseF32;
  wK: DenseF32;
  wV: DenseF32;
  /** (H·dh) × d, rows in head-major (h, j) order: the reference's flatten order. */
  wO: DenseF32;
  bQ: Float32Array | null;
  bK: Float32Array | null;
  bV: Float32Array | null;
  bO: Float32Array | null;
  /** d × dm and dm × d. */
  wIn: DenseF32;
  bIn: Float32Array;
  wOut: DenseF32;
  bOut: Float32Array;
}

/**
 * The canonical parameters brought to the runtime's orientation (pre-transposed once so the runtime only
 * ever multiplies untransposed 2-D matrices, the fast path on tfjs-wasm).
 */
export interface TransformerWeights {
  /** V × d: one row per token (W_Eᵀ for the reference layout). */
  embedding: DenseF32;
  /** n_ctx × d. */
  pos: DenseF32;
  blocks: BlockWeights[];
  /** d × nOutputs. */
  wU: DenseF32;
  bU: Float32Array | null;
}

/** Row-major (r × c) → its transpose (c × r). */
export function transpose(data: Float32Array, r: number, c: number): Float32Array {
  const out = new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = data[i * c + j]!;
  return out;
}

function dense(rows: number, cols: number, data: Float32Array): DenseF32 {
  return { rows, cols, data };
}

/** Canonical W_Q (H, dh, d) → d × (H·dh): the (H·dh, d) matrix transposed. */
function headsIn(t: Tensor, h: number, dh: number, d: number): DenseF32 {
  return dense(d, h * dh, transpose(toFloat32(t), h * dh, d));
}

/** The canonical parameters (any layout, mapped by its family) in the runtime's orientation. */
export function transformerWeights(c: TransformerParams<Tensor>, a: TransformerArchitecture): TransformerWeights {
  const { dModel: d, nHeads: h, dHead: dh, dMlp: dm, nVocab: v, nOutputs: vOut, nCtx } = a;
  const f32 = toFloat32;
  const bias = (t: Tensor | null): Float32Array | null => (t === null ? null : f32(t));
  return {
    embedding: dense(v, d, transpose(f32(c.embed), d, v)),
    pos: dense(nCtx, d, f32(c.pos)),
    blocks: c.blocks.map((b) => ({
      wQ: headsIn(b.wQ, h, dh, d),
      wK: headsIn(b.wK, h, dh, d),
      wV: headsIn(b.wV, h, dh, d),
      wO: dense(h * dh, d, transpose(f32(b.wO), d, h * dh)),
      bQ: bias(b.bQ),
      bK: bias(b.bK),
      bV: bias(b.bV),
      bO: bias(b.bO),
      wIn: dense(d, dm, transpose(f32(b.wIn), dm, d)),
      bIn: f32(b.bIn),
      wOut: dense(dm, d, transpose(f32(b.wOut), d, dm)),
      bOut: f32(b.bOut),
    })),
    wU: dense(d, vOut, f32(c.unembed)),
    bU: bias(c.bU),
  };
}
