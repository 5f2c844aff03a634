import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { MAX_PICKLE_BYTES, parsePt } from '../../src/io/pt.js';
import { viewsPickle } from '../../src/io/pt-writer.js';
import { encodeZip, type ZipInput } from '../../src/io/zip-writer.js';
import { runBin } from '../../test/support/run-bin.js';

// Issue 18 item 5: a 1.9 MB zip whose entries inflate to 2 GB took 5.96 GB of memory before it
// was refused. The reader now checks every entry's declared size against what the pickle's
// tensors need, and the totals against a limit, before it inflates anything.

const MiB = 2 ** 20;
const GiB = 2 ** 30;

/**
 * A raw deflate stream of `mib` MiB of zeros in about `mib` KB: one sync-flushed (non-final,
 * byte-aligned) block of 1 MiB of zeros, repeated, then an empty final block.
 */
function zeroBomb(mib: number): Uint8Array {
  const block = deflateRawSync(new Uint8Array(MiB), { finishFlush: constants.Z_SYNC_FLUSH });
  const out = new Uint8Array(block.length * mib + 2);
  for (let i = 0; i < mib; i++) out.set(block, i * block.length);
  out.set([0x03, 0x00], block.length * mib);
  return out;
}

/** A torch-style archive whose storage '0' (and optionally data.pkl) is a bomb declaring `size` bytes. */
function bombArchive(pickle: Uint8Array, storage: { bomb: Uint8Array; size: number }): Uint8Array {
  const entries: ZipInput[] = [
    { name: 'archive/data.pkl', data: pickle },
    // The CRC is not that of the zeros: the reader must refuse before it could check it.
    { name: 'archive/data/0', data: new Uint8Array(0), deflated: { bytes: storage.bomb, size: storage.size, crc32: 0 } },
    { name: 'archive/version', data: new TextEncoder().encode('3\n') },
  ];
  return encodeZip(entries);
}

const view = (storageNumel: number, size: number[]) => ({ name: 'blocks.0.mlp.W_in', storageType: 'FloatStorage' as const, storageKey: '0', storageNumel, offset: 0, size, stride: [1] });

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-18-05-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('issue 18.5: a zip bomb is refused on declared sizes, before inflating', () => {
  const bomb = zeroBomb(2048);

  it('the bomb is real: a 2 MB stream whose prefix inflates 1 MiB per KB', () => {
    expect(bomb.length).toBeLessThan(2.5 * MiB);
    const small = zeroBomb(4);
    const inflated = inflateRawSync(small);
    expect(inflated.length).toBe(4 * MiB);
    expect(inflated.every((b) => b === 0)).toBe(true);
  });

  it('a storage the pickle sizes at 2 GiB: over the per-checkpoint limit, exit 2, one line, little memory', () => {
    const file = join(dir, 'bomb.pt');
    writeFileSync(file, bombArchive(viewsPickle([view(2 ** 29, [2 ** 29])]), { bomb, size: 2 * GiB }));
    expect(clockpizzaErrorOf(() => parsePt(bombArchive(viewsPickle([view(2 ** 29, [2 ** 29])]), { bomb, size: 2 * GiB }), 'bomb.pt')).message).toBe(
      "bomb.pt: blocks.0.mlp.W_in: storage 'archive/data/0' (536870912 × FloatStorage) would take 2 GiB once inflated, over the reader's limit of 256 MiB per checkpoint",
    );
    const run = runBin(['inspect', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`clockpizza inspect: ${file}: blocks.0.mlp.W_in: storage 'archive/data/0' (536870912 × FloatStorage) would take 2 GiB once inflated, over the reader's limit of 256 MiB per checkpoint\n`);
    // Inflating the entry alone would take 2 GiB (and 5.96 GB did before the fix).
    expect(run.peakMb).toBeLessThan(400);
  });

  it('a storage whose zip entry claims more than the pickle says: refused before inflating', () => {
    // A stream that is not deflate at all: inflating it would fail with another message.
    const garbage = { bomb: Uint8Array.from([0xff, 0xff, 0xff, 0xff]), size: 2 * GiB };
    expect(clockpizzaErrorOf(() => parsePt(bombArchive(viewsPickle([view(4, [4])]), garbage), 'b.pt')).message).toBe(
      "b.pt: blocks.0.mlp.W_in: storage 'archive/data/0' has 2147483648 bytes, expected 4 × FloatStorage = 16",
    );
    expect(clockpizzaErrorOf(() => parsePt(bombArchive(viewsPickle([view(4, [4])]), { bomb, size: 2 * GiB }), 'b.pt')).message).toMatch(/has 2147483648 bytes, expected 4 × FloatStorage = 16$/);
  });

  it('a data.pkl that would inflate past the pickle limit: refused before inflating', () => {
    const archive = encodeZip([{ name: 'archive/data.pkl', data: new Uint8Array(0), deflated: { bytes: bomb, size: 2 * GiB, crc32: 0 } }]);
    expect(MAX_PICKLE_BYTES).toBe(16 * MiB);
    expect(clockpizzaErrorOf(() => parsePt(archive, 'p.pt')).message).toBe(
      "p.pt: archive/data.pkl: is 2 GiB by the zip directory, over the 16 MiB limit for a state dict's pickle",
    );
  });

  it('the storages of several tensors count together', () => {
    const storages = [0, 1, 2].map((k) => ({ ...view(2 ** 25, [2 ** 25]), name: `t${k}`, storageKey: String(k) }));
    const entries: ZipInput[] = [{ name: 'archive/data.pkl', data: viewsPickle(storages) }];
    for (const k of [0, 1, 2]) entries.push({ name: `archive/data/${k}`, data: new Uint8Array(0), deflated: { bytes: bomb.subarray(0, 4), size: 128 * MiB, crc32: 0 } });
    expect(clockpizzaErrorOf(() => parsePt(encodeZip(entries), 'm.pt')).message).toBe(
      "m.pt: t2: storage 'archive/data/2' (33554432 × FloatStorage) would take 128 MiB once inflated, 384 MiB with the storages before it, over the reader's limit of 256 MiB per checkpoint",
    );
  });
});
