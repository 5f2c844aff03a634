import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli-capture.js';
import { repoRoot } from '../../src/reference.js';

// Issue 18.4: `golden add` refused checkpoints outside the project, though the project's own
// golden files pin reference checkpoints with {"reference": …}. A user now names a root (an
// environment variable) with --root, and the golden file stores {"root": NAME, "path": …};
// `golden check` resolves it on any machine where NAME is set, and skips it visibly where not.

const fixture = resolve(repoRoot(), 'fixtures/ideal-pizza-p59');
const base = mkdtempSync(join(tmpdir(), 'clockpizza-18-04-'));
const lab = join(base, 'lab-checkpoints');
const project = join(base, 'project');
mkdirSync(join(lab, 'run1'), { recursive: true });
mkdirSync(join(project, 'golden'), { recursive: true });
writeFileSync(join(project, 'package.json'), '{}');
for (const ext of ['safetensors', 'json']) copyFileSync(`${fixture}.${ext}`, join(lab, 'run1', `model.${ext}`));
afterAll(() => rmSync(base, { recursive: true, force: true }));
afterEach(() => {
  delete process.env['CLOCKPIZZA_TEST_LAB'];
});

describe('golden add of a checkpoint outside the project', () => {
  const golden = join(project, 'golden/run1.json');
  const checkpoint = join(lab, 'run1/model.safetensors');

  it('without a root: refused, saying how to name one', async () => {
    const r = await runCli(['golden', 'add', checkpoint, golden]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/model\.safetensors: checkpoint: lies outside the project .* pass --root MY_CHECKPOINTS/);
  });

  it('with --root NAME: pinned relative to $NAME, checked where NAME is set, skipped where not', async () => {
    process.env['CLOCKPIZZA_TEST_LAB'] = lab;
    const added = await runCli(['golden', 'add', checkpoint, golden, '--root', 'CLOCKPIZZA_TEST_LAB']);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(readFileSync(golden, 'utf8')).checkpoint).toEqual({ root: 'CLOCKPIZZA_TEST_LAB', path: 'run1/model.safetensors' });
    expect((await runCli(['golden', 'check', golden])).code).toBe(0);
    delete process.env['CLOCKPIZZA_TEST_LAB'];
    const unset = await runCli(['golden', 'check', golden]);
    expect(unset.code).toBe(0);
    expect(unset.stdout).toMatch(/skipped .*run1\.json: \$CLOCKPIZZA_TEST_LAB is not set/);
  });

  it('--root must name a set variable whose directory holds the checkpoint', async () => {
    expect((await runCli(['golden', 'add', checkpoint, join(project, 'golden/x.json'), '--root', 'CLOCKPIZZA_TEST_LAB'])).stderr).toMatch(/--root: \$CLOCKPIZZA_TEST_LAB is not set/);
    process.env['CLOCKPIZZA_TEST_LAB'] = join(base, 'elsewhere');
    expect((await runCli(['golden', 'add', checkpoint, join(project, 'golden/x.json'), '--root', 'CLOCKPIZZA_TEST_LAB'])).stderr).toMatch(/does not lie inside \$CLOCKPIZZA_TEST_LAB/);
    expect((await runCli(['golden', 'add', checkpoint, join(project, 'golden/x.json'), '--root', '$(rm -rf)'])).stderr).toMatch(/--root: expected an environment variable name/);
  });
});
