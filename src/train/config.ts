import { ClockpizzaError } from '../errors.js';
import type { Architecture } from '../model/architecture.js';
import { mlpArchitecture, mlpType, MLP_TYPE_NAMES, type MlpModelType } from '../model/families/mlp-only.js';
import { referenceArchitecture } from '../model/families/reference-transformer.js';

export type ModelKind = 'transformer' | `mlp-${MlpModelType}`;
export const MODEL_KINDS: readonly ModelKind[] = ['transformer', ...MLP_TYPE_NAMES.map((t) => `mlp-${t}` as const)];
export type Activation = 'relu' | 'gelu';
/** Which transformer step computes the gradients: the factorised one needs 1 layer, 2 tokens. */
export type Implementation = 'auto' | 'fast' | 'straightforward';

/** What a caller asks for; everything but the attention rate has a default. */
export interface TrainOptions {
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
  if (transformer && width < 4) throw new ClockpizzaError(`must be at least 4 (4 heads), got ${width}`, field('--width'));
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
  const fastFits = transformer && layers === 1;
  const requested = options.implementation ?? 'auto';
  if (!['auto', 'fast', 'straightforward'].includes(requested)) {
    throw new ClockpizzaError(`unknown implementation ${JSON.stringify(requested)} (auto, fast or straightforward)`, field('--implementation'));
  }
  if (requested === 'fast' && !fastFits) throw new ClockpizzaError('the fast step needs a 1-layer transformer', field('--implementation'));
  const implementation = requested === 'auto' ? (fastFits ? 'fast' : 'straightforward') : requested;
  return { model, attn, width, layers, act, seed, steps, implementation, p: P, frac: 0.8, lr: 1e-3, weightDecay: 2, nHeads: 4 };
}

/** The MLP-only type of an `mlp-…` model kind. */
export function mlpTypeOf(model: ModelKind): MlpModelType {
  return model.slice(4) as MlpModelType;
}

/** The architecture a spec trains: the reference transformer (plain [a, b] tokens, vocab p) or an MLP-only type. */
export function trainArchitecture(spec: TrainSpec): Architecture {
  if (spec.model !== 'transformer') return mlpArchitecture(mlpTypeOf(spec.model), spec.p, spec.width);
  return referenceArchitecture({ p: spec.p, dModel: spec.width, nHeads: spec.nHeads, nLayers: spec.layers, actFn: spec.act === 'relu' ? 'ReLU' : 'GeLU', attnCoeff: spec.attn });
}

function positiveInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ClockpizzaError(`must be a positive integer, got ${String(value)}`, field(name));
  }
  return value;
}
