import { tf } from '../model/backend.js';
import type { TrainSpec } from './config.js';
import type { Batch, StepEngine, StepResult } from './engine.js';
import { customOp } from './custom-op.js';
import { fastConcat } from './fast-concat.js';
import { fastMatMul as mm } from './fast-matmul.js';
import { transformerDims } from './init.js';
import { KernelInstance, type Region } from './kernels/kernels.js';
import type { Params } from './params.js';

type T2 = tf.Tensor2D;

interface Slot {
  n: number;
  ia: Region;
  ib: Region;
  labels: Region;
  /** MLP pre-activations (n × dm), kept for the backward pass of a GeLU. */
  pre: Region;
  /** The hidden layer act(pre) (n × dm), the per-example matmul's input. */
  hidden: Region;
  /** n × lw; the first V columns are the logits. */
  logits: Region;
}

/**
 * The factorised step for the 1-layer, 2-token transformer. Everything before the MLP depends
 * on a token through 59-row tables, so for source rows X = [x₁; OV⁰₀; OV¹₀; OV⁰₁; …] (token
 * tables of the residual at position 1, and of each head's W_O·v at positions 0 and 1) the MLP
 * input and the residual's share of the logits are T = X·[W_inᵀ | W_U] gathered per example:
 *   out[n] = T[b] + Σₕ A⁰ₕ(a,b)·T[OV⁰ₕ,a] + A¹ₕ(a,b)·T[OV¹ₕ,b],
 * with A = α·softmax + (1 − α) from a 59×59 score table per head. Only the hidden layer and
 * logits = act(pre)·(W_outᵀW_U) + residual part are per example. The tables go through tfjs's
 * autodiff (2-D untransposed matmuls only); everything per example — the gather, the narrow
 * hidden·M product (M = W_outᵀW_U, dm × V), the float64 softmax cross-entropy and all their
 * adjoints — runs in one WebAssembly SIMD kernel op with its own memory, so no n × dm array
 * ever becomes a tfjs tensor (copies and tfjs's matmul for these narrow shapes cost more than
 * the arithmetic). Same function and gradients as the straightforward step (tested), a
 * fraction of the FLOPs.
 */
export class FastEngine implements StepEngine {
  readonly name = 'fast';
  private readonly kernels = new KernelInstance();
  private readonly d: number;
  private readonly heads: number;
  private readonly dh: number;
  private readonly dm: number;
  private readonly vocab: number;
  /** Table width dm + V, padded so the logit part fills whole 20-float blocks of the kernels. */
  private readonly w: number;
  /** Width of the logit part of a table row (and of the padded logits), w − dm. */
  private readonly lw: number;
  private readonly act: number;
  private readonly regions: Record<'t' | 'a0' | 'a1' | 'bias' | 'm' | 'dt' | 'da0' | 'da1' | 'dbias' | 'dm' | 'scratch' | 'nz' | 'part' | 'dlogits' | 'stats' | 'ex' | 'qkv' | 'dqkv' | 'sig', Region>;
  /** Test loss and accuracy, computed alongside the training forward pass. */
  private testStats = { loss: NaN, acc: NaN };
  private readonly train: Slot;
  private readonly test: Slot;

  constructor(
    private readonly spec: TrainSpec,
    train: Batch,
    test: Batch,
  ) {
    if (spec.model !== 'transformer' || spec.layers !== 1) throw new Error('the fast step needs a 1-layer transformer');
    const { d, heads, dh, dm, vocab } = transformerDims(spec);
    this.d = d;
    this.heads = heads;
    this.dh = dh;
    this.dm = dm;
    this.vocab = vocab;
    this.w = dm + Math.ceil(vocab / 20) * 20;
    this.lw = this.w - dm;
    this.act = spec.act === 'relu' ? 0 : 1;
    const k = this.kernels;
    const rows = (1 + 2 * heads) * vocab;
    const pairs = spec.p * spec.p * heads;
    this.regions = {
      t: k.reserve(rows * this.w),
      a0: k.reserve(pairs),
      a1: k.reserve(pairs),
      bias: k.reserve(this.w),
      m: k.reserve(dm * this.lw),
      dt: k.reserve(rows * this.w),
      da0: k.reserve(pairs),
      da1: k.reserve(pairs),
      dbias: k.reserve(this.w),
      dm: k.reserve(dm * this.lw),
      scratch: k.reserve(this.w),
      nz: k.reserve(dm),
      part: k.reserve(4 * dm),
      dlogits: k.reserve(train.labels.length * this.lw),
      stats: k.reserve(2, 8),
      ex: k.reserve(vocab, 8),
      qkv: k.reserve(2 * vocab * 3 * heads * dh),
      dqkv: k.reserve(2 * vocab * 3 * heads * dh),
      sig: k.reserve(pairs),
    };
    const slot = (n: number): Slot => ({
      n,
      ia: k.reserve(n),
      ib: k.reserve(n),
      labels: k.reserve(n),
      pre: k.reserve(n * dm),
      hidden: k.reserve(n * dm),
      logits: k.reserve(n * this.lw),
    });
    this.train = slot(train.labels.length);
    this.test = slot(test.labels.length);
    k.commit();
    for (const [s, batch] of [[this.train, train], [this.test, test]] as const) {
      // Examples in tiles of TILE a-values × TILE b-values: within a tile the table rows an
      // example touches (≈ 2 KB each, 4 per a and 5 per b) stay in L2, which the whole table
      // (1.2 MB at d = 128) does not (a full-batch mean does not depend on the order, up to float
      // rounding).
      const TILE = 8;
      const tileOf = (i: number) => Math.floor(batch.a[i]! / TILE) * spec.p + Math.floor(batch.b[i]! / TILE);
      const order = Array.from(batch.a, (_, i) => i).sort((i, j) => tileOf(i) - tileOf(j) || batch.a[i]! - batch.a[j]! || batch.b[i]! - batch.b[j]!);
      k.i32(s.ia).set(order.map((i) => batch.a[i]!));
      k.i32(s.ib).set(order.map((i) => batch.b[i]!));
      k.i32(s.labels).set(order.map((i) => batch.labels[i]!));
    }
    // the padding lanes of the loss gradient stay 0
    k.f32(this.regions.dlogits).fill(0);
  }

  evaluate(params: Params): StepResult {
    const tensors = params.map((q) => tf.tensor(q.data, q.shape));
    let train = { loss: NaN, acc: NaN };
    try {
      let grads: Float32Array[] = [];
      // (typed arrays are assigned, not returned: tf.tidy would walk every element of them)
      tf.tidy(() => {
        const f = (...list: tf.Tensor[]) => {
          const byName = new Map(params.map((q, i) => [q.name, list[i]!]));
          return this.loss(byName, (stats) => (train = stats));
        };
        grads = tf.valueAndGrads(f)(tensors).grads.map((g) => g.dataSync() as Float32Array);
      });
      const test = this.testStats;
      return { trainLoss: train.loss, trainAcc: train.acc, testLoss: test.loss, testAcc: test.acc, grads };
    } finally {
      tf.dispose(tensors);
    }
  }

  dispose(): void {
    // kernel memory goes with the instance; no tfjs tensors are held between steps
  }

  /** Mean training cross-entropy (and, as a side effect, the test batch's loss and accuracy). */
  private loss(w: Map<string, tf.Tensor>, report: (stats: { loss: number; acc: number }) => void): tf.Scalar {
    const { d, heads, dh, dm, vocab } = this;
    const get = (name: string) => w.get(name)!;
    const E = tf.transpose(get('embed.W_E')) as T2; // V × d
    const pos = get('pos_embed.W_pos') as T2;
    const x0 = tf.add(E, tf.slice(pos, [0, 0], [1, d])) as T2;
    const x1 = tf.add(E, tf.slice(pos, [1, 0], [1, d])) as T2;
    // All projections of both positions in one product, QKV = [x₀; x₁]·[W_Qᵀ | W_Kᵀ | W_Vᵀ]
    // (118 × 3·H·dh; x₀·W_Qᵀ is not needed but cheaper than the ops of five separate products).
    const hd = heads * dh;
    const proj = (name: string) => tf.reshape(get(`blocks.0.attn.${name}`), [hd, d]) as T2;
    const QKV = mm(fastConcat([x0, x1], 0), tf.transpose(fastConcat([proj('W_Q'), proj('W_K'), proj('W_V')], 0)) as T2);
    const WU = get('unembed.W_U') as T2;
    const pad = this.w - dm - vocab;
    const Pm = fastConcat([tf.transpose(get('blocks.0.mlp.W_in')) as T2, WU, ...(pad ? [tf.zeros([d, pad]) as T2] : [])], 1);
    // A head's W_O·v rows enter the tables only through (v·W_Oₕ)·Pm = v·(W_Oₕ·Pm), a rank-dh
    // product: with W_O·Pm formed once, the tables cost about half the multiply-adds of X·Pm.
    const OP = mm(tf.transpose(get('blocks.0.attn.W_O')) as T2, Pm); // H·dh × w
    const blocks: T2[] = [mm(x1, Pm)];
    for (let h = 0; h < heads; h++) {
      // rows (1 + 2h)·V + a: head h at position 0 of token a; (2 + 2h)·V + b: at position 1 of b.
      blocks.push(mm(tf.slice(QKV, [0, 2 * hd + h * dh], [2 * vocab, dh]) as T2, tf.slice(OP, [h * dh, 0], [dh, this.w]) as T2));
    }
    const T = fastConcat(blocks, 0);
    const c = mm(tf.reshape(get('blocks.0.mlp.b_out'), [1, d]) as T2, WU);
    const bias = tf.concat([tf.reshape(get('blocks.0.mlp.b_in'), [1, dm]), c, ...(pad ? [tf.zeros([1, pad])] : [])], 1) as T2;
    const M = mm(tf.transpose(get('blocks.0.mlp.W_out')) as T2, WU); // dm × V
    const Mpad = fastConcat([M, tf.zeros([dm, this.lw - vocab]) as T2], 1);
    // the attention weights per pair come from QKV's q₁, k₀, k₁ inside the kernel op
    return this.perExample(T, QKV, bias, Mpad, report);
  }

  /**
   * The per-example part as one tfjs op, loss = mean CE(act(gather(T, A0, A1) + bias)·M + res),
   * with its adjoint as gradient (all in the kernels). The test batch's loss is computed here
   * too, forward only.
   */
  private perExample(T: T2, QKV: T2, bias: T2, M: T2, report: (stats: { loss: number; acc: number }) => void): tf.Scalar {
    const op = customOp((t: T2, qkv: T2, b: T2, m: T2) => {
      const k = this.kernels;
      const r = this.regions;
      k.f32(r.t).set(t.dataSync() as Float32Array);
      k.f32(r.qkv).set(qkv.dataSync() as Float32Array);
      k.k.attentionTables(...this.qk(r.qkv), 3 * this.heads * this.dh, this.spec.p, this.heads, this.dh, 1 / Math.sqrt(this.dh), this.spec.attn, r.a0.ptr, r.a1.ptr, r.sig.ptr);
      k.f32(r.bias).set(b.dataSync() as Float32Array);
      k.f32(r.m).set(m.dataSync() as Float32Array);
      const train = this.crossEntropy(this.train, true);
      this.testStats = this.crossEntropy(this.test, false);
      report(train);
      const value = tf.scalar(train.loss);
      const gradFunc = (dy: tf.Scalar) => {
        // ∂loss/∂logits (= ∂loss/∂res) is the loss kernel's gradient, kept in regions.dlogits.
        const s = this.train;
        k.k.scatterHidden(r.t.ptr, this.w, this.dm, this.vocab, this.heads, r.a0.ptr, r.a1.ptr, s.ia.ptr, s.ib.ptr, s.n, this.spec.p, this.act, s.pre.ptr, s.hidden.ptr, r.m.ptr, r.dlogits.ptr, r.dt.ptr, r.da0.ptr, r.da1.ptr, r.dbias.ptr, r.dm.ptr, r.scratch.ptr, r.nz.ptr, r.part.ptr);
        k.f32(r.dqkv).fill(0); // (the V columns' gradient comes from tfjs)
        k.k.attentionAdjoint(...this.qk(r.qkv), 3 * this.heads * this.dh, this.spec.p, this.heads, this.dh, 1 / Math.sqrt(this.dh), this.spec.attn, r.sig.ptr, r.da0.ptr, r.da1.ptr, ...this.qk(r.dqkv));
        // dy is 1 when this loss is the one differentiated; scaling keeps the op honest otherwise.
        return [
          tf.mul(tf.tensor2d(k.f32(r.dt), t.shape), dy),
          tf.mul(tf.tensor2d(k.f32(r.dqkv), qkv.shape), dy),
          tf.mul(tf.tensor2d(k.f32(r.dbias), b.shape), dy),
          tf.mul(tf.tensor2d(k.f32(r.dm), m.shape), dy),
        ];
      };
      return { value, gradFunc };
    });
    return op(T, QKV, bias, M);
  }

  /** Addresses of q₁, k₀, k₁ in a QKV-shaped region (rows x₀ then x₁; columns Q, K, V). */
  private qk(qkv: Region): [number, number, number] {
    const ld = 3 * this.heads * this.dh;
    const x1 = qkv.ptr + 4 * this.vocab * ld;
    const kCol = 4 * this.heads * this.dh;
    return [x1, qkv.ptr + kCol, x1 + kCol];
  }

  /** Gather, hidden·M and the float64 cross-entropy of one batch (its gradient into regions.dlogits when asked). */
  private crossEntropy(s: Slot, withGrad: boolean): { loss: number; acc: number } {
    const k = this.kernels;
    const r = this.regions;
    k.k.gatherLogits(r.t.ptr, this.w, this.dm, this.vocab, this.heads, r.a0.ptr, r.a1.ptr, s.ia.ptr, s.ib.ptr, s.n, this.spec.p, r.bias.ptr, this.act, s.pre.ptr, s.hidden.ptr, r.m.ptr, s.logits.ptr, r.nz.ptr, r.scratch.ptr);
    const stats = k.f64(r.stats);
    stats.fill(0);
    k.k.softmaxCrossEntropy(s.logits.ptr, this.lw, this.vocab, 0, 0, s.labels.ptr, s.n, 1 / s.n, withGrad ? r.dlogits.ptr : 0, this.lw, r.stats.ptr, r.ex.ptr);
    return { loss: stats[0]! / s.n, acc: stats[1]! / s.n };
  }
}
