import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli-capture.js';
import { dynamicsHeaderOf, dynamicsJsonl, snapshotAt } from '../../test/support/dynamics-lines.js';
import { parseDynamics } from '../dynamics/dynamics-file.js';
import { dynamicsFigures, learnedAt, runLabel } from '../plot/dynamics-figures.js';
import { rootElement, xmlProblem } from '../plot/xml-check.js';

const root = mkdtempSync(join(tmpdir(), 'clockpizza-dynamics-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A run whose test accuracy passes 0.99 at `learned` (audits every 100 steps). */
function run(name: string, attn: number, learned: number): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const snapshots = Array.from({ length: 11 }, (_, i) => {
    const step = i * 100;
    const testAcc = step < learned ? 0.5 * (step / learned) : 1;
    return snapshotAt(step, { testAcc, verdict: step < learned ? 'not-learned' : 'pizza', metrics: { gradientSymmetricity: 0.5 + attn * (step / 2000) } });
  });
  writeFileSync(join(dir, 'dynamics.jsonl'), dynamicsJsonl(dynamicsHeaderOf({ attn }), snapshots));
  return dir;
}

describe('clockpizza dynamics', () => {
  it('draws each quantity against the step, runs overlaid, the step where test accuracy passes 0.99 marked', async () => {
    const a = run('a', 0, 300);
    const b = run('b', 1, 500);
    const out = join(root, 'figs');
    const { code, stdout } = await runCli(['dynamics', a, join(b, 'dynamics.jsonl'), '--out', out]);
    expect(code).toBe(0);
    for (const name of ['dynamics-test-accuracy', 'dynamics-gradientSymmetricity', 'dynamics-circularity', 'dynamics-verdict']) {
      expect(stdout).toContain(`${name}.svg`);
      const svg = readFileSync(join(out, `${name}.svg`), 'utf8');
      expect(xmlProblem(svg)).toBeNull();
      expect(rootElement(svg)).toBe('svg');
      expect(svg).toContain('α = 0, d = 128, seed 1');
      expect(svg).toContain('α = 1, d = 128, seed 1');
      expect(readFileSync(join(out, `${name}.png`)).subarray(1, 4).toString()).toBe('PNG');
    }
  });

  it('marks the first audit at or above 0.99, per run', () => {
    const series = ['a', 'b'].map((n, i) => {
      const dynamics = parseDynamics(readFileSync(join(run(`m${n}`, i, 300 + 200 * i), 'dynamics.jsonl'), 'utf8'), n);
      return { label: runLabel(dynamics) + n, dynamics };
    });
    expect(series.map((s) => learnedAt(s.dynamics.snapshots))).toEqual([300, 500]);
    const figure = dynamicsFigures(series).find((f) => f.name === 'dynamics-test-accuracy')!;
    const rules = (figure.spec as { layer: { data: { values: unknown[] } }[] }).layer[1]!.data.values;
    expect(rules).toEqual([{ run: series[0]!.label, step: 300 }, { run: series[1]!.label, step: 500 }]);
    expect(learnedAt([snapshotAt(0, { testAcc: 0.989 })])).toBeNull();
  });

  it('refuses a directory without dynamics.jsonl and a bad file, naming them (exit 2)', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    const missing = await runCli(['dynamics', empty, '--out', join(root, 'never')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(empty);
    expect(missing.stderr).toContain('--audit-every');
    const bad = join(root, 'bad.jsonl');
    writeFileSync(bad, dynamicsJsonl(dynamicsHeaderOf(), [snapshotAt(0, { testAcc: 7 })]));
    const refused = await runCli(['dynamics', bad, '--out', join(root, 'never')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${bad}:2: /testAcc`);
    expect((await runCli(['dynamics', run('c', 0, 100)])).code).toBe(2);
  });
});
