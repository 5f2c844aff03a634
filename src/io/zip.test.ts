import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { clockpizzaErrorOf, succeedsOrClockpizzaError } from '../../test/support/error-of.js';
import { openZip } from './zip.js';
import { encodeZip } from './zip-writer.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

describe('openZip', () => {
  const archive = encodeZip([
    { name: 'a/one', data: enc('hello') },
    { name: 'a/two', data: enc('x'.repeat(1000)), deflate: true },
    { name: 'a/empty', data: new Uint8Array(0) },
  ]);

  test('reads stored, deflated and empty entries in directory order', () => {
    const zip = openZip(archive, 'z.zip');
    expect(zip.names).toEqual(['a/one', 'a/two', 'a/empty']);
    expect(dec(zip.read('a/one'))).toBe('hello');
    expect(dec(zip.read('a/two'))).toBe('x'.repeat(1000));
    expect(zip.entries.get('a/two')!.compressedSize).toBeLessThan(100);
    expect(zip.read('a/empty').length).toBe(0);
  });

  test('stored entries are 64-byte aligned, as torch writes them', () => {
    const zip = openZip(archive, 'z.zip');
    const data = zip.read('a/one');
    expect(data.byteOffset % 64).toBe(0);
  });

  test('a missing entry names the file and the entry', () => {
    const e = clockpizzaErrorOf(() => openZip(archive, 'z.zip').read('a/nope'));
    expect(e.message).toBe("z.zip: zip entry 'a/nope': entry is missing from the archive");
  });

  test('a corrupted data byte fails the CRC check, naming the entry', () => {
    const bad = archive.slice();
    bad[openZip(archive, 'z.zip').read('a/one').byteOffset] ^= 0xff;
    expect(clockpizzaErrorOf(() => openZip(bad, 'z.zip').read('a/one')).message).toMatch(/^z\.zip: zip entry 'a\/one': CRC-32 mismatch/);
  });

  test('zip64 sentinels are refused by name', () => {
    const bad = archive.slice();
    const view = new DataView(bad.buffer);
    view.setUint32(bad.length - 22 + 16, 0xffffffff, true);
    expect(clockpizzaErrorOf(() => openZip(bad, 'big.zip')).message).toMatch(/^big\.zip: zip64 archives are not supported/);
  });

  test('a central directory pointing past the file is refused', () => {
    const bad = archive.slice();
    new DataView(bad.buffer).setUint32(bad.length - 22 + 16, bad.length, true);
    expect(clockpizzaErrorOf(() => openZip(bad, 'z.zip')).message).toMatch(/central directory .* runs past/);
  });

  test('an entry whose data runs past the data area is refused', () => {
    const bad = archive.slice();
    const zip = openZip(archive, 'z.zip');
    const cdOffset = new DataView(bad.buffer).getUint32(bad.length - 22 + 16, true);
    const view = new DataView(bad.buffer);
    // First central entry: set compressed and uncompressed sizes to 1 MB.
    view.setUint32(cdOffset + 20, 1 << 20, true);
    view.setUint32(cdOffset + 24, 1 << 20, true);
    expect(zip.names[0]).toBe('a/one');
    expect(clockpizzaErrorOf(() => openZip(bad, 'z.zip').read('a/one')).message).toMatch(/zip entry 'a\/one': data .* runs past the data area/);
  });

  test('non-zip input is refused clearly', () => {
    expect(clockpizzaErrorOf(() => openZip(enc('hello'), 'h.txt')).message).toMatch(/^h\.txt: not a zip archive/);
    expect(clockpizzaErrorOf(() => openZip(new Uint8Array(0), 'e')).message).toMatch(/not a zip archive/);
  });

  test('every truncation of an archive is a ClockpizzaError', () => {
    for (let n = 0; n < archive.length; n++) {
      expect(clockpizzaErrorOf(() => openZip(archive.subarray(0, n), 't.zip')).file).toBe('t.zip');
    }
  });

  test('random bytes and random single-byte corruptions never escape as other errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => succeedsOrClockpizzaError(() => openZip(bytes, 'r.zip'))),
    );
    fc.assert(
      fc.property(fc.nat(archive.length - 1), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const bad = archive.slice();
        bad[at] ^= x;
        return succeedsOrClockpizzaError(() => {
          const zip = openZip(bad, 'c.zip');
          for (const name of zip.names) zip.read(name);
        });
      }),
      { numRuns: 500 },
    );
  });
});
