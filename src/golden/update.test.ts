import * as fs from 'node:fs';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClockpizzaError } from '../errors.js';
import { checkGoldenFile } from './check.js';
import { idealPizzaProject } from '../../test/support/test-project.js';
import { updateGoldenFile } from './update.js';

// The real atomic writer runs against node:fs; these spies let a test make one step of it fail.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, renameSync: vi.fn(real.renameSync), writeFileSync: vi.fn(real.writeFileSync), writeSync: vi.fn(real.writeSync) };
});

function edit(file: string, change: (data: any) => void): string {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  change(data);
  const text = JSON.stringify(data, null, 2) + '\n';
  writeFileSync(file, text);
  return text;
}

afterEach(() => {
  vi.mocked(fs.renameSync).mockClear();
  vi.mocked(fs.writeFileSync).mockClear();
  vi.mocked(fs.writeSync).mockClear();
});

describe('golden update', () => {
  it('re-pins drifted values, keeps tolerances and description, and then checks clean', async () => {
    const { golden } = idealPizzaProject('ideal.json');
    edit(golden, (d) => {
      d.metrics.gradientSymmetricity.value = 0.5;
      d.metrics.gradientSymmetricity.tolerance = { absolute: 0.002 };
      d.verdict.algorithm = 'clock';
    });
    expect((await checkGoldenFile(golden)).status).toBe('drift');
    const outcome = await updateGoldenFile(golden);
    expect(outcome.status).toBe('updated');
    const data = JSON.parse(readFileSync(golden, 'utf8'));
    expect(data.metrics.gradientSymmetricity.value).toBeCloseTo(1, 4);
    expect(data.metrics.gradientSymmetricity.tolerance).toEqual({ absolute: 0.002 });
    expect(data.verdict.algorithm).toBe('pizza');
    expect(data.description).toMatch(/ideal Pizza/);
    expect((await checkGoldenFile(golden)).status).toBe('ok');
    expect((await updateGoldenFile(golden)).status).toBe('unchanged');
  });

  it('refuses a checkpoint whose sha256 changed unless forced, leaving the file alone', async () => {
    const { golden } = idealPizzaProject('ideal.json');
    const before = edit(golden, (d) => {
      d.sha256 = '0'.repeat(64);
    });
    const error = await updateGoldenFile(golden).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClockpizzaError);
    expect((error as ClockpizzaError).message).toMatch(/ideal\.json: \/sha256: the checkpoint's sha256 changed .* without --force/);
    expect(readFileSync(golden, 'utf8')).toBe(before);
    expect((await updateGoldenFile(golden, { force: true })).status).toBe('updated');
    expect(JSON.parse(readFileSync(golden, 'utf8')).sha256).not.toBe('0'.repeat(64));
  });

  it('leaves the old file intact when the rename fails (interrupted update)', async () => {
    const { dir, golden } = idealPizzaProject('ideal.json');
    const before = edit(golden, (d) => {
      d.metrics.circularity.value = 0.5;
    });
    vi.mocked(fs.renameSync).mockImplementationOnce(() => {
      throw Object.assign(new Error('EIO: simulated crash during rename'), { code: 'EIO' });
    });
    const error = await updateGoldenFile(golden).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClockpizzaError);
    expect((error as Error).message).toMatch(/ideal\.json: cannot write: EIO: simulated crash/);
    expect(readFileSync(golden, 'utf8')).toBe(before);
    expect(readdirSync(join(dir, 'golden'))).toEqual(['ideal.json']);
  });

  it('leaves the old file intact when the disk fills half-way through the write', async () => {
    const { dir, golden } = idealPizzaProject('ideal.json');
    const before = edit(golden, (d) => {
      d.metrics.circularity.value = 0.5;
    });
    const real = vi.mocked(fs.writeSync).getMockImplementation()! as unknown as (fd: number, data: Uint8Array, offset: number, length: number) => number;
    vi.mocked(fs.writeSync).mockImplementationOnce(((fd: number, data: Uint8Array, offset: number, length: number) => {
      // Half the bytes land in the temporary file, then the write fails.
      real(fd, data, offset, length >> 1);
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    }) as unknown as typeof fs.writeSync);
    await expect(updateGoldenFile(golden)).rejects.toThrow(/ideal\.json: cannot write: ENOSPC/);
    expect(readFileSync(golden, 'utf8')).toBe(before);
    expect(readdirSync(join(dir, 'golden'))).toEqual(['ideal.json']);
  });

  it('leaves the old file intact when an injected writer fails', async () => {
    const { golden } = idealPizzaProject('ideal.json');
    const before = edit(golden, (d) => {
      d.metrics.circularity.value = 0.5;
    });
    const write = vi.fn(() => {
      throw new Error('writer died');
    });
    await expect(updateGoldenFile(golden, { write })).rejects.toThrow('writer died');
    expect(write).toHaveBeenCalledOnce();
    expect(readFileSync(golden, 'utf8')).toBe(before);
  });
});
