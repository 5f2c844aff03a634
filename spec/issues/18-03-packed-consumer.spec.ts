import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/reference.js';
import { ensureBuilt } from '../../test/support/built-bin.js';

// Issue 18.3, the packed-consumer test (SLOW: ≈ 30–60 s; packs the project, typechecks and runs
// vitest in a consumer). The public type declarations pulled in TensorFlow.js's, so a consumer's
// `tsc --strict` with `skipLibCheck: false` failed with ≈ 20 errors inside @tensorflow; matcher
// messages cited spec/rules/paper.json as if it were in the user's project.
//
// Installing the tarball with `npm install --offline` is impossible here: the npm cache does not
// hold the dependencies (ENOTCACHED for @resvg/resvg-js). So the tarball is unpacked into the
// consumer's node_modules/clockpizza exactly as npm would place it, and the project's installed
// dependencies are linked beside it. Everything the package ships is what `npm pack` put in the
// tarball; only its dependencies come from this checkout.

const root = repoRoot();
const dir = mkdtempSync(join(tmpdir(), 'clockpizza-18-03-consumer-'));
const consumer = join(dir, 'consumer');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(command: string, args: string[], cwd: string) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CLOCKPIZZA_REFERENCE: join(dir, 'no-reference') } });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

beforeAll(() => {
  ensureBuilt();
  const packed = run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], root);
  expect(packed.code, packed.out).toBe(0);
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
  const installed = join(consumer, 'node_modules/clockpizza');
  mkdirSync(installed, { recursive: true });
  const untar = run('tar', ['-xzf', join(dir, tarball), '-C', installed, '--strip-components=1'], dir);
  expect(untar.code, untar.out).toBe(0);
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry === 'clockpizza' || entry.startsWith('.')) continue;
    symlinkSync(join(root, 'node_modules', entry), join(consumer, 'node_modules', entry));
  }
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, skipLibCheck: false, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', types: ['node'] }, include: ['*.ts'] }),
  );
  writeFileSync(
    join(consumer, 'model.test.ts'),
    [
      "import { expect, test } from 'vitest';",
      "import { auditCheckpoint, loadRules } from 'clockpizza';",
      "import { evidence, setup } from 'clockpizza/vitest';",
      'setup();',
      "const model = 'node_modules/clockpizza/fixtures/model-a-like/model.safetensors';",
      // an audit takes a few seconds, more on a loaded machine: vitest's 5 s default made this flaky
      "test('still a pizza', async () => { await expect(model).toImplement('pizza'); }, 60_000);",
      // evidence() is the body of every failure message of the matchers
      'test("a failure message names the packaged rule, not a file of this project", async () => {',
      '  const message = evidence(await auditCheckpoint(model, { rules: loadRules() }));',
      "  expect(message).toContain('by rule paper (spec/rules/paper.json in the clockpizza package)');",
      '}, 60_000);',
      '',
    ].join('\n'),
  );
}, 120_000);

describe('issue 18.3: the packed package in a consumer project', () => {
  it('typechecks with strict and skipLibCheck false (no TensorFlow.js types reached)', () => {
    const tsc = run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.', '--explainFiles'], consumer);
    expect(tsc.out.split('\n').filter((l) => / error TS/.test(l)), 'tsc errors').toEqual([]);
    expect(tsc.code, tsc.out.slice(-2000)).toBe(0);
    expect(tsc.out).not.toMatch(/node_modules\/@tensorflow\/[^\n]*\.d\.ts\n/);
  }, 120_000);

  it('runs a matcher test with vitest', () => {
    const vitest = run(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--maxWorkers=1', 'model.test.ts'], consumer);
    expect(vitest.code, vitest.out.slice(-3000)).toBe(0);
    expect(vitest.out).toMatch(/2 passed/);
  }, 120_000);
});
