import type { TensorMap } from '../io/tensor.js';
import type { Architecture, MlpArchitecture, TransformerArchitecture } from '../model/architecture.js';
import { mlpWeights } from '../model/mlp-only.js';
import type { Network } from '../model/network.js';
import { TransformerNetwork } from '../model/transformer.js';
import { transformerWeights, type DenseF32 } from '../model/transformer-weights.js';

/**
 * The first MLP layer's pre-activations (before ReLU/GeLU) at the last position, for all p²
 * inputs, in float64 from the stored weights: `data[neuron·p² + a·p + b]`. For MLP-only models
 * the first layer is `l1` (its two inputs' parts and bias as the model type combines them).
 */
export interface NeuronTable {
  p: number;
  neurons: number;
  data: Float64Array;
}

/** What the neuron metrics read of a checkpoint (a LoadedCheckpoint has all three). */
export interface CheckpointModel {
  architecture: Architecture;
  tensors: TensorMap;
  network: Network;
}

export function firstLayerPreActivations(model: CheckpointModel): NeuronTable {
  const { architecture } = model;
  return architecture.family === 'mlp' ? mlpPreActivations(model.tensors, architecture) : transformerFirstLayer(model, architecture).preActivations;
}

/** A row-major matrix for `x · W` (float32 weights as stored, or float64 products of them). */
interface Dense {
  rows: number;
  cols: number;
  data: Float32Array | Float64Array;
}

/** `row · w` (w: rows × cols) added into out[offset … offset + cols). */
function addRowTimes(out: Float64Array, offset: number, row: ArrayLike<number>, w: Dense): void {
  const { rows, cols, data } = w;
  for (let i = 0; i < rows; i++) {
    const x = row[i]!;
    if (x === 0) continue;
    const base = i * cols;
    for (let j = 0; j < cols; j++) out[offset + j]! += x * data[base + j]!;
  }
}

function rowOf(m: DenseF32, r: number): Float32Array {
  return m.data.subarray(r * m.cols, (r + 1) * m.cols);
}

/**
 * MLP-only models: the first layer is additive in the operands, pre(a, b) = L[a] + R[b] + bias
 * (type D: the two halves of l1; type X: embed2 for b; type C: l1's bias counted twice).
 */
function mlpPreActivations(tensors: TensorMap, a: MlpArchitecture): NeuronTable {
  const w = mlpWeights(tensors, a);
  const { p, dHidden: h } = a;
  const left = new Float64Array(p * h);
  const right = new Float64Array(p * h);
  for (let t = 0; t < p; t++) {
    addRowTimes(left, t * h, rowOf(w.embed, t), w.w1);
    addRowTimes(right, t * h, rowOf(w.embed2 ?? w.embed, t), w.w1b ?? w.w1);
  }
  const biasTimes = a.modelType === 'C' ? 2 : 1;
  const n2 = p * p;
  const data = new Float64Array(h * n2);
  for (let m = 0; m < h; m++) {
    const bias = biasTimes * w.b1[m]!;
    for (let x = 0; x < p; x++) for (let y = 0; y < p; y++) data[m * n2 + x * p + y] = left[x * h + m]! + right[y * h + m]! + bias;
  }
  return { p, neurons: h, data };
}

/** The first block's MLP input (the residual after attention) and its pre-activations. */
export interface TransformerFirstLayer {
  preActivations: NeuronTable;
  /** Row a·p+b: the residual stream at the last position entering the first MLP (p² × d), when asked. */
  residual: Float64Array | null;
}

/**
 * Block 0 at the last position, factorised through per-token tables: with x_q(t) = W_E[t] + W_pos[q],
 * pre = W_in·x_L(t_L) + b_in + W_in·b_O + Σ_h Σ_q A_hq · (W_in·W_O,h)·v_h(x_q(t_q)), where
 * A_hq = α·softmax_q(q_h·k_h/√dh) + 1 − α (METRICS.md §2; a causal mask hides nothing from the
 * last position). Each (head, position, token) term is a table row, so a pair costs H·n·dm
 * additions instead of a d × dm product.
 */
export function transformerFirstLayer(model: CheckpointModel, a: TransformerArchitecture, options: { residual?: boolean } = {}): TransformerFirstLayer {
  const w = transformerWeights(model.tensors, a);
  const net = model.network instanceof TransformerNetwork ? model.network : TransformerNetwork.fromTensors(model.tensors, a);
  const { p, dModel: d, nHeads: H, dHead: dh, dMlp: dm, nVocab: V, attnCoeff: alpha } = a;
  const block = w.blocks[0]!;
  const nPos = net.tokens(0, 0).length;
  const last = nPos - 1;
  const hd = H * dh;
  // x_q(t), q/k/v of every (position, token): nPos × V rows.
  const xs = new Float64Array(nPos * V * d);
  for (let q = 0; q < nPos; q++) {
    for (let t = 0; t < V; t++) for (let i = 0; i < d; i++) xs[(q * V + t) * d + i] = w.embedding.data[t * d + i]! + w.pos.data[q * d + i]!;
  }
  const project = (m: DenseF32, bias: Float32Array | null): Float64Array => {
    const out = new Float64Array(nPos * V * hd);
    for (let r = 0; r < nPos * V; r++) {
      if (bias !== null) for (let j = 0; j < hd; j++) out[r * hd + j] = bias[j]!;
      addRowTimes(out, r * hd, xs.subarray(r * d, (r + 1) * d), m);
    }
    return out;
  };
  const vs = project(block.wV, block.bV);
  const ks = alpha === 0 ? null : project(block.wK, block.bK);
  const qs = alpha === 0 ? null : project(block.wQ, block.bQ);
  // Per head, W_O,h·W_in (dh × dm), and the output tables out(q, t, h) = v_h(x_q(t))·W_O,h·W_in.
  const headTables = (width: number, map: (h: number) => Dense): Float64Array => {
    const out = new Float64Array(nPos * V * H * width);
    for (let h = 0; h < H; h++) {
      const m = map(h);
      for (let r = 0; r < nPos * V; r++) addRowTimes(out, (r * H + h) * width, vs.subarray(r * hd + h * dh, r * hd + (h + 1) * dh), m);
    }
    return out;
  };
  const headOut = (h: number): DenseF32 => ({ rows: dh, cols: d, data: block.wO.data.subarray(h * dh * d, (h + 1) * dh * d) });
  const headIn = (h: number): Dense => {
    const prod = new Float64Array(dh * dm);
    for (let j = 0; j < dh; j++) addRowTimes(prod, j * dm, headOut(h).data.subarray(j * d, (j + 1) * d), block.wIn);
    return { rows: dh, cols: dm, data: prod };
  };
  const preTables = headTables(dm, headIn);
  // The part that depends on the last token alone: W_in·(x_L + b_O) + b_in.
  const base = new Float64Array(V * dm);
  for (let t = 0; t < V; t++) {
    const x = Float64Array.from(xs.subarray((last * V + t) * d, (last * V + t + 1) * d));
    if (block.bO !== null) for (let i = 0; i < d; i++) x[i]! += block.bO[i]!;
    for (let j = 0; j < dm; j++) base[t * dm + j] = block.bIn[j]!;
    addRowTimes(base, t * dm, x, block.wIn);
  }
  const residualTables = options.residual === true ? headTables(d, headOut) : null;
  const n2 = p * p;
  const data = new Float64Array(dm * n2);
  const residual = residualTables === null ? null : new Float64Array(n2 * d);
  const weights = new Float64Array(H * nPos);
  const row = new Float64Array(dm);
  const scale = 1 / Math.sqrt(dh);
  for (let ia = 0; ia < p; ia++) {
    for (let ib = 0; ib < p; ib++) {
      const tokens = net.tokens(ia, ib);
      const pair = ia * p + ib;
      attentionWeights(weights, tokens, qs, ks, { V, H, dh, hd, nPos, alpha, scale });
      row.set(base.subarray(tokens[last]! * dm, (tokens[last]! + 1) * dm));
      for (let q = 0; q < nPos; q++) {
        for (let h = 0; h < H; h++) {
          const A = weights[h * nPos + q]!;
          const off = ((q * V + tokens[q]!) * H + h) * dm;
          for (let j = 0; j < dm; j++) row[j]! += A * preTables[off + j]!;
        }
      }
      for (let j = 0; j < dm; j++) data[j * n2 + pair] = row[j]!;
      if (residual !== null && residualTables !== null) {
        const out = residual.subarray(pair * d, (pair + 1) * d);
        out.set(xs.subarray((last * V + tokens[last]!) * d, (last * V + tokens[last]! + 1) * d));
        if (block.bO !== null) for (let i = 0; i < d; i++) out[i]! += block.bO[i]!;
        for (let q = 0; q < nPos; q++) {
          for (let h = 0; h < H; h++) {
            const A = weights[h * nPos + q]!;
            const off = ((q * V + tokens[q]!) * H + h) * d;
            for (let i = 0; i < d; i++) out[i]! += A * residualTables[off + i]!;
          }
        }
      }
    }
  }
  return { preActivations: { p, neurons: dm, data }, residual };
}

interface AttentionShape {
  V: number;
  H: number;
  dh: number;
  hd: number;
  nPos: number;
  alpha: number;
  scale: number;
}

/** A_hq of the last query for one input into `out[h·nPos + q]`: all 1 at α = 0. */
function attentionWeights(out: Float64Array, tokens: readonly number[], qs: Float64Array | null, ks: Float64Array | null, s: AttentionShape): void {
  const { V, H, dh, hd, nPos, alpha, scale } = s;
  if (qs === null || ks === null) {
    out.fill(1);
    return;
  }
  const last = nPos - 1;
  const qRow = (last * V + tokens[last]!) * hd;
  for (let h = 0; h < H; h++) {
    let max = -Infinity;
    for (let q = 0; q < nPos; q++) {
      const kRow = (q * V + tokens[q]!) * hd;
      let dot = 0;
      for (let j = h * dh; j < (h + 1) * dh; j++) dot += qs[qRow + j]! * ks[kRow + j]!;
      out[h * nPos + q] = dot * scale;
      max = Math.max(max, dot * scale);
    }
    let total = 0;
    for (let q = 0; q < nPos; q++) total += out[h * nPos + q] = Math.exp(out[h * nPos + q]! - max);
    for (let q = 0; q < nPos; q++) out[h * nPos + q] = alpha * (out[h * nPos + q]! / total) + (1 - alpha);
  }
}
