import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ruleFileWithGate } from '../../test/support/rule-with-gate.js';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ClockpizzaError } from '../errors.js';
import { rootElement, xmlProblem } from '../plot/xml-check.js';
import { jsonl, sampleResult } from '../../test/support/sample-result.js';
import { main } from './main.js';
import { command } from './phase.js';

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-phase-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function results(name: string): string {
  const file = join(dir, name);
  const lines = Array.from({ length: 21 }, (_, i) => sampleResult({ runid: `r${i}`, attn: i / 20 }, { gradientSymmetricity: 1 - i / 40, distanceIrrelevanceTopIncorrect: i / 20 }));
  writeFileSync(file, jsonl(lines));
  return file;
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  return { out, err };
}

describe('clockpizza phase', () => {
  it('prints the summary and writes SVG and PNG figures', async () => {
    const file = results('ok.jsonl');
    const out = join(dir, 'figs');
    const { out: printed } = capture();
    expect(await command.run([file], { out, summary: true })).toBe(0);
    const text = printed.join('\n');
    expect(text).toContain('median GS crosses 0.9 at α = 0.225');
    expect(text).toContain('100.00 %');
    for (const name of ['phase-gs-alpha', 'phase-di-alpha']) {
      const svg = readFileSync(join(out, `${name}.svg`), 'utf8');
      expect(xmlProblem(svg)).toBeNull();
      expect(rootElement(svg)).toBe('svg');
      const png = readFileSync(join(out, `${name}.png`));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeGreaterThan(10_000);
    }
    expect(readFileSync(join(out, 'phase-gs-alpha.svg'), 'utf8')).toContain('α = 0.225');
  });

  it('reads the circularity gate from --rule: a stricter gate leaves no circular runs', async () => {
    const file = results('gate.jsonl');
    const { out: printed, err } = capture();
    expect(await command.run([file], { summary: true })).toBe(0);
    expect(printed.join('\n')).toContain('circular at circularity ≥ 0.995');
    expect(printed.join('\n')).toMatch(/ {6}1 {8}21 {8}21  100\.00 %/);
    printed.length = 0;
    expect(await command.run([file], { summary: true, rule: ruleFileWithGate(dir, 0.999) })).toBe(0);
    const text = printed.join('\n');
    expect(text).toContain('circular at circularity ≥ 0.999');
    expect(text).toMatch(/ {6}1 {9}0 {8}21    0\.00 %/);
    expect(text).toContain('median GS crosses 0.9 at α = none');
    expect(err.join('\n')).toContain('no circular 1-layer runs');
  });

  it('refuses bad results naming file, line and field, with exit code 2 from main', async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, `${JSON.stringify(sampleResult())}\n${JSON.stringify({ ...sampleResult({ runid: 'x' }), attn: 2 })}\n`);
    await expect(command.run([file], { summary: true })).rejects.toThrow(new ClockpizzaError('must be <= 1 (spec/schemas/sweep-result.schema.json)', { file: `${file}:2`, field: 'attn' }));
    const { err } = capture();
    expect(await main(['phase', file, '--summary'])).toBe(2);
    expect(err.join('\n')).toContain(`${file}:2: attn: must be <= 1`);
  });

  it('asks for something to do and refuses --di correct with a CSV', async () => {
    const file = results('x.jsonl');
    await expect(command.run([file], {})).rejects.toThrow(/nothing to do/);
    const csv = join(dir, 'r.csv');
    writeFileSync(csv, 'runid,attn_coeff,d_model,n_layers,diff_vocab,eqn_sign,gradient_sim,distance_irrelevance,circularity\nq,0.3,64,1,0,0,0.9,0.3,0.999\n');
    await expect(command.run([csv], { summary: true, di: 'correct' })).rejects.toThrow(/only the top-incorrect/);
    expect(existsSync(join(dir, 'nothing'))).toBe(false);
  });
});
