import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli-capture.js';
import { expandPlan, runId } from '../sweep/grid.js';
import { readPlan } from '../sweep/plan-file.js';
import { planFromOptions, planNotes } from './sweep.js';

const dir = mkdtempSync(join(tmpdir(), 'clockpizza-sweep-knobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const clockpizza = (...args: string[]) => runCli(['sweep', ...args]);

describe('sweep grids over the training knobs', () => {
  it('expands every combination of the knob lists, with the knobs in the run ids (none when no knob is given, as before)', () => {
    const plan = planFromOptions({ attn: '0,1', width: '16', p: '31,59', heads: '2,4', betas: ['0.9,0.98', '0.9,0.999'], 'diff-vocab': '0,1', steps: 5 });
    expect(plan.knobs).toEqual({ p: [31, 59], heads: [2, 4], betas: [[0.9, 0.98], [0.9, 0.999]], diffVocab: [false, true] });
    const jobs = expandPlan(plan);
    expect(jobs).toHaveLength(2 * 2 * 2 * 2 * 2);
    expect(new Set(jobs.map((j) => j.runid)).size).toBe(jobs.length);
    expect(jobs[0]).toMatchObject({ runid: 'a0.00-w16-p31-h2-b0.9_0.98-dv0-s0', knobs: { p: 31, heads: 2, betas: [0.9, 0.98], diffVocab: false } });
    expect(jobs[1]!.runid).toBe('a1.00-w16-p31-h2-b0.9_0.98-dv0-s0');
    expect(jobs[2]!.runid).toBe('a0.00-w16-p31-h2-b0.9_0.98-dv1-s0');
    expect(runId(0.3, 128, 1, 2, { lr: 3e-3, frac: 0.5, batch: 64 })).toBe('a0.30-w128-lr0.003-f0.5-bs64-s2');
    const plain = planFromOptions({ attn: '0', steps: 5 });
    expect(plain).not.toHaveProperty('knobs');
    expect(expandPlan(plain)[0]).not.toHaveProperty('knobs');
  });

  it("checks every cell with the trainer's rules (naming the option) and collects each note once", () => {
    expect(() => planFromOptions({ attn: '0', width: '8', heads: '4,16' })).toThrow(expect.objectContaining({ field: '--width' }));
    expect(() => planFromOptions({ attn: '0', p: '31,3' })).toThrow(expect.objectContaining({ field: '--p' }));
    expect(() => planFromOptions({ attn: '0', 'diff-vocab': '0,2' })).toThrow(expect.objectContaining({ field: '--diff-vocab' }));
    const notes = planNotes(planFromOptions({ attn: '0,0.5,1', p: '12,31', heads: '2', steps: 5 }));
    expect(notes).toEqual(['p = 12 is not prime: the theory (Clock, Pizza, the metrics\' Fourier reading) assumes a prime modulus', 'the fast step does not support 2 heads (it needs 4): using the straightforward step (slower, same function)']);
  });

  it('trains and audits the grid; each row carries its knobs under the reference config keys, each sidecar its values', async () => {
    const out = join(dir, 'grid');
    const { code, stderr } = await clockpizza('--attn', '0.5', '--width', '8', '--steps', '3', '--p', '11,13', '--heads', '2', '--lr', '3e-3', '--out', out);
    expect(code).toBe(0);
    expect(stderr).toContain('note: the fast step does not support 2 heads');
    const rows = readFileSync(join(out, 'results.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => r['runid'])).toEqual(['a0.50-w8-p11-h2-lr0.003-s0', 'a0.50-w8-p13-h2-lr0.003-s0']);
    expect(rows[1]).toMatchObject({ config: { C: 13, n_heads: 2, lr: 3e-3 }, diffVocab: false });
    const sidecar = JSON.parse(readFileSync(join(out, 'runs', 'a0.50-w8-p13-h2-lr0.003-s0', 'model.json'), 'utf8')) as Record<string, unknown>;
    expect(sidecar).toMatchObject({ C: 13, n_heads: 2, lr: 3e-3, d_model: 8, attn_coeff: 0.5, epoch: 3 });
    expect(readPlan(join(out, 'plan.json')).knobs).toEqual({ p: [11, 13], heads: [2], lr: [3e-3] });
    // another knob list is another plan
    const again = await clockpizza('--attn', '0.5', '--width', '8', '--steps', '3', '--p', '11', '--heads', '2', '--lr', '3e-3', '--out', out);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/another plan \(knobs: stored/);
  }, 60_000);
});
