import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRules } from '../../src/audit/rules.js';
import { decideVerdict } from '../../src/audit/verdict.js';
import { explainedQuantities, explainMarkdown } from '../../src/audit/explain.js';
import { FVE_RANGE } from '../../src/audit/quantities.js';
import { logitFve } from '../../src/metrics/fve.js';
import { METRIC_KEYS } from '../../src/metrics/list.js';
import { writePt } from '../../src/io/pt-writer.js';
import { randomReferenceTransformer } from '../../src/model/random-weights.js';
import { repoRoot } from '../../src/reference.js';
import { fveFigure } from '../../src/report/figures.js';
import { runCli } from '../../test/support/cli-capture.js';

// Issue 18.18: the FVE legend said "2ρ − 1 … 0 = uncorrelated" (2ρ − 1 is −1 there), values
// down to −2.97 appeared unexplained, `k`, `score` and `lean` were never defined, and a
// not-learned model got "lean clock". Every printed quantity is now defined once with its range
// (`audit --explain`, the README), and an unlearned network has no lean.

/** Pearson correlation, computed directly (the independent side of the FVE = 2ρ − 1 check). */
function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('issue 18.18: the logit FVE is 2ρ − 1, in [−3, 1]', () => {
  const p = 3; // p³ = 27 logits and template entries (nOutputs = p)
  const table = fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 27, maxLength: 27 }).filter((v) => Math.max(...v) - Math.min(...v) > 1e-3);

  it('equals 2ρ − 1 of the logits and the template (property)', () => {
    fc.assert(
      fc.property(table, table, (y, t) => {
        const fve = logitFve(Float64Array.from(y), p, Float64Array.from(t), p)!;
        expect(fve).toBeCloseTo(2 * pearson(y, t) - 1, 9);
        expect(fve).toBeGreaterThanOrEqual(-3 - 1e-12);
        expect(fve).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });

  it('is 1 for the template itself, −3 for its negation: the ends the legend names', () => {
    const t = Float64Array.from({ length: 27 }, (_, i) => Math.cos(i) + i / 10);
    expect(logitFve(t, p, t, p)).toBeCloseTo(1, 12);
    expect(logitFve(t.map((v) => -v), p, t, p)).toBeCloseTo(-3, 12);
    expect(FVE_RANGE).toMatch(/^\[−3, 1\]: 1 = the template exactly, −1 = uncorrelated, −3 = exactly opposite/);
  });

  it('the report figure states that range and its axis reaches −3', () => {
    const figure = fveFigure([{ components: [1, 2], delta: 7, frequency: 17, score: 1, fve: { clock: -2.97, pizza: 0.98 }, role: 'pizza', why: '' }]);
    const spec = JSON.stringify(figure.spec);
    expect(spec).toContain(FVE_RANGE);
    expect(spec).not.toMatch(/0 = uncorrelated/);
    expect(spec).toContain('"domain":[-3,1]');
  });

  it('no source file still says "0 = uncorrelated" or "−1 = opposite"', () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    for (const file of [...files(resolve(repoRoot(), 'src')), ...files(resolve(repoRoot(), 'spec/rules')), resolve(repoRoot(), 'README.md')]) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/0 = uncorrelated|−1 = opposite/);
    }
  });
});

describe('issue 18.18: every printed quantity is defined once, with its range', () => {
  const names = explainedQuantities().map((q) => q.name);

  it('names each quantity once, every one with a definition and a range', () => {
    expect(new Set(names).size).toBe(names.length);
    for (const q of explainedQuantities()) {
      expect(q.definition.length, q.name).toBeGreaterThan(20);
      expect(q.range.length, q.name).toBeGreaterThan(0);
    }
    for (const key of METRIC_KEYS) expect(names).toContain(key);
  });

  it('covers every column and field of a real text audit', async () => {
    const r = await runCli(['audit', resolve(repoRoot(), 'fixtures/model-a-like/model.safetensors')]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    const headerOf = (first: string): string[] => lines.find((l) => l.trimStart().startsWith(first))!.trim().split(/\s{2,}/);
    const printed = [...headerOf('PCs'), ...headerOf('plane'), 'verdict', 'lean', 'ensemble']
      .filter((h) => h !== 'id' && h !== 'note' && h !== 'value' && h !== 'metric')
      .map((h) => (h.startsWith('FVE ') ? 'FVE <spec>' : h));
    expect(printed).toContain('FVE <spec>');
    for (const h of printed) expect(names, h).toContain(h);
  });

  it('`audit --explain` prints them without a checkpoint; with one it is exit 2', async () => {
    const text = await runCli(['audit', '--explain']);
    expect(text.code).toBe(0);
    for (const q of explainedQuantities()) {
      expect(text.stdout).toContain(`${q.name}\n  ${q.definition}\n  range: ${q.range}`);
    }
    expect(text.stdout).toContain(`range: ${FVE_RANGE}`);
    const markdown = await runCli(['audit', '--explain', '--markdown']);
    expect(markdown.stdout).toBe(explainMarkdown());
    const refused = await runCli(['audit', '--explain', 'model.pt']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--explain: takes no checkpoint/);
  });

  it("the README's section is exactly `audit --explain --markdown`", () => {
    const readme = readFileSync(resolve(repoRoot(), 'README.md'), 'utf8');
    const section = /<!-- audit --explain --markdown: begin -->\n([\s\S]*?)<!-- audit --explain --markdown: end -->/.exec(readme);
    expect(section, 'README section markers').not.toBeNull();
    expect(section![1], 'regenerate with: npx clockpizza audit --explain --markdown').toBe(explainMarkdown());
  });
});

describe('issue 18.18: a not-learned model gets no lean', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clockpizza-18-18-'));
  const file = join(dir, 'model_random.pt');
  beforeAll(() => {
    // Random weights at p = 7: accuracy near 1/7, far below the paper rule's 0.99.
    writePt(file, randomReferenceTransformer({ p: 7, d: 8, heads: 2, layers: 1, seed: 5 }));
    writeFileSync(join(dir, 'config_random.json'), JSON.stringify({ C: 7, n_layers: 1, n_heads: 2, d_model: 8, act_fn: 'ReLU', attn_coeff: 1 }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says "not-learned", never "lean clock" or "lean pizza", in text, markdown and JSON', async () => {
    const text = await runCli(['audit', file]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^ {2}verdict: not-learned; rule paper/m);
    expect(text.stdout).toContain('no lean: the network has not learned the task');
    expect(text.stdout).not.toMatch(/lean (clock|pizza)/);
    const markdown = await runCli(['audit', file, '--markdown']);
    expect(markdown.stdout).toMatch(/\| \*\*not-learned\*\* \| not-learned \|/);
    const json = JSON.parse((await runCli(['audit', file, '--json'])).stdout) as { verdict: { algorithm: string; lean: string } }[];
    expect(json[0]!.verdict).toMatchObject({ algorithm: 'not-learned', lean: 'not-learned' });
  });

  it('a non-circular but learned reading keeps its lean (only learning removes it)', () => {
    const v = decideVerdict({ accuracy: { value: 1 }, circularity: { value: 0.5 }, gradientSymmetricity: { value: 0.3 }, distanceIrrelevance: { value: 0.9 } }, loadRules());
    expect(v).toMatchObject({ algorithm: 'non-circular', lean: 'clock' });
  });
});
