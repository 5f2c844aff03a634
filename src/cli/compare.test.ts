import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ruleFileWithGate } from '../../test/support/rule-with-gate.js';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { jsonl, sampleResult } from '../../test/support/sample-result.js';
import { command } from './compare.js';

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('clockpizza compare', () => {
  it('prints a per-bin KS table and exits 0 even when bins differ', async () => {
    const setup = join(dir, 's.jsonl');
    writeFileSync(setup, jsonl(Array.from({ length: 6 }, (_, i) => sampleResult({ runid: `s${i}`, attn: 0.05 }, { gradientSymmetricity: 0.5 + i / 100 }))));
    const csv = join(dir, 'r.csv');
    const rows = Array.from({ length: 30 }, (_, i) => `q${i},0.0${i % 10},128,1,0,0,${0.99 + i / 10000},0.2,0.999`);
    writeFileSync(csv, ['runid,attn_coeff,d_model,n_layers,diff_vocab,eqn_sign,gradient_sim,distance_irrelevance,circularity', ...rows].join('\n'));
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    expect(await command.run([setup], { reference: csv, draws: 30 })).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/\[0\.0, 0\.1\)\s+6\s+30\s+1\.000\s+\S+\s+\S+\s+\S+\s+differs/);
    expect(text).toContain('insufficient data (< 2 runs)');
    expect(text).toContain('two-sample Kolmogorov–Smirnov');
  });

  it('reads the circularity gate from --rule', async () => {
    const setup = join(dir, 'gate.jsonl');
    writeFileSync(setup, jsonl(Array.from({ length: 4 }, (_, i) => sampleResult({ runid: `g${i}`, attn: 0.05 }))));
    const csv = join(dir, 'gate.csv');
    const rows = Array.from({ length: 4 }, (_, i) => `q${i},0.05,128,1,0,0,0.99,0.2,0.999`);
    writeFileSync(csv, ['runid,attn_coeff,d_model,n_layers,diff_vocab,eqn_sign,gradient_sim,distance_irrelevance,circularity', ...rows].join('\n'));
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    expect(await command.run([setup], { reference: csv, draws: 10 })).toBe(0);
    expect(out.join('\n')).toContain('circular: setup 4/4 (100.00 %), reference 4/4 (100.00 %)');
    out.length = 0;
    expect(await command.run([setup], { reference: csv, draws: 10, rule: ruleFileWithGate(dir, 0.9985) })).toBe(0);
    expect(out.join('\n')).toContain('circular runs only (circularity ≥ 0.9985)');
    expect(out.join('\n')).toContain('circular: setup 0/4 (0.00 %), reference 4/4 (100.00 %)');
  });

  it('needs --reference and valid numbers', async () => {
    await expect(command.run(['x.jsonl'], {})).rejects.toThrow(/--reference: required/);
    await expect(command.run([join(dir, 'none.jsonl')], { reference: 'r.csv' })).rejects.toThrow(/none\.jsonl: no such file/);
  });
});
