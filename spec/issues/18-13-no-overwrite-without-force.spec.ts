import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli-capture.js';
import { repoRoot } from '../../src/reference.js';
import { jsonl, sampleResult } from '../../test/support/sample-result.js';

// Issue 18.13: `report --out` and `phase --out` overwrote existing files without --force. One
// rule now holds for every command that writes: an existing output is left untouched (exit 2,
// the file named) unless --force is given. Each writing command is tried here.

const FIXTURE = resolve(repoRoot(), 'fixtures/ideal-pizza-p59.safetensors');
const dir = mkdtempSync(join(tmpdir(), 'clockpizza-18-13-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SENTINEL = 'an existing file that must survive\n';

/** Runs argv with its output already present: exit 2 naming it, untouched; with --force it is replaced. */
async function refusesThenForces(existing: string, argv: string[]): Promise<void> {
  writeFileSync(existing, SENTINEL);
  const refused = await runCli(argv);
  expect(refused.code, refused.stderr).toBe(2);
  expect(refused.stderr).toContain(`${existing}`);
  expect(refused.stderr).toMatch(/exists already.*--force/);
  expect(readFileSync(existing, 'utf8')).toBe(SENTINEL);
  const forced = await runCli([...argv, '--force']);
  expect(forced.code, forced.stderr).toBe(0);
  expect(readFileSync(existing, 'utf8')).not.toBe(SENTINEL);
}

describe('every command that writes refuses to overwrite without --force', () => {
  it('report --out', async () => {
    const out = join(dir, 'r.html');
    await refusesThenForces(out, ['report', FIXTURE, '--out', out]);
  });

  it('report --png', async () => {
    const pngs = join(dir, 'pngs');
    mkdirSync(pngs);
    writeFileSync(join(pngs, 'correct-logit.png'), SENTINEL);
    const r = await runCli(['report', FIXTURE, '--out', join(dir, 'r2.html'), '--png', pngs]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/correct-logit\.png.*exists already/);
    expect(readFileSync(join(pngs, 'correct-logit.png'), 'utf8')).toBe(SENTINEL);
    expect(readdirSync(dir)).not.toContain('r2.html');
  });

  it('phase --out', async () => {
    const results = join(dir, 'results.jsonl');
    writeFileSync(results, jsonl(Array.from({ length: 11 }, (_, i) => sampleResult({ runid: `r${i}`, attn: i / 10 }, { gradientSymmetricity: 1 - i / 20 }))));
    const figures = join(dir, 'figs');
    mkdirSync(figures);
    await refusesThenForces(join(figures, 'phase-gs-alpha.svg'), ['phase', results, '--out', figures]);
  });

  it('convert (weights and sidecar)', async () => {
    const out = join(dir, 'c.safetensors');
    const pt = resolve(repoRoot(), 'fixtures/model-a-like/model.safetensors');
    // convert reads .pt; a .pt written from the fixture's tensors stands in for one.
    const { readSafetensors } = await import('../../src/io/safetensors.js');
    const { writePt } = await import('../../src/io/pt-writer.js');
    writePt(join(dir, 'a.pt'), readSafetensors(pt).tensors);
    writeFileSync(join(dir, 'a.json'), readFileSync(resolve(repoRoot(), 'fixtures/model-a-like/model.json')));
    await refusesThenForces(join(dir, 'c.json'), ['convert', join(dir, 'a.pt'), out]);
  });

  it('golden add', async () => {
    const project = join(dir, 'project');
    mkdirSync(join(project, 'golden'), { recursive: true });
    writeFileSync(join(project, 'package.json'), '{}');
    writeFileSync(join(project, 'm.safetensors'), readFileSync(FIXTURE));
    writeFileSync(join(project, 'm.json'), readFileSync(FIXTURE.replace(/safetensors$/, 'json')));
    await refusesThenForces(join(project, 'golden/m.json'), ['golden', 'add', join(project, 'm.safetensors'), join(project, 'golden/m.json')]);
  });

  it('train --out', async () => {
    const out = join(dir, 'run');
    mkdirSync(out);
    writeFileSync(join(out, 'model.safetensors'), SENTINEL);
    const argv = ['train', '--attn', '0', '--width', '8', '--steps', '1', '--seed', '1', '--out', out, '--quiet'];
    const refused = await runCli(argv);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already holds a run.*--force/);
    expect(readFileSync(join(out, 'model.safetensors'), 'utf8')).toBe(SENTINEL);
    expect((await runCli([...argv, '--force'])).code).toBe(0);
  });
});
