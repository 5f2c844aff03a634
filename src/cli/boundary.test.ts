import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../reference.js';
import { jsonl, sampleResult } from '../../test/support/sample-result.js';
import { ruleFileWithGate } from '../../test/support/rule-with-gate.js';
import { runCli } from '../../test/support/cli-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-boundary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 21 runs at α = i/20 with GS = 1 − α/2 and DI = α (bin k holds α = k/10 and k/10 + 0.05, so the medians cross 0.9 at 0.225 and 0.5 at 0.525), all circular; `skip` leaves out α values. */
function results(name: string, skip: (attn: number) => boolean = () => false): string {
  const file = join(dir, name);
  const lines = Array.from({ length: 21 }, (_, i) => i / 20)
    .filter((attn) => !skip(attn))
    .map((attn, i) => sampleResult({ runid: `r${i}`, attn }, { gradientSymmetricity: 1 - attn / 2, distanceIrrelevanceTopIncorrect: attn }));
  writeFileSync(file, jsonl(lines));
  return file;
}

const schema = JSON.parse(readFileSync(resolve(repoRoot(), 'spec/schemas/boundary.schema.json'), 'utf8')) as object;
const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(schema);

describe('clockpizza boundary', () => {
  it('prints each crossing with its interval and the runs behind it', async () => {
    const { code, stdout } = await runCli(['boundary', results('ok.jsonl'), '--bootstrap', '50']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/median gradient symmetricity\s+0\.9000\s+0\.225\s+\[0\.\d{3}, 0\.\d{3}\]\s+21\n/);
    expect(stdout).toMatch(/median distance irrelevance \(top-inc\.\)\s+0\.5000\s+0\.525\s+/);
    expect(stdout).toContain('21 runs, 21 circular (circularity ≥ 0.995, spec/rules/paper.json)');
    expect(stdout).toContain('circular fraction (first fall)              1.0000    none  —');
    expect(stdout).toContain('note: circular fraction (first fall): no crossing: the curve never falls from above 1 to below it');
    expect(stdout).not.toContain('NaN');
  });

  it('prints JSON valid against spec/schemas/boundary.schema.json, the same for the same seed', async () => {
    const file = results('json.jsonl');
    const a = await runCli(['boundary', file, '--json', '--bootstrap', '40', '--seed', '3']);
    const b = await runCli(['boundary', file, '--json', '--bootstrap', '40', '--seed', '3']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const json = JSON.parse(a.stdout) as { bootstrap: unknown; crossings: { metric: string; alpha: number | null; runs: number }[] };
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.bootstrap).toEqual({ resamples: 40, seed: 3, level: 0.95 });
    expect(json.crossings.map((c) => [c.metric, c.runs])).toEqual([['gradientSymmetricity', 21], ['distanceIrrelevanceTopIncorrect', 21], ['circularFraction', 21]]);
    expect(json.crossings[0]!.alpha).toBeCloseTo(0.225, 12);
    expect(json.crossings[2]!.alpha).toBeNull();
  });

  it('reads the circularity gate from --rule', async () => {
    const rule = ruleFileWithGate(dir, 0.9999);
    const { code, stdout } = await runCli(['boundary', results('gate.jsonl'), '--rule', rule, '--bootstrap', '10']);
    expect(code).toBe(0);
    expect(stdout).toContain(`21 runs, 0 circular (circularity ≥ 0.9999, ${rule})`);
    expect(stdout).toContain('note: median gradient symmetricity: no crossing: fewer than two non-empty bins (0)');
  });

  it('names the α bins without runs', async () => {
    const { code, stdout } = await runCli(['boundary', results('gap.jsonl', (a) => a >= 0.3 && a < 0.5), '--bootstrap', '10']);
    expect(code).toBe(0);
    expect(stdout).toContain('note: no runs in α bins [0.3, 0.4), [0.4, 0.5): the curves interpolate across them');
  });

  it('refuses bad input with exit code 2 and a message naming the file or option', async () => {
    const file = results('bad.jsonl');
    const missingWidth = await runCli(['boundary', file, '--width', '256']);
    expect(missingWidth.code).toBe(2);
    expect(missingWidth.stderr).toBe(`clockpizza boundary: ${file}: --width: no 1-layer runs of width 256; widths present at 1 layer: 128\n`);
    const missingLayers = await runCli(['boundary', file, '--layers', '3']);
    expect(missingLayers.stderr).toContain('no 3-layer runs; layer counts present: 1');
    const csv = join(dir, 'no-column.csv');
    writeFileSync(csv, 'runid,attn_coeff,d_model,n_layers,diff_vocab,eqn_sign,gradient_sim,circularity\nx,0.1,128,1,0,0,0.99,0.999\n');
    const noColumn = await runCli(['boundary', csv]);
    expect(noColumn.code).toBe(2);
    expect(noColumn.stderr).toBe(`clockpizza boundary: ${csv}: distance_irrelevance: no column "distance_irrelevance" in the header\n`);
    expect((await runCli(['boundary', file, '--bootstrap', '0'])).stderr).toContain('clockpizza boundary: --bootstrap: must be an integer in [1, 1000000], got 0');
    expect((await runCli(['boundary', file, '--seed=-1'])).stderr).toContain('clockpizza boundary: --seed: must be an integer in [0, 4294967295], got -1');
    expect((await runCli(['boundary', file, '--bootstrp', '9'])).stderr).toMatch(/Unknown option '--bootstrp'.*\(did you mean --bootstrap\?\)/);
    expect((await runCli(['boundary'])).code).toBe(2);
    const noGate = join(dir, 'no-gate.json');
    const rules = JSON.parse(readFileSync(resolve(repoRoot(), 'spec/rules/paper.json'), 'utf8')) as { verdict: unknown[] };
    rules.verdict.splice(1, 1);
    writeFileSync(noGate, JSON.stringify(rules));
    const gateless = await runCli(['boundary', file, '--rule', noGate]);
    expect(gateless.code).toBe(2);
    expect(gateless.stderr).toContain(`${noGate}: /verdict: has no non-circular gate clause`);
  });
});

describe('boundary and claims check read a `clockpizza population` file', () => {
  it('the project fixtures audited by population: α = 0 (Pizza) and α = 1 (Clock), the unreadable file passed over', async () => {
    const inputs = join(dir, 'population-in');
    mkdirSync(inputs);
    for (const model of ['model-a-like', 'model-b-like']) {
      mkdirSync(join(inputs, model));
      for (const name of ['model.safetensors', 'model.json']) copyFileSync(resolve(repoRoot(), 'fixtures', model, name), join(inputs, model, name));
    }
    writeFileSync(join(inputs, 'empty.pt'), '');
    const out = join(dir, 'population.jsonl');
    const population = await runCli(['population', inputs, '--out', out]);
    expect(population.code, population.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { attn?: number; error?: unknown; metrics?: Record<string, { value: number | null }> });
    expect(lines.filter((l) => l.error !== undefined)).toHaveLength(1);
    const [a, b] = lines.filter((l) => l.attn !== undefined).sort((x, y) => x.attn! - y.attn!);
    const gsA = a!.metrics!['gradientSymmetricity']!.value!;
    const gsB = b!.metrics!['gradientSymmetricity']!.value!;
    expect(gsA).toBeGreaterThan(0.9);
    expect(gsB).toBeLessThan(0.9);

    const boundary = await runCli(['boundary', out, '--json', '--bootstrap', '20']);
    expect(boundary.code, boundary.stderr).toBe(0);
    const json = JSON.parse(boundary.stdout) as { crossings: { metric: string; alpha: number | null; runs: number; population: string }[] };
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    const gs = json.crossings.find((c) => c.metric === 'gradientSymmetricity')!;
    // two circular runs, in the bins centred at 0.05 and 0.95: linear between the centres
    expect(gs.runs).toBe(2);
    expect(gs.alpha).toBeCloseTo(0.05 + (0.9 * (gsA - 0.9)) / (gsA - gsB), 12);
    expect(gs.population).toBe(out);

    const claims = join(dir, 'population-claims.json');
    writeFileSync(claims, JSON.stringify({ name: 'p', description: '', claims: [{ id: 'all.circular', statement: 'both fixtures are circular', kind: 'circularFraction', atLeast: 1 }] }));
    const check = await runCli(['claims', 'check', claims, out]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/all\.circular\s+1\.0000 \(2\/2\)\s+≥ 1\s+holds/);

    // Both stories (issue 17.4) on the same two networks: the paper's GS/DI split and the critique's first-layer claims.
    for (const story of ['paper-networks', 'critique']) {
      const both = await runCli(['claims', 'check', resolve(repoRoot(), 'spec/claims', `${story}.json`), out]);
      expect(both.code, both.stdout + both.stderr).toBe(0);
      expect(both.stdout).toMatch(/(\d) of \1 claims hold/);
      expect(both.stdout).toMatch(/alpha1\.\S+\s+1\.0000 \(1\/1\)/);
    }
  }, 300_000);
});
