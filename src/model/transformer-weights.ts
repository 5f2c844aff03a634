import { toFloat32, type Tensor, type TensorMap } from '../io/tensor.js';
import type { TransformerArchitecture } from './architecture.js';

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
 * Both transformer layouts brought to one orientation (pre-transposed once so the runtime only
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

function get(tensors: TensorMap, name: string): Tensor {
  const t = tensors.get(name);
  if (t === undefined) throw new Error(`internal: tensor ${name} vanished after architecture inference`);
  return t;
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

/** Reference W_Q (H, dh, d) → d × (H·dh): the (H·dh, d) matrix transposed. */
function headsIn(t: Tensor, h: number, dh: number, d: number): DenseF32 {
  return dense(d, h * dh, transpose(toFloat32(t), h * dh, d));
}

/** TransformerLens W_Q (H, d, dh) → d × (H·dh). */
function headsInLens(t: Tensor, h: number, dh: number, d: number): DenseF32 {
  const src = toFloat32(t);
  const out = new Float32Array(d * h * dh);
  for (let head = 0; head < h; head++) {
    for (let i = 0; i < d; i++) for (let j = 0; j < dh; j++) out[i * h * dh + head * dh + j] = src[(head * d + i) * dh + j]!;
  }
  return dense(d, h * dh, out);
}

export function transformerWeights(tensors: TensorMap, a: TransformerArchitecture): TransformerWeights {
  const { dModel: d, nHeads: h, dHead: dh, dMlp: dm, nVocab: v, nOutputs: vOut, nCtx } = a;
  const f32 = (name: string): Float32Array => toFloat32(get(tensors, name));
  const lens = a.layout === 'transformer-lens';
  const blocks: BlockWeights[] = [];
  for (let i = 0; i < a.nLayers; i++) {
    const b = `blocks.${i}`;
    const qkv = (w: 'Q' | 'K' | 'V'): DenseF32 =>
      lens ? headsInLens(get(tensors, `${b}.attn.W_${w}`), h, dh, d) : headsIn(get(tensors, `${b}.attn.W_${w}`), h, dh, d);
    blocks.push({
      wQ: qkv('Q'),
      wK: qkv('K'),
      wV: qkv('V'),
      // Reference W_O is (d, H·dh); TransformerLens's (H, dh, d) already is (H·dh) × d.
      wO: lens ? dense(h * dh, d, f32(`${b}.attn.W_O`)) : dense(h * dh, d, transpose(f32(`${b}.attn.W_O`), d, h * dh)),
      bQ: lens ? f32(`${b}.attn.b_Q`) : null,
      bK: lens ? f32(`${b}.attn.b_K`) : null,
      bV: lens ? f32(`${b}.attn.b_V`) : null,
      bO: lens ? f32(`${b}.attn.b_O`) : null,
      wIn: lens ? dense(d, dm, f32(`${b}.mlp.W_in`)) : dense(d, dm, transpose(f32(`${b}.mlp.W_in`), dm, d)),
      bIn: f32(`${b}.mlp.b_in`),
      wOut: lens ? dense(dm, d, f32(`${b}.mlp.W_out`)) : dense(dm, d, transpose(f32(`${b}.mlp.W_out`), d, dm)),
      bOut: f32(`${b}.mlp.b_out`),
    });
  }
  return {
    embedding: lens ? dense(v, d, f32('embed.W_E')) : dense(v, d, transpose(f32('embed.W_E'), d, v)),
    pos: dense(nCtx, d, f32('pos_embed.W_pos')),
    blocks,
    wU: dense(d, vOut, f32('unembed.W_U')),
    bU: lens ? f32('unembed.b_U') : null,
  };
}
