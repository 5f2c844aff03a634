import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRules } from '../audit/rules.js';
import { decideVerdict } from '../audit/verdict.js';
import { planDifferences } from '../sweep/plan-file.js';
import type { SweepResult } from '../sweep/results.js';
import { runCli } from '../../test/support/cli-capture.js';
import { planFromOptions } from './sweep.js';

// Issue 12 item 3 (the rest): `sweep --rule R` records the rule in plan.json and judges every
// results row with it; resuming with another rule is a plan change, refused without --force.

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-sweep-rule-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * spec/rules/fourier.json without its accuracy gate, so that a 20-step run (not learned under
 * any shipped rule) is judged by the fourier rule's own gate on circularityFourier: its reasons
 * then show which rule the worker used.
 */
function ungatedFourier(): string {
  const { file: _file, ...fourier } = loadRules('fourier');
  const rule = { ...fourier, name: 'fourier-ungated', verdict: fourier.verdict.map((c) => (c.algorithm === 'not-learned' ? { ...c, when: { metric: 'accuracy', op: '<', value: 0 } } : c)) };
  const file = join(dir, 'fourier-ungated.json');
  writeFileSync(file, JSON.stringify(rule));
  return file;
}

const GRID = ['--attn', '0', '--width', '8', '--steps', '20'];

describe('sweep --rule', () => {
  const ruleFile = ungatedFourier();
  const out = join(dir, 'sweep');

  it('writes rows whose verdict follows the rule, and records the rule in plan.json', async () => {
    const r = await runCli(['sweep', ...GRID, '--rule', ruleFile, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const [row] = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SweepResult);
    const rules = loadRules(ruleFile);
    const expected = decideVerdict(row!.metrics, rules);
    expect(row!.verdict).toEqual({ algorithm: expected.algorithm, lean: expected.lean, reasons: expected.reasons });
    // the fourier gate decided (the paper rule would read circularity@ref, and the accuracy gate)
    expect(row!.verdict.reasons!.join('\n')).toMatch(/circularityFourier = /);
    expect(row!.verdict.reasons!.join('\n')).toMatch(/^not not-learned: accuracy = \S+ is not < 0$/m);
    expect(row!.verdict.reasons!.join('\n')).not.toMatch(/circularity = /);
    const plan = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as { plan: { rule?: { name: string } } };
    expect(plan.plan.rule?.name).toBe('fourier-ungated');
  }, 120_000);

  it('refuses to resume with another rule (or none) without --force, and resumes with the same one', async () => {
    const other = await runCli(['sweep', ...GRID, '--rule', 'fourier', '--out', out]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/another plan \(rule: stored fourier-ungated \(.*\), requested fourier \(spec\/rules\/fourier\.json\)\).*--force/);
    const none = await runCli(['sweep', ...GRID, '--out', out]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/requested paper \(spec\/rules\/paper\.json\)/);
    const same = await runCli(['sweep', ...GRID, '--rule', ruleFile, '--out', out]);
    expect(same.code, same.stderr).toBe(0);
  }, 120_000);

  it('--force with another rule audits the finished runs again under it: no row keeps the old verdict', async () => {
    const before = JSON.parse(readFileSync(join(out, 'results.jsonl'), 'utf8').trim()) as SweepResult;
    const forced = await runCli(['sweep', ...GRID, '--rule', 'fourier', '--force', '--out', out]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain('re-audited a0.00-w8-s0 under the new rule (1/1)');
    const after = JSON.parse(readFileSync(join(out, 'results.jsonl'), 'utf8').trim()) as SweepResult;
    const expected = decideVerdict(after.metrics, loadRules('fourier'));
    expect(after.verdict).toEqual({ algorithm: expected.algorithm, lean: expected.lean, reasons: expected.reasons });
    // the shipped fourier rule's accuracy gate now decides (a 20-step run has not learned); the metrics are the same checkpoint's
    expect(after.verdict.algorithm).toBe('not-learned');
    expect(before.verdict.algorithm).not.toBe('not-learned');
    expect(after.metrics).toEqual(before.metrics);
  }, 120_000);

  it('a plan without a rule is the paper rule: --rule paper resumes it, --rule fourier does not', () => {
    const bare = planFromOptions({ attn: '0', steps: 5 });
    expect(bare.rule).toBeUndefined();
    expect(planDifferences(bare, planFromOptions({ attn: '0', steps: 5, rule: 'paper' }))).toEqual([]);
    expect(planDifferences(bare, planFromOptions({ attn: '0', steps: 5, rule: 'fourier' }))).toEqual(['rule: stored paper (spec/rules/paper.json), requested fourier (spec/rules/fourier.json)']);
  });
});
