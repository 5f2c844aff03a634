import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { auditCheckpoint } from '../audit/audit.js';
import type { AuditReport } from '../audit/report.js';
import { ClockpizzaError } from '../errors.js';
import { writeSafetensors } from '../io/safetensors.js';
import { writeSidecar } from '../io/sidecar.js';
import { stateDict } from '../train/params.js';
import { train, type TrainResult } from '../train/trainer.js';
import type { SweepJob } from './grid.js';
import type { SweepResult } from './results.js';

/**
 * One sweep job: train the run (seeded, so it reproduces bit for bit), save its checkpoint
 * under DIR/runs/<runid>/, audit the saved file exactly as `clockpizza audit` would, and turn
 * the audit into the run's results line. Auditing the file rather than the weights in memory
 * means the line can be re-derived later from what is on disk.
 */

/** The run's directory, relative to the sweep directory (recorded in the results line). */
export function runDirectory(runid: string): string {
  return join('runs', runid);
}

/** The reference's config keys (config_<runid>.json), so the checkpoint loads anywhere a released one does. */
function sidecarOf(job: SweepJob, trained: TrainResult): Record<string, unknown> {
  const s = trained.spec;
  return {
    C: s.p,
    n_layers: s.layers,
    n_heads: s.nHeads,
    d_model: s.width,
    act_fn: s.act === 'gelu' ? 'GeLU' : 'ReLU',
    attn_coeff: s.attn,
    diff_vocab: false,
    eqn_sign: false,
    epoch: s.steps,
    lr: s.lr,
    weight_decay: s.weightDecay,
    frac: s.frac,
    runid: job.runid,
    seed: s.seed,
  };
}

/** Saves weights + sidecar (each written atomically). */
function saveCheckpoint(dir: string, job: SweepJob, trained: TrainResult): string {
  mkdirSync(dir, { recursive: true });
  const model = join(dir, 'model.safetensors');
  writeSafetensors(model, stateDict(trained.params, trained.buffers), { runid: job.runid, seed: String(job.seed) });
  writeSidecar(join(dir, 'model.json'), sidecarOf(job, trained));
  return model;
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
    verdict: { algorithm: report.verdict.algorithm, lean: report.verdict.lean, reasons: report.verdict.reasons },
    metrics: report.metrics as SweepResult['metrics'],
    circles: report.circles.map((c) => ({ components: c.components, delta: c.delta, frequency: c.frequency, role: c.role })),
    checkpoint: join(runDirectory(job.runid), 'model.safetensors'),
  };
}

export async function runJob(job: SweepJob, sweepDir: string): Promise<SweepResult> {
  try {
    const trained = await train({ attn: job.attn, width: job.width, layers: job.layers, seed: job.seed, steps: job.steps });
    const model = saveCheckpoint(join(sweepDir, runDirectory(job.runid)), job, trained);
    const report = await auditCheckpoint(model);
    return sweepResultOf(job, report);
  } catch (error) {
    if (error instanceof ClockpizzaError) throw new ClockpizzaError(`run ${job.runid}: ${error.message}`);
    throw error;
  }
}
