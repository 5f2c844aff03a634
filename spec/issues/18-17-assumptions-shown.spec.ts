import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli-capture.js';
import { repoRoot } from '../../src/reference.js';

// Issue 18.17: a GeLU model audited without its sidecar was silently taken as ReLU (accuracy
// 0.9655 instead of 0.9684); the assumption was listed only by inspect and --json. Every
// assumption the reader made is now in the text audit, the markdown and the HTML report.

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-18-17-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bare = join(dir, 'model.safetensors');
copyFileSync(resolve(repoRoot(), 'fixtures/model-a-like/model.safetensors'), bare); // no sidecar beside it

describe('a model read without its sidecar: the assumptions are shown in every view', () => {
  it('text audit', async () => {
    const r = await runCli(['audit', bare, '--attn', '0']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}assumed: act_fn assumed ReLU \(no sidecar act_fn\)$/m);
    expect(r.stdout).toMatch(/^ {2}assumed: modulus p = 59 taken from the vocabulary/m);
  });

  it('markdown audit', async () => {
    const r = await runCli(['audit', bare, '--attn', '0', '--markdown']);
    expect(r.stdout).toMatch(/^Assumed: act_fn assumed ReLU \(no sidecar act_fn\)$/m);
  });

  it('HTML report', async () => {
    const out = join(dir, 'r.html');
    expect((await runCli(['report', bare, '--attn', '0', '--out', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('<p class="assumed"><strong>Assumed:</strong> act_fn assumed ReLU (no sidecar act_fn)</p>');
  });

  it('a model with its sidecar shows no assumption', async () => {
    const r = await runCli(['audit', resolve(repoRoot(), 'fixtures/model-a-like/model.safetensors')]);
    expect(r.stdout).not.toMatch(/assumed:/);
  });
});
