import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { auditCheckpoint, type AuditOptions } from '../audit/audit.js';
import { ClockpizzaError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { METRIC_LIST } from '../metrics/list.js';
import { assertValid, compileSchema } from '../schema/validate.js';
import { projectRootOf, serialiseGolden, type GoldenData, type Tolerance } from './golden-file.js';

/** `clockpizza golden add`: pin what the audit says about a checkpoint in a new golden file. */

/** The tolerances the project pins its own checkpoints with (METRICS.md §5 agreement levels): each metric's own, in list order. */
export const DEFAULT_TOLERANCES: Record<string, Tolerance> = Object.fromEntries(
  METRIC_LIST.flatMap((d): [string, Tolerance][] => (d.tolerance === null ? [] : [[d.key, d.tolerance]])),
);

export interface CreateOptions {
  description?: string;
  config?: string;
  attn?: number;
}

/** A path as a golden file stores it: relative to the project root, with forward slashes. */
function projectRelative(goldenFile: string, path: string, field: string): string {
  const rel = relative(projectRootOf(goldenFile), resolve(path));
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new ClockpizzaError(`must lie inside the project (${projectRootOf(goldenFile)}) so that the golden file stays portable`, { file: path, field });
  }
  return rel.split(sep).join('/');
}

export async function createGoldenFile(checkpoint: string, goldenFile: string, options: CreateOptions = {}): Promise<GoldenData> {
  if (existsSync(goldenFile)) throw new ClockpizzaError('already exists; use `clockpizza golden update` to re-pin it', { file: goldenFile });
  const auditOptions: AuditOptions = {};
  if (options.config !== undefined) auditOptions.config = options.config;
  if (options.attn !== undefined) auditOptions.attn = options.attn;
  const report = await auditCheckpoint(checkpoint, auditOptions);
  const metrics: GoldenData['metrics'] = {};
  for (const [key, tolerance] of Object.entries(DEFAULT_TOLERANCES)) {
    const m = report.metrics[key]!;
    metrics[key] = { id: m.id, value: m.value, tolerance };
  }
  const data: GoldenData = {
    $schema: 'https://clockpizza.dev/schemas/golden.schema.json',
    description: options.description ?? `${report.checkpoint.description ?? checkpoint}: ${report.verdict.algorithm}`,
    checkpoint: { path: projectRelative(goldenFile, checkpoint, 'checkpoint') },
    ...(options.config !== undefined ? { config: { path: projectRelative(goldenFile, options.config, '--config') } } : {}),
    ...(options.attn !== undefined ? { attn: options.attn } : {}),
    sha256: report.checkpoint.sha256,
    metrics,
    verdict: { algorithm: report.verdict.algorithm, lean: report.verdict.lean },
    circles: report.circles.map((c) => ({ components: c.components, delta: c.delta, role: c.role })),
  };
  const text = serialiseGolden(data);
  assertValid(compileSchema<GoldenData>('golden'), JSON.parse(text), goldenFile);
  writeFileAtomic(goldenFile, text);
  return data;
}
