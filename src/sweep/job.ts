import { join, posix } from 'node:path';
import { auditCheckpoint } from '../audit/audit.js';
import type { AuditReport } from '../audit/report.js';
import { ClockpizzaError } from '../errors.js';
import { RUN_FILES, writeRun } from '../train/outputs.js';
import { train, type TrainResult } from '../train/trainer.js';
import type { SweepJob } from './grid.js';
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
function saveCheckpoint(dir: string, trained: TrainResult): string {
  writeRun(dir, trained);
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
    diffVocab: false,
    eqnSign: false,
    ...auditFieldsOf(report),
    checkpoint: posix.join(runDirectory(job.runid), RUN_FILES.weights),
  };
}

export async function runJob(job: SweepJob, sweepDir: string): Promise<SweepResult> {
  try {
    const trained = await train({ attn: job.attn, width: job.width, layers: job.layers, seed: job.seed, steps: job.steps });
    const model = saveCheckpoint(join(sweepDir, runDirectory(job.runid)), trained);
    const report = await auditCheckpoint(model);
    return sweepResultOf(job, report);
  } catch (error) {
    if (error instanceof ClockpizzaError) throw new ClockpizzaError(`run ${job.runid}: ${error.message}`);
    throw error;
  }
}
