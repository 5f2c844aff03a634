import { relative, resolve } from 'node:path';
import { auditCheckpoint, type AuditOptions } from '../audit/audit.js';
import { textTable } from '../audit/format.js';
import type { AuditReport } from '../audit/report.js';
import { defaultRulePath, loadRules } from '../audit/rules.js';
import { compareWithGolden, type Drift } from './compare.js';
import { loadGolden, projectRootOf, resolveLocation, type GoldenFile } from './golden-file.js';

/** `clockpizza golden check` as functions: audit each golden file's checkpoint and compare. */

export type GoldenOutcome =
  | { file: string; status: 'skipped'; reason: string }
  | { file: string; status: 'ok' | 'drift'; checkpoint: string; drifts: Drift[]; report: AuditReport };

/** How the golden file asks for a checkpoint to be audited (sidecar, α, rule file), or why it cannot be. */
export function goldenAuditOptions(golden: GoldenFile): AuditOptions | { skipped: string } {
  const options: AuditOptions = {};
  if (golden.data.config !== undefined) {
    const config = resolveLocation(golden, golden.data.config, '/config');
    if ('skipped' in config) return config;
    options.config = config.path;
  }
  if (golden.data.attn !== undefined) options.attn = golden.data.attn;
  options.rules = loadRules(golden.data.rule === undefined ? defaultRulePath() : resolve(projectRootOf(golden.file), golden.data.rule));
  return options;
}

/** The golden file's own checkpoint and audit options, or why they are unavailable. */
export function goldenAudit(golden: GoldenFile): { checkpoint: string; options: AuditOptions } | { skipped: string } {
  const checkpoint = resolveLocation(golden, golden.data.checkpoint, '/checkpoint');
  if ('skipped' in checkpoint) return checkpoint;
  const options = goldenAuditOptions(golden);
  if ('skipped' in options) return options;
  return { checkpoint: checkpoint.path, options };
}

export async function checkGoldenFile(file: string): Promise<GoldenOutcome> {
  const golden = loadGolden(file);
  const plan = goldenAudit(golden);
  if ('skipped' in plan) return { file, status: 'skipped', reason: plan.skipped };
  const report = await auditCheckpoint(plan.checkpoint, plan.options);
  const drifts = compareWithGolden(golden.data, report);
  return { file, status: drifts.length ? 'drift' : 'ok', checkpoint: plan.checkpoint, drifts, report };
}

/** One row per drift across all files: file, field, expected, actual, |Δ|, tolerance. */
export function driftTable(outcomes: readonly { file: string; drifts: readonly Drift[] }[], cwd = process.cwd()): string {
  const rows = outcomes.flatMap((o) =>
    o.drifts.map((d) => [relative(cwd, o.file) || o.file, d.field, d.expected, d.actual, d.difference === undefined ? '' : d.difference.toExponential(3), d.tolerance ?? '']),
  );
  return textTable(['golden file', 'field', 'expected', 'actual', '|Δ|', 'tolerance'], rows, ['left', 'left', 'right', 'right', 'right', 'left']);
}
