import type { MeasureOptions } from '../metrics/measure.js';
import { loadCheckpoint, type LoadedCheckpoint } from '../model/load.js';
import type { CircleTemplate } from './circles.js';
import { auditNetwork, type AuditReport, type CheckpointInfo, type CircleMode } from './report.js';
import { loadRules, type Rules } from './rules.js';
import { specTemplates } from './templates.js';

/** `clockpizza audit` as a function: load a checkpoint, measure it, find its circles, decide. */

export interface AuditOptions {
  /** Sidecar path (--config); default: found next to the checkpoint. */
  config?: string;
  /** Attention rate α overriding the sidecar (--attn). */
  attn?: number;
  /** A nested .pt checkpoint's state dict, as a dotted path (--key). */
  key?: string;
  /** Verdict rules (--rule); default spec/rules/paper.json. */
  rules?: Rules;
  /** Algorithm templates; default every spec in spec/algorithms/. */
  templates?: readonly CircleTemplate[];
  measure?: MeasureOptions;
  /** Which circles to find besides the PCA ones (default both: PCA and Fourier planes). */
  circles?: CircleMode;
  /** Every neuron's fit in the report's `neurons` section (--neurons). */
  perNeuron?: boolean;
}

let defaultTemplates: CircleTemplate[] | undefined;

export async function auditCheckpoint(path: string, options: AuditOptions = {}): Promise<AuditReport> {
  const loaded = await loadCheckpoint(path, {
    ...(options.config !== undefined ? { config: options.config } : {}),
    ...(options.attn !== undefined ? { attn: options.attn } : {}),
    ...(options.key !== undefined ? { key: options.key } : {}),
  });
  return auditLoaded(path, loaded, options);
}

/** The audit of a checkpoint already loaded (population audits load it themselves to read its sidecar too). */
export function auditLoaded(path: string, loaded: LoadedCheckpoint, options: Pick<AuditOptions, 'rules' | 'templates' | 'measure' | 'circles' | 'perNeuron'> = {}): AuditReport {
  const templates = options.templates ?? (defaultTemplates ??= specTemplates());
  return auditNetwork(loaded.network, checkpointInfo(path, loaded), {
    rules: options.rules ?? loadRules(),
    templates,
    ...(options.measure ? { measure: options.measure } : {}),
    ...(options.circles ? { circles: options.circles } : {}),
    ...(options.perNeuron === true ? { perNeuron: true } : {}),
  });
}

/** What a report says about the checkpoint it audits. */
export function checkpointInfo(path: string, loaded: LoadedCheckpoint): CheckpointInfo {
  return { path, sha256: loaded.sha256, format: loaded.format, description: loaded.network.description, architecture: { ...loaded.architecture } };
}
