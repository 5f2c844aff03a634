import type { TensorMap } from '../io/tensor.js';
import { tensorEngine } from '../model/backend.js';
import { AdamW, adamWOf } from './adamw.js';
import { fastStepUnsupported, resolveSpec, type TrainOptions, type TrainSpec } from './config.js';
import { InternalError } from '../errors.js';
import { batchOf, type StepEngine } from './engine.js';
import { FastEngine } from './fast.js';
import { initialParams } from './init.js';
import type { Params } from './params.js';
import { seededSplit, type Split } from './split.js';
import { StraightforwardEngine } from './straightforward.js';

/** One row of the learning curve: losses and accuracies at `step`, before its update. */
export interface CurveRow {
  step: number;
  trainLoss: number;
  testLoss: number;
  trainAcc: number;
  testAcc: number;
}

export interface TrainProgress extends CurveRow {
  steps: number;
  elapsedMs: number;
}

export type ProgressCallback = (progress: TrainProgress) => void;

/**
 * Audits during training (`--audit-every`): `take` sees the weights after `step` updates at
 * every multiple of `every` and after the last step, with that step's losses and accuracies;
 * it must not change the weights. Returning true stops training there (`--stop-when-stable`).
 */
export interface TrainAudit {
  readonly every: number;
  take(step: number, params: Params, row: CurveRow): boolean;
}

export interface TrainResult {
  spec: TrainSpec;
  split: Split;
  /** Weights after `spec.steps` updates. */
  params: Params;
  /** Non-trainable buffers saved with the weights (the reference's unused attention masks). */
  buffers: TensorMap;
  curve: CurveRow[];
  elapsedMs: number;
  /** The step at which an audit stopped training (the weights are those after it); absent when every step ran. */
  stoppedAt?: number;
}

/** The engine for a spec: the factorised step where it applies, else the straightforward one. */
export async function makeEngine(spec: TrainSpec, split: Split, implementation = spec.implementation): Promise<StepEngine> {
  await tensorEngine();
  const train = batchOf(split.train, spec.p);
  const test = batchOf(split.test, spec.p);
  // (a fast step asked for a spec it does not support is refused by resolveSpec; this guards direct callers)
  if (implementation === 'fast' && fastStepUnsupported(spec) !== undefined) throw new InternalError(`the fast step does not support ${fastStepUnsupported(spec)}`);
  return implementation === 'fast' ? new FastEngine(spec, train, test) : new StraightforwardEngine(spec, train, test);
}

/**
 * Trains from given weights and split: `spec.steps` AdamW steps with the reference's schedule
 * (full batch, or the split's mini-batches in turn as the reference's unshuffled DataLoader); the
 * params are updated in place and returned. With an audit, the weights are shown to it before the
 * update of every K-th step and once more after the last update (one extra evaluation, which
 * changes nothing); it may stop training early.
 */
export async function runSteps(
  spec: TrainSpec,
  params: Params,
  split: Split,
  onProgress?: ProgressCallback,
  engine?: StepEngine,
  audit?: TrainAudit,
): Promise<{ params: Params; curve: CurveRow[]; elapsedMs: number; stoppedAt?: number }> {
  const owned = engine === undefined;
  const stepEngine = engine ?? (await makeEngine(spec, split));
  const optimizer = new AdamW(adamWOf(spec), params);
  const curve: CurveRow[] = [];
  const start = performance.now();
  const evaluateAt = (step: number): { row: CurveRow; grads: Float32Array[] } => {
    const r = stepEngine.evaluate(params, step);
    return { row: { step, trainLoss: r.trainLoss, testLoss: r.testLoss, trainAcc: r.trainAcc, testAcc: r.testAcc }, grads: r.grads };
  };
  try {
    for (let step = 0; step < spec.steps; step++) {
      const { row, grads } = evaluateAt(step);
      curve.push(row);
      if (audit !== undefined && step % audit.every === 0 && audit.take(step, params, row)) {
        return { params, curve, elapsedMs: performance.now() - start, stoppedAt: step };
      }
      optimizer.step(params, grads, step);
      onProgress?.({ ...row, steps: spec.steps, elapsedMs: performance.now() - start });
    }
    if (audit !== undefined) {
      audit.take(spec.steps, params, evaluateAt(spec.steps).row);
    }
  } finally {
    if (owned) stepEngine.dispose();
  }
  return { params, curve, elapsedMs: performance.now() - start };
}

/** Trains one model from options: seeded split, seeded reference init, `steps` steps. */
export async function train(options: TrainOptions, onProgress?: ProgressCallback, audit?: (spec: TrainSpec, buffers: TensorMap) => TrainAudit): Promise<TrainResult> {
  const spec = resolveSpec(options);
  const split = seededSplit(spec.seed, spec.p, spec.frac);
  const { params, buffers } = initialParams(spec);
  const { curve, elapsedMs, stoppedAt } = await runSteps(spec, params, split, onProgress, undefined, audit?.(spec, buffers));
  return { spec, split, params, buffers, curve, elapsedMs, ...(stoppedAt !== undefined ? { stoppedAt } : {}) };
}
