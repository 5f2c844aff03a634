import { tf } from '../model/backend.js';
import type { TrainSpec } from './config.js';
import type { Batch, StepEngine, StepResult } from './engine.js';
import { customOp } from './custom-op.js';
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
  /** MLP pre-activations (n × dm), kept for the backward pass. */
  pre: Region;
  /** The hidden layer act(pre) (n × dm), the per-example matmul's input. */
  hidden: Region;
  /** The residual stream's share of the logits (n × lw), added inside the loss kernel. */
  res: Region;
  logits: Region;
}

/**
 * The factorised step for the 1-layer, 2-token transformer. Everything before the MLP depends
 * on a token through 59-row tables, so for source rows X = [x₁; OV⁰ₕ; OV¹ₕ] (token tables of
 * the residual at position 1, and of each head's W_O·v at positions 0 and 1) the MLP input and
 * the residual's share of the logits are T = X·[W_inᵀ | W_U] gathered per example:
 *   out[n] = T[b] + Σₕ A⁰ₕ(a,b)·T[OV⁰ₕ,a] + A¹ₕ(a,b)·T[OV¹ₕ,b],
 * with A = α·softmax + (1 − α) from a 59×59 score table per head. Only the hidden layer and
 * logits = act(pre)·(W_outᵀW_U) + residual part are per example. The tables go through tfjs's
 * autodiff (2-D untransposed matmuls only); the per-example gather, its adjoint and the
 * float64 softmax cross-entropy run in WebAssembly SIMD kernels with their own memory.
 * The residual part never enters tfjs: the loss kernel adds it to the logits, and the gather's
 * gradient adds its share (the loss gradient, kept in kernel memory) to the tables' gradient.
 * Same function and gradients as the straightforward step (tested), a fraction of the FLOPs.
 */
export class FastEngine implements StepEngine {
  readonly name = 'fast';
  private readonly kernels = new KernelInstance();
  private readonly d: number;
  private readonly heads: number;
  private readonly dh: number;
  private readonly dm: number;
  private readonly vocab: number;
  /** Table width dm + V, padded to whole SIMD lanes. */
  private readonly w: number;
  /** Width of the logit part of a table row, w − dm. */
  private readonly lw: number;
  private readonly act: number;
  private readonly regions: Record<'t' | 'a0' | 'a1' | 'bias' | 'dt' | 'da0' | 'da1' | 'dbias' | 'scratch' | 'dhidden' | 'dlogits' | 'stats', Region>;
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
    this.w = Math.ceil((dm + vocab) / 4) * 4;
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
      dt: k.reserve(rows * this.w),
      da0: k.reserve(pairs),
      da1: k.reserve(pairs),
      dbias: k.reserve(this.w),
      scratch: k.reserve(this.w),
      dhidden: k.reserve(train.labels.length * dm),
      dlogits: k.reserve(train.labels.length * this.lw),
      stats: k.reserve(2, 8),
    };
    const slot = (n: number): Slot => ({
      n,
      ia: k.reserve(n),
      ib: k.reserve(n),
      labels: k.reserve(n),
      pre: k.reserve(n * dm),
      hidden: k.reserve(n * dm),
      res: k.reserve(n * this.lw),
      logits: k.reserve(n * vocab),
    });
    this.train = slot(train.labels.length);
    this.test = slot(test.labels.length);
    k.commit();
    for (const [s, batch] of [[this.train, train], [this.test, test]] as const) {
      // Examples in a-major order: each run of equal a reuses its table rows while they are in
      // cache (a full-batch mean does not depend on the order, up to float rounding).
      const order = Array.from(batch.a, (_, i) => i).sort((i, j) => batch.a[i]! - batch.a[j]! || batch.b[i]! - batch.b[j]!);
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
    let keptMp: T2 | undefined;
    try {
      let grads: Float32Array[] = [];
      // (typed arrays are assigned, not returned: tf.tidy would walk every element of them)
      tf.tidy(() => {
        const f = (...list: tf.Tensor[]) => {
          const byName = new Map(params.map((q, i) => [q.name, list[i]!]));
          const { logits, mp } = this.forward(byName);
          keptMp = tf.keep(mp);
          return this.crossEntropy(logits, (stats) => (train = stats));
        };
        grads = tf.valueAndGrads(f)(tensors).grads.map((g) => g.dataSync() as Float32Array);
      });
      const test = this.testLoss(keptMp!);
      return { trainLoss: train.loss, trainAcc: train.acc, testLoss: test.loss, testAcc: test.acc, grads };
    } finally {
      tf.dispose(tensors);
      if (keptMp) keptMp.dispose();
    }
  }

  dispose(): void {
    // kernel memory goes with the instance; no tfjs tensors are held between steps
  }

  /** Logits of the training batch (and, as a side effect, the test batch's hidden layer). */
  private forward(w: Map<string, tf.Tensor>): { logits: T2; mp: T2 } {
    const { d, heads, dh, dm, vocab } = this;
    const alpha = this.spec.attn;
    const get = (name: string) => w.get(name)!;
    const E = tf.transpose(get('embed.W_E')) as T2; // V × d
    const pos = get('pos_embed.W_pos') as T2;
    const x0 = tf.add(E, tf.slice(pos, [0, 0], [1, d])) as T2;
    const x1 = tf.add(E, tf.slice(pos, [1, 0], [1, d])) as T2;
    const projT = (name: string) => tf.transpose(tf.reshape(get(`blocks.0.attn.${name}`), [heads * dh, d])) as T2; // d × H·dh
    const WQt = projT('W_Q');
    const WKt = projT('W_K');
    const WVt = projT('W_V');
    const q1 = mm(x1, WQt);
    const k0 = mm(x0, WKt);
    const k1 = mm(x1, WKt);
    const v0 = mm(x0, WVt);
    const v1 = mm(x1, WVt);
    const WOt = tf.transpose(get('blocks.0.attn.W_O')) as T2; // H·dh × d
    const head = (t: T2, h: number) => tf.slice(t, [0, h * dh], [vocab, dh]) as T2;
    const scale = 1 / Math.sqrt(dh);
    const A0: tf.Tensor[] = [];
    const A1: tf.Tensor[] = [];
    const OV0: T2[] = [];
    const OV1: T2[] = [];
    for (let h = 0; h < heads; h++) {
      const q1h = head(q1, h);
      // s[b][a] = q₁(b)·k₀(a)/√dh against s₁₁[b] = q₁(b)·k₁(b)/√dh; a two-way softmax is a sigmoid.
      const s10 = tf.mul(mm(q1h, tf.transpose(head(k0, h)) as T2), scale);
      const s11 = tf.mul(tf.sum(tf.mul(q1h, head(k1, h)), 1, true), scale);
      const diff = tf.sub(s10, s11);
      A0.push(tf.add(tf.mul(tf.sigmoid(diff), alpha), 1 - alpha));
      A1.push(tf.add(tf.mul(tf.sigmoid(tf.neg(diff)), alpha), 1 - alpha));
      const WOh = tf.slice(WOt, [h * dh, 0], [dh, d]) as T2;
      OV0.push(mm(head(v0, h), WOh));
      OV1.push(mm(head(v1, h), WOh));
    }
    // (b, a, h) → rows a·p + b, one column per head.
    const table = (list: tf.Tensor[]) => tf.reshape(tf.transpose(tf.stack(list, 2), [1, 0, 2]), [vocab * vocab, heads]) as T2;
    const X = tf.concat([x1, ...OV0, ...OV1], 0) as T2;
    const WU = get('unembed.W_U') as T2;
    const pad = this.w - dm - vocab;
    const Pm = tf.concat([tf.transpose(get('blocks.0.mlp.W_in')), WU, ...(pad ? [tf.zeros([d, pad])] : [])], 1) as T2;
    const T = mm(X, Pm);
    const c = mm(tf.reshape(get('blocks.0.mlp.b_out'), [1, d]) as T2, WU);
    const bias = tf.concat([tf.reshape(get('blocks.0.mlp.b_in'), [1, dm]), c, ...(pad ? [tf.zeros([1, pad])] : [])], 1) as T2;
    const hidden = this.gather(T, table(A0), table(A1), bias);
    const M = mm(tf.transpose(get('blocks.0.mlp.W_out')) as T2, WU); // dm × V
    return { logits: mm(hidden, M), mp: M };
  }

  /** The per-example gather as a tfjs op with its adjoint as gradient (both in the kernels). */
  private gather(T: T2, A0: T2, A1: T2, bias: T2): T2 {
    const op = customOp((t: T2, a0: T2, a1: T2, b: T2) => {
      const k = this.kernels;
      const r = this.regions;
      k.f32(r.t).set(t.dataSync() as Float32Array);
      k.f32(r.a0).set(a0.dataSync() as Float32Array);
      k.f32(r.a1).set(a1.dataSync() as Float32Array);
      k.f32(r.bias).set(b.dataSync() as Float32Array);
      for (const s of [this.train, this.test]) this.runGather(s);
      const value = tf.tensor2d(k.f32(this.train.hidden), [this.train.n, this.dm]);
      const gradFunc = (dy: T2) => {
        // ∂loss/∂hidden from tfjs; ∂loss/∂res is the loss kernel's gradient (regions.dlogits).
        k.f32(r.dhidden).set(dy.dataSync() as Float32Array);
        const s = this.train;
        k.k.scatterHidden(r.t.ptr, this.w, this.dm, this.vocab, this.heads, r.a0.ptr, r.a1.ptr, s.ia.ptr, s.ib.ptr, s.n, this.spec.p, this.act, s.pre.ptr, r.dhidden.ptr, r.dlogits.ptr, r.dt.ptr, r.da0.ptr, r.da1.ptr, r.dbias.ptr, r.scratch.ptr);
        return [
          tf.tensor2d(k.f32(r.dt), t.shape),
          tf.tensor2d(k.f32(r.da0), a0.shape),
          tf.tensor2d(k.f32(r.da1), a1.shape),
          tf.tensor2d(k.f32(r.dbias), b.shape),
        ];
      };
      return { value, gradFunc };
    });
    return op(T, A0, A1, bias);
  }

  private runGather(s: Slot): void {
    const r = this.regions;
    this.kernels.k.gatherHidden(r.t.ptr, this.w, this.dm, this.vocab, this.heads, r.a0.ptr, r.a1.ptr, s.ia.ptr, s.ib.ptr, s.n, this.spec.p, r.bias.ptr, this.act, s.pre.ptr, s.hidden.ptr, s.res.ptr, r.scratch.ptr);
  }

  /**
   * Mean float64 cross-entropy of the training logits (plus the residual part), gradient from
   * the kernel. It must be the final loss (dy = 1): the gather's gradient reads the kernel's
   * gradient for the residual part directly.
   */
  private crossEntropy(logits: T2, report: (stats: { loss: number; acc: number }) => void): tf.Scalar {
    const op = customOp((x: T2) => {
      const s = this.train;
      const r = this.regions;
      const k = this.kernels;
      k.f32(s.logits).set(x.dataSync() as Float32Array);
      const stats = k.f64(r.stats);
      stats.fill(0);
      k.k.softmaxCrossEntropy(s.logits.ptr, this.vocab, this.vocab, s.res.ptr, this.lw, s.labels.ptr, s.n, 1 / s.n, r.dlogits.ptr, this.lw, r.stats.ptr);
      report({ loss: stats[0]! / s.n, acc: stats[1]! / s.n });
      const value = tf.scalar(stats[0]! / s.n);
      const gradFunc = (dy: tf.Scalar) => {
        const g = k.f32(r.dlogits);
        const dense = new Float32Array(s.n * this.vocab);
        for (let e = 0; e < s.n; e++) dense.set(g.subarray(e * this.lw, e * this.lw + this.vocab), e * this.vocab);
        return [tf.mul(tf.tensor2d(dense, x.shape), dy)];
      };
      return { value, gradFunc };
    });
    return op(logits);
  }

  private testLoss(mp: T2): { loss: number; acc: number } {
    const s = this.test;
    const k = this.kernels;
    const r = this.regions;
    let logits: Float32Array = new Float32Array(0);
    tf.tidy(() => {
      logits = tf.matMul(tf.tensor2d(k.f32(s.hidden), [s.n, this.dm]), mp).dataSync() as Float32Array;
    });
    k.f32(s.logits).set(logits);
    const stats = k.f64(r.stats);
    stats.fill(0);
    k.k.softmaxCrossEntropy(s.logits.ptr, this.vocab, this.vocab, s.res.ptr, this.lw, s.labels.ptr, s.n, 1, 0, 0, r.stats.ptr);
    return { loss: stats[0]! / s.n, acc: stats[1]! / s.n };
  }
}
