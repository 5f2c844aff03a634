import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ioFixtures, tinyTensors } from '../../scripts/make-io-fixtures.js';
import { REFERENCE_RUNS, hasReference, referenceCheckpoint, repoRoot } from '../reference.js';
import { clockpizzaErrorOf, succeedsOrClockpizzaError } from '../../test/support/error-of.js';
import { arbitraryTensorMap, bitIdentical } from '../../test/support/io-arbitraries.js';
import { PickleWriter } from './pickle-writer.js';
import { parsePt, parsePtContents, readPt } from './pt.js';
import { encodePt, ptArchive } from './pt-writer.js';
import { encodeSafetensors, parseSafetensors } from './safetensors.js';
import { toFloat64 } from './tensor.js';
import { encodeZip } from './zip-writer.js';

const fixture = (name: string) => resolve(repoRoot(), 'fixtures/io', name);

describe('readPt on fixtures', () => {
  test('tiny.pt holds every dtype bit for bit, in file order', () => {
    const tensors = readPt(fixture('tiny.pt'));
    expect(bitIdentical(tensors, tinyTensors())).toBe(true);
    expect([...tensors.keys()][0]).toBe('embed.W_E');
    expect(tensors.get('scalar')!.shape).toEqual([]);
  });

  test('strided views are gathered and shared storages read once', () => {
    const t = readPt(fixture('strided.pt'));
    expect([...t.keys()]).toEqual(['t', 'row', 'col', 'tail']);
    expect(t.get('t')!.shape).toEqual([3, 2]);
    expect([...toFloat64(t.get('t')!)]).toEqual([1, 4, 2, 5, 3, 6]);
    expect([...toFloat64(t.get('row')!)]).toEqual([4, 5, 6]);
    expect([...toFloat64(t.get('col')!)]).toEqual([2, 5]);
    expect([...toFloat64(t.get('tail')!)]).toEqual([6]);
  });

  test('hostile pickles are refused naming the global; nothing runs', () => {
    expect(clockpizzaErrorOf(() => readPt(fixture('hostile-os-system.pt'))).message).toMatch(
      /hostile-os-system\.pt: archive\/data\.pkl: refuses global os\.system/,
    );
    expect(clockpizzaErrorOf(() => readPt(fixture('hostile-builtins-eval.pt'))).message).toMatch(
      /hostile-builtins-eval\.pt: archive\/data\.pkl: refuses global builtins\.eval/,
    );
  });

  test("a nested checkpoint's state dict is found under 'model' (here an empty one)", () => {
    const contents = parsePtContents(readFileSync(fixture('nested.pt')), 'nested.pt');
    expect(contents.stateDictKey).toBe('model');
    expect(contents.tensors.size).toBe(0);
  });

  test('a missing file names it', () => {
    expect(clockpizzaErrorOf(() => readPt('/nonexistent/x.pt')).message).toBe('/nonexistent/x.pt: no such file');
  });

  test('committed fixtures are exactly what scripts/make-io-fixtures.ts writes', () => {
    for (const [name, bytes] of ioFixtures()) expect(Buffer.compare(readFileSync(fixture(name)), bytes), name).toBe(0);
  });
});

describe('writePt ↔ readPt', () => {
  test('round trip is bit-identical for arbitrary state dicts', () => {
    fc.assert(fc.property(arbitraryTensorMap(), (tensors) => bitIdentical(parsePt(encodePt(tensors), 'm.pt'), tensors)), { numRuns: 200 });
  });

  test('.pt → TensorMap → safetensors → read is bit-identical', () => {
    const fromPt = readPt(fixture('tiny.pt'));
    const back = parseSafetensors(encodeSafetensors(fromPt), 'tiny.safetensors').tensors;
    expect(bitIdentical(back, fromPt)).toBe(true);
  });
});

describe('parsePt refuses broken archives', () => {
  const storage = new Uint8Array(new Float32Array([1, 2, 3, 4]).buffer);
  const oneTensor = (key: string, numel: number, offset: number, size: number[], stride: number[], type = 'FloatStorage') => {
    const w = new PickleWriter().proto(2).global('collections', 'OrderedDict').put(0).emptyTuple().reduce().mark();
    w.string('w').global('torch._utils', '_rebuild_tensor_v2').mark().mark().string('storage').global('torch', type).string(key).string('cpu').int(numel).tuple().binpersid();
    w.int(offset).intTuple(size).intTuple(stride).bool(false).get(0).emptyTuple().reduce().tuple().reduce().setitems().stop();
    return w.bytes();
  };
  const error = (bytes: Uint8Array) => clockpizzaErrorOf(() => parsePt(bytes, 'bad.pt')).message;

  test('views outside their storage, wrong storage sizes, missing storages', () => {
    expect(error(ptArchive(oneTensor('0', 4, 2, [3], [1]), new Map([['0', storage]])))).toMatch(/bad\.pt: w: view .* reaches element 4 of a storage of 4/);
    expect(error(ptArchive(oneTensor('0', 5, 0, [4], [1]), new Map([['0', storage]])))).toMatch(/bad\.pt: w: storage 'archive\/data\/0' has 16 bytes, expected 5 × FloatStorage = 20/);
    expect(error(ptArchive(oneTensor('9', 4, 0, [4], [1]), new Map([['0', storage]])))).toMatch(/storage entry 'archive\/data\/9' is missing/);
    // The same bytes reinterpreted as doubles are a valid, different tensor.
    const asDouble = parsePt(ptArchive(oneTensor('0', 2, 0, [2], [1], 'DoubleStorage'), new Map([['0', storage]])), 'd.pt');
    expect(asDouble.get('w')!.dtype).toBe('F64');
    expect(error(ptArchive(oneTensor('0', 4, 0, [2, 2], [2], 'FloatStorage'), new Map([['0', storage]])))).toMatch(/size has 2 dims but stride has 1/);
  });

  test('one storage used with two dtypes', () => {
    const w = new PickleWriter().proto(2).global('collections', 'OrderedDict').put(0).emptyTuple().reduce().mark();
    for (const [name, type, n] of [['a', 'FloatStorage', 4], ['b', 'IntStorage', 4]] as const) {
      w.string(name).global('torch._utils', '_rebuild_tensor_v2').mark().mark().string('storage').global('torch', type).string('0').string('cpu').int(n).tuple().binpersid();
      w.int(0).intTuple([n]).intTuple([1]).bool(false).get(0).emptyTuple().reduce().tuple().reduce();
    }
    w.setitems().stop();
    expect(error(ptArchive(w.bytes(), new Map([['0', storage]])))).toBe("bad.pt: b: storage '0' is used as both FloatStorage and IntStorage");
  });

  test('a top level that is not a dict, and an archive without data.pkl', () => {
    expect(error(ptArchive(new PickleWriter().proto(2).emptyList().stop().bytes()))).toMatch(/bad\.pt: archive\/data\.pkl: top level of the pickle is a list/);
    expect(error(ptArchive(new PickleWriter().proto(2).emptyDict().int(3).int(4).setitem().stop().bytes()))).toMatch(
      /bad\.pt: archive\/data\.pkl: is neither a state dict \(a dict of tensors\) nor a checkpoint holding one under 'model', 'state_dict', 'model_state_dict'; its keys are 3 \(give --key PATH\)/,
    );
    expect(error(ptArchive(new PickleWriter().proto(2).emptyDict().string('model').emptyDict().string('x').int(4).setitem().setitem().stop().bytes()))).toMatch(
      /bad\.pt: model: x: holds an int, not a tensor/,
    );
    const noPickle = encodeZip([{ name: 'archive/version', data: new Uint8Array([0x33]) }]);
    expect(error(noPickle)).toBe('bad.pt: no <root>/data.pkl in the archive (not a torch zip checkpoint)');
  });

  test('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (b) => succeedsOrClockpizzaError(() => parsePt(b, 'r.pt'))), { numRuns: 1000 });
  });

  test('single-byte corruptions of tiny.pt never escape as other errors', () => {
    const good = readFileSync(fixture('tiny.pt'));
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const bad = Uint8Array.from(good);
        bad[at] ^= x;
        return succeedsOrClockpizzaError(() => parsePt(bad, 'c.pt'));
      }),
      { numRuns: 1000 },
    );
  });
});

/** Truncations at every length of the first 2 KB, then at ~300 sampled lengths (and the last 64). */
function truncationLengths(size: number): number[] {
  const lengths = new Set<number>();
  for (let n = 0; n < Math.min(size, 2048); n++) lengths.add(n);
  for (let i = 0; i < 300; i++) lengths.add(Math.floor(2048 + ((size - 2048) * i) / 300));
  for (let n = Math.max(0, size - 64); n < size; n++) lengths.add(n);
  return [...lengths].filter((n) => n < size);
}

function expectEveryTruncationRefused(bytes: Uint8Array, file: string): void {
  for (const n of truncationLengths(bytes.length)) {
    const e = clockpizzaErrorOf(() => parsePt(bytes.subarray(0, n), file));
    expect(e.file, `truncated at ${n}`).toBe(file);
  }
}

describe('truncated checkpoints', () => {
  test('tiny.pt truncated anywhere is a ClockpizzaError naming the file', () => {
    expectEveryTruncationRefused(readFileSync(fixture('tiny.pt')), 'tiny.pt');
  });

  if (!hasReference()) console.warn('skipping reference .pt tests: CLOCKPIZZA_REFERENCE absent');
  test.skipIf(!hasReference())('model_p99zdpze5l.pt truncated at every length of its first 2 KB and sampled after', () => {
    expectEveryTruncationRefused(readFileSync(referenceCheckpoint('p99zdpze5l')), 'model_p99zdpze5l.pt');
  });
});

describe.skipIf(!hasReference())('released checkpoints', () => {
  test.each(REFERENCE_RUNS.map((r) => [r.runid, r.what]))('%s (%s): .pt → safetensors → read is bit-identical, and re-written .pt too', (runid) => {
    const tensors = readPt(referenceCheckpoint(runid));
    expect(tensors.size).toBeGreaterThan(3);
    for (const t of tensors.values()) expect(t.dtype).toBe('F32');
    expect(bitIdentical(parseSafetensors(encodeSafetensors(tensors), 'x.safetensors').tensors, tensors)).toBe(true);
    expect(bitIdentical(parsePt(encodePt(tensors), 'x.pt'), tensors)).toBe(true);
  });

  test('Model A has the layout METRICS.md §2 names', () => {
    const t = readPt(referenceCheckpoint('p99zdpze5l'));
    expect(t.get('embed.W_E')!.shape).toEqual([128, 59]);
    expect(t.get('blocks.0.attn.W_Q')!.shape).toEqual([4, 32, 128]);
    expect(t.get('blocks.0.mlp.W_in')!.shape).toEqual([512, 128]);
  });
});
