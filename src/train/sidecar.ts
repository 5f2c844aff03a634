import { createHash } from 'node:crypto';
import { ClockpizzaError } from '../errors.js';
import { transformerSidecarFields } from '../model/families/reference-transformer.js';
import type { TransformerArchitecture } from '../model/architecture.js';
import { mlpTypeOf, trainArchitecture, type ModelKind, type TrainOptions, type TrainSpec } from './config.js';
import { miniBatchCount } from './split.js';

/**
 * A run's JSON sidecar in the reference's format (`config_<runid>.json`: its keys, its order), so
 * a run of ours reads like one of theirs, and back: the training options a sidecar records.
 * Keys the reference's config never has (`d_head` unless set, `d_mlp`, `betas`, `warmup`) are
 * written only when the value differs from what the reference's code fixes; `seed` is ours.
 */

/** The spec's fields that earlier versions did not have, with the values they then always had. */
const ADDED_DEFAULTS = { beta1: 0.9, beta2: 0.98, warmup: 10, diffVocab: false, eqnSign: false } as const;

/**
 * A run id in the reference's style (10 characters of [a-z0-9]), determined by the spec. Fields
 * added with the training knobs count only when they differ from the reference's defaults, so a
 * default run keeps the id it always had.
 */
export function runIdOf(spec: TrainSpec): string {
  const arch = trainArchitecture(spec);
  const implied = {
    ...ADDED_DEFAULTS,
    ...(spec.model === 'transformer' ? {} : { beta2: 0.999, warmup: 0 }),
    dHead: arch.family === 'transformer' ? Math.floor(arch.dModel / arch.nHeads) : spec.dHead,
    dMlp: spec.width * 4,
    batch: spec.p * spec.p,
  };
  const hashed = Object.fromEntries(Object.entries(spec).filter(([key, value]) => !(key in implied) || implied[key as keyof typeof implied] !== value));
  const digest = createHash('sha256').update(JSON.stringify(hashed)).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(digest.subarray(0, 10), (byte) => alphabet[byte % 36]).join('');
}

/** The reference-format sidecar of a spec, plus the seed; `epoch` counts the steps taken (fewer than asked when stopped early). */
export function sidecarOf(spec: TrainSpec, stepsTaken: number = spec.steps): Record<string, unknown> {
  const runid = runIdOf(spec);
  const batches = miniBatchCount(spec);
  // The reference counts epochs (passes over its DataLoader); --steps counts optimizer steps;
  // a run stopped early (--stop-when-stable) records the steps it took.
  const epoch = Math.ceil(stepsTaken / batches);
  const optimizer = {
    ...(spec.model === 'transformer' ? spec.beta1 !== 0.9 || spec.beta2 !== 0.98 : spec.beta1 !== 0.9 || spec.beta2 !== 0.999) ? { betas: [spec.beta1, spec.beta2] } : {},
    ...(spec.warmup !== (spec.model === 'transformer' ? 10 : 0) ? { warmup: spec.warmup } : {}),
    ...(batches > 1 ? { steps: stepsTaken } : {}),
  };
  if (spec.model === 'transformer') {
    const { d_head, d_mlp } = transformerSidecarFields(trainArchitecture(spec) as TransformerArchitecture);
    return {
      name: `modadd_${spec.p}`,
      funcs: `lambda x: (x[0]+x[1])%${spec.p}`,
      C: spec.p,
      n_heads: spec.nHeads,
      d_model: spec.width,
      n_layers: spec.layers,
      attention_dir: 'casual',
      act_fn: spec.act === 'relu' ? 'ReLU' : 'GeLU',
      epoch,
      batch_size: spec.batch,
      lr: spec.lr,
      weight_decay: spec.weightDecay,
      frac: spec.frac,
      attn_coeff: spec.attn,
      runid,
      diff_vocab: spec.diffVocab,
      eqn_sign: spec.eqnSign,
      func: null,
      seed: spec.seed,
      ...(d_head !== undefined ? { d_head } : {}),
      ...(d_mlp !== undefined ? { d_mlp } : {}),
      ...optimizer,
    };
  }
  return {
    C: spec.p, model_type: mlpTypeOf(spec.model), n_vocab: spec.p, d_model: spec.width, d_hidden: spec.width, epoch, lr: spec.lr, weight_decay: spec.weightDecay, frac: spec.frac, runid, func: null, seed: spec.seed,
    ...(spec.batch !== spec.p * spec.p ? { batch_size: spec.batch } : {}),
    ...optimizer,
  };
}

/**
 * The training options a reference-format config records (ours or the reference's own): the
 * inverse of sidecarOf. Steps are the sidecar's `steps`, else its `epoch` times the batches per
 * epoch. A value of the wrong type is a ClockpizzaError naming the file and key.
 */
export function trainOptionsOf(config: Record<string, unknown>, file = '<config>'): TrainOptions {
  const get = <T>(key: string, check: (v: unknown) => v is T, what: string): T | undefined => {
    const v = config[key];
    if (v === undefined) return undefined;
    if (!check(v)) throw new ClockpizzaError(`expected ${what}, got ${JSON.stringify(v)}`, { file, field: key });
    return v;
  };
  const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const flag = (v: unknown): v is boolean | 0 | 1 => v === true || v === false || v === 0 || v === 1;
  const str = (v: unknown): v is string => typeof v === 'string';
  const pair = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every(num);
  const modelType = get('model_type', str, 'an MLP type letter');
  const model: ModelKind = modelType === undefined ? 'transformer' : (`mlp-${modelType}` as ModelKind);
  const options: TrainOptions = { model };
  const set = <K extends keyof TrainOptions>(key: K, value: TrainOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set('attn', get('attn_coeff', num, 'a number'));
  set('width', get(model === 'transformer' ? 'd_model' : 'd_hidden', num, 'an integer'));
  set('layers', get('n_layers', num, 'an integer'));
  const act = get('act_fn', str, '"ReLU" or "GeLU"');
  if (act !== undefined) options.act = act === 'GeLU' ? 'gelu' : 'relu';
  set('seed', get('seed', num, 'an integer'));
  set('p', get('C', num, 'an integer'));
  set('heads', get('n_heads', num, 'an integer'));
  set('dHead', get('d_head', num, 'an integer'));
  set('dMlp', get('d_mlp', num, 'an integer'));
  set('lr', get('lr', num, 'a number'));
  set('weightDecay', get('weight_decay', num, 'a number'));
  set('betas', get('betas', pair, 'two numbers'));
  set('warmup', get('warmup', num, 'an integer'));
  set('frac', get('frac', num, 'a number'));
  set('batch', get('batch_size', num, 'an integer'));
  const diffVocab = get('diff_vocab', flag, '0, 1, false or true');
  if (diffVocab !== undefined) options.diffVocab = diffVocab === true || diffVocab === 1;
  const eqnSign = get('eqn_sign', flag, '0, 1, false or true');
  if (eqnSign !== undefined) options.eqnSign = eqnSign === true || eqnSign === 1;
  const steps = get('steps', num, 'an integer');
  const epoch = get('epoch', num, 'an integer');
  if (steps !== undefined) options.steps = steps;
  else if (epoch !== undefined) options.steps = epoch; // (full batch: one step per epoch; mini-batch sidecars of ours carry `steps`)
  return options;
}
