import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport } from '../src/audit/report.js';
import { runCli } from '../test/support/cli-capture.js';
import { hasReference, referenceCheckpoint, REFERENCE_RUNS, repoRoot } from '../src/reference.js';

/**
 * The audit's claims on real networks: the paper's verdicts for the five released checkpoints,
 * Model A's six circles with their roles, and every `--json` report over all fixtures valid
 * under the published schema (checked here with a fresh ajv, independent of the audit's own).
 */

/** Project checkpoints: fixtures/*.safetensors|.pt and fixtures/<name>/model.safetensors (reader fixtures in fixtures/io are not models). */
function projectFixtures(): string[] {
  const dir = resolve(repoRoot(), 'fixtures');
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && /\.(safetensors|pt)$/.test(entry.name)) out.push(join(dir, entry.name));
    if (entry.isDirectory() && entry.name !== 'io') {
      for (const f of ['model.safetensors', 'model.pt']) if (existsSync(join(dir, entry.name, f))) out.push(join(dir, entry.name, f));
    }
  }
  return out.sort();
}

const fixtures = projectFixtures();
const references = hasReference() ? REFERENCE_RUNS.map((r) => referenceCheckpoint(r.runid)) : [];
if (!hasReference()) console.warn('skipping audits of the reference checkpoints: CLOCKPIZZA_REFERENCE absent');
for (const name of ['model-a-like', 'model-b-like']) {
  if (!fixtures.some((f) => f.includes(`/${name}/`))) console.warn(`fixtures/${name}/ absent: its audit is not checked yet`);
}

let reports: Map<string, AuditReport>;

beforeAll(async () => {
  const paths = [...references, ...fixtures];
  const { code, stdout, stderr } = await runCli(['audit', '--json', ...paths]);
  expect(code, stderr).toBe(0);
  const parsed = JSON.parse(stdout) as AuditReport[];
  reports = new Map(parsed.map((r) => [r.checkpoint.path, r]));
});

describe('every --json report', () => {
  it('validates against the published schema (all fixtures and reference checkpoints)', () => {
    const schema = JSON.parse(readFileSync(resolve(repoRoot(), 'spec/schemas/audit-report.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(reports.size).toBe(references.length + fixtures.length);
    for (const [path, report] of reports) expect(validate(report), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
  });
});

describe('project fixtures', () => {
  it('the ideal pizza is pizza, with two pizza circles', () => {
    const report = reports.get(resolve(repoRoot(), 'fixtures/ideal-pizza-p59.safetensors'))!;
    expect(report.verdict.algorithm).toBe('pizza');
    expect(report.circles.map((c) => c.role)).toEqual(['pizza', 'pizza']);
    expect(report.negligibleComponents).toEqual([5, 6, 7, 8, 9, 10, 11, 12]); // a rank-4 embedding
  });

  const modelALike = fixtures.find((f) => f.includes('/model-a-like/'));
  it.skipIf(modelALike === undefined)('model-a-like is pizza', () => {
    expect(reports.get(modelALike!)!.verdict.algorithm).toBe('pizza');
  });
  const modelBLike = fixtures.find((f) => f.includes('/model-b-like/'));
  it.skipIf(modelBLike === undefined)('model-b-like is clock', () => {
    expect(reports.get(modelBLike!)!.verdict.algorithm).toBe('clock');
  });
});

describe.skipIf(!hasReference())('the five released checkpoints', () => {
  const report = (runid: string): AuditReport => reports.get(referenceCheckpoint(runid))!;

  it('get the paper\'s verdicts: Model A pizza, Model B clock, 2 layers pizza, MLP B pizza, MLP D clock', () => {
    const verdicts = Object.fromEntries(REFERENCE_RUNS.map((r) => [r.what, report(r.runid).verdict.algorithm]));
    expect(verdicts).toEqual({ 'Model A, α=0': 'pizza', 'Model B, α=1': 'clock', '2 layers, α=0.0066': 'pizza', 'MLP type B': 'pizza', 'MLP type D': 'clock' });
    for (const r of REFERENCE_RUNS) expect(report(r.runid).verdict.lean).toBe(report(r.runid).verdict.algorithm);
  });

  it("finds Model A's six circles: δ 7, 20, 4 pizza; δ 26, 10, 2 their accompanying circles", () => {
    const a = report('p99zdpze5l');
    expect(a.circles.map((c) => [c.components, c.delta, c.role, c.accompanies ?? null])).toEqual([
      [[1, 2], 7, 'pizza', null],
      [[3, 4], 20, 'pizza', null],
      [[5, 6], 4, 'pizza', null],
      [[7, 8], 26, 'accompanying', [1, 2]],
      [[9, 10], 10, 'accompanying', [3, 4]],
      [[11, 12], 2, 'accompanying', [5, 6]],
    ]);
    expect(a.ensemble).toBe(true);
    expect(a.mixedEnsemble).toBe(false);
  });

  it("reproduces the notebook's published per-circle FVEs on Model A and Model B (METRICS.md §4)", () => {
    const fve = (runid: string, spec: string): number[] => report(runid).circles.map((c) => c.fve[spec]!);
    const near = (got: number[], want: number[]): void => want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 3));
    near(fve('p99zdpze5l', 'clock').slice(0, 3), [0.7541, 0.7562, 0.7538]);
    near(fve('p99zdpze5l', 'pizza-notebook').slice(0, 3), [0.9831, 0.9831, 0.9841]);
    near(fve('p99zdpze5l', 'pizza-prime').slice(0, 3), [0.9836, 0.983, 0.9861]);
    near(fve('p99zdpze5l', 'accompanying-pizza').slice(3), [0.9756, 0.9723, 0.9769]);
    const b = report('l8k1hzciux').circles[0]!;
    expect(b).toMatchObject({ components: [1, 2], delta: 9, role: 'clock' });
    expect(b.fve['clock']).toBeCloseTo(0.766, 3);
    expect(b.fve['pizza-notebook']).toBeCloseTo(0.596, 3);
  });

  it('labels every circle of MLP type D clock and pairs Model B by δ, leaving its weak components unpaired', () => {
    expect(report('qlvxqhkvit').circles.map((c) => c.role)).toEqual(Array(6).fill('clock'));
    expect(report('l8k1hzciux').unpairedComponents.map((u) => u.component)).toEqual([9, 10, 11, 12]);
  });
});
