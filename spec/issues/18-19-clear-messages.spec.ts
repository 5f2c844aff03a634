import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt } from '../../test/support/built-bin.js';
import { runCli } from '../../test/support/cli-capture.js';
import { binLabel } from '../../src/sweep/phase-analysis.js';
import { SweepProgress } from '../../src/sweep/progress.js';
import { jsonl, sampleResult } from '../../test/support/sample-result.js';

// Issue 18.19: compare kept width 128 and exited 0 having compared nothing; phase with nothing
// to plot blamed --out; the bin labelled [0.9, 1.0) counted α = 1; the sweep's ETA ignored
// --jobs; audit without arguments doubled its prefix; an unknown option got no "did you mean";
// `| head` made the process exit 7.

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-18-19-'));
beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const results = (name: string, width: number): string => {
  const file = join(dir, name);
  writeFileSync(file, jsonl(Array.from({ length: 11 }, (_, i) => sampleResult({ runid: `r${i}`, attn: i / 10, width }))));
  return file;
};

describe('messages that say what happened', () => {
  it('compare: no runs at the compared width is an error listing the widths present', async () => {
    const r = await runCli(['compare', results('w64.jsonl', 64), '--reference', results('ref.jsonl', 64)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^clockpizza compare: .*w64\.jsonl: --width: no 1-layer runs of width 128 \(the default\) to compare; its 1-layer runs have width 64: choose with --width/);
    expect((await runCli(['compare', results('w64b.jsonl', 64), '--reference', results('ref2.jsonl', 64), '--width', '64', '--draws', '20'])).code).toBe(0);
  });

  it('phase: an empty filter is blamed, not --out', async () => {
    const r = await runCli(['phase', results('p.jsonl', 128), '--layers', '2', '--out', join(dir, 'figs')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/clockpizza phase: --layers: nothing to plot: no circular 2-layer runs in .*p\.jsonl; change --layers/);
    expect(r.stderr).not.toMatch(/--out:/);
  });

  it('the last α bin, which holds α = 1, is labelled closed', async () => {
    expect(binLabel(0.9, 1)).toBe('[0.9, 1.0]');
    expect(binLabel(0.3, 0.4)).toBe('[0.3, 0.4)');
    const r = await runCli(['phase', results('s.jsonl', 128), '--summary']);
    expect(r.stdout).toMatch(/\[0\.9, 1\.0\]\s+2\s/);
    expect(r.stdout).not.toContain('[0.9, 1.0)');
  });

  it('the sweep ETA divides the work among the lanes (--jobs 2 halves it)', () => {
    const eta = (concurrency: number): number => {
      let now = 0;
      const p = new SweepProgress({ total: 10, already: 0, concurrency, write: () => {}, now: () => now });
      for (const id of ['a', 'b'].slice(0, concurrency)) p.started(id);
      now = 60_000;
      p.finished('a', '');
      return p.etaMs()!;
    };
    expect(eta(1)).toBe(9 * 60_000);
    // b is 60 s old and about done; 8 queued runs of 60 s on two lanes.
    expect(eta(2)).toBe((8 * 60_000) / 2);
  });

  it('audit without arguments names itself once', async () => {
    const r = await runCli(['audit']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('clockpizza audit: give at least one checkpoint\n');
  });

  it('an unknown option gets the nearest known one', async () => {
    expect((await runCli(['phase', 'x.csv', '--outt', 'd'])).stderr).toMatch(/Unknown option '--outt'.* \(did you mean --out\?\)/);
    expect((await runCli(['train', '--stpes', '5'])).stderr).toMatch(/\(did you mean --steps\?\)/);
    expect((await runCli(['train', '--zzzzzz', '5'])).stderr).not.toMatch(/did you mean/);
  });

  it('a closed pipe (| head) ends the process quietly with exit 0', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" sweep --attn 0:1:0.001 --seeds 50 --plan | head -1; echo "exit=\${PIPESTATUS:-$?}"`], { encoding: 'utf8', shell: false });
    const piped = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" sweep --attn 0:1:0.001 --seeds 50 --plan | head -1 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(piped.stdout.trim()).toBe('exit=0');
    expect(piped.stderr).toBe('');
  });
});
