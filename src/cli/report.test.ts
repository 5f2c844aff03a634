import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../reference.js';
import { runCli } from '../../test/support/cli-capture.js';

const FIXTURE = resolve(repoRoot(), 'fixtures/ideal-pizza-p59.safetensors');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'clockpizza-report-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('clockpizza report', () => {
  it('writes the page and says the verdict', async () => {
    const out = join(dir, 'r.html');
    const { code, stderr } = await runCli(['report', FIXTURE, '--out', out]);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/^clockpizza report: pizza \(lean pizza\); wrote .*r\.html/);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });
  const bad: [string[], RegExp][] = [
    [['report', '--out', 'x.html'], /give exactly one checkpoint, got 0/],
    [['report', FIXTURE], /--out: is required/],
    [['report', FIXTURE, '--out', 'x.html', '--attn', '2'], /--attn: must be a number in \[0, 1\], got 2/],
    [['report', 'missing.safetensors', '--out', 'x.html'], /missing\.safetensors: /],
    [['report', FIXTURE, '--out', 'x.html', '--bogus'], /Unknown option '--bogus'/],
  ];
  for (const [argv, message] of bad) {
    it(`exit 2: ${argv.slice(1).join(' ')}`, async () => {
      const { code, stderr } = await runCli(argv);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(existsSync('x.html')).toBe(false);
    });
  }
});
