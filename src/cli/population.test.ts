import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../audit/report.js';
import { hasReference, referenceDir, repoRoot } from '../reference.js';
import { readSweepResults } from '../sweep/results.js';
import { BIN, ensureBuilt } from '../../test/support/built-bin.js';
import { runCli } from '../../test/support/cli-capture.js';
import { sampleResult } from '../../test/support/sample-result.js';

/**
 * `clockpizza population` (issue 14.2): on the released checkpoints, each transformer's line
 * holds what `clockpizza audit --json` says of that file (metrics, verdict, circles, sha256); the
 * MLP-only models are skipped lines, an unreadable file an error line; a rerun audits nothing
 * and leaves the bytes as they were; `phase` and `compare` read the file like a sweep's.
 */
const released = join(referenceDir(), 'pizza-repo', 'checkpoints');
if (!hasReference()) console.warn('skipping the population of the released checkpoints: CLOCKPIZZA_REFERENCE absent');

type Line = Record<string, unknown> & { path: string };
const linesOf = (file: string): Line[] => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line);

describe.skipIf(!hasReference())('population of the released checkpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clockpizza-population-'));
  const out = join(dir, 'results.jsonl');
  const broken = join(dir, 'broken', 'model_truncated.pt');
  let first: { code: number; stdout: string; stderr: string };
  let reports: AuditReport[];

  beforeAll(async () => {
    mkdirSync(join(dir, 'broken'));
    // A torch archive cut in half: readable bytes, not a checkpoint.
    const whole = readFileSync(join(released, 'model_p99zdpze5l.pt'));
    writeFileSync(broken, whole.subarray(0, whole.length >> 1));
    first = await runCli(['population', released, join(dir, 'broken'), '--out', out]);
    ensureBuilt();
    const transformers = ['h9m153uuh9', 'l8k1hzciux', 'p99zdpze5l'].map((id) => join(released, `model_${id}.pt`));
    const audit = spawnSync(process.execPath, [BIN, 'audit', ...transformers, '--json'], { encoding: 'utf8' });
    expect(audit.status, audit.stderr).toBe(0);
    reports = JSON.parse(audit.stdout) as AuditReport[];
  }, 600_000);

  it('writes one line per file, sorted by path, and exits 0 with a warning for the unreadable one', () => {
    expect(first.code).toBe(0);
    const lines = linesOf(out);
    expect(lines.map((l) => l.path)).toEqual([broken, ...['h9m153uuh9', 'l8k1hzciux', 'p71frej8t7', 'p99zdpze5l', 'qlvxqhkvit'].map((id) => join(released, `model_${id}.pt`))].sort());
  });

  it('each transformer line equals `clockpizza audit --json` of its file', () => {
    const lines = new Map(linesOf(out).map((l) => [l.path, l]));
    for (const report of reports) {
      const line = lines.get(report.checkpoint.path)!;
      expect(line.sha256).toBe(report.checkpoint.sha256);
      expect(line.metrics).toEqual(report.metrics);
      expect(line.verdict).toEqual({ algorithm: report.verdict.algorithm, lean: report.verdict.lean, reasons: report.verdict.reasons });
      expect(line.circles).toEqual(report.circles.map((c) => ({ components: c.components, delta: c.delta, frequency: c.frequency, role: c.role })));
      const a = report.checkpoint.architecture as Record<string, unknown>;
      expect([line.attn, line.width, line.layers, line.runid, line.steps]).toEqual([a['attnCoeff'], a['dModel'], a['nLayers'], report.checkpoint.path, 20000]);
    }
  });

  it('the MLP-only models are skipped lines and the truncated file an error line naming it', () => {
    const lines = new Map(linesOf(out).map((l) => [l.path, l]));
    expect(lines.get(join(released, 'model_p71frej8t7.pt'))!.skipped).toMatch(/MLP-only model \(type B\) has no attention rate/);
    const error = lines.get(broken)!;
    expect((error.error as { message: string }).message).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    expect(error.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('phase and compare read it like a sweep (the error and skipped lines passed over)', async () => {
    expect(readSweepResults(out).map((r) => r.attn).sort()).toEqual([0, 0.006644610414285879, 1]);
    const phase = await runCli(['phase', out, '--summary', '--out', join(dir, 'figs')]);
    expect(phase.code).toBe(0);
    expect(phase.stdout).toMatch(/3 runs|runs: 3|n = 3|\b3\b/);
    const compare = await runCli(['compare', out, '--reference', join(referenceDir(), 'pizza-repo/results/1l_fixedwidth.csv')]);
    expect(compare.code).toBe(0);
  });

  it('is resumable: a rerun audits nothing; a lost line is audited again and the file ends byte-identical', async () => {
    const bytes = readFileSync(out, 'utf8');
    const again = await runCli(['population', released, join(dir, 'broken'), '--out', out]);
    expect(again.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(bytes);
    const lines = bytes.trim().split('\n');
    // Drop Model B's line and leave a torn half line, as a kill during its write would.
    const dropped = lines.findIndex((l) => l.includes('model_l8k1hzciux'));
    const torn = lines.filter((_, i) => i !== dropped).join('\n') + '\n' + lines[dropped]!.slice(0, 40);
    writeFileSync(out, torn);
    const resumed = await runCli(['population', released, join(dir, 'broken'), '--out', out]);
    expect(resumed.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(bytes);
  }, 600_000);
});

describe('population without the reference', () => {
  it('--jobs 2 (worker processes) writes the same bytes as one lane, on the project fixtures and an unreadable file', () => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'clockpizza-population-jobs-'));
    const inputs = join(dir, 'in');
    mkdirSync(join(inputs, '.hidden'), { recursive: true });
    copyFileSync(resolve(repoRoot(), 'fixtures/model-a-like/model.safetensors'), join(inputs, 'model.safetensors'));
    copyFileSync(resolve(repoRoot(), 'fixtures/model-a-like/model.json'), join(inputs, 'model.json'));
    writeFileSync(join(inputs, 'empty.pt'), '');
    writeFileSync(join(inputs, '.hidden', 'ignored.pt'), '');
    const run = (jobs: string, file: string) => spawnSync(process.execPath, [BIN, 'population', inputs, resolve(repoRoot(), 'fixtures/model-b-like'), '--out', file, '--jobs', jobs], { encoding: 'utf8', cwd: dir });
    const one = run('1', join(dir, 'one.jsonl'));
    const two = run('2', join(dir, 'two.jsonl'));
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    expect(two.stderr).toMatch(/population: 3 checkpoints, 0 already done, 3 to run, 2 at a time/);
    const text = readFileSync(join(dir, 'one.jsonl'), 'utf8');
    expect(readFileSync(join(dir, 'two.jsonl'), 'utf8')).toBe(text);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Line);
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.path.endsWith('empty.pt'))!.error).toEqual({ message: `${join(inputs, 'empty.pt')}: is empty, not a checkpoint` });
    expect(lines.filter((l) => l.verdict !== undefined).map((l) => (l.verdict as { algorithm: string }).algorithm).sort()).toEqual(['clock', 'pizza']);
  }, 300_000);

  it('refuses a missing input and a results file that is not a population', async () => {
    const refused = async (args: string[]): Promise<string> => {
      const run = await runCli(['population', ...args]);
      expect(run.code).toBe(2);
      return run.stderr;
    };
    expect(await refused(['/nonexistent/dir', '--out', '/tmp/x.jsonl'])).toMatch('/nonexistent/dir: no such file or directory');
    const dir = mkdtempSync(join(tmpdir(), 'clockpizza-population-'));
    const sweep = join(dir, 'sweep.jsonl');
    writeFileSync(sweep, JSON.stringify(sampleResult()) + '\n');
    expect(await refused([resolve(repoRoot(), 'fixtures/model-b-like'), '--out', sweep])).toMatch(`${sweep}:1: path: a line without a path: not a population results file`);
    expect(readFileSync(sweep, 'utf8')).toBe(JSON.stringify(sampleResult()) + '\n');
    expect(await refused([resolve(repoRoot(), 'fixtures/model-b-like'), '--jobs', '0', '--out', join(dir, 'r.jsonl')])).toMatch(/--jobs: .*integer/);
  });
});
