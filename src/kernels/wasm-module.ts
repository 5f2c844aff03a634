import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '../reference.js';

/**
 * The project's own WebAssembly kernels (AssemblyScript sources compiled by
 * src/train/kernels/build.mjs into dist/kernels/): each module compiled once per process; every
 * instance owns its memory, addressed by byte offset from JS.
 */

const modules = new Map<string, WebAssembly.Module>();

/** A new instance of the kernel module at `wasm` (relative to the package root), built from `source`. */
export function kernelInstance<Exports>(wasm: string, source: string): Exports {
  let compiled = modules.get(wasm);
  if (compiled === undefined) {
    const path = resolve(repoRoot(), wasm);
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` (it compiles ${source})`);
    compiled = new WebAssembly.Module(readFileSync(path));
    modules.set(wasm, compiled);
  }
  const instance = new WebAssembly.Instance(compiled, { env: { abort: () => { throw new Error(`${source}: kernel abort`); } } });
  return instance.exports as unknown as Exports;
}

/** `n` rounded up to a multiple of 16 bytes (a v128's alignment). */
export function align16(n: number): number {
  return (n + 15) & ~15;
}

/** Grows a kernel's memory, if need be, so that it holds `bytes` bytes (whole 64 KiB pages). */
export function growTo(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
}
