import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../reference.js';
import { runCli } from '../../test/support/cli-capture.js';

const fixture = resolve(repoRoot(), 'fixtures/ideal-pizza-p59.safetensors');
const dir = mkdtempSync(join(tmpdir(), 'clockpizza-audit-cli-'));

describe('clockpizza audit', () => {
  it('--json prints an array of reports valid under the published schema', async () => {
    const { code, stdout } = await runCli(['audit', '--json', fixture]);
    expect(code).toBe(0);
    const reports = JSON.parse(stdout) as Array<{ verdict: { algorithm: string }; checkpoint: { path: string } }>;
    const schema = JSON.parse(readFileSync(resolve(repoRoot(), 'spec/schemas/audit-report.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(reports).toHaveLength(1);
    expect(validate(reports[0]), JSON.stringify(validate.errors)).toBe(true);
    expect(reports[0]!.verdict.algorithm).toBe('pizza');
    expect(reports[0]!.checkpoint.path).toBe(fixture);
  });

  it('prints a human table by default and a markdown table with --markdown', async () => {
    const text = await runCli(['audit', fixture]);
    expect(text.stdout).toMatch(/verdict: pizza \(lean pizza\); rule paper \(spec\/rules\/paper\.json\) clause 2/);
    expect(text.stdout).toMatch(/1-2\s+17\s+7\s+1\.0000/);
    const md = await runCli(['audit', '--markdown', fixture]);
    expect(md.stdout).toMatch(/^\| checkpoint \| verdict \| lean \|/m);
    expect(md.stdout).toContain('| **pizza** | pizza |');
  });

  it('--circles picks the circle tables (both by default); the JSON carries both; --rule fourier gates on circularity.fourier@1', async () => {
    const both = await runCli(['audit', fixture]);
    expect(both.stdout).toMatch(/1-2\s+17\s+7\s+1\.0000/);
    expect(both.stdout).toContain('circles as Fourier planes (key frequencies, no PCA):');
    expect(both.stdout).toMatch(/k 7\s+0\.\d+\s.*pizza/);
    const pcaOnly = await runCli(['audit', '--circles', 'pca', fixture]);
    expect(pcaOnly.stdout).toMatch(/1-2\s+17\s+7/);
    expect(pcaOnly.stdout).not.toContain('Fourier planes');
    const fourierOnly = await runCli(['audit', '--circles', 'fourier', '--rule', 'fourier', fixture]);
    expect(fourierOnly.stdout).not.toMatch(/1-2\s+17\s+7/);
    expect(fourierOnly.stdout).toContain('Fourier planes');
    expect(fourierOnly.stdout).toMatch(/rule fourier \(spec\/rules\/fourier\.json\) clause 2/);
    expect(fourierOnly.stdout).toMatch(/not non-circular: circularityFourier = 1 is not < 0\.95/);
    const json = JSON.parse((await runCli(['audit', '--json', fixture])).stdout) as Array<{ fourierCircles: { circles: Array<{ frequency: number; role: string }> }; details: Record<string, unknown> }>;
    expect(json[0]!.fourierCircles.circles.map((c) => [c.frequency, c.role])).toEqual([
      [7, 'pizza'],
      [17, 'pizza'],
    ]);
    expect(json[0]!.details['circularityFourier']).toEqual([{ operand: 'a,b', source: 'embedding rows 0..58', ratio: expect.closeTo(1, 9), frequencies: [7, 17] }]);
    const bad = await runCli(['audit', '--circles', 'svd', fixture]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--circles: expected one of pca, fourier, both, got "svd"/);
  });

  it('applies a user rule file and names it in the verdict', async () => {
    const rules = JSON.parse(readFileSync(resolve(repoRoot(), 'spec/rules/paper.json'), 'utf8'));
    rules.name = 'strict';
    rules.verdict[2].when.all[1].value = 1e-9; // DI ≤ 1e-9: the ideal pizza's 2e-7 fails it
    const file = join(dir, 'strict.json');
    writeFileSync(file, JSON.stringify(rules));
    const { code, stdout } = await runCli(['audit', '--json', '--rule', file, fixture]);
    expect(code).toBe(0);
    const [report] = JSON.parse(stdout);
    expect(report.verdict.algorithm).toBe('mixed');
    expect(report.verdict.rule).toMatchObject({ name: 'strict', file, clause: 4 });
  });

  it('bad input is exit 2 with a message naming the file (and field)', async () => {
    const badRule = join(dir, 'bad-rule.json');
    writeFileSync(badRule, JSON.stringify({ name: 'x', description: 'y', verdict: [{ algorithm: 'pizza', when: { metric: 'gradientSymmetricity', op: '=>', value: 1 } }], circles: {} }));
    const rule = await runCli(['audit', '--rule', badRule, fixture]);
    expect(rule.code).toBe(2);
    expect(rule.stderr).toContain(`${badRule}: /verdict/0/when`);
    const missing = await runCli(['audit', join(dir, 'nope.pt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(join(dir, 'nope.pt'));
    const junk = join(dir, 'junk.safetensors');
    writeFileSync(junk, 'not a checkpoint at all');
    const garbage = await runCli(['audit', junk]);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toContain(junk);
    expect((await runCli(['audit'])).code).toBe(2);
    expect((await runCli(['audit', '--json', '--markdown', fixture])).stderr).toMatch(/choose one of --json and --markdown/);
    expect((await runCli(['audit', '--attn', 'lots', fixture])).stderr).toMatch(/--attn: expected a number/);
  });
});
