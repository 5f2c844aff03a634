import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt } from '../../test/support/built-bin.js';
import { runCli } from '../../test/support/cli-capture.js';
import { repoRoot } from '../../src/reference.js';

// Issue 18.14: a `--out` path that is not valid UTF-8 was decoded by Node to U+FFFD and silently
// written under that different, mangled name (exit 0). Output paths are now refused when they
// carry U+FFFD, before any work is done.

const FIXTURE = resolve(repoRoot(), 'fixtures/ideal-pizza-p59.safetensors');
const dir = mkdtempSync(join(tmpdir(), 'clockpizza-18-14-'));
beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an output path that is not valid UTF-8 is refused', () => {
  it('as raw argv bytes to the real process: exit 2, nothing written', () => {
    // The shell passes the byte 0xFF itself; Node never sees it as text.
    const r = spawnSync('sh', ['-c', `exec "${process.execPath}" "${BIN}" report "${FIXTURE}" --out "${dir}/r$(printf '\\377').html"`], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^clockpizza report: --out: ".*r\uFFFD\.html" is not valid UTF-8/);
    expect(readdirSync(dir)).toEqual([]);
  });

  const bad = join(dir, 'x\uFFFD');
  const cases: [string, string[]][] = [
    ['report --png', ['report', FIXTURE, '--out', join(dir, 'ok.html'), '--png', bad]],
    ['convert', ['convert', 'in.pt', `${bad}.safetensors`]],
    ['train', ['train', '--attn', '0', '--steps', '1', '--width', '8', '--out', bad]],
    ['sweep', ['sweep', '--attn', '0', '--steps', '1', '--out', bad]],
    ['phase', ['phase', 'results.jsonl', '--out', bad]],
    ['golden add', ['golden', 'add', FIXTURE, `${bad}.json`]],
  ];
  for (const [name, argv] of cases) {
    it(name, async () => {
      const r = await runCli(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is not valid UTF-8/);
      expect(readdirSync(dir)).toEqual([]);
    });
  }
});
