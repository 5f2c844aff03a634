/**
 * Builds the small reader fixtures in fixtures/io/ with the in-house writers, so reader tests
 * run without the shared reference. Deterministic: re-running rewrites identical bytes (a test
 * checks the committed files against `ioFixtures()`).
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/make-io-fixtures.js
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../src/io/atomic-write.js';
import { PickleWriter } from '../src/io/pickle-writer.js';
import { encodePt, ptArchive } from '../src/io/pt-writer.js';
import { encodeSafetensors } from '../src/io/safetensors.js';
import type { TensorMap } from '../src/io/tensor.js';
import { repoRoot } from '../src/reference.js';

export const IO_FIXTURE_DIR = 'fixtures/io';

/** One tensor of every dtype, plus a scalar and an empty tensor; F32 holds -0, ±Inf and NaN. */
export function tinyTensors(): TensorMap {
  const f32 = Float32Array.from({ length: 12 }, (_, i) => i * 0.25 - 1.5);
  f32[1] = -0;
  f32[2] = Infinity;
  f32[3] = -Infinity;
  f32[4] = NaN;
  return new Map([
    ['embed.W_E', { dtype: 'F32', shape: [3, 4], data: f32 }],
    ['blocks.0.mlp.b_in', { dtype: 'F64', shape: [2], data: Float64Array.from([Math.PI, -1e-300]) }],
    ['half', { dtype: 'F16', shape: [2, 2], data: Uint16Array.from([0x3c00, 0xc000, 0x7bff, 0x0001]) }],
    ['bfloat', { dtype: 'BF16', shape: [2], data: Uint16Array.from([0x3f80, 0xc049]) }],
    ['steps', { dtype: 'I64', shape: [3], data: BigInt64Array.from([0n, -1n, 9007199254740993n]) }],
    ['i32', { dtype: 'I32', shape: [2], data: Int32Array.from([-2147483648, 2147483647]) }],
    ['i16', { dtype: 'I16', shape: [2], data: Int16Array.from([-32768, 7]) }],
    ['i8', { dtype: 'I8', shape: [3], data: Int8Array.from([-128, 0, 127]) }],
    ['u8', { dtype: 'U8', shape: [2], data: Uint8Array.from([0, 255]) }],
    ['mask', { dtype: 'BOOL', shape: [2, 2], data: Uint8Array.from([1, 0, 0, 1]) }],
    ['scalar', { dtype: 'F32', shape: [], data: Float32Array.from([42]) }],
    ['empty', { dtype: 'F32', shape: [0, 3], data: new Float32Array(0) }],
  ]);
}

/** A rebuild_tensor_v2 call on a FloatStorage view, for hand-made pickles. */
function tensorCall(w: PickleWriter, name: string, key: string, storageNumel: number, offset: number, size: number[], stride: number[]): void {
  w.string(name).global('torch._utils', '_rebuild_tensor_v2');
  w.mark().mark().string('storage').global('torch', 'FloatStorage').string(key).string('cpu').int(storageNumel).tuple().binpersid();
  w.int(offset).intTuple(size).intTuple(stride).bool(false).get(0).emptyTuple().reduce().tuple().reduce();
}

/**
 * Views as torch stores them: `t` is the transpose of a 2×3 storage (stride [1, 3]); `row` and
 * `tail` share storage '0' at offsets; `col` is a column (stride [3]); a trailing BUILD carries
 * a `_metadata` attribute as real state dicts do.
 */
function stridedPt(): Uint8Array {
  const storage = Float32Array.from([1, 2, 3, 4, 5, 6]);
  const w = new PickleWriter().proto(2).global('collections', 'OrderedDict').put(0).emptyTuple().reduce().put(1).mark();
  tensorCall(w, 't', '0', 6, 0, [3, 2], [1, 3]);
  tensorCall(w, 'row', '0', 6, 3, [3], [1]);
  tensorCall(w, 'col', '0', 6, 1, [2], [3]);
  tensorCall(w, 'tail', '0', 6, 5, [1, 1], [1, 1]);
  w.setitems();
  w.emptyDict().string('_metadata').get(0).emptyTuple().reduce().setitem().build().stop();
  return ptArchive(w.bytes(), new Map([['0', new Uint8Array(storage.buffer)]]), 'strided');
}

/** A pickle that would call `module.name(arg)` if it were executed. */
function hostilePt(module: string, name: string, arg: string): Uint8Array {
  const w = new PickleWriter().proto(2).global(module, name).string(arg).raw(0x85).reduce().stop();
  return ptArchive(w.bytes());
}

/** `{'model': state_dict}` — a nested checkpoint, which readers refuse with a hint. */
function nestedPt(): Uint8Array {
  const w = new PickleWriter().proto(2).emptyDict().string('model').global('collections', 'OrderedDict').emptyTuple().reduce().setitem().stop();
  return ptArchive(w.bytes());
}

export function ioFixtures(): Map<string, Uint8Array> {
  const tiny = tinyTensors();
  return new Map([
    ['tiny.pt', encodePt(tiny)],
    ['tiny.safetensors', encodeSafetensors(tiny, { source: 'scripts/make-io-fixtures.ts' })],
    ['strided.pt', stridedPt()],
    ['nested.pt', nestedPt()],
    ['hostile-os-system.pt', hostilePt('os', 'system', 'touch /tmp/clockpizza-pwned')],
    ['hostile-builtins-eval.pt', hostilePt('builtins', 'eval', "__import__('os').system('touch /tmp/clockpizza-pwned')")],
  ]);
}

function main(): void {
  const dir = resolve(repoRoot(), IO_FIXTURE_DIR);
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of ioFixtures()) {
    writeFileAtomic(resolve(dir, name), bytes);
    console.log(`${IO_FIXTURE_DIR}/${name}  ${bytes.length} bytes`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
