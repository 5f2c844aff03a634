import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tinyTensors } from '../../scripts/make-io-fixtures.js';
import { hasReference, referenceCheckpoint, repoRoot } from '../reference.js';
import { parseCheckpointBytes, readCheckpointFile } from './checkpoint-file.js';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { bitIdentical } from '../../test/support/io-arbitraries.js';

const fixture = (name: string) => resolve(repoRoot(), 'fixtures/io', name);

describe('readCheckpointFile', () => {
  test('chooses the reader by magic bytes, not the extension', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clockpizza-ckpt-'));
    const misnamed = join(dir, 'really-safetensors.pt');
    writeFileSync(misnamed, readFileSync(fixture('tiny.safetensors')));
    const st = readCheckpointFile(misnamed);
    expect(st.format).toBe('safetensors');
    expect(st.metadata).toEqual({ source: 'scripts/make-io-fixtures.ts' });
    const pt = readCheckpointFile(fixture('tiny.pt'));
    expect(pt.format).toBe('pt');
    expect(bitIdentical(pt.tensors, tinyTensors())).toBe(true);
    expect(bitIdentical(st.tensors, pt.tensors)).toBe(true);
    expect(pt.sha256).toBe(createHash('sha256').update(readFileSync(fixture('tiny.pt'))).digest('hex'));
  });

  test('anything else is refused clearly, naming the file', () => {
    const bad = (bytes: number[] | string) => clockpizzaErrorOf(() => parseCheckpointBytes(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : Uint8Array.from(bytes), 'x.bin')).message;
    expect(bad([])).toBe('x.bin: is empty, not a checkpoint');
    expect(bad('hello world')).toBe('x.bin: is neither a torch .pt zip archive nor a safetensors file (no zip or safetensors header at its start)');
    expect(bad([0x80, 0x02, 0x8a, 0x0a])).toMatch(/legacy \(non-zip\) torch file/);
    expect(bad('PK\x03\x04 and then nothing')).toMatch(/^x\.bin: not a zip archive/);
  });

  test('a missing file or a directory names it', () => {
    expect(clockpizzaErrorOf(() => readCheckpointFile('/nonexistent/m.pt')).message).toBe('/nonexistent/m.pt: no such file');
    expect(clockpizzaErrorOf(() => readCheckpointFile(tmpdir())).message).toBe(`${tmpdir()}: is not a regular file`);
  });

  if (!hasReference()) console.warn('skipping released checkpoint detection: CLOCKPIZZA_REFERENCE absent');
  test.skipIf(!hasReference())('reads a released checkpoint as pt', () => {
    expect(readCheckpointFile(referenceCheckpoint('p71frej8t7')).format).toBe('pt');
  });
});
