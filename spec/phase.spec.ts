import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { command as compare } from '../src/cli/compare.js';
import { command as phase } from '../src/cli/phase.js';
import { rootElement, xmlProblem } from '../src/plot/xml-check.js';
import { hasReference, referenceDir } from '../src/reference.js';
import { analysePhase } from '../src/sweep/phase-analysis.js';
import { readPopulation } from '../src/sweep/population.js';

/**
 * The paper's population claims (METRICS.md §8), held against the released result tables:
 * the circular fractions by layer count and the phase boundary, printed exactly as the paper
 * and METRICS.md state them, and drawn in the figures.
 */

if (!hasReference()) console.warn('skipping spec/phase.spec.ts: CLOCKPIZZA_REFERENCE absent (the paper\'s result CSVs are needed)');

const fixedCsv = () => resolve(referenceDir(), 'pizza-repo/results/1l_fixedwidth.csv');
const varyCsv = () => resolve(referenceDir(), 'pizza-repo/results/1l_varywidth.csv');
const dir = mkdtempSync(join(tmpdir(), 'clockpizza-phase-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function captureLog(): string[] {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  return out;
}

describe.skipIf(!hasReference())('the paper\'s phase diagram, from 1l_fixedwidth.csv', () => {
  it('phase --summary prints the circular fractions 34.31 / 9.95 / 11.55 / 6.08 % for 1–4 layers', async () => {
    const out = captureLog();
    expect(await phase.run([fixedCsv()], { summary: true })).toBe(0);
    const rows = out.join('\n').split('\n').map((l) => l.trim().split(/\s+/));
    const fraction = (layers: number) => rows.find((r) => r.length === 5 && r[0] === String(layers) && r[4] === '%');
    expect(fraction(1)).toEqual(['1', '817', '2381', '34.31', '%']);
    expect(fraction(2)?.[3]).toBe('9.95');
    expect(fraction(3)?.[3]).toBe('11.55');
    expect(fraction(4)?.[3]).toBe('6.08');
  });

  it('phase --summary prints the per-bin medians and the boundaries 0.567 (GS crosses 0.9) and 0.594 (DI crosses 0.5)', async () => {
    const out = captureLog();
    await phase.run([fixedCsv()], { summary: true });
    const text = out.join('\n');
    expect(text).toContain('median GS crosses 0.9 at α = 0.567');
    expect(text).toContain('median DI crosses 0.5 at α = 0.594');
    const medians = text.split('\n').filter((l) => /^\s+\[0\.\d, [01]\.\d[)\]]/.test(l)).map((l) => l.trim().split(/\s+/).slice(-2));
    expect(medians.map((m) => m[0]).join(' ')).toBe('0.994 0.993 0.992 0.993 0.993 0.931 0.750 0.624 0.539 0.451');
    expect(medians.map((m) => m[1]).join(' ')).toBe('0.200 0.210 0.240 0.211 0.256 0.399 0.627 0.697 0.771 0.828');
  });

  it('draws the boundaries in SVG and PNG figures', async () => {
    captureLog();
    const out = join(dir, 'fixed');
    await phase.run([fixedCsv()], { out });
    const gs = readFileSync(join(out, 'phase-gs-alpha.svg'), 'utf8');
    const di = readFileSync(join(out, 'phase-di-alpha.svg'), 'utf8');
    for (const svg of [gs, di]) {
      expect(xmlProblem(svg)).toBeNull();
      expect(rootElement(svg)).toBe('svg');
    }
    expect(gs).toContain('α = 0.567');
    expect(di).toContain('α = 0.594');
    for (const name of ['phase-gs-alpha', 'phase-di-alpha']) {
      const png = readFileSync(join(out, `${name}.png`));
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.length).toBeGreaterThan(50_000);
    }
  });

  it('a population compared with itself is consistent in every bin', async () => {
    const out = captureLog();
    expect(await compare.run([fixedCsv()], { reference: fixedCsv(), draws: 20 })).toBe(0);
    const results = out.join('\n').split('\n').filter((l) => /^\s+\[0\.\d/.test(l));
    expect(results).toHaveLength(20);
    // D = 0 and p = 1 in every bin
    for (const line of results) expect(line).toMatch(/\s0\.000\s+1\.000\s+\S+\s+\S+\s+consistent$/);
  });
});

describe.skipIf(!hasReference())('1l_varywidth.csv: wider models stay Pizza up to larger α', () => {
  it('the GS and DI boundaries move to larger α from each width octave to the next', () => {
    const a = analysePhase(readPopulation(varyCsv()));
    expect(a.bands.map((b) => b.lo)).toEqual([32, 64, 128, 256]);
    const gs = a.bands.map((b) => b.gs.x!);
    const di = a.bands.map((b) => b.di.x!);
    for (let i = 1; i < gs.length; i++) {
      expect(gs[i]).toBeGreaterThan(gs[i - 1]!);
      expect(di[i]).toBeGreaterThan(di[i - 1]!);
    }
  });
});
