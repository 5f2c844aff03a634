import { InternalError } from '../../errors.js';
import { align16, growTo, kernelInstance } from '../../kernels/wasm-module.js';

/** The exports of kernels.as (byte offsets into the module's own memory). */
export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  gatherLogits(t: number, w: number, dm: number, v: number, a0: number, a1: number, ia: number, ib: number, n: number, p: number, uniform: number, bias: number, act: number, hidden: number, m: number, logits: number, nz: number, row: number): void;
  lossAndAdjoint(t: number, w: number, dm: number, v: number, heads: number, a0: number, a1: number, ia: number, ib: number, labels: number, n: number, p: number, uniform: number, bias: number, act: number, row: number, hidden: number, m: number, logits: number, dl: number, scale: number, floor: number, stats: number, ex: number, dt: number, da0: number, da1: number, dbias: number, dM: number, scratch: number, nz: number, part: number): void;
  attentionTables(q1: number, k0: number, k1: number, ld: number, p: number, heads: number, dh: number, scale: number, alpha: number, a0: number, a1: number, sig: number): void;
  attentionAdjoint(q1: number, k0: number, k1: number, ld: number, p: number, heads: number, dh: number, scale: number, alpha: number, sig: number, da0: number, da1: number, dq1: number, dk0: number, dk1: number): void;
  crossEntropy(logits: number, ld: number, v: number, labels: number, n: number, stats: number, ex: number): void;
  gemm(a: number, lda: number, b: number, ldb: number, c: number, ldc: number, m: number, k: number, n: number, accumulate: number): void;
  transpose(x: number, ldx: number, m: number, n: number, out: number, ldo: number): void;
  copy(x: number, ldx: number, m: number, n: number, out: number, ldo: number, accumulate: number): void;
  adamwStep(p: number, g: number, m: number, v: number, n: number, decay: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, bc2Sqrt: number, eps: number, stepSize: number): void;
}

export const KERNELS_WASM = 'dist/kernels/train-kernels.wasm';

/** A region of kernel memory holding `length` elements. */
export interface Region {
  ptr: number;
  length: number;
}

/**
 * One instance of the kernels with its own memory. Regions are reserved up front (bump
 * allocation, 16-byte aligned) and the memory grown once by `commit()`; views taken after
 * that stay valid because the memory never grows again.
 */
export class KernelInstance {
  readonly k: KernelExports;
  private top: number;
  private committed = false;

  constructor() {
    this.k = kernelInstance<KernelExports>(KERNELS_WASM, 'src/train/kernels/kernels.as');
    this.top = align16(this.k.heapBase());
  }

  reserve(length: number, bytesPer = 4): Region {
    if (this.committed) throw new InternalError('kernel memory already committed');
    const region = { ptr: this.top, length };
    this.top = align16(this.top + length * bytesPer);
    return region;
  }

  commit(): void {
    growTo(this.k.memory, this.top);
    this.committed = true;
  }

  f32(r: Region): Float32Array {
    return new Float32Array(this.k.memory.buffer, r.ptr, r.length);
  }

  i32(r: Region): Int32Array {
    return new Int32Array(this.k.memory.buffer, r.ptr, r.length);
  }

  f64(r: Region): Float64Array {
    return new Float64Array(this.k.memory.buffer, r.ptr, r.length);
  }
}

/**
 * Where gatherLogits finds everything (byte addresses into kernel memory, sizes in elements),
 * by name instead of by position; see kernels.as for what each holds.
 */
export interface GatherLayout {
  /** The tables T ((1 + 2H)·v rows, 2·v when uniform) of `width` floats a row: dm MLP inputs, then the logit part. */
  tables: number;
  width: number;
  dm: number;
  vocab: number;
  /** Attention weight tables, indexed (h·p + b)·p + a (unused when uniform). */
  a0: number;
  a1: number;
  /** The batch: first and second tokens, n of them. */
  ia: number;
  ib: number;
  n: number;
  p: number;
  /** 1 when α = 0 (every attention weight is 1, two table blocks), else 0. */
  uniform: number;
  /** [b_in | b_out·U], `width` floats. */
  bias: number;
  /** 0 ReLU, 1 GeLU. */
  act: number;
  /** M = W_outᵀ·U in 20-column blocks. */
  m: number;
  /** Work space: one hidden row (dm floats), its nonzero indices (dm ints), one table row (width floats). */
  hidden: number;
  nz: number;
  row: number;
  /** gatherLogits: the batch's logits, n rows of width − dm floats; lossAndAdjoint: one such row. */
  logits: number;
}

/** gatherLogits' layout plus what the training pass adds: labels, the loss and every adjoint. */
export interface LossAndAdjointLayout extends GatherLayout {
  heads: number;
  labels: number;
  /** One row of the loss gradient (width − dm floats). */
  dl: number;
  /** 1/n: the mean's factor on every gradient. */
  scale: number;
  /** Loss-gradient entries below this magnitude are stored as 0. */
  floor: number;
  /** float64 [Σ loss, correct count] and v float64s of work space. */
  stats: number;
  ex: number;
  dT: number;
  dA0: number;
  dA1: number;
  dBias: number;
  dM: number;
  /** Work space: width floats, 4·dm floats. */
  scratch: number;
  part: number;
}

/** The test batch's logits (kernels.as gatherLogits). */
export function gatherLogits(k: KernelExports, l: GatherLayout): void {
  k.gatherLogits(l.tables, l.width, l.dm, l.vocab, l.a0, l.a1, l.ia, l.ib, l.n, l.p, l.uniform, l.bias, l.act, l.hidden, l.m, l.logits, l.nz, l.row);
}

/** The training batch's loss and per-example adjoints in one pass (kernels.as lossAndAdjoint). */
export function lossAndAdjoint(k: KernelExports, l: LossAndAdjointLayout): void {
  k.lossAndAdjoint(
    l.tables, l.width, l.dm, l.vocab, l.heads,
    l.a0, l.a1, l.ia, l.ib, l.labels, l.n, l.p, l.uniform,
    l.bias, l.act, l.row, l.hidden, l.m, l.logits, l.dl,
    l.scale, l.floor, l.stats, l.ex,
    l.dT, l.dA0, l.dA1, l.dBias, l.dM, l.scratch, l.nz, l.part,
  );
}
