import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '../../reference.js';

/** The exports of kernels.as (byte offsets into the module's own memory). */
interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  gatherLogits(t: number, w: number, dm: number, v: number, a0: number, a1: number, ia: number, ib: number, n: number, p: number, uniform: number, bias: number, act: number, hidden: number, m: number, logits: number, nz: number, row: number): void;
  lossAndAdjoint(t: number, w: number, dm: number, v: number, heads: number, a0: number, a1: number, ia: number, ib: number, labels: number, n: number, p: number, uniform: number, bias: number, act: number, row: number, hidden: number, m: number, logits: number, dl: number, scale: number, floor: number, stats: number, ex: number, dt: number, da0: number, da1: number, dbias: number, dM: number, scratch: number, nz: number, part: number): void;
  attentionTables(q1: number, k0: number, k1: number, ld: number, p: number, heads: number, dh: number, scale: number, alpha: number, a0: number, a1: number, sig: number): void;
  attentionAdjoint(q1: number, k0: number, k1: number, ld: number, p: number, heads: number, dh: number, scale: number, alpha: number, sig: number, da0: number, da1: number, dq1: number, dk0: number, dk1: number): void;
  crossEntropy(logits: number, ld: number, v: number, labels: number, n: number, stats: number, ex: number): void;
  gemm(a: number, lda: number, b: number, ldb: number, c: number, ldc: number, m: number, k: number, n: number, accumulate: number): void;
  transpose(x: number, ldx: number, m: number, n: number, out: number, ldo: number): void;
  adamwStep(p: number, g: number, m: number, v: number, n: number, decay: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, bc2Sqrt: number, eps: number, stepSize: number): void;
}

export const KERNELS_WASM = 'dist/kernels/train-kernels.wasm';

let compiled: WebAssembly.Module | undefined;

function kernelModule(): WebAssembly.Module {
  if (!compiled) {
    const path = resolve(repoRoot(), KERNELS_WASM);
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` (it compiles src/train/kernels/kernels.as)`);
    compiled = new WebAssembly.Module(readFileSync(path));
  }
  return compiled;
}

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
    const instance = new WebAssembly.Instance(kernelModule(), { env: { abort: () => { throw new Error('kernel abort'); } } });
    this.k = instance.exports as unknown as KernelExports;
    this.top = align(this.k.heapBase());
  }

  reserve(length: number, bytesPer = 4): Region {
    if (this.committed) throw new Error('kernel memory already committed');
    const region = { ptr: this.top, length };
    this.top = align(this.top + length * bytesPer);
    return region;
  }

  commit(): void {
    const have = this.k.memory.buffer.byteLength;
    if (this.top > have) this.k.memory.grow(Math.ceil((this.top - have) / 65536));
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

function align(n: number): number {
  return (n + 15) & ~15;
}
