import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { parsePt } from '../../src/io/pt.js';
import { ptArchive, viewsPickle, type TensorView } from '../../src/io/pt-writer.js';
import { toFloat64 } from '../../src/io/tensor.js';
import { runBin } from '../../test/support/run-bin.js';

// Issue 18 item 6: a 795-byte .pt with three stride-0 tensors of 2²⁸ elements took 52 s and
// 3.3 GB before it was refused. Every view's layout and the element budget are now checked on
// what the pickle declares, before any tensor is materialised.

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-18-06-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const oneElement = new Map([['0', new Uint8Array(new Float32Array([1.5]).buffer)]]);
const broadcast = (name: string, size: number[], stride: number[]): TensorView => ({ name, storageType: 'FloatStorage', storageKey: '0', storageNumel: 1, offset: 0, size, stride });

describe('issue 18.6: stride-0 tensors are budgeted before they are materialised', () => {
  it('three views of 2²⁸ elements of one stored float: refused at the first, exit 2, little memory', () => {
    const bytes = ptArchive(viewsPickle(['a', 'b', 'c'].map((n) => broadcast(n, [2 ** 28], [0]))), oneElement);
    expect(bytes.length).toBeLessThan(1000);
    const message = "view (size [268435456], stride [0]) of FloatStorage would take 1 GiB once materialised, over the reader's limit of 256 MiB per checkpoint";
    expect(clockpizzaErrorOf(() => parsePt(bytes, 's.pt')).message).toBe(`s.pt: a: ${message}`);
    const file = join(dir, 's.pt');
    writeFileSync(file, bytes);
    const run = runBin(['inspect', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`clockpizza inspect: ${file}: a: ${message}\n`);
    expect(run.peakMb).toBeLessThan(400);
  });

  it('tensors within the limit one by one count together; the one that crosses it is named', () => {
    const bytes = ptArchive(viewsPickle(['a', 'b', 'c'].map((n) => broadcast(n, [2 ** 25], [0]))), oneElement);
    expect(clockpizzaErrorOf(() => parsePt(bytes, 's.pt')).message).toBe(
      "s.pt: c: view (size [33554432], stride [0]) of FloatStorage would take 128 MiB once materialised, 384 MiB with the tensors before it, over the reader's limit of 256 MiB per checkpoint",
    );
  });

  it('a layout that leaves its storage is refused before any tensor is read, whatever its position', () => {
    const views = [broadcast('fine', [2], [0]), { ...broadcast('outside', [2, 3], [0, 1]) }];
    expect(clockpizzaErrorOf(() => parsePt(ptArchive(viewsPickle(views), oneElement), 'v.pt')).message).toBe(
      'v.pt: outside: view (offset 0, size [2,3], stride [0,1]) reaches element 2 of a storage of 1',
    );
  });

  it('a small stride-0 view (a broadcast) still reads, gathered to dense row-major', () => {
    const storage = new Map([['0', new Uint8Array(new Float32Array([1, 2, 3]).buffer)]]);
    const t = parsePt(ptArchive(viewsPickle([{ ...broadcast('b', [2, 3], [0, 1]), storageNumel: 3 }]), storage), 'b.pt').get('b')!;
    expect(t.shape).toEqual([2, 3]);
    expect([...toFloat64(t)]).toEqual([1, 2, 3, 1, 2, 3]);
  });
});
