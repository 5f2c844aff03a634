import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { histogram } from '../neurons/phase-alignment.js';
import { mulberry32, standardNormal } from '../stats/rng.js';
import { jsonl, sampleResult } from '../../test/support/sample-result.js';
import { parseOptions } from './command.js';
import { command } from './pad.js';

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-pad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function phases(n: number, centre: number, seed: number): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => Math.round(Math.atan2(Math.sin(centre + 0.3 * standardNormal(random)), Math.cos(centre + 0.3 * standardNormal(random))) * 1e6) / 1e6);
}

async function run(args: string[], options: Record<string, string | number | boolean | undefined>): Promise<string> {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  expect(await command.run(args, options)).toBe(0);
  return out.join('\n');
}

describe('clockpizza pad', () => {
  const file = join(dir, 'results.jsonl');
  writeFileSync(
    file,
    jsonl([
      sampleResult({ runid: 'a', attn: 0, phaseAlignment: { threshold: 0.9, deltaPhi: phases(30, 0, 1) } }),
      sampleResult({ runid: 'b', attn: 0.1, phaseAlignment: { threshold: 0.9, deltaPhi: phases(30, 0, 2) } }),
      sampleResult({ runid: 'c', attn: 1, phaseAlignment: { threshold: 0.9, deltaPhi: phases(30, 2.5, 3) } }),
    ]),
  );

  it('bins runs by α, tests the lowest against the highest bin and draws the histograms (SVG + PNG)', async () => {
    const text = await run([file], { by: 'attn', out: join(dir, 'figs'), permutations: 200, seed: 4 });
    expect(text).toContain('α ∈ [0.00, 0.50)  2  60');
    expect(text).toContain('α ∈ [0.50, 1.00)  1  30');
    expect(text).toMatch(/MMD² α ∈ \[0\.00, 0\.50\) vs α ∈ \[0\.50, 1\.00\): \S+ {2}p = 0\.0050/);
    expect(readFileSync(join(dir, 'figs/pad.svg'), 'utf8')).toContain('<svg');
    expect(existsSync(join(dir, 'figs/pad.png'))).toBe(true);
    // Seeded: the same command prints the same p-value.
    expect(await run([file], { permutations: 200, seed: 4 })).toBe(text.split('\nwrote')[0]);
  });

  it('compares two populations file against file', async () => {
    const other = join(dir, 'other.jsonl');
    writeFileSync(other, jsonl([sampleResult({ runid: 'd', attn: 0, phaseAlignment: { threshold: 0.9, deltaPhi: phases(40, 0, 9) } })]));
    const text = await run([file, other], { permutations: 100 });
    expect(text).toContain(`${other}  1  40`);
    expect(text).toMatch(/MMD² .*results\.jsonl vs .*other\.jsonl/);
  });

  it('names the line and field of a row without phases, and bad options', async () => {
    const old = join(dir, 'old.jsonl');
    writeFileSync(old, jsonl([sampleResult({ runid: 'e' })]));
    await expect(command.run([old], {})).rejects.toThrow(/old\.jsonl:1: phaseAlignment: missing/);
    await expect(command.run([file], { by: 'width' })).rejects.toThrow(/--by/);
    expect(() => parseOptions(command, [file, '--bin', '0'])).toThrow(/--bin/);
  });
});

describe('Δφ histogram', () => {
  it('puts π in the last bin and just above −π in the first; shares add to 1', () => {
    const h = histogram([Math.PI, -Math.PI + 1e-9, 0.01, -0.01], 4);
    expect(h).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(histogram([], 3)).toEqual([0, 0, 0]);
  });
});
