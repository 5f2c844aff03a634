import { toFloat32, type Tensor, type TensorMap } from '../io/tensor.js';
import { describeArchitecture, type MlpArchitecture } from './architecture.js';
import { engineNow } from './engine.js';
import type { MlpParams } from './families/canonical.js';
import { familyOf } from './families/index.js';
import { mlpType } from './families/mlp-only.js';
import type { Matrix, Network, Triple } from './network.js';
import { parametersOf } from './parameters.js';
import { allPairs, checkTriples, embeddingGradientsOf, fromMatrix, gatherRows, logitsOf, toMatrix } from './token-batch.js';
import { transpose, type DenseF32 } from './transformer-weights.js';
import type { tf } from './backend.js';

/** Pre-transposed float32 weights of an MLP-only model (`x · W` orientation). */
export interface MlpWeights {
  /** 59 × e: `embed.weight`, or `embed1.weight` for type X. */
  embed: DenseF32;
  /** Type X's second-operand embedding (`embed2.weight`); null otherwise. */
  embed2: DenseF32 | null;
  /** e × h (type D: the halves of l1 acting on E_a and on E_b, each e × h). */
  w1: DenseF32;
  w1b: DenseF32 | null;
  b1: Float32Array;
  w2: DenseF32 | null;
  b2: Float32Array | null;
  /** h × 59. */
  wU: DenseF32;
}

interface DeviceWeights {
  w1: tf.Tensor2D;
  w1b: tf.Tensor2D | null;
  b1: tf.Tensor1D;
  w2: tf.Tensor2D | null;
  b2: tf.Tensor1D | null;
  wU: tf.Tensor2D;
}

export function mlpWeights(c: MlpParams<Tensor>, a: MlpArchitecture): MlpWeights {
  const { nVocab: v, dEmbed: e, dHidden: h } = a;
  const l1 = toFloat32(c.l1);
  let w1: DenseF32;
  let w1b: DenseF32 | null = null;
  if (mlpType(a.modelType).inputs === 'concat') {
    // l1 acts on the concatenation [E_a ; E_b]: split its input columns into the two halves.
    const left = new Float32Array(h * e);
    const right = new Float32Array(h * e);
    for (let r = 0; r < h; r++) {
      left.set(l1.subarray(r * 2 * e, r * 2 * e + e), r * e);
      right.set(l1.subarray(r * 2 * e + e, (r + 1) * 2 * e), r * e);
    }
    w1 = { rows: e, cols: h, data: transpose(left, h, e) };
    w1b = { rows: e, cols: h, data: transpose(right, h, e) };
  } else {
    w1 = { rows: e, cols: h, data: transpose(l1, h, e) };
  }
  return {
    embed: { rows: v, cols: e, data: toFloat32(c.embed) },
    embed2: c.embed2 === null ? null : { rows: v, cols: e, data: toFloat32(c.embed2) },
    w1,
    w1b,
    b1: toFloat32(c.l1Bias),
    w2: c.l2 === null ? null : { rows: h, cols: h, data: transpose(toFloat32(c.l2), h, h) },
    b2: c.l2Bias === null ? null : toFloat32(c.l2Bias),
    wU: { rows: h, cols: a.p, data: transpose(toFloat32(c.unembed), a.p, h) },
  };
}

/**
 * The reference's MLP-only models (METRICS.md §3; the types in families/mlp-only.ts) in float32
 * on tfjs; logits = hidden · unembed.weightᵀ.
 */
export class MlpOnlyNetwork implements Network {
  readonly p: number;
  readonly nOutputs: number;
  readonly description: string;
  private device: DeviceWeights | undefined;

  constructor(
    readonly architecture: MlpArchitecture,
    private readonly weights: MlpWeights,
    private readonly params: TensorMap,
  ) {
    this.p = architecture.p;
    this.nOutputs = architecture.p;
    this.description = describeArchitecture(architecture);
  }

  static fromTensors(tensors: TensorMap, architecture: MlpArchitecture): MlpOnlyNetwork {
    return new MlpOnlyNetwork(architecture, mlpWeights(familyOf(architecture).canonical(tensors, architecture), architecture), parametersOf(tensors));
  }

  /** The token embedding (of the first operand, for two-embedding types). */
  embeddingMatrix(): Matrix {
    return toMatrix(this.weights.embed);
  }

  parameters(): TensorMap {
    return new Map(this.params);
  }

  allLogits(): Float64Array {
    const { as, bs } = allPairs(this.p);
    return this.logitsForPairs(as, bs);
  }

  logitsForPairs(as: ArrayLike<number>, bs: ArrayLike<number>): Float64Array {
    const w = this.weights;
    const rows = [gatherRows(w.embed, as), gatherRows(w.embed2 ?? w.embed, bs)];
    const e = this.architecture.dEmbed;
    return logitsOf(engineNow(), (x) => this.forward(x), rows, [e, e], as.length);
  }

  /** Gradients against the embedding outputs E_a and E_b (type X: E1_a and E2_b). */
  embeddingGradients(triples: readonly Triple[]): { ga: Float64Array[]; gb: Float64Array[] } {
    checkTriples(triples, this.p, this.nOutputs);
    const w = this.weights;
    const rows0 = gatherRows(w.embed, triples.map((t) => t[0]));
    const rows1 = gatherRows(w.embed2 ?? w.embed, triples.map((t) => t[1]));
    const e = this.architecture.dEmbed;
    return embeddingGradientsOf(engineNow(), (x) => this.forward(x), rows0, rows1, e, e, triples, this.nOutputs);
  }

  /** Replaces the token embedding (of the first operand only, for two-embedding types). */
  withEmbedding(embedding: Matrix): MlpOnlyNetwork {
    const { nVocab, dEmbed } = this.architecture;
    const replaced = fromMatrix(embedding, nVocab, dEmbed, 'embedding');
    const params = familyOf(this.architecture).withEmbedding(this.params, this.architecture, replaced.data);
    return new MlpOnlyNetwork(this.architecture, { ...this.weights, embed: replaced }, params);
  }

  /** [E_a, E_b] (batch × e each) → logits (batch × p). */
  forward([ea, eb]: tf.Tensor2D[]): tf.Tensor2D {
    const t = engineNow();
    const w = this.device ?? (this.device = this.upload());
    const { inputs } = mlpType(this.architecture.modelType);
    const l1 = (x: tf.Tensor2D): tf.Tensor2D => t.add(t.matMul(x, w.w1), w.b1) as tf.Tensor2D;
    let hidden: tf.Tensor2D;
    if (inputs === 'concat') hidden = t.relu(t.add(t.add(t.matMul(ea!, w.w1), t.matMul(eb!, w.w1b!)), w.b1) as tf.Tensor2D);
    else if (inputs === 'each') hidden = t.relu(t.add(l1(ea!), l1(eb!)) as tf.Tensor2D); // l1's bias counted twice, as in the reference
    else hidden = t.relu(l1(t.add(ea!, eb!) as tf.Tensor2D));
    if (w.w2 !== null) hidden = t.relu(t.add(t.matMul(hidden, w.w2), w.b2!) as tf.Tensor2D);
    return t.matMul(hidden, w.wU);
  }

  private upload(): DeviceWeights {
    const t = engineNow();
    const m = (x: DenseF32): tf.Tensor2D => t.keep(t.tensor2d(x.data, [x.rows, x.cols]));
    const w = this.weights;
    return {
      w1: m(w.w1),
      w1b: w.w1b === null ? null : m(w.w1b),
      b1: t.keep(t.tensor1d(w.b1)),
      w2: w.w2 === null ? null : m(w.w2),
      b2: w.b2 === null ? null : t.keep(t.tensor1d(w.b2)),
      wU: m(w.wU),
    };
  }
}
