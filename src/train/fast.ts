import { InternalError } from '../errors.js';
import { trainArchitecture, type TrainSpec } from './config.js';
import type { Batch, StepEngine, StepResult } from './engine.js';
import type { TransformerArchitecture } from '../model/architecture.js';
import { pairParams, type TransformerParams } from '../model/families/canonical.js';
import { referenceNames } from '../model/families/reference-transformer.js';
import { gatherLogits, KernelInstance, lossAndAdjoint, type GatherLayout, type LossAndAdjointLayout, type Region } from './kernels/kernels.js';
import { Mat, MatrixOps } from './kernels/matrix.js';
import type { Params } from './params.js';

/** A batch in kernel memory: its tokens and labels (in the order the kernels visit them). */
interface Slot {
  n: number;
  ia: Region;
  ib: Region;
  labels: Region;
}

/** The weights as matrices in kernel memory (W_Q, W_K, W_V stacked as one 3·H·dh × d block). */
interface Weights {
  WE: Mat; // d × V
  pos: Mat; // 2 × d
  WU: Mat; // d × V
  WQKV: Mat; // 3·hd × d: rows of W_Q, then W_K, then W_V
  WO: Mat; // d × hd
  Win: Mat; // dm × d
  bin: Mat; // 1 × dm
  Wout: Mat; // d × dm
  bout: Mat; // 1 × d
}

/** A Weights record as the canonical parameters of the 1-layer transformer (W_Q, W_K, W_V are row blocks of WQKV). */
function canonical(w: Weights, hd: number): TransformerParams<Mat> {
  const block = { wQ: w.WQKV.rowBlock(0, hd), wK: w.WQKV.rowBlock(hd, hd), wV: w.WQKV.rowBlock(2 * hd, hd), wO: w.WO, bQ: null, bK: null, bV: null, bO: null, wIn: w.Win, bIn: w.bin, wOut: w.Wout, bOut: w.bout };
  return { embed: w.WE, pos: w.pos, blocks: [block], unembed: w.WU, bU: null };
}

/** Parameter name → its matrix in a Weights record, by the reference family's names of the canonical roles. */
function byName(w: Weights, hd: number): Map<string, Mat> {
  return new Map(pairParams(referenceNames(1), canonical(w, hd)));
}

/**
 * Loss-gradient entries below this magnitude are stored as 0. Once a model fits, most of its
 * wrong-class probabilities are < 1e-30, and their float32 gradients (and products with them)
 * are subnormal numbers, which x86 processes through microcode at ~100× the cost of a normal
 * multiply (WebAssembly cannot set flush-to-zero): the backward pass of a fitted Model A ran
 * ≈ 45 % slower. An entry this small is ~1e-20 of the example's largest one (the correct
 * class's, ≈ loss / n), far below the float32 resolution of any sum it enters (tested: the
 * gradients of a fitted model do not move).
 */
export const GRADIENT_FLOOR = 2 ** -100;

/** Columns per block of the logit matrix M = W_outᵀ·U and its adjoint in kernel memory (kernels.as: BLOCK_BYTES / 4). */
const LOGIT_BLOCK = 20;

/**
 * The factorised step for the 1-layer, 2-token transformer, entirely in WebAssembly SIMD kernels
 * with their own memory (no tfjs: its matmul repacks every fresh operand and its small ops cost
 * more in dispatch than in arithmetic). Everything before the MLP depends on a token through
 * 59-row tables, so for source rows X = [x₁; OV⁰₀; OV¹₀; OV⁰₁; …] (token tables of the residual
 * at position 1, and of each head's W_O·v at positions 0 and 1) the MLP input and the
 * residual's share of the logits are T = X·Pm, Pm = [W_inᵀ | W_U], gathered per example:
 *   out[n] = T[b] + Σₕ A⁰ₕ(a,b)·T[OV⁰ₕ,a] + A¹ₕ(a,b)·T[OV¹ₕ,b],
 * with A = α·softmax + (1 − α) from a 59×59 score table per head. A head's rows are
 * v·(W_Oₕ·Pm), so W_O·Pm is formed once. Only the hidden layer and
 * logits = act(pre)·(W_outᵀW_U) + residual part are per example (gather, the narrow hidden·M
 * product, the float64 cross-entropy and their adjoints, all in one kernel pass over the training
 * examples; the test examples go forward only). At α = 0 every A
 * is 1 and the heads fold into G = W_VᵀW_Oᵀ: two table blocks, x₀·G for a and x₁ + x₁·G for b,
 * and W_Q, W_K get exactly zero gradient (0·… in the reference). Every table product and its
 * adjoint is written out below by hand. Same function and gradients as the straightforward
 * step (tested), a fraction of the FLOPs.
 */
export class FastEngine implements StepEngine {
  readonly name = 'fast';
  private readonly kernels = new KernelInstance();
  private readonly ops = new MatrixOps(this.kernels);
  private readonly d: number;
  private readonly heads: number;
  private readonly dh: number;
  private readonly dm: number;
  private readonly vocab: number;
  /** Table width dm + lw: the MLP input, then the logit part padded to whole 20-float blocks. */
  private readonly w: number;
  /** Width of the logit part of a table row (and of the padded logits), w − dm. */
  private readonly lw: number;
  private readonly act: number;
  /**
   * Attention rate 0: every attention weight is exactly 1, so the heads fold into one d × d
   * map and the tables into two blocks; W_Q and W_K get exactly zero gradient.
   */
  private readonly uniform: boolean;
  private readonly regions: Record<'a0' | 'a1' | 'da0' | 'da1' | 'row' | 'hidden' | 'scratch' | 'nz' | 'part' | 'logitsRow' | 'dlRow' | 'testLogits' | 'stats' | 'ex' | 'sig', Region>;
  private readonly weights: Weights;
  private readonly grads: Weights;
  /** Parameter name → where evaluate writes it, and where its gradient is read. */
  private readonly inputs: Map<string, Mat>;
  private readonly outputs: Map<string, Mat>;
  /** Forward intermediates (names as in the class comment; see forward()). */
  private readonly f: Record<'X' | 'QKV' | 'Pm' | 'PmT' | 'WcatT' | 'WOT' | 'OP' | 'OPT' | 'T' | 'bias' | 'WoutT' | 'Mb' | 'WVT' | 'R' | 'S' | 'Tin' | 'TinT' | 'X1T' | 'VT', Mat>;
  /** Backward intermediates (d… = ∂loss/∂…). */
  private readonly b: Record<'dT' | 'dbias' | 'dMb' | 'dM' | 'dQKV' | 'dQKVT' | 'dPm' | 'dX' | 'dOP' | 'dWOT' | 'dWoutT' | 'dTin' | 'dTinT' | 'dR' | 'dRT' | 'dE', Mat>;
  private readonly train: Slot;
  private readonly test: Slot;
  /** The test examples in the kernels' order: row e of the test logits is example testOrder[e]. */
  private readonly testOrder: Int32Array;
  /** The kernels' arguments for the two batches (every address and size is fixed at construction). */
  private readonly trainLayout: LossAndAdjointLayout;
  private readonly testLayout: GatherLayout;

  constructor(
    private readonly spec: TrainSpec,
    train: Batch,
    test: Batch,
    gradientFloor = GRADIENT_FLOOR,
  ) {
    if (spec.model !== 'transformer' || spec.layers !== 1) throw new InternalError('the fast step needs a 1-layer transformer');
    const { dModel: d, nHeads: heads, dHead: dh, dMlp: dm, nVocab: vocab } = trainArchitecture(spec) as TransformerArchitecture;
    if (heads !== 4) throw new InternalError(`the fast step's gather is written for the reference's 4 heads, not ${heads}`);
    this.d = d;
    this.heads = heads;
    this.dh = dh;
    this.dm = dm;
    this.vocab = vocab;
    this.w = dm + Math.ceil(vocab / LOGIT_BLOCK) * LOGIT_BLOCK;
    this.lw = this.w - dm;
    this.act = spec.act === 'relu' ? 0 : 1;
    this.uniform = spec.attn === 0;
    const k = this.kernels;
    const V = vocab;
    const hd = heads * dh;
    const w = this.w;
    const rows = (1 + 2 * heads) * vocab;
    const pairs = spec.p * spec.p * heads;
    const mat = (r: number, c: number) => Mat.reserve(k, r, c);
    const weights = (): Weights => ({ WE: mat(d, V), pos: mat(2, d), WU: mat(d, V), WQKV: mat(3 * hd, d), WO: mat(d, hd), Win: mat(dm, d), bin: mat(1, dm), Wout: mat(d, dm), bout: mat(1, d) });
    this.weights = weights();
    this.grads = weights();
    this.inputs = byName(this.weights, hd);
    this.outputs = byName(this.grads, hd);
    this.f = {
      X: mat(2 * V, d),
      QKV: mat(2 * V, 3 * hd),
      Pm: mat(d, w),
      PmT: mat(w, d),
      WcatT: mat(d, 3 * hd),
      WOT: mat(hd, d),
      OP: mat(hd, w),
      OPT: mat(w, hd),
      T: mat(rows, w),
      bias: mat(1, w),
      WoutT: mat(dm, d),
      Mb: mat((this.lw / LOGIT_BLOCK) * dm, LOGIT_BLOCK),
      WVT: mat(d, hd),
      R: mat(2 * V, hd),
      S: mat(2 * V, d),
      Tin: mat(2 * V, d),
      TinT: mat(d, 2 * V),
      X1T: mat(d, V),
      VT: mat(hd, 2 * V),
    };
    this.b = {
      dT: mat(rows, w),
      dbias: mat(1, w),
      dMb: mat((this.lw / LOGIT_BLOCK) * dm, LOGIT_BLOCK),
      dM: mat(dm, this.lw),
      dQKV: mat(2 * V, 3 * hd),
      dQKVT: mat(3 * hd, 2 * V),
      dPm: mat(d, w),
      dX: mat(2 * V, d),
      dOP: mat(hd, w),
      dWOT: mat(hd, d),
      dWoutT: mat(dm, d),
      dTin: mat(2 * V, d),
      dTinT: mat(d, 2 * V),
      dR: mat(2 * V, hd),
      dRT: mat(hd, 2 * V),
      dE: mat(V, d),
    };
    this.regions = {
      a0: k.reserve(pairs),
      a1: k.reserve(pairs),
      da0: k.reserve(pairs),
      da1: k.reserve(pairs),
      row: k.reserve(w),
      hidden: k.reserve(dm),
      scratch: k.reserve(w),
      nz: k.reserve(dm),
      part: k.reserve(4 * dm),
      logitsRow: k.reserve(this.lw),
      dlRow: k.reserve(this.lw),
      testLogits: k.reserve(test.labels.length * this.lw),
      stats: k.reserve(2, 8),
      ex: k.reserve(vocab, 8),
      sig: k.reserve(pairs),
    };
    const slot = (n: number): Slot => ({
      n,
      ia: k.reserve(n),
      ib: k.reserve(n),
      labels: k.reserve(n),
    });
    this.train = slot(train.labels.length);
    this.test = slot(test.labels.length);
    k.commit();
    let testOrder = new Int32Array(0);
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
      if (s === this.test) testOrder = Int32Array.from(order);
    }
    this.testOrder = testOrder;
    const { f, b, regions: r } = this;
    const forBatch = (s: Slot, logits: Region): GatherLayout => ({
      tables: f.T.ptr, width: this.w, dm, vocab, a0: r.a0.ptr, a1: r.a1.ptr, ia: s.ia.ptr, ib: s.ib.ptr, n: s.n, p: spec.p,
      uniform: this.uniform ? 1 : 0, bias: f.bias.ptr, act: this.act, m: f.Mb.ptr, hidden: r.hidden.ptr, nz: r.nz.ptr, row: r.row.ptr, logits: logits.ptr,
    });
    this.testLayout = forBatch(this.test, r.testLogits);
    this.trainLayout = {
      ...forBatch(this.train, r.logitsRow),
      heads, labels: this.train.labels.ptr, dl: r.dlRow.ptr, scale: 1 / this.train.n, floor: gradientFloor, stats: r.stats.ptr, ex: r.ex.ptr,
      dT: b.dT.ptr, dA0: r.da0.ptr, dA1: r.da1.ptr, dBias: b.dbias.ptr, dM: b.dMb.ptr, scratch: r.scratch.ptr, part: r.part.ptr,
    };
    // (memory starts zeroed: the padding lanes of the loss gradient row and Pm's padding columns
    // are never written, so they stay 0)
  }

  evaluate(params: Params): StepResult {
    for (const q of params) {
      const m = this.inputs.get(q.name);
      if (!m) throw new InternalError(`the fast step has no parameter ${q.name}`);
      this.ops.write(m, q.data);
    }
    this.forward();
    const train = this.lossAndAdjoint();
    const test = this.testLoss();
    this.backward();
    // views, not copies (every gradient matrix is dense): ≈ 0.9 MB less to allocate a step
    const grads = params.map((q) => this.ops.view(this.outputs.get(q.name)!));
    return { trainLoss: train.loss, trainAcc: train.acc, testLoss: test.loss, testAcc: test.acc, grads };
  }

  /**
   * The forward pass alone, for inference (model/table-logits.ts): the test batch's logits at the
   * canonical weights `c`, `vocab` floats per example in the batch's own order.
   */
  testLogits(c: TransformerParams<Float32Array>): Float32Array {
    for (const [m, data] of pairParams(canonical(this.weights, this.heads * this.dh), c)) this.ops.write(m, data);
    this.forward();
    gatherLogits(this.kernels.k, this.testLayout);
    const padded = this.kernels.f32(this.regions.testLogits);
    const { vocab, lw, testOrder } = this;
    const out = new Float32Array(testOrder.length * vocab);
    for (let e = 0; e < testOrder.length; e++) out.set(padded.subarray(e * lw, e * lw + vocab), testOrder[e]! * vocab);
    return out;
  }

  dispose(): void {
    // kernel memory goes with the instance; no tfjs tensors are held
  }

  /** The tables T (and, unless uniform, the attention weights), bias and M from the weights. */
  private forward(): void {
    const { ops, f } = this;
    const { WE, pos, WU, WQKV, WO, Win, bin, Wout, bout } = this.weights;
    const { d, dm, lw, heads, dh } = this;
    const V = this.vocab;
    const hd = heads * dh;
    // X = [x₀; x₁], x_p = W_Eᵀ + W_pos[p]
    for (let p = 0; p < 2; p++) {
      const xp = f.X.rowBlock(p * V, V);
      ops.transpose(xp, WE);
      const x = ops.view(xp);
      const row = ops.view(pos.rowBlock(p, 1));
      for (let i = 0; i < V; i++) for (let j = 0; j < d; j++) x[i * d + j] += row[j]!;
    }
    // Pm = [W_inᵀ | W_U | 0]; U = its logit part (d × lw)
    ops.transpose(f.Pm.colBlock(0, dm), Win);
    ops.copy(f.Pm.colBlock(dm, V), WU);
    const U = f.Pm.colBlock(dm, lw);
    // bias = [b_in | b_out·U]; M = W_outᵀ·U, one 20-column block after another (Mb)
    ops.copy(f.bias.colBlock(0, dm), bin);
    ops.mul(f.bias.colBlock(dm, lw), bout, U);
    ops.transpose(f.WoutT, Wout);
    for (let j = 0; j < lw / LOGIT_BLOCK; j++) ops.mul(f.Mb.rowBlock(j * dm, dm), f.WoutT, U.colBlock(j * LOGIT_BLOCK, LOGIT_BLOCK));
    ops.transpose(f.WOT, WO);
    if (this.uniform) {
      // R = X·W_Vᵀ (per-token values), S = R·W_Oᵀ; Tin = [S₀; x₁ + S₁] (a-block, b-block)
      ops.transpose(f.WVT, WQKV.rowBlock(2 * hd, hd));
      ops.mul(f.R, f.X, f.WVT);
      ops.mul(f.S, f.R, f.WOT);
      ops.copy(f.Tin, f.S);
      ops.copy(f.Tin.rowBlock(V, V), f.X.rowBlock(V, V), true);
      ops.mul(f.T.rowBlock(0, 2 * V), f.Tin, f.Pm);
      return;
    }
    // QKV = X·[W_Q; W_K; W_V]ᵀ; OP = W_Oᵀ·Pm
    ops.transpose(f.WcatT, WQKV);
    ops.mul(f.QKV, f.X, f.WcatT);
    ops.mul(f.OP, f.WOT, f.Pm);
    ops.mul(f.T.rowBlock(0, V), f.X.rowBlock(V, V), f.Pm);
    for (let h = 0; h < heads; h++) {
      // rows (1 + 2h)·V + a: head h at position 0 of token a; (2 + 2h)·V + b: at position 1 of b
      ops.mul(f.T.rowBlock((1 + 2 * h) * V, 2 * V), f.QKV.block(0, 2 * hd + h * dh, 2 * V, dh), f.OP.rowBlock(h * dh, dh));
    }
    const [q1, k0, k1] = this.qk(f.QKV);
    const r = this.regions;
    this.kernels.k.attentionTables(q1, k0, k1, 3 * hd, this.spec.p, heads, dh, 1 / Math.sqrt(dh), this.spec.attn, r.a0.ptr, r.a1.ptr, r.sig.ptr);
  }

  /** From the per-example adjoints (dT, dA⁰, dA¹, dbias, dM) to every weight's gradient in this.grads. */
  private backward(): void {
    const { ops, f, b, kernels: k, regions: r } = this;
    const g = this.grads;
    const { WQKV, WO, Wout, bout } = this.weights;
    const { dm, lw, heads, dh } = this;
    const V = this.vocab;
    const hd = heads * dh;
    ops.transpose(f.PmT, f.Pm);
    if (this.uniform) {
      // T = Tin·Pm; Tin = S + [0; x₁]; S = R·W_Oᵀ; R = X·W_Vᵀ
      const dT = b.dT.rowBlock(0, 2 * V);
      ops.mul(b.dTin, dT, f.PmT);
      ops.transpose(f.TinT, f.Tin);
      ops.mul(b.dPm, f.TinT, dT);
      ops.mul(b.dR, b.dTin, WO);
      ops.transpose(b.dTinT, b.dTin);
      ops.mul(g.WO, b.dTinT, f.R);
      ops.mul(b.dX, b.dR, WQKV.rowBlock(2 * hd, hd));
      ops.copy(b.dX.rowBlock(V, V), b.dTin.rowBlock(V, V), true);
      ops.transpose(b.dRT, b.dR);
      ops.mul(g.WQKV.rowBlock(2 * hd, hd), b.dRT, f.X);
      ops.view(g.WQKV.rowBlock(0, 2 * hd)).fill(0);
    } else {
      // the attention weights' adjoint into dQ, dK (the V columns follow from the heads' rows)
      ops.view(b.dQKV).fill(0);
      const [q1, k0, k1] = this.qk(f.QKV);
      const [dq1, dk0, dk1] = this.qk(b.dQKV);
      k.k.attentionAdjoint(q1, k0, k1, 3 * hd, this.spec.p, heads, dh, 1 / Math.sqrt(dh), this.spec.attn, r.sig.ptr, r.da0.ptr, r.da1.ptr, dq1, dk0, dk1);
      // head blocks: T[(1+2h)V + ·] = V_h·OP_h, V_h = QKV's value columns of head h
      ops.transpose(f.VT, f.QKV.colBlock(2 * hd, hd));
      ops.transpose(f.OPT, f.OP);
      for (let h = 0; h < heads; h++) {
        const dTh = b.dT.rowBlock((1 + 2 * h) * V, 2 * V);
        ops.mul(b.dOP.rowBlock(h * dh, dh), f.VT.rowBlock(h * dh, dh), dTh);
        ops.mul(b.dQKV.block(0, 2 * hd + h * dh, 2 * V, dh), dTh, f.OPT.colBlock(h * dh, dh));
      }
      // OP = W_Oᵀ·Pm
      ops.mul(b.dWOT, b.dOP, f.PmT);
      ops.transpose(g.WO, b.dWOT);
      // the x₁ block: T[b] = x₁·Pm
      ops.transpose(f.X1T, f.X.rowBlock(V, V));
      ops.mul(b.dPm, f.X1T, b.dT.rowBlock(0, V));
      ops.mul(b.dPm, WO, b.dOP, true);
      // QKV = X·[W_Q; W_K; W_V]ᵀ
      ops.mul(b.dX, b.dQKV, WQKV);
      ops.mul(b.dX.rowBlock(V, V), b.dT.rowBlock(0, V), f.PmT, true);
      ops.transpose(b.dQKVT, b.dQKV);
      ops.mul(g.WQKV, b.dQKVT, f.X);
    }
    // M = W_outᵀ·U and the bias's logit part c = b_out·U, U = Pm's logit columns; dM from its blocks
    for (let j = 0; j < lw / LOGIT_BLOCK; j++) ops.copy(b.dM.colBlock(j * LOGIT_BLOCK, LOGIT_BLOCK), b.dMb.rowBlock(j * dm, dm));
    const UT = f.PmT.rowBlock(dm, lw);
    const dU = b.dPm.colBlock(dm, lw);
    ops.mul(b.dWoutT, b.dM, UT);
    ops.transpose(g.Wout, b.dWoutT);
    ops.mul(dU, Wout, b.dM, true);
    const dc = b.dbias.colBlock(dm, lw);
    ops.mul(g.bout, dc, UT);
    ops.mul(dU, Mat.column(bout.ptr, this.d), dc, true);
    ops.copy(g.bin, b.dbias.colBlock(0, dm));
    // Pm = [W_inᵀ | W_U]
    ops.transpose(g.Win, b.dPm.colBlock(0, dm));
    ops.copy(g.WU, b.dPm.colBlock(dm, V));
    // X = [W_Eᵀ + pos₀; W_Eᵀ + pos₁]
    ops.copy(b.dE, b.dX.rowBlock(0, V));
    ops.copy(b.dE, b.dX.rowBlock(V, V), true);
    ops.transpose(g.WE, b.dE);
    ops.columnSums(g.pos.rowBlock(0, 1), b.dX.rowBlock(0, V));
    ops.columnSums(g.pos.rowBlock(1, 1), b.dX.rowBlock(V, V));
  }

  /** Addresses of q₁, k₀, k₁ in a QKV-shaped matrix (rows x₀ then x₁; columns Q, K, V). */
  private qk(qkv: Mat): [number, number, number] {
    const hd = this.heads * this.dh;
    return [qkv.block(this.vocab, 0, 1, 1).ptr, qkv.block(0, hd, 1, 1).ptr, qkv.block(this.vocab, hd, 1, 1).ptr];
  }

  /**
   * The training batch's loss and accuracy, and its per-example adjoints into dT, dA⁰, dA¹,
   * dbias and dM (one kernel pass: gather, hidden·M, float64 cross-entropy, adjoint).
   */
  private lossAndAdjoint(): { loss: number; acc: number } {
    const { kernels: k, regions: r } = this;
    const stats = k.f64(r.stats);
    stats.fill(0);
    lossAndAdjoint(k.k, this.trainLayout);
    return { loss: stats[0]! / this.train.n, acc: stats[1]! / this.train.n };
  }

  /** The test batch's loss and accuracy: gather, hidden·M and the float64 cross-entropy. */
  private testLoss(): { loss: number; acc: number } {
    const { kernels: k, regions: r } = this;
    const s = this.test;
    gatherLogits(k.k, this.testLayout);
    const stats = k.f64(r.stats);
    stats.fill(0);
    k.k.crossEntropy(r.testLogits.ptr, this.lw, this.vocab, s.labels.ptr, s.n, r.stats.ptr, r.ex.ptr);
    return { loss: stats[0]! / s.n, acc: stats[1]! / s.n };
  }
}
