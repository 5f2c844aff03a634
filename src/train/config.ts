import { ClockpizzaError } from '../errors.js';
import type { Architecture } from '../model/architecture.js';
import { mlpArchitecture, mlpType, MLP_TYPE_NAMES, type MlpModelType } from '../model/families/mlp-only.js';
import { referenceArchitecture } from '../model/families/reference-transformer.js';
import { isPrime, KNOBS, type KnobName, type KnobOptions } from './knobs.js';

export type ModelKind = 'transformer' | `mlp-${MlpModelType}`;
export const MODEL_KINDS: readonly ModelKind[] = ['transformer', ...MLP_TYPE_NAMES.map((t) => `mlp-${t}` as const)];
export type Activation = 'relu' | 'gelu';
/** Which transformer step computes the gradients: the factorised one supports what fastStepUnsupported does not name. */
export type Implementation = 'auto' | 'fast' | 'straightforward';

/** What a caller asks for; everything but the attention rate has a default (the knobs: knobs.ts). */
export interface TrainOptions extends KnobOptions {
  /** Attention rate α ∈ [0, 1] (transformers only). */
  attn?: number;
  model?: ModelKind;
  /** d_model (transformer, default 128) or d_hidden (MLP-only, default 256). */
  width?: number;
  layers?: number;
  act?: Activation;
  /** Non-negative safe integer; a random one (recorded) when absent. */
  seed?: number;
  steps?: number;
  implementation?: Implementation;
}

/** A fully resolved training run: the reference's fixed hyper-parameters included. */
export interface TrainSpec {
  model: ModelKind;
  attn: number;
  width: number;
  layers: number;
  act: Activation;
  seed: number;
  steps: number;
  implementation: Exclude<Implementation, 'auto'>;
  p: number;
  frac: number;
  lr: number;
  weightDecay: number;
  nHeads: number;
  dHead: number;
  dMlp: number;
  beta1: number;
  beta2: number;
  warmup: number;
  /** Examples per step; ≥ the training split's size means full batch (the reference's default p²). */
  batch: number;
  diffVocab: boolean;
  eqnSign: boolean;
}

/** The largest modulus: p² pairs are held in memory many times over. */
export const MAX_P = 1000;

/**
 * What the fast step does not support in a spec (undefined when it supports all of it): it is
 * written for the 1-layer, 4-head transformer on plain [a, b] tokens, full batch, an MLP width
 * of a multiple of 4 (its SIMD lanes).
 */
export function fastStepUnsupported(spec: Omit<TrainSpec, 'implementation'>): string | undefined {
  if (spec.model !== 'transformer') return 'MLP-only models';
  const reasons = [
    spec.layers !== 1 ? `${spec.layers} layers (it needs 1)` : '',
    spec.nHeads !== 4 ? `${spec.nHeads} heads (it needs 4)` : '',
    spec.diffVocab ? 'diff_vocab' : '',
    spec.eqnSign ? 'eqn_sign' : '',
    spec.dMlp % 4 !== 0 ? `d_mlp ${spec.dMlp} (it needs a multiple of 4)` : '',
    spec.batch < Math.floor(spec.frac * spec.p * spec.p) ? `mini-batches of ${spec.batch} (it needs the full batch)` : '',
  ].filter(Boolean);
  return reasons.length > 0 ? reasons.join(', ') : undefined;
}

/** Things a user should hear about a spec: a non-prime modulus, the fast step falling back. */
export function specNotes(spec: TrainSpec, requested: Implementation = 'auto'): string[] {
  const notes: string[] = [];
  if (!isPrime(spec.p)) notes.push(`p = ${spec.p} is not prime: the theory (Clock, Pizza, the metrics' Fourier reading) assumes a prime modulus`);
  const unsupported = fastStepUnsupported(spec);
  if (requested === 'auto' && spec.model === 'transformer' && unsupported !== undefined) notes.push(`the fast step does not support ${unsupported}: using the straightforward step (slower, same function)`);
  return notes;
}

export const P = 59;
export const DEFAULT_STEPS = 20_000;

const field = (name: string) => ({ field: name });

/** Checks and completes options; every bad value is a ClockpizzaError naming the option. */
export function resolveSpec(options: TrainOptions, randomSeed: () => number = () => Math.floor(Math.random() * 2 ** 32)): TrainSpec {
  const model = options.model ?? 'transformer';
  if (!(MODEL_KINDS as readonly string[]).includes(model)) {
    throw new ClockpizzaError(`unknown model ${JSON.stringify(model)} (one of ${MODEL_KINDS.join(', ')})`, field('--model'));
  }
  const transformer = model === 'transformer';
  let attn = 0;
  if (transformer) {
    if (options.attn === undefined) throw new ClockpizzaError('the attention rate α is required for a transformer', field('--attn'));
    if (typeof options.attn !== 'number' || !Number.isFinite(options.attn) || options.attn < 0 || options.attn > 1) {
      throw new ClockpizzaError(`must be in [0, 1], got ${String(options.attn)}`, field('--attn'));
    }
    attn = options.attn;
  } else if (options.attn !== undefined) {
    throw new ClockpizzaError('an MLP-only model has no attention', field('--attn'));
  }
  const width = positiveInteger(options.width ?? (transformer ? 128 : 256), '--width');
  if (transformer && width < (options.heads ?? 4)) throw new ClockpizzaError(`must be at least ${options.heads ?? 4} (${options.heads ?? 4} heads), got ${width}`, field('--width'));
  if (!transformer && mlpType(mlpTypeOf(model)).inputs === 'concat' && width % 2 !== 0) {
    throw new ClockpizzaError(`type ${mlpTypeOf(model)} embeds in width/2: must be even, got ${width}`, field('--width'));
  }
  const layers = positiveInteger(options.layers ?? 1, '--layers');
  if (!transformer && options.layers !== undefined) throw new ClockpizzaError('MLP-only models have no layer count', field('--layers'));
  const act = options.act ?? 'relu';
  if (act !== 'relu' && act !== 'gelu') throw new ClockpizzaError(`unknown activation ${JSON.stringify(act)} (relu or gelu)`, field('--act'));
  if (!transformer && act !== 'relu') throw new ClockpizzaError('MLP-only models use ReLU', field('--act'));
  const steps = options.steps ?? DEFAULT_STEPS;
  if (typeof steps !== 'number' || !Number.isSafeInteger(steps) || steps < 0) {
    throw new ClockpizzaError(`must be a non-negative integer, got ${String(steps)}`, field('--steps'));
  }
  const seed = options.seed ?? randomSeed();
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new ClockpizzaError(`must be a non-negative integer, got ${String(seed)}`, field('--seed'));
  }
  const knobs = resolveKnobs(options, transformer, width);
  const requested = options.implementation ?? 'auto';
  if (!['auto', 'fast', 'straightforward'].includes(requested)) {
    throw new ClockpizzaError(`unknown implementation ${JSON.stringify(requested)} (auto, fast or straightforward)`, field('--implementation'));
  }
  // (key order: the fields every earlier version had first, so their run ids stay as they were)
  const base = { model, attn, width, layers, act, seed, steps };
  const { p, frac, lr, weightDecay, nHeads, ...rest } = knobs;
  const unsupported = fastStepUnsupported({ ...base, ...knobs });
  if (requested === 'fast' && unsupported !== undefined) throw new ClockpizzaError(`the fast step does not support ${unsupported}`, field('--implementation'));
  const implementation = requested === 'auto' ? (unsupported === undefined ? 'fast' : 'straightforward') : requested;
  return { ...base, implementation, p, frac, lr, weightDecay, nHeads, ...rest };
}

type Knobs = Pick<TrainSpec, 'p' | 'frac' | 'lr' | 'weightDecay' | 'nHeads' | 'dHead' | 'dMlp' | 'beta1' | 'beta2' | 'warmup' | 'batch' | 'diffVocab' | 'eqnSign'>;

/** The knobs with the reference's defaults filled in; a bad value is a ClockpizzaError naming its option. */
function resolveKnobs(options: KnobOptions, transformer: boolean, width: number): Knobs {
  const flag = (name: KnobName) => field(`--${KNOBS[name].flag}`);
  if (!transformer) {
    for (const name of Object.keys(KNOBS) as KnobName[]) {
      if (KNOBS[name].transformerOnly && options[name] !== undefined) throw new ClockpizzaError('applies to transformers only, not to MLP-only models', flag(name));
    }
  }
  const integer = (name: KnobName, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new ClockpizzaError(`must be an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? '∞' : max}], got ${String(value)}`, flag(name));
    }
    return value;
  };
  const real = (name: KnobName, value: unknown, ok: (x: number) => boolean, range: string): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) throw new ClockpizzaError(`must be ${range}, got ${String(value)}`, flag(name));
    return value;
  };
  const p = integer('p', options.p ?? P, 7, MAX_P);
  const nHeads = integer('heads', options.heads ?? 4, 1, width);
  const dHead = integer('dHead', options.dHead ?? Math.floor(width / nHeads), 1);
  const dMlp = integer('dMlp', options.dMlp ?? 4 * width, 1);
  const lr = real('lr', options.lr ?? 1e-3, (x) => x > 0, 'a positive number');
  const weightDecay = real('weightDecay', options.weightDecay ?? 2, (x) => x >= 0, 'a non-negative number');
  const betas = options.betas ?? (transformer ? [0.9, 0.98] : [0.9, 0.999]);
  if (!Array.isArray(betas) || betas.length !== 2) throw new ClockpizzaError(`must be two numbers β₁,β₂, got ${String(betas)}`, flag('betas'));
  const [beta1, beta2] = betas.map((b) => real('betas', b, (x) => x >= 0 && x < 1, 'in [0, 1)')) as [number, number];
  const warmup = integer('warmup', options.warmup ?? (transformer ? 10 : 0), 0);
  const frac = real('frac', options.frac ?? 0.8, (x) => x > 0 && x < 1, 'in (0, 1)');
  const nTrain = Math.floor(frac * p * p);
  if (nTrain < 1 || nTrain >= p * p) throw new ClockpizzaError(`leaves ${nTrain} of ${p * p} pairs for training: both train and test must be non-empty`, flag('frac'));
  const batch = integer('batch', options.batch ?? p * p, 1);
  const diffVocab = options.diffVocab ?? false;
  const eqnSign = options.eqnSign ?? false;
  if (typeof diffVocab !== 'boolean') throw new ClockpizzaError(`must be true or false, got ${String(diffVocab)}`, flag('diffVocab'));
  if (typeof eqnSign !== 'boolean') throw new ClockpizzaError(`must be true or false, got ${String(eqnSign)}`, flag('eqnSign'));
  return { p, frac, lr, weightDecay, nHeads, dHead, dMlp, beta1, beta2, warmup, batch, diffVocab, eqnSign };
}

/** The MLP-only type of an `mlp-…` model kind. */
export function mlpTypeOf(model: ModelKind): MlpModelType {
  return model.slice(4) as MlpModelType;
}

/** The architecture a spec trains: the reference transformer or an MLP-only type. */
export function trainArchitecture(spec: TrainSpec): Architecture {
  if (spec.model !== 'transformer') return mlpArchitecture(mlpTypeOf(spec.model), spec.p, spec.width);
  const { p, nHeads, dHead, dMlp, diffVocab, eqnSign } = spec;
  return referenceArchitecture({ p, dModel: spec.width, nHeads, nLayers: spec.layers, actFn: spec.act === 'relu' ? 'ReLU' : 'GeLU', attnCoeff: spec.attn, dHead, dMlp, diffVocab, eqnSign });
}

function positiveInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ClockpizzaError(`must be a positive integer, got ${String(value)}`, field(name));
  }
  return value;
}
