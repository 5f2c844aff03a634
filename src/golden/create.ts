import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { auditCheckpoint, type AuditOptions } from '../audit/audit.js';
import { ClockpizzaError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { METRIC_LIST } from '../metrics/list.js';
import { assertValid, compileSchema } from '../schema/validate.js';
import { referenceDir, repoRoot } from '../reference.js';
import { isWithin, projectRootOf, ROOT_NAME, serialiseGolden, type GoldenData, type Location, type Tolerance } from './golden-file.js';

/** `clockpizza golden add`: pin what the audit says about a checkpoint in a new golden file. */

/** The tolerances the project pins its own checkpoints with (METRICS.md §5 agreement levels): each metric's own, in list order. */
export const DEFAULT_TOLERANCES: Record<string, Tolerance> = Object.fromEntries(
  METRIC_LIST.flatMap((d): [string, Tolerance][] => (d.tolerance === null ? [] : [[d.key, d.tolerance]])),
);

export interface CreateOptions {
  description?: string;
  config?: string;
  attn?: number;
  /** Replace an existing golden file (the rule of every command that writes). */
  force?: boolean;
  /** An environment variable naming the directory that checkpoint and config paths are pinned relative to (for files outside the project). */
  root?: string;
}

/**
 * The golden schema this package ships, relative to the golden file (issue 18.3: an https
 * address that did not exist): `../node_modules/clockpizza/spec/schemas/golden.schema.json` in
 * a consumer's project, `../spec/schemas/golden.schema.json` in this one. Editors resolve it offline.
 */
export function schemaReference(goldenFile: string): string {
  return portable(dirname(resolve(goldenFile)), join(repoRoot(), 'spec/schemas/golden.schema.json'));
}

/** `path` relative to `base`, with forward slashes (portable between machines). */
function portable(base: string, path: string): string {
  return relative(base, resolve(path)).split(sep).join('/');
}

/**
 * How a golden file pins `path`: under the named root when one is given, else relative to the
 * project, else to the reference material; anything else would not be portable and is refused.
 */
export function locationOf(goldenFile: string, path: string, field: string, root?: string): Location {
  if (root !== undefined) {
    if (!ROOT_NAME.test(root)) throw new ClockpizzaError(`expected an environment variable name, got ${JSON.stringify(root)}`, { field: '--root' });
    const base = process.env[root];
    if (base === undefined || base === '') throw new ClockpizzaError(`$${root} is not set; set it to the directory the paths are pinned relative to`, { field: '--root' });
    if (!isWithin(base, path)) throw new ClockpizzaError(`does not lie inside $${root} (${base})`, { file: path, field });
    return { root, path: portable(resolve(base), path) };
  }
  const project = projectRootOf(goldenFile);
  if (isWithin(project, path)) return { path: portable(project, path) };
  if (isWithin(referenceDir(), path)) return { reference: portable(referenceDir(), path) };
  throw new ClockpizzaError(
    `lies outside the project (${project}) and the reference material (CLOCKPIZZA_REFERENCE): name a root for it, e.g. export MY_CHECKPOINTS=<a directory above it> and pass --root MY_CHECKPOINTS`,
    { file: path, field },
  );
}

export async function createGoldenFile(checkpoint: string, goldenFile: string, options: CreateOptions = {}): Promise<GoldenData> {
  if (existsSync(goldenFile) && !options.force) throw new ClockpizzaError('exists already; use `clockpizza golden update` to re-pin it, or --force to replace it', { file: goldenFile });
  // Where the files are pinned is settled before the audit (seconds of work).
  const checkpointLocation = locationOf(goldenFile, checkpoint, 'checkpoint', options.root);
  const configLocation = options.config === undefined ? undefined : locationOf(goldenFile, options.config, '--config', options.root);
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
    $schema: schemaReference(goldenFile),
    description: options.description ?? `${report.checkpoint.description ?? checkpoint}: ${report.verdict.algorithm}`,
    checkpoint: checkpointLocation,
    ...(configLocation !== undefined ? { config: configLocation } : {}),
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
