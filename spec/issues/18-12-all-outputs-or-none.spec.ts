import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../test/support/cli-capture.js';
import { writeAllOrNone } from '../../src/io/atomic-write.js';
import { writePt } from '../../src/io/pt-writer.js';
import { readSafetensors } from '../../src/io/safetensors.js';
import { repoRoot } from '../../src/reference.js';

// Issue 18.12: on a full disk `convert` left weights without their sidecar and `train` a
// partial run directory that needed --force to retry. Every command now writes its outputs to
// temporary names (each fsynced), renames them at the end and fsyncs the directory: all or none.
// The full disk is simulated by failing the N-th write(2) with ENOSPC.

const failing = vi.hoisted(() => ({ writesLeft: Infinity, fsyncs: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    writeSync: ((...args: Parameters<typeof real.writeSync>) => {
      if (failing.writesLeft-- <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return (real.writeSync as (...a: unknown[]) => number)(...args);
    }) as typeof real.writeSync,
    fsyncSync: (fd: number) => {
      failing.fsyncs++;
      real.fsyncSync(fd);
    },
  };
});

const dir = fs.mkdtempSync(join(tmpdir(), 'clockpizza-18-12-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  failing.writesLeft = Infinity;
  failing.fsyncs = 0;
});

/** Files in `d`, temporary ones included. */
const entries = (d: string) => (fs.existsSync(d) ? fs.readdirSync(d).sort() : []);

describe('a command completes all its outputs or leaves none', () => {
  it('writeAllOrNone: a failure on the second file leaves neither, and no temporary file', () => {
    const d = join(dir, 'unit');
    fs.mkdirSync(d);
    fs.writeFileSync(join(d, 'a'), 'old a');
    failing.writesLeft = 1;
    expect(() => writeAllOrNone([{ path: join(d, 'a'), bytes: 'new a' }, { path: join(d, 'b'), bytes: 'new b' }])).toThrow(/b: cannot write: ENOSPC/);
    expect(entries(d)).toEqual(['a']);
    expect(fs.readFileSync(join(d, 'a'), 'utf8')).toBe('old a');
    failing.writesLeft = Infinity;
    writeAllOrNone([{ path: join(d, 'a'), bytes: 'new a' }, { path: join(d, 'b'), bytes: 'new b' }]);
    expect(entries(d)).toEqual(['a', 'b']);
    // Each file and the directory reach the disk.
    expect(failing.fsyncs).toBeGreaterThanOrEqual(3);
  });

  it('convert: no weights without their sidecar', async () => {
    const source = resolve(repoRoot(), 'fixtures/model-a-like');
    writePt(join(dir, 'a.pt'), readSafetensors(join(source, 'model.safetensors')).tensors);
    fs.writeFileSync(join(dir, 'a.json'), fs.readFileSync(join(source, 'model.json')));
    const out = join(dir, 'converted');
    fs.mkdirSync(out);
    failing.writesLeft = 1; // the weights are written, the sidecar is not
    const r = await runCli(['convert', join(dir, 'a.pt'), join(out, 'a.safetensors')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a\.json: cannot write: ENOSPC/);
    expect(entries(out)).toEqual([]);
    failing.writesLeft = Infinity;
    expect((await runCli(['convert', join(dir, 'a.pt'), join(out, 'a.safetensors')])).code).toBe(0);
    expect(entries(out)).toEqual(['a.json', 'a.safetensors']);
  });

  it('train: no partial run, and the retry needs no --force', async () => {
    const out = join(dir, 'run');
    const argv = ['train', '--attn', '0', '--width', '8', '--steps', '2', '--seed', '3', '--out', out, '--quiet'];
    failing.writesLeft = 3; // split, curve and sidecar are written, the weights are not
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/model\.safetensors: cannot write: ENOSPC/);
    expect(entries(out)).toEqual([]);
    failing.writesLeft = Infinity;
    const retry = await runCli(argv);
    expect(retry.code, retry.stderr).toBe(0);
    expect(entries(out)).toEqual(['curve.csv', 'model.json', 'model.safetensors', 'split.json']);
  });
});
