import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { tinyTensors } from '../../scripts/make-io-fixtures.js';
import { repoRoot } from '../reference.js';
import { clockpizzaErrorOf, succeedsOrClockpizzaError } from '../../test/support/error-of.js';
import { arbitraryTensorMap, bitIdentical } from '../../test/support/io-arbitraries.js';
import { encodeSafetensors, parseSafetensors, readSafetensors, writeSafetensors } from './safetensors.js';

/** A safetensors file with this header (a string, written verbatim) and `dataBytes` zero bytes. */
function file(header: string | object, dataBytes = 0, declared?: bigint): Uint8Array {
  const text = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, declared ?? BigInt(text.length), true);
  out.set(text, 8);
  return out;
}
const refused = (bytes: Uint8Array) => clockpizzaErrorOf(() => parseSafetensors(bytes, 'bad.safetensors')).message;
const f32 = (shape: number[], begin: number, end: number) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

describe('safetensors round trip', () => {
  test('the fixture reads back as written, with metadata', () => {
    const { tensors, metadata } = readSafetensors(resolve(repoRoot(), 'fixtures/io/tiny.safetensors'));
    expect(bitIdentical(tensors, tinyTensors())).toBe(true);
    expect(metadata).toEqual({ source: 'scripts/make-io-fixtures.ts' });
  });

  test('arbitrary tensor maps round-trip bit for bit, in insertion order; output is deterministic and 8-aligned', () => {
    fc.assert(
      fc.property(arbitraryTensorMap(), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }), (tensors, metadata) => {
        const bytes = encodeSafetensors(tensors, metadata);
        const back = parseSafetensors(bytes, 'x');
        const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
        return (
          bitIdentical(back.tensors, tensors) &&
          JSON.stringify(back.metadata) === JSON.stringify(metadata) &&
          Buffer.compare(bytes, encodeSafetensors(tensors, metadata)) === 0 &&
          headerLength % 8 === 0
        );
      }),
      { numRuns: 200 },
    );
  });

  test('names that look like array indices keep the map order (a JSON object would list "0" first)', () => {
    // fast-check's counterexample of a CI run: [" ", "0"] came back as ["0", " "].
    const u8 = (v: number) => ({ dtype: 'U8' as const, shape: [1], data: Uint8Array.from([v]) });
    const tensors = new Map([[' ', u8(1)], ['0', u8(2)], ['b', u8(3)], ['10', u8(4)]]);
    const bytes = encodeSafetensors(tensors);
    const back = parseSafetensors(bytes, 'order');
    expect([...back.tensors.keys()]).toEqual([' ', '0', 'b', '10']);
    expect(bitIdentical(back.tensors, tensors)).toBe(true);
    // A header written by another tool in its own order is read in that order.
    const header = '{"b":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"0":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}';
    expect([...parseSafetensors(file(header, 2), 'other').tensors.keys()]).toEqual(['b', '0']);
  });

  test('a tensor or metadata key named __proto__ stays an ordinary key', () => {
    const tensors = new Map([['__proto__', { dtype: 'U8' as const, shape: [1], data: Uint8Array.from([7]) }]]);
    const back = parseSafetensors(encodeSafetensors(tensors, { ['__proto__']: 'x' }), 'p');
    expect([...back.tensors.keys()]).toEqual(['__proto__']);
    expect(Object.keys(back.metadata)).toEqual(['__proto__']);
  });

  test('writeSafetensors is atomic: no temp files left, an existing file replaced whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clockpizza-st-'));
    const path = join(dir, 'm.safetensors');
    writeFileSync(path, 'old');
    writeSafetensors(path, tinyTensors());
    expect(readdirSync(dir)).toEqual(['m.safetensors']);
    expect(bitIdentical(readSafetensors(path).tensors, tinyTensors())).toBe(true);
    expect(clockpizzaErrorOf(() => writeSafetensors(join(dir, 'no/such/dir.safetensors'), tinyTensors())).message).toMatch(/cannot write/);
    expect(readdirSync(dir)).toEqual(['m.safetensors']);
  });

  test('writing refuses data that does not match dtype or shape', () => {
    const bad = new Map([['w', { dtype: 'F32' as const, shape: [3], data: new Float32Array(2) }]]);
    expect(clockpizzaErrorOf(() => encodeSafetensors(bad, undefined, 'o.safetensors')).message).toBe(
      'o.safetensors: w: shape [3] needs 3 elements, data has 2',
    );
    const wrongArray = new Map([['w', { dtype: 'F64' as const, shape: [2], data: new Float32Array(2) }]]);
    expect(clockpizzaErrorOf(() => encodeSafetensors(wrongArray)).message).toMatch(/F64 data must be a Float64Array/);
  });
});

describe('safetensors validation', () => {
  test('a declared 1 GB header is refused before allocating', () => {
    expect(refused(file('{}', 0, 1_000_000_000n))).toBe('bad.safetensors: header: declared header of 1000000000 bytes exceeds the 100 MB limit');
    expect(refused(file('{}', 0, 2n ** 64n - 1n))).toMatch(/exceeds the 100 MB limit/);
  });

  test('a header longer than the file, and files under 8 bytes', () => {
    expect(refused(file('{}', 0, 50n))).toMatch(/header: declared header of 50 bytes runs past the end of the file \(10 bytes\)/);
    expect(refused(new Uint8Array(5))).toMatch(/too short/);
  });

  test('bad UTF-8, bad JSON, non-object JSON', () => {
    const badUtf8 = file('{"a":1}');
    badUtf8[10] = 0xff;
    expect(refused(badUtf8)).toBe('bad.safetensors: header: is not valid UTF-8');
    expect(refused(file('{"a":'))).toMatch(/header: is not valid JSON/);
    expect(refused(file('[1,2]'))).toBe('bad.safetensors: header: must be a JSON object, got an array');
    expect(refused(file('null'))).toMatch(/must be a JSON object, got null/);
    expect(refused(file('"s"'))).toMatch(/got string/);
  });

  test('duplicate names, which JSON.parse would silently merge', () => {
    expect(refused(file(`{"w":${JSON.stringify(f32([1], 0, 4))},"w":${JSON.stringify(f32([1], 4, 8))}}`, 8))).toBe(
      "bad.safetensors: header: duplicate key 'w'",
    );
    expect(refused(file('{"__metadata__":{"k":"a","k":"b"}}'))).toMatch(/duplicate key 'k' in \/__metadata__/);
    expect(refused(file('{"a\\u0062":{},"ab":{}}'))).toMatch(/duplicate key 'ab'/);
  });

  test('unknown dtypes and wrong shapes', () => {
    expect(refused(file({ w: { dtype: 'F8', shape: [1], data_offsets: [0, 1] } }, 1))).toMatch(/^bad\.safetensors: w: unknown dtype "F8"/);
    expect(refused(file({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4))).toMatch(/w: shape must be an array of non-negative integers, got \[-1\]/);
    expect(refused(file({ w: { dtype: 'F32', shape: [1.5], data_offsets: [0, 4] } }, 4))).toMatch(/w: shape must be/);
    expect(refused(file({ w: { dtype: 'F32', shape: '3', data_offsets: [0, 4] } }, 4))).toMatch(/w: shape must be/);
    expect(refused(file({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 4] } }, 4))).toMatch(/w: data_offsets \[0, 4\] span 4 bytes, but shape \[3\] of F32 needs 12/);
    expect(refused(file({ w: 5 }))).toMatch(/w: must be an object/);
  });

  test('overlapping, short, gapped, overflowing and reversed offsets', () => {
    expect(refused(file({ a: f32([2], 0, 8), b: f32([2], 4, 12) }, 12))).toMatch(/b: data_offsets \[4, 12\] overlap the previous tensor \(which ends at 8\)/);
    expect(refused(file({ a: f32([1], 0, 4), b: f32([1], 8, 12) }, 12))).toMatch(/b: data_offsets \[8, 12\] leave a gap after byte 4/);
    expect(refused(file({ a: f32([2], 0, 8) }, 4))).toMatch(/data: tensors need 8 data bytes, the file holds 4 \(truncated\?\)/);
    expect(refused(file({ a: f32([1], 0, 4) }, 8))).toMatch(/data: 4 trailing byte\(s\) after the last tensor/);
    expect(refused(file({ a: f32([1], 4, 0) }, 4))).toMatch(/a: data_offsets \[4, 0\] end before they begin/);
    expect(refused(file({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 2 ** 60] } }, 4))).toMatch(/data_offsets must be/);
    expect(refused(file({ a: { dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 4] } }, 4))).toMatch(/a: data_offsets/);
    expect(refused(file({ a: { dtype: 'F32', shape: [1], data_offsets: [0] } }, 4))).toMatch(/data_offsets must be \[begin, end\]/);
  });

  test('offsets need not follow header order, but tensors come back in header order', () => {
    const bytes = file({ second: f32([1], 4, 8), first: f32([1], 0, 4) }, 8);
    expect([...parseSafetensors(bytes, 'o').tensors.keys()]).toEqual(['second', 'first']);
  });

  test('metadata must map strings to strings', () => {
    expect(refused(file({ __metadata__: { n: 3 } }))).toBe('bad.safetensors: __metadata__: value of \'n\' must be a string, got 3');
    expect(refused(file({ __metadata__: ['x'] }))).toMatch(/__metadata__: must be an object of strings/);
  });

  test('random bytes, truncations and corruptions never escape as other errors', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => succeedsOrClockpizzaError(() => parseSafetensors(b, 'r'))), { numRuns: 1000 });
    const good = readFileSync(resolve(repoRoot(), 'fixtures/io/tiny.safetensors'));
    for (let n = 0; n < good.length; n++) expect(clockpizzaErrorOf(() => parseSafetensors(good.subarray(0, n), 't')).file).toBe('t');
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const bad = Uint8Array.from(good);
        bad[at] ^= x;
        return succeedsOrClockpizzaError(() => parseSafetensors(bad, 'c'));
      }),
      { numRuns: 1000 },
    );
  });
});
