import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { ensureBuilt } from '../../test/support/built-bin.js';
import { repoRoot } from '../../src/reference.js';

// Issue 18.2: tsc writes dist/src/cli/main.js without the run bit, and npm links a bin
// executable only at install, so after a rebuild `npx clockpizza` failed with "Permission
// denied". The bin is now a small file committed with its run bit, outside dist/.

const root = repoRoot();
const bin = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['clockpizza']!;

beforeAll(() => ensureBuilt(), 180_000);

it('the package bin lies outside dist/ and is committed with mode 100755', () => {
  expect(bin.startsWith('dist/')).toBe(false);
  const staged = spawnSync('git', ['ls-files', '-s', '--', bin], { cwd: root, encoding: 'utf8' });
  expect(staged.stdout).toMatch(/^100755 /);
  expect(() => accessSync(join(root, bin), constants.X_OK)).not.toThrow();
});

it('runs as a program of its own after a build (no node in front): usage, exit codes, one line on bad input', () => {
  const run = (...args: string[]) => spawnSync(join(root, bin), args, { cwd: root, encoding: 'utf8' });
  const help = run('--help');
  expect(help.error).toBeUndefined();
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/^usage: clockpizza <command>/);
  const bad = run('inspect', 'no-such-file.pt');
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/^clockpizza inspect: no-such-file\.pt/);
  expect(bad.stderr).not.toMatch(/\n\s+at /);
});
