import { join, posix } from 'node:path';
import { auditCheckpoint } from '../audit/audit.js';
import type { AuditReport } from '../audit/report.js';
import { ClockpizzaError } from '../errors.js';
import { loadRules } from '../audit/rules.js';
import type { DynamicsRecorder } from '../dynamics/recorder.js';
import { recorderFor } from '../dynamics/settings.js';
import { RUN_FILES, writeRun } from '../train/outputs.js';
import { train, type TrainResult } from '../train/trainer.js';
import type { SweepJob } from './grid.js';
import { KNOB_NAMES, KNOBS, type KnobOptions } from '../train/knobs.js';
import type { TensorMap } from '../io/tensor.js';
import type { TrainSpec } from '../train/config.js';
import { auditFieldsOf, type SweepResult } from './results.js';

/**
 * One sweep job: train the run (seeded, so it reproduces bit for bit), save its checkpoint
 * under DIR/runs/<runid>/, audit the saved file exactly as `clockpizza audit` would, and turn
 * the audit into the run's results line. Auditing the file rather than the weights in memory
 * means the line can be re-derived later from what is on disk.
 */

/** The run's directory, relative to the sweep directory (recorded in the results line). */
export function runDirectory(runid: string): string {
  // POSIX separators on every platform: the line must be the same bytes everywhere.
  return posix.join('runs', runid);
}

/**
 * Saves the run with the trainer's own writer (split.json, curve.csv, model.json, then
 * model.safetensors; each atomic). A run killed mid-way is simply rewritten on resume.
 */
function saveCheckpoint(dir: string, trained: TrainResult, dynamics: string | undefined): string {
  writeRun(dir, trained, 1, dynamics);
  return join(dir, RUN_FILES.weights);
}

/** The results line of an audited run: deterministic (no timings, no absolute paths), so a rerun writes the same bytes. */
export function sweepResultOf(job: SweepJob, report: AuditReport): SweepResult {
  return {
    runid: job.runid,
    seed: job.seed,
    attn: job.attn,
    width: job.width,
    layers: job.layers,
    steps: job.steps,
    diffVocab: job.knobs?.diffVocab ?? false,
    eqnSign: job.knobs?.eqnSign ?? false,
    ...(job.knobs ? { config: knobConfig(job.knobs) } : {}),
    ...auditFieldsOf(report),
    checkpoint: posix.join(runDirectory(job.runid), RUN_FILES.weights),
  };
}

/** A job's knobs under the reference's config keys (`C`, `n_heads`, `lr`, …), as its sidecar names them. */
export function knobConfig(knobs: KnobOptions): Record<string, unknown> {
  return Object.fromEntries(KNOB_NAMES.filter((name) => knobs[name] !== undefined).map((name) => [KNOBS[name].configKey, knobs[name]]));
}

/**
 * The results line of a finished run audited again under the job's (new) rule, from its saved
 * checkpoint: `sweep --force` with another `--rule`. The verdict and the circle roles follow the
 * new rule; where training stopped (`stoppedAt`, decided by the old rule's verdicts under
 * --stop-when-stable) and the snapshots in dynamics.jsonl stay as trained.
 */
export async function reauditJob(job: SweepJob, sweepDir: string, stored: SweepResult): Promise<SweepResult> {
  const report = await auditCheckpoint(join(sweepDir, runDirectory(job.runid), RUN_FILES.weights), { rules: job.rule ?? loadRules(), perNeuron: true });
  return { ...sweepResultOf(job, report), ...(stored['stoppedAt'] !== undefined ? { stoppedAt: stored['stoppedAt'] } : {}) };
}

export async function runJob(job: SweepJob, sweepDir: string): Promise<SweepResult> {
  try {
    const settings = job.dynamics;
    let recorder: DynamicsRecorder | undefined;
    // The plan's rule (--rule) judges both the results row and the dynamics' snapshots.
    const rules = job.rule ?? loadRules();
    const audit = settings && ((spec: TrainSpec, buffers: TensorMap) => (recorder = recorderFor(settings, spec, buffers, rules)));
    const trained = await train({ attn: job.attn, width: job.width, layers: job.layers, seed: job.seed, steps: job.steps, ...job.knobs }, undefined, audit);
    const model = saveCheckpoint(join(sweepDir, runDirectory(job.runid)), trained, recorder?.text());
    const report = await auditCheckpoint(model, { rules, perNeuron: true });
    return { ...sweepResultOf(job, report), ...(trained.stoppedAt !== undefined ? { stoppedAt: trained.stoppedAt } : {}) };
  } catch (error) {
    if (error instanceof ClockpizzaError) throw new ClockpizzaError(`run ${job.runid}: ${error.message}`);
    throw error;
  }
}
