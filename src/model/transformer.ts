import type { TensorMap } from '../io/tensor.js';
import { describeArchitecture, inputTokens, type TransformerArchitecture } from './architecture.js';
import { engineNow } from './engine.js';
import { familyOf } from './families/index.js';
import { parametersOf } from './parameters.js';
import { tableLogits, tableLogitsSupported } from './table-logits.js';
import type { Matrix, Network, Triple } from './network.js';
import { allPairs, checkTriples, embeddingGradientsOf, fromMatrix, gatherRows, toMatrix } from './token-batch.js';
import { transformerWeights, type DenseF32, type TransformerWeights } from './transformer-weights.js';
import type { tf } from './backend.js';

interface BlockTensors {
  wQ: tf.Tensor2D;
  wK: tf.Tensor2D;
  wV: tf.Tensor2D;
  wO: tf.Tensor2D;
  bQ: tf.Tensor1D | null;
  bK: tf.Tensor1D | null;
  bV: tf.Tensor1D | null;
  bO: tf.Tensor1D | null;
  wIn: tf.Tensor2D;
  bIn: tf.Tensor1D;
  wOut: tf.Tensor2D;
  bOut: tf.Tensor1D;
}

interface DeviceWeights {
  pos: tf.Tensor1D[];
  blocks: BlockTensors[];
  wU: tf.Tensor2D;
  bU: tf.Tensor1D | null;
  /** (H·dh) × H ones-blocks: sums a head's dh products into its attention score. */
  headSum: tf.Tensor2D;
  /** H × (H·dh): spreads one weight per head over that head's dh value entries. A separate
   * tensor, not headSum's transpose view: the wasm matmul cache is keyed by the 2nd operand. */
  headSpread: tf.Tensor2D;
}

/** One position's input to the first block: the batch's rows (embedding + position) and their products with a weight. */
interface PositionInput {
  rows(): tf.Tensor2D;
  linear(weight: tf.Tensor2D, bias: tf.Tensor1D | null): tf.Tensor2D;
}

function linear(x: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D | null): tf.Tensor2D {
  const t = engineNow();
  return bias === null ? t.matMul(x, weight) : (t.add(t.matMul(x, weight), bias) as tf.Tensor2D);
}

/**
 * The device copies of a network's weights (all but the token embedding, which is gathered in
 * JS), uploaded on first use and shared by the network and its `withEmbedding` copies (circle
 * isolation makes several per audit). Kept tensors outlive tf.tidy, so they are disposed when the
 * last network holding them is collected: a long-running process (`population`) auditing
 * hundreds of checkpoints does not accumulate every model's weights.
 */
class DeviceHolder {
  weights: DeviceWeights | undefined;
}

const releaseDevice = new FinalizationRegistry<tf.Tensor[]>((tensors) => {
  for (const tensor of tensors) if (!tensor.isDisposed) tensor.dispose();
});

function deviceTensors(w: DeviceWeights): tf.Tensor[] {
  const present = (xs: (tf.Tensor | null)[]): tf.Tensor[] => xs.filter((x): x is tf.Tensor => x !== null);
  return present([...w.pos, ...w.blocks.flatMap((b) => Object.values(b) as (tf.Tensor | null)[]), w.wU, w.bU, w.headSum, w.headSpread]);
}

/**
 * The transformer of METRICS.md §2 in float32 on tfjs, for both the reference layout and
 * TransformerLens's (biases and a causal mask switched on by the architecture). Residual
 * stream kept as one batch × d tensor per position so every product is a 2-D untransposed
 * matMul with a weight as second operand (the fast, cache-safe path on tfjs-wasm).
 */
export class TransformerNetwork implements Network {
  readonly p: number;
  readonly nOutputs: number;
  readonly description: string;
  constructor(
    readonly architecture: TransformerArchitecture,
    private readonly weights: TransformerWeights,
    private readonly params: TensorMap,
    private readonly device: DeviceHolder = new DeviceHolder(),
  ) {
    this.p = architecture.p;
    this.nOutputs = architecture.nOutputs;
    this.description = describeArchitecture(architecture);
  }

  static fromTensors(tensors: TensorMap, architecture: TransformerArchitecture): TransformerNetwork {
    return new TransformerNetwork(architecture, transformerWeights(familyOf(architecture).canonical(tensors, architecture), architecture), parametersOf(tensors));
  }

  /** The tokens of input (a, b) as the reference's dataset builds them (METRICS.md §1). */
  tokens(a: number, b: number): number[] {
    return inputTokens(this.architecture, a, b);
  }

  embeddingMatrix(): Matrix {
    return toMatrix(this.weights.embedding);
  }

  parameters(): TensorMap {
    return new Map(this.params);
  }

  /** Every pair's logits: through per-token tables where the architecture allows (table-logits.ts), else the batched forward. */
  allLogits(): Float64Array {
    if (tableLogitsSupported(this.architecture)) return tableLogits(this.architecture, this.params);
    const { p } = this;
    const { as, bs } = allPairs(p);
    const n = p * p;
    const ids = this.tokens(0, 0).map((_, position) => {
      const column = new Int32Array(n);
      for (let i = 0; i < n; i++) column[i] = this.tokens(as[i]!, bs[i]!)[position]!;
      return column;
    });
    return this.logitsOfTokenIds(ids);
  }

  /** Logits for arbitrary token sequences (all of one length ≤ n_ctx), read at the last position. */
  logitsForTokens(sequences: readonly (readonly number[])[]): Float64Array {
    const n = sequences.length;
    if (n === 0) return new Float64Array(0);
    const len = sequences[0]!.length;
    return this.logitsOfTokenIds(Array.from({ length: len }, (_, position) => Int32Array.from(sequences, (s) => s[position]!)));
  }

  /** Logits at the last position of a batch given as token ids per position. */
  private logitsOfTokenIds(ids: readonly Int32Array[]): Float64Array {
    const t = engineNow();
    const result = t.tidy(() => this.forwardTokens(ids));
    const out = Float64Array.from(result.dataSync() as Float32Array);
    result.dispose();
    return out;
  }

  /**
   * Quirk of the reference (METRICS.md §4): gradients are taken on the RAW tokens [a, b], even
   * for diff_vocab models (b is not shifted by p). For eqn_sign models we likewise feed only the
   * two raw tokens (no `=`), reading the logits at position 1 — our assumption of what the
   * reference's two-token call does, since its positional embedding is sliced to the input length.
   * Architectures with `gradientInput: 'sequence'` (progress-measures) feed their whole input instead.
   */
  embeddingGradients(triples: readonly Triple[]): { ga: Float64Array[]; gb: Float64Array[] } {
    checkTriples(triples, this.p, this.nOutputs);
    const e = this.weights.embedding;
    const d = this.architecture.dModel;
    if (this.architecture.gradientInput === 'sequence' && triples.length > 0) {
      // The whole input [a, b, =]; the later positions' rows are constants of the differentiation.
      const sequences = triples.map(([a, b]) => this.tokens(a, b));
      const [rows0, rows1, ...rest] = sequences[0]!.map((_, position) => gatherRows(e, sequences.map((s) => s[position]!)));
      const t = engineNow();
      const forward = (x: tf.Tensor2D[]): tf.Tensor2D => this.forward([...x, ...rest.map((r) => t.tensor2d(r, [triples.length, d]))]);
      return embeddingGradientsOf(t, forward, rows0!, rows1!, d, d, triples, this.nOutputs);
    }
    const rows0 = gatherRows(e, triples.map((t) => t[0]));
    const rows1 = gatherRows(e, triples.map((t) => t[1]));
    return embeddingGradientsOf(engineNow(), (x) => this.forward(x), rows0, rows1, d, d, triples, this.nOutputs);
  }

  withEmbedding(embedding: Matrix): TransformerNetwork {
    const { nVocab, dModel } = this.architecture;
    const replaced = fromMatrix(embedding, nVocab, dModel, 'embedding');
    const params = familyOf(this.architecture).withEmbedding(this.params, this.architecture, replaced.data);
    return new TransformerNetwork(this.architecture, { ...this.weights, embedding: replaced }, params, this.device);
  }

  /** Token embeddings per position (batch × d each) → logits at the last position (batch × nOutputs). */
  forward(tokenEmbeddings: tf.Tensor2D[]): tf.Tensor2D {
    const t = engineNow();
    const w = this.deviceWeights();
    return this.run(tokenEmbeddings.map((e, position) => {
      const x = t.add(e, w.pos[position]!) as tf.Tensor2D;
      return { rows: () => x, linear: (weight, bias) => linear(x, weight, bias) };
    }));
  }

  /**
   * The forward pass of a batch given as token ids per position. The first block's inputs take
   * only nVocab distinct rows per position (embedding + position), so its products (values,
   * keys, queries) are computed once per token and gathered: the same floats as the batch's
   * own product, since a product's row does not depend on the other rows (the wasm matmul sums
   * each output the same way whatever the batch; checked bit for bit by transformer.test.ts).
   */
  private forwardTokens(ids: readonly Int32Array[]): tf.Tensor2D {
    const t = engineNow();
    const w = this.deviceWeights();
    const { rows: nVocab, cols: d, data } = this.weights.embedding;
    const embedding = t.tensor2d(data, [nVocab, d]);
    // Gathered in JS: tfjs-wasm's gather indexes element by element (≈ 13× slower than copying
    // rows here and uploading them, measured on 3,481 × 128).
    const gathered = (table: tf.Tensor2D, at: Int32Array): tf.Tensor2D => {
      const [rows, cols] = table.shape;
      return t.tensor2d(gatherRows({ rows, cols, data: table.dataSync() as Float32Array }, at), [at.length, cols]);
    };
    return this.run(ids.map((at, position) => {
      const table = t.add(embedding, w.pos[position]!) as tf.Tensor2D;
      return { rows: () => gathered(table, at), linear: (weight, bias) => gathered(linear(table, weight, bias), at) };
    }));
  }

  private deviceWeights(): DeviceWeights {
    let w = this.device.weights;
    if (w === undefined) {
      w = this.device.weights = this.upload();
      releaseDevice.register(this.device, deviceTensors(w));
    }
    return w;
  }

  /** The blocks and the unembedding, from each position's input to the first block. */
  private run(inputs: PositionInput[]): tf.Tensor2D {
    const t = engineNow();
    const w = this.deviceWeights();
    const { attnCoeff: alpha, causalMask, dHead } = this.architecture;
    const nLayers = w.blocks.length;
    let xs: tf.Tensor2D[] = [];
    const scale = t.scalar(Math.sqrt(dHead));
    for (let layer = 0; layer < nLayers; layer++) {
      const block = w.blocks[layer]!;
      const last = layer === nLayers - 1;
      const input = (q: number): tf.Tensor2D => (layer === 0 ? inputs[q]!.rows() : xs[q]!);
      const project = (q: number, weight: tf.Tensor2D, bias: tf.Tensor1D | null): tf.Tensor2D => (layer === 0 ? inputs[q]!.linear(weight, bias) : linear(xs[q]!, weight, bias));
      const positions = inputs.map((_, q) => q);
      // Only the last position feeds the logits, so the last block computes only its queries.
      const queries = last ? [positions.length - 1] : positions;
      const values = positions.map((q) => project(q, block.wV, block.bV));
      // α = 0 makes every attention weight exactly 1 (0·softmax + 1): the scores are not needed.
      const keys = alpha === 0 ? [] : positions.map((q) => project(q, block.wK, block.bK));
      const next = queries.map((q) => {
        const visible = causalMask ? q + 1 : positions.length;
        let z: tf.Tensor2D;
        if (alpha === 0) {
          z = values.slice(0, visible).reduce((sum, v) => t.add(sum, v));
        } else {
          const query = project(q, block.wQ, block.bQ);
          const scores = keys.slice(0, visible).map((k) => t.div(t.matMul(t.mul(query, k) as tf.Tensor2D, w.headSum), scale) as tf.Tensor2D);
          const max = scores.reduce((m, s) => t.maximum(m, s));
          const exps = scores.map((s) => t.exp(t.sub(s, max)));
          const total = exps.reduce((sum, e) => t.add(sum, e));
          z = exps
            .map((e, position) => {
              const weight = t.add(t.mul(t.div(e, total), alpha), 1 - alpha) as tf.Tensor2D;
              return t.mul(t.matMul(weight, w.headSpread), values[position]!) as tf.Tensor2D;
            })
            .reduce((sum, v) => t.add(sum, v));
        }
        const mid = t.add(input(q), linear(z, block.wO, block.bO)) as tf.Tensor2D;
        const hidden = this.activation(linear(mid, block.wIn, block.bIn));
        return t.add(mid, linear(hidden, block.wOut, block.bOut)) as tf.Tensor2D;
      });
      xs = next;
    }
    return linear(xs[xs.length - 1]!, w.wU, w.bU);
  }

  private activation(x: tf.Tensor2D): tf.Tensor2D {
    const t = engineNow();
    if (this.architecture.actFn === 'ReLU') return t.relu(x);
    // GeLU, exact erf form as torch's F.gelu default: x·½(1 + erf(x/√2)).
    return t.mul(t.mul(x, 0.5), t.add(1, t.erf(t.mul(x, Math.SQRT1_2)))) as tf.Tensor2D;
  }

  private upload(): DeviceWeights {
    const t = engineNow();
    const m = (x: DenseF32): tf.Tensor2D => t.keep(t.tensor2d(x.data, [x.rows, x.cols]));
    const v = (x: Float32Array | null): tf.Tensor1D | null => (x === null ? null : t.keep(t.tensor1d(x)));
    const { nHeads: h, dHead: dh, dModel: d } = this.architecture;
    const sum = new Float32Array(h * dh * h);
    const spread = new Float32Array(h * h * dh);
    for (let head = 0; head < h; head++) {
      for (let j = 0; j < dh; j++) {
        sum[(head * dh + j) * h + head] = 1;
        spread[head * h * dh + head * dh + j] = 1;
      }
    }
    const pos = this.weights.pos;
    return {
      pos: Array.from({ length: pos.rows }, (_, r) => t.keep(t.tensor1d(pos.data.slice(r * d, (r + 1) * d)))),
      blocks: this.weights.blocks.map((b) => ({
        wQ: m(b.wQ),
        wK: m(b.wK),
        wV: m(b.wV),
        wO: m(b.wO),
        bQ: v(b.bQ),
        bK: v(b.bK),
        bV: v(b.bV),
        bO: v(b.bO),
        wIn: m(b.wIn),
        bIn: v(b.bIn)!,
        wOut: m(b.wOut),
        bOut: v(b.bOut)!,
      })),
      wU: m(this.weights.wU),
      bU: v(this.weights.bU),
      headSum: t.keep(t.tensor2d(sum, [h * dh, h])),
      headSpread: t.keep(t.tensor2d(spread, [h, h * dh])),
    };
  }
}
