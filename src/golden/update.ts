import { auditCheckpoint } from '../audit/audit.js';
import type { AuditReport } from '../audit/report.js';
import { ClockpizzaError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { assertValid, compileSchema } from '../schema/validate.js';
import { goldenAudit } from './check.js';
import { compareWithGolden, type Drift } from './compare.js';
import { loadGolden, serialiseGolden, type GoldenData, type GoldenFile } from './golden-file.js';

/**
 * `clockpizza golden update`: re-audit and rewrite the pinned values (ids, values, verdict,
 * circles; tolerances and descriptions are kept). The new text is schema-checked and written
 * through a temporary file and a rename, so an interrupted update leaves the old file intact.
 */

export interface UpdateOptions {
  /** Accept a checkpoint whose bytes (sha256) changed. */
  force?: boolean;
  /** How the new text reaches the disk (default: temp file + rename). Injected by tests. */
  write?: (path: string, text: string) => void;
}

export type UpdateOutcome =
  | { file: string; status: 'skipped'; reason: string }
  | { file: string; status: 'updated' | 'unchanged'; changed: Drift[] };

/** The golden data re-pinned to what `report` says. */
export function repin(golden: GoldenFile, report: AuditReport): GoldenData {
  const old = golden.data;
  const metrics: GoldenData['metrics'] = {};
  for (const [key, pinned] of Object.entries(old.metrics)) {
    const got = report.metrics[key];
    if (got === undefined) throw new ClockpizzaError(`the audit no longer reports ${key}`, { file: golden.file, field: `/metrics/${key}` });
    metrics[key] = { id: got.id, value: got.value, tolerance: pinned.tolerance };
  }
  return {
    ...old,
    sha256: report.checkpoint.sha256,
    metrics,
    verdict: { algorithm: report.verdict.algorithm, lean: report.verdict.lean },
    ...(old.circles !== undefined ? { circles: report.circles.map((c) => ({ components: c.components, delta: c.delta, role: c.role })) } : {}),
  };
}

export async function updateGoldenFile(file: string, options: UpdateOptions = {}): Promise<UpdateOutcome> {
  const golden = loadGolden(file);
  const plan = goldenAudit(golden);
  if ('skipped' in plan) return { file, status: 'skipped', reason: plan.skipped };
  const report = await auditCheckpoint(plan.checkpoint, plan.options);
  if (report.checkpoint.sha256 !== golden.data.sha256 && !options.force) {
    throw new ClockpizzaError(
      `the checkpoint's sha256 changed (pinned ${golden.data.sha256}, now ${report.checkpoint.sha256}); refusing to re-pin a different checkpoint without --force`,
      { file, field: '/sha256' },
    );
  }
  const changed = compareWithGolden(golden.data, report);
  const text = serialiseGolden(repin(golden, report));
  assertValid(compileSchema<GoldenData>('golden'), JSON.parse(text), file);
  if (text === golden.text) return { file, status: 'unchanged', changed };
  (options.write ?? writeFileAtomic)(file, text);
  return { file, status: 'updated', changed };
}
