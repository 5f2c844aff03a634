import type { TensorMap } from '../io/tensor.js';
import type { Architecture, MlpArchitecture, TransformerArchitecture } from '../model/architecture.js';
import { familyOf } from '../model/families/index.js';
import { mlpType } from '../model/families/mlp-only.js';
import { MlpOnlyNetwork, mlpWeights } from '../model/mlp-only.js';
import type { Network } from '../model/network.js';
import { TransformerNetwork } from '../model/transformer.js';
import { transformerWeights } from '../model/transformer-weights.js';
import { attend } from './attend.js';
import { addRowsTimes, float64, type Dense } from './dense.js';

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

/** The pre-activations of a network built from weights (null for networks without an MLP layer, e.g. oracles). */
export function networkPreActivations(network: Network): NeuronTable | null {
  if (network instanceof TransformerNetwork || network instanceof MlpOnlyNetwork) {
    return firstLayerPreActivations({ architecture: network.architecture, tensors: network.parameters(), network });
  }
  return null;
}

export function firstLayerPreActivations(model: CheckpointModel): NeuronTable {
  const { architecture } = model;
  return architecture.family === 'mlp' ? mlpPreActivations(model.tensors, architecture) : transformerFirstLayer(model, architecture).preActivations;
}

/**
 * MLP-only models: the first layer is additive in the operands, pre(a, b) = L[a] + R[b] + bias
 * (type D: the two halves of l1; type X: embed2 for b; type C: l1's bias counted twice).
 */
function mlpPreActivations(tensors: TensorMap, a: MlpArchitecture): NeuronTable {
  const w = mlpWeights(familyOf(a).canonical(tensors, a), a);
  const { p, dHidden: h } = a;
  const embed = float64(w.embed);
  const w1 = float64(w.w1);
  const left = new Float64Array(p * h);
  const right = new Float64Array(p * h);
  const e = embed.cols;
  addRowsTimes({ data: left, offset: 0, stride: h }, { data: embed.data, offset: 0, stride: e }, p, w1);
  addRowsTimes({ data: right, offset: 0, stride: h }, { data: (w.embed2 === null ? embed : float64(w.embed2)).data, offset: 0, stride: e }, p, w.w1b === null ? w1 : float64(w.w1b));
  const biasTimes = mlpType(a.modelType).inputs === 'each' ? 2 : 1;
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
  /** The residual stream at the last position entering the first MLP, `residual[i·p² + a·p + b]` (d × p²), when asked. */
  residual: Float64Array | null;
}

/**
 * Block 0 at the last position, factorised through per-token tables: with x_q(t) = W_E[t] + W_pos[q],
 * pre = W_in·(x_L(t_L) + b_O) + b_in + Σ_h Σ_q A_hq · (W_in·W_O,h)·v_h(x_q(t_q)), where
 * A_hq = α·softmax_q(q_h·k_h/√dh) + 1 − α (METRICS.md §2; a causal mask hides nothing from the
 * last position). Each (position, token, head) term is a table entry, so a pair costs n·H
 * multiply-adds per neuron instead of a d-long dot product.
 */
export function transformerFirstLayer(model: CheckpointModel, a: TransformerArchitecture, options: { residual?: boolean } = {}): TransformerFirstLayer {
  const w = transformerWeights(familyOf(a).canonical(model.tensors, a), a);
  const net = model.network instanceof TransformerNetwork ? model.network : TransformerNetwork.fromTensors(model.tensors, a);
  const { p, dModel: d, nHeads: H, dHead: dh, dMlp: dm, nVocab: V, attnCoeff: alpha } = a;
  const stored = w.blocks[0]!;
  const block = { ...stored, wQ: float64(stored.wQ), wK: float64(stored.wK), wV: float64(stored.wV), wO: float64(stored.wO), wIn: float64(stored.wIn) };
  const nPos = net.tokens(0, 0).length;
  const last = nPos - 1;
  const hd = H * dh;
  // x_q(t) and its q/k/v for every (position, token): nPos·V rows.
  const xs = new Float64Array(nPos * V * d);
  for (let q = 0; q < nPos; q++) {
    for (let t = 0; t < V; t++) for (let i = 0; i < d; i++) xs[(q * V + t) * d + i] = w.embedding.data[t * d + i]! + w.pos.data[q * d + i]!;
  }
  const project = (m: Dense, bias: Float32Array | null): Float64Array => {
    const out = new Float64Array(nPos * V * hd);
    if (bias !== null) for (let r = 0; r < nPos * V; r++) for (let j = 0; j < hd; j++) out[r * hd + j] = bias[j]!;
    addRowsTimes({ data: out, offset: 0, stride: hd }, { data: xs, offset: 0, stride: d }, nPos * V, m);
    return out;
  };
  const vs = project(block.wV, block.bV);
  const ks = alpha === 0 ? null : project(block.wK, block.bK);
  const qs = alpha === 0 ? null : project(block.wQ, block.bQ);
  // Every input's tokens and attention weights A[pair·H·n + h·n + q].
  const n2 = p * p;
  const tokens = new Int32Array(n2 * nPos);
  const weights = new Float64Array(n2 * H * nPos);
  const scale = 1 / Math.sqrt(dh);
  for (let ia = 0; ia < p; ia++) {
    for (let ib = 0; ib < p; ib++) {
      const pair = ia * p + ib;
      tokens.set(net.tokens(ia, ib), pair * nPos);
      attentionWeights(weights.subarray(pair * H * nPos, (pair + 1) * H * nPos), tokens.subarray(pair * nPos, (pair + 1) * nPos), qs, ks, { V, H, dh, hd, nPos, alpha, scale });
    }
  }
  const headOut = (h: number): Dense => ({ rows: dh, cols: d, data: block.wO.data.subarray(h * dh * d, (h + 1) * dh * d) });
  const headIn = (h: number): Dense => {
    const prod = new Float64Array(dh * dm);
    addRowsTimes({ data: prod, offset: 0, stride: dm }, { data: headOut(h).data, offset: 0, stride: d }, dh, block.wIn);
    return { rows: dh, cols: dm, data: prod };
  };
  // The residual's own part, x_L(t) + b_O, and its image under W_in plus b_in.
  const own = new Float64Array(V * d);
  for (let t = 0; t < V; t++) for (let i = 0; i < d; i++) own[t * d + i] = xs[(last * V + t) * d + i]! + (block.bO === null ? 0 : block.bO[i]!);
  const ownIn = new Float64Array(V * dm);
  for (let t = 0; t < V; t++) for (let j = 0; j < dm; j++) ownIn[t * dm + j] = block.bIn[j]!;
  addRowsTimes({ data: ownIn, offset: 0, stride: dm }, { data: own, offset: 0, stride: d }, V, block.wIn);
  const shape = { n2, nPos, V, H, last, tokens, weights, vs, dh, hd, uniform: alpha === 0 };
  return {
    preActivations: { p, neurons: dm, data: attend(shape, ownIn, dm, headIn) },
    residual: options.residual === true ? attend(shape, own, d, headOut) : null,
  };
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
function attentionWeights(out: Float64Array, tokens: Int32Array, qs: Float64Array | null, ks: Float64Array | null, s: AttentionShape): void {
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
