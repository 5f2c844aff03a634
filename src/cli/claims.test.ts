import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonl, sampleResult } from '../../test/support/sample-result.js';
import { runCli } from '../../test/support/cli-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-claims-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const results = join(dir, 'p.jsonl');
writeFileSync(results, jsonl(Array.from({ length: 21 }, (_, i) => sampleResult({ runid: `r${i}`, attn: i / 20 }, { gradientSymmetricity: 1 - i / 40 }))));

function claimsFile(name: string, atLeast: number): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ name, description: '', claims: [{ id: 'circular', statement: 'runs are circular', kind: 'circularFraction', atLeast }] }));
  return file;
}

describe('clockpizza claims check', () => {
  it('exits 0 when every claim holds, printing one table per population', async () => {
    const ok = await runCli(['claims', 'check', claimsFile('ok.json', 0.9), results, results]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/circular\s+1\.0000 \(21\/21\)\s+≥ 0\.9\s+holds/);
    expect(ok.stdout.split(`${results} against`)).toHaveLength(3);
  });

  it('exits 1 on a failing claim and writes JUnit, never overwriting without --force', async () => {
    const results2 = join(dir, 'half.jsonl');
    writeFileSync(results2, jsonl(Array.from({ length: 4 }, (_, i) => sampleResult({ runid: `h${i}`, attn: i / 4 }, { circularity: i < 2 ? 0.999 : 0.5 }))));
    const junit = join(dir, 'claims.xml');
    const run = await runCli(['claims', 'check', claimsFile('strict.json', 0.9), results2, '--junit', junit]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('circular fails: runs are circular — got 0.5000 (2/4), claimed ≥ 0.9');
    expect(readFileSync(junit, 'utf8')).toContain('failures="1"');
    const again = await runCli(['claims', 'check', claimsFile('strict.json', 0.9), results2, '--junit', junit]);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`clockpizza claims: ${junit}: --junit: exists already (use --force to overwrite)\n`);
    expect((await runCli(['claims', 'check', claimsFile('loose.json', 0.1), results2, '--junit', junit, '--force'])).code).toBe(0);
    expect(readFileSync(junit, 'utf8')).toContain('failures="0"');
  });

  it('exits 2 on bad input: no action, a bad claims file, a CSV with a missing column', async () => {
    expect((await runCli(['claims'])).stderr).toContain('clockpizza claims: expected "check", got nothing');
    expect((await runCli(['claims', 'check', claimsFile('c.json', 0.5)])).code).toBe(2);
    const dup = join(dir, 'dup.json');
    writeFileSync(dup, '{"name": "d", "name": "e", "description": "", "claims": []}');
    const dupRun = await runCli(['claims', 'check', dup, results]);
    expect(dupRun.code).toBe(2);
    expect(dupRun.stderr).toBe(`clockpizza claims: ${dup}: duplicate key 'name'\n`);
    const csv = join(dir, 'no-column.csv');
    writeFileSync(csv, 'runid,attn_coeff,d_model,n_layers,diff_vocab,eqn_sign,distance_irrelevance,circularity\nx,0.1,128,1,0,0,0.2,0.999\n');
    const csvRun = await runCli(['claims', 'check', claimsFile('d.json', 0.5), csv]);
    expect(csvRun.code).toBe(2);
    expect(csvRun.stderr).toBe(`clockpizza claims: ${csv}: gradient_sim: no column "gradient_sim" in the header\n`);
    expect(existsSync(join(dir, 'never.xml'))).toBe(false);
  });
});
