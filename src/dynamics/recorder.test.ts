import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditCheckpoint } from '../audit/audit.js';
import { loadRules } from '../audit/rules.js';
import { METRIC_KEYS } from '../metrics/list.js';
import { OPTIONAL_RUN_FILES, RUN_FILES, writeRun } from '../train/outputs.js';
import { resolveSpec } from '../train/config.js';
import { initialParams } from '../train/init.js';
import { train } from '../train/trainer.js';
import { parseDynamics, readDynamics } from './dynamics-file.js';
import type { DynamicsRecorder } from './recorder.js';
import { recorderFor } from './settings.js';

const root = mkdtempSync(join(tmpdir(), 'clockpizza-dynamics-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const options = { attn: 0.5, width: 16, steps: 25, seed: 3 };

async function audited(every: number) {
  let recorder: DynamicsRecorder | undefined;
  const result = await train(options, undefined, (spec, buffers) => (recorder = recorderFor({ auditEvery: every }, spec, buffers, loadRules())));
  return { result, recorder: recorder! };
}

describe('train with audits (--audit-every)', () => {
  it('ends with the same weights, bit for bit, as training without audits', async () => {
    const plain = await train(options);
    const { result } = await audited(5);
    expect(result.params.map((q) => q.name)).toEqual(plain.params.map((q) => q.name));
    for (const [i, q] of result.params.entries()) expect(Buffer.from(q.data.buffer).equals(Buffer.from(plain.params[i]!.data.buffer))).toBe(true);
    expect(result.curve).toEqual(plain.curve);
    expect(result.stoppedAt).toBeUndefined();
  });

  it('snapshots every K-th step and the last; losses are the curve’s; the file passes its schema; the last snapshot is what `audit` says of the saved run', async () => {
    const { result, recorder } = await audited(10);
    const dir = join(root, 'run');
    writeRun(dir, result, 1, recorder.text());
    const dynamics = readDynamics(join(dir, OPTIONAL_RUN_FILES.dynamics));
    expect(dynamics.header).toMatchObject({ kind: 'header', auditEvery: 10, stoppedAt: null, run: { attn: 0.5, width: 16, seed: 3, steps: 25 }, rule: { name: 'paper' } });
    expect(Object.keys(dynamics.header.metricIds)).toEqual(METRIC_KEYS);
    expect(dynamics.snapshots.map((s) => s.step)).toEqual([0, 10, 20, 25]);
    for (const s of dynamics.snapshots.slice(0, 3)) {
      const row = result.curve[s.step]!;
      expect([s.trainLoss, s.testLoss, s.trainAcc, s.testAcc]).toEqual([row.trainLoss, row.testLoss, row.trainAcc, row.testAcc]);
      expect(Object.keys(s.metrics)).toEqual(METRIC_KEYS);
    }
    const report = await auditCheckpoint(join(dir, RUN_FILES.weights));
    const last = dynamics.snapshots[3]!;
    for (const key of METRIC_KEYS) expect(last.metrics[key], key).toBe(report.metrics[key]!.value);
    expect(last.verdict).toEqual({ algorithm: report.verdict.algorithm, lean: report.verdict.lean });
    // the snapshot at step 0 is the initial weights: no run learns before its first update
    expect(dynamics.snapshots[0]!.verdict.algorithm).toBe('not-learned');
  });
});

describe('stopping early', () => {
  it('an audit that says stop at step s leaves the weights of an s-step run, and the sidecar says s steps', async () => {
    const stopAt = 10;
    const short = await train({ ...options, steps: stopAt });
    const stopped = await train(options, undefined, () => ({ every: 5, take: (step) => step === stopAt }));
    expect(stopped.stoppedAt).toBe(stopAt);
    for (const [i, q] of stopped.params.entries()) expect(Buffer.from(q.data.buffer).equals(Buffer.from(short.params[i]!.data.buffer))).toBe(true);
    const dir = join(root, 'stopped');
    writeRun(dir, stopped);
    expect(JSON.parse(readFileSync(join(dir, RUN_FILES.sidecar), 'utf8')).epoch).toBe(stopAt);
  });

  it('the recorder says stop once W audits agree (same weights twice, told test accuracy 1), records where, and never stops at the last step', () => {
    const spec = resolveSpec({ ...options, steps: 2 });
    const { params, buffers } = initialParams(spec);
    const recorder = recorderFor({ auditEvery: 1, stop: { window: 2, tolerance: 0 } }, spec, buffers, loadRules());
    const row = (step: number) => ({ step, trainLoss: 0.1, testLoss: 0.1, trainAcc: 1, testAcc: 1 });
    expect(recorder.take(0, params, row(0))).toBe(false);
    expect(recorder.take(1, params, row(1))).toBe(true);
    expect(recorder.header().stoppedAt).toBe(1);
    const again = recorderFor({ auditEvery: 1, stop: { window: 2, tolerance: 0 } }, spec, buffers, loadRules());
    again.take(1, params, row(1));
    expect(again.take(2, params, row(2))).toBe(false);
    expect(again.header().stoppedAt).toBeNull();
  });
});

describe('reading dynamics.jsonl', () => {
  const header = { kind: 'header', format: 1, run: { model: 'transformer', attn: 0, width: 8, layers: 1, seed: 0, steps: 10 }, auditEvery: 5, rule: { name: 'paper', file: 'spec/rules/paper.json' }, metricIds: { accuracy: 'accuracy@1' }, stoppedAt: null };
  const snapshot = (step: number) => ({ kind: 'snapshot', step, trainLoss: 1, testLoss: 1, trainAcc: 0.5, testAcc: 0.5, metrics: { accuracy: 0.5 }, verdict: { algorithm: 'not-learned', lean: 'neither' } });
  const text = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

  it('reads a valid file', () => {
    expect(parseDynamics(text([header, snapshot(0), snapshot(5)]), 'd.jsonl').snapshots).toHaveLength(2);
  });

  it.each([
    ['an empty file', '', /d\.jsonl: empty/],
    ['a snapshot first', text([snapshot(0)]), /d\.jsonl:1: kind: expected a header line/],
    ['a torn line', text([header]) + '{"kind":"snap', /d\.jsonl:2: not JSON/],
    ['a bad accuracy', text([header, { ...snapshot(0), testAcc: 2 }]), /d\.jsonl:2: \/testAcc: /],
    ['an unknown verdict', text([header, { ...snapshot(0), verdict: { algorithm: 'spiral', lean: 'neither' } }]), /d\.jsonl:2: \/verdict\/algorithm/],
    ['a missing field', text([header, { ...snapshot(0), metrics: undefined }]), /d\.jsonl:2: .*metrics/],
    ['steps out of order', text([header, snapshot(5), snapshot(5)]), /d\.jsonl:3: step: step 5 does not follow step 5/],
    ['a second header', text([header, header]), /d\.jsonl:2: kind: expected a snapshot line/],
  ])('refuses %s, naming the file, line and field', (_, content, message) => {
    expect(() => parseDynamics(content, 'd.jsonl')).toThrow(message);
  });

  it('reads from disk', () => {
    const file = join(root, 'd.jsonl');
    writeFileSync(file, text([header, snapshot(0)]));
    expect(readDynamics(file).header.auditEvery).toBe(5);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
  });
});
