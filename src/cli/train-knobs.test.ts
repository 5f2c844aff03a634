import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli-capture.js';
import { auditCheckpoint } from '../audit/audit.js';

const root = mkdtempSync(join(tmpdir(), 'clockpizza-cli-knobs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const train = (args: string[]) => runCli(['train', ...args]);

const sidecar = (dir: string) => JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Record<string, unknown>;

describe('clockpizza train with the reference knobs, audited at p = 31', () => {
  it('fast step: a short run at p = 31 learns and audits (δ search, templates, gradient-symmetricity triples and circles at p = 31)', async () => {
    const out = join(root, 'p31');
    const { code, stderr } = await train(['--attn', '0', '--p', '31', '--width', '32', '--lr', '1e-2', '--weight-decay', '1', '--steps', '400', '--seed', '1', '--out', out, '--quiet']);
    expect(code).toBe(0);
    expect(stderr).not.toContain('note:');
    expect(sidecar(out)).toMatchObject({ C: 31, name: 'modadd_31', d_model: 32, n_heads: 4, lr: 1e-2, weight_decay: 1, batch_size: 961, epoch: 400 });
    const report = await auditCheckpoint(join(out, 'model.safetensors'));
    expect(report.checkpoint.architecture).toMatchObject({ p: 31, nVocab: 31, dModel: 32 });
    expect(report.metrics['accuracy']!.value).toBeGreaterThan(0.99);
    for (const key of ['gradientSymmetricity', 'distanceIrrelevance', 'circularity', 'parameterNorm']) expect(Number.isFinite(report.metrics[key]!.value)).toBe(true);
    expect(report.circles.length).toBeGreaterThan(0);
    for (const c of report.circles) {
      expect(c.delta).toBeGreaterThanOrEqual(1);
      expect(c.delta).toBeLessThanOrEqual(15); // δ and −δ are one frequency mod 31
      // every template fitted at p = 31 (a fit is null only for a constant table)
      expect(Object.keys(c.fve).length).toBeGreaterThan(0);
      for (const fve of Object.values(c.fve)) expect(fve === null || Number.isFinite(fve)).toBe(true);
    }
    expect(report.circles.some((c) => Object.values(c.fve).some((fve) => fve !== null && fve > 0.5))).toBe(true);
  }, 120_000);

  it('settings the fast step lacks (2 heads, diff_vocab): a visible note, the straightforward step, a sidecar in the reference keys, and an audit', async () => {
    const out = join(root, 'p31-dv');
    const { code, stderr } = await train(['--attn', '0.5', '--p', '31', '--heads', '2', '--width', '16', '--lr', '3e-3', '--frac', '0.5', '--diff-vocab', '--steps', '20', '--seed', '2', '--out', out, '--quiet']);
    expect(code).toBe(0);
    expect(stderr).toContain('note: the fast step does not support 2 heads (it needs 4), diff_vocab: using the straightforward step');
    expect(sidecar(out)).toMatchObject({ C: 31, n_heads: 2, d_model: 16, lr: 3e-3, frac: 0.5, diff_vocab: true, eqn_sign: false, batch_size: 961 });
    const report = await auditCheckpoint(join(out, 'model.safetensors'));
    expect(report.checkpoint.architecture).toMatchObject({ p: 31, nHeads: 2, nVocab: 62, diffVocab: true });
    expect(Number.isFinite(report.metrics['gradientSymmetricity']!.value)).toBe(true);
  }, 120_000);

  it('a composite modulus trains with a warning; --implementation fast on an unsupported setting is refused naming it', async () => {
    const warned = await train(['--attn', '0', '--p', '12', '--width', '8', '--steps', '1', '--seed', '1', '--out', join(root, 'p12'), '--quiet']);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('note: p = 12 is not prime');
    const refused = await train(['--attn', '0', '--eqn-sign', '--implementation', 'fast', '--width', '8', '--steps', '1', '--out', join(root, 'never'), '--quiet']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--implementation.*does not support eqn_sign/);
  });

  it.each([
    [['--p', '5'], '--p'],
    [['--betas', '0.9'], '--betas'],
    [['--frac', '2'], '--frac'],
    [['--lr', 'fast'], '--lr'],
    [['--heads', '0'], '--heads'],
  ])('%j is an error naming %s', async (args, field) => {
    const { code, stderr } = await train(['--attn', '0', ...args, '--out', join(root, 'never'), '--quiet']);
    expect(code).toBe(2);
    expect(stderr).toContain(field);
  });
});
