import type { Rules } from '../audit/rules.js';
import { decideVerdict } from '../audit/verdict.js';
import { METRIC_LIST } from '../metrics/list.js';
import { measureAll } from '../metrics/measure.js';
import type { UndefinedKind } from '../metrics/types.js';
import { networkFromTensors } from '../model/build.js';
import { tf } from '../model/backend.js';
import type { TensorMap } from '../io/tensor.js';
import { parseSidecar, type Sidecar } from '../io/sidecar.js';
import { familyOf } from '../model/families/index.js';
import { sidecarOf } from '../train/sidecar.js';
import { trainArchitecture, type TrainSpec } from '../train/config.js';
import { cloneParams, stateDict, type Params } from '../train/params.js';
import type { CurveRow } from '../train/trainer.js';
import type { Algorithm } from '../audit/rules.js';
import type { Lean } from '../audit/verdict.js';

/**
 * One audit during training: the weights after `step` updates, measured with every metric of
 * the metric list (the same `measureAll` an audit of the saved file runs, so the last snapshot
 * equals `clockpizza audit` of the run) and judged by the rule. Losses and accuracies are the
 * training step's own (the curve row at that step), not recomputed.
 */

export interface DynamicsHeader {
  kind: 'header';
  format: 1;
  run: { model: string; attn: number; width: number; layers: number; seed: number; steps: number };
  auditEvery: number;
  rule: { name: string; file: string };
  metricIds: Record<string, string>;
  /** Where --stop-when-stable stopped the run; null when it ran every step. */
  stoppedAt: number | null;
}

export interface Snapshot {
  kind: 'snapshot';
  step: number;
  trainLoss: number;
  testLoss: number;
  trainAcc: number;
  testAcc: number;
  /** Report key → value (null: undefined, its kind in undefinedKinds). */
  metrics: Record<string, number | null>;
  undefinedKinds?: Record<string, UndefinedKind>;
  verdict: { algorithm: Algorithm; lean: Lean };
}

export function dynamicsHeader(spec: TrainSpec, auditEvery: number, rules: Rules, stoppedAt: number | null): DynamicsHeader {
  return {
    kind: 'header',
    format: 1,
    run: { model: spec.model, attn: spec.attn, width: spec.width, layers: spec.layers, seed: spec.seed, steps: spec.steps },
    auditEvery,
    rule: { name: rules.name, file: rules.file },
    metricIds: Object.fromEntries(METRIC_LIST.map((d) => [d.key, d.id])),
    stoppedAt,
  };
}

/**
 * Audits the current weights. The weights are copied first: the network never shares memory
 * with the trainer, so training goes on bit for bit as without audits. Every tensor the
 * network puts on the engine is released when the measurement ends.
 */
export function auditSnapshot(spec: TrainSpec, params: Params, buffers: TensorMap, row: CurveRow, rules: Rules): Snapshot {
  const architecture = trainArchitecture(spec);
  const tensors = stateDict(cloneParams(params), buffers, familyOf(architecture).table(architecture).map((entry) => entry.name));
  const engine = tf.engine();
  engine.startScope();
  let measured;
  try {
    measured = measureAll(networkFromTensors(tensors, sidecarConfig(spec), `snapshot at step ${row.step}`)).metrics;
  } finally {
    engine.endScope();
  }
  const metrics: Record<string, number | null> = {};
  const undefinedKinds: Record<string, UndefinedKind> = {};
  for (const d of METRIC_LIST) {
    const result = measured[d.key];
    metrics[d.key] = result.value;
    if (result.value === null) undefinedKinds[d.key] = result.kind;
  }
  const verdict = decideVerdict(measured, rules);
  return {
    kind: 'snapshot',
    step: row.step,
    trainLoss: row.trainLoss,
    testLoss: row.testLoss,
    trainAcc: row.trainAcc,
    testAcc: row.testAcc,
    metrics,
    ...(Object.keys(undefinedKinds).length > 0 ? { undefinedKinds } : {}),
    verdict: { algorithm: verdict.algorithm, lean: verdict.lean },
  };
}

/** The sidecar the run will write, parsed as `audit` parses it from disk. */
function sidecarConfig(spec: TrainSpec): Sidecar {
  return parseSidecar(new TextEncoder().encode(JSON.stringify(sidecarOf(spec))), '<sidecar of the run being trained>');
}
