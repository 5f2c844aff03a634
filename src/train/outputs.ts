import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ClockpizzaError } from '../errors.js';
import { writeAllOrNone } from '../io/atomic-write.js';
import { encodeSafetensors } from '../io/safetensors.js';
import { sidecarText } from '../io/sidecar.js';
import { trainArchitecture } from './config.js';
import { sidecarOf } from './sidecar.js';
import { familyOf } from '../model/families/index.js';
import { stateDict } from './params.js';
import type { CurveRow, TrainResult } from './trainer.js';

/** The files of a run directory; the weights are written last and mark the run complete. */
export const RUN_FILES = { weights: 'model.safetensors', sidecar: 'model.json', split: 'split.json', curve: 'curve.csv' } as const;

/** Written only when asked for (`--audit-every`: the snapshots' audits, spec/schemas/dynamics.schema.json). */
export const OPTIONAL_RUN_FILES = { dynamics: 'dynamics.jsonl' } as const;

export function curveCsv(curve: readonly CurveRow[], every = 1): string {
  const lines = ['step,train_loss,test_loss,train_acc,test_acc'];
  for (const r of curve) if (r.step % every === 0 || r.step === curve.length - 1) lines.push(`${r.step},${r.trainLoss},${r.testLoss},${r.trainAcc},${r.testAcc}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Refuses a directory that already holds (part of) a run unless `force`; with `force` the old
 * weights are removed first, so an interrupted retrain never leaves a complete-looking run.
 */
export function prepareRunDir(dir: string, force: boolean): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new ClockpizzaError('exists and is not a directory', { file: dir, field: '--out' });
    const present = [...Object.values(RUN_FILES), ...Object.values(OPTIONAL_RUN_FILES)].filter((f) => existsSync(join(dir, f)));
    if (present.length > 0 && !force) {
      throw new ClockpizzaError(`already holds a run (${present.join(', ')}); pass --force to overwrite it`, { file: dir, field: '--out' });
    }
    if (force) {
      rmSync(join(dir, RUN_FILES.weights), { force: true });
      // a rerun without --audit-every must not leave the old run's dynamics beside the new weights
      rmSync(join(dir, OPTIONAL_RUN_FILES.dynamics), { force: true });
    }
  } else {
    mkdirSync(dir, { recursive: true });
  }
}

/**
 * Writes split, curve, sidecar, the dynamics (when given) and weights all or none (temporary
 * names, fsync, then renames with the weights last): a full disk leaves no partial run to block
 * a retry. `curveEvery` keeps every k-th row of the curve (and the last), for small committed fixtures.
 */
export function writeRun(dir: string, result: TrainResult, curveEvery = 1, dynamics?: string): void {
  mkdirSync(dir, { recursive: true });
  const { spec, split } = result;
  const weights = join(dir, RUN_FILES.weights);
  const a = trainArchitecture(spec);
  writeAllOrNone([
    { path: join(dir, RUN_FILES.split), bytes: `${JSON.stringify({ seed: spec.seed, p: spec.p, frac: spec.frac, enumeration: 'a*p+b', train: split.train, test: split.test })}\n` },
    { path: join(dir, RUN_FILES.curve), bytes: curveCsv(result.curve, curveEvery) },
    ...(dynamics !== undefined ? [{ path: join(dir, OPTIONAL_RUN_FILES.dynamics), bytes: dynamics }] : []),
    { path: join(dir, RUN_FILES.sidecar), bytes: sidecarText(join(dir, RUN_FILES.sidecar), sidecarOf(spec, result.stoppedAt ?? spec.steps)) },
    { path: weights, bytes: encodeSafetensors(stateDict(result.params, result.buffers, familyOf(a).table(a).map((entry) => entry.name)), undefined, weights) },
  ]);
}
