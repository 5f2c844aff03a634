import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { auditLoaded } from '../audit/audit.js';
import type { CircleTemplate } from '../audit/circles.js';
import type { Rules } from '../audit/rules.js';
import { ClockpizzaError } from '../errors.js';
import { loadCheckpoint, type LoadOptions } from '../model/load.js';
import { auditFieldsOf, type NotARunLine, type SweepResult } from '../sweep/results.js';

/**
 * One line of a population: a checkpoint audited exactly as `clockpizza audit` audits it, written
 * as a sweep's results line (spec/schemas/sweep-result.schema.json) plus the file's path and
 * sha256, so `phase` and `compare` read a population like a sweep. The run's settings come from
 * the architecture (α, width, layers, the data flags) and the config (`seed`, `epoch` as steps;
 * null when the config has none). The run id is the path: unique in the population, and the
 * key a resumed population skips by.
 */

export type PopulationLine = (SweepResult & { path: string; sha256: string }) | NotARunLine;

export interface PopulationAuditOptions extends Pick<LoadOptions, 'config' | 'attn' | 'key'> {
  rules: Rules;
  templates?: readonly CircleTemplate[];
}

const integerOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);

/** Audits one file; a file that cannot be read or audited (a ClockpizzaError) becomes an error line, not a failure. */
export async function auditForPopulation(path: string, options: PopulationAuditOptions): Promise<PopulationLine> {
  try {
    const loaded = await loadCheckpoint(path, { ...(options.config !== undefined ? { config: options.config } : {}), ...(options.attn !== undefined ? { attn: options.attn } : {}), ...(options.key !== undefined ? { key: options.key } : {}) });
    const a = loaded.architecture;
    if (a.family !== 'transformer') {
      return { runid: path, path, sha256: loaded.sha256, skipped: `an MLP-only model (type ${a.modelType}) has no attention rate, so it has no place in a population over α; audit it with clockpizza audit` };
    }
    const report = auditLoaded(path, loaded, { rules: options.rules, perNeuron: true, ...(options.templates ? { templates: options.templates } : {}) });
    const raw = loaded.sidecar.raw;
    return {
      runid: path,
      seed: integerOrNull(raw['seed']),
      attn: a.attnCoeff,
      width: a.dModel,
      layers: a.nLayers,
      steps: integerOrNull(raw['epoch']),
      diffVocab: a.diffVocab,
      eqnSign: a.eqnSign,
      ...auditFieldsOf(report),
      path,
      sha256: loaded.sha256,
      layout: a.layout,
    };
  } catch (error) {
    if (!(error instanceof ClockpizzaError)) throw error;
    return { runid: path, path, ...sha256Of(path), error: { message: error.message } };
  }
}

/** The file's sha256 when its bytes can be read at all. */
function sha256Of(path: string): { sha256?: string } {
  try {
    return { sha256: createHash('sha256').update(readFileSync(path)).digest('hex') };
  } catch {
    return {};
  }
}
