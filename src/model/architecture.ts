import { ClockpizzaError } from '../errors.js';
import type { TensorMap } from '../io/tensor.js';
import { inferWithFamilies } from './families/index.js';
import type { MlpModelType } from './families/mlp-only.js';

export type { MlpModelType } from './families/mlp-only.js';

/**
 * What a model needs from its JSON sidecar. A structural subset of the io layer's normalised
 * `Sidecar`, so a read sidecar, a hand-built literal (constructed networks) or nothing at all
 * (TransformerLens files) can be passed.
 */
export interface ModelConfig {
  /** The modulus (`C` in the released configs). */
  p?: number;
  attnCoeff?: number;
  nLayers?: number;
  dModel?: number;
  nHeads?: number;
  actFn?: string;
  modelType?: string;
  dHidden?: number;
  nVocab?: number;
  diffVocab?: boolean;
  eqnSign?: boolean;
  /** Head width (`d_head`, which the reference's code reads with default floor(d/H)). */
  dHead?: number;
  /** The stored layout a config names, for layouts whose tensor names are another's (families/progress-measures.ts). */
  layout?: string;
  /** MLP width (`d_mlp`: our key, the reference fixes 4d; a progress-measures config's). */
  dMlp?: number;
}

export type ActFn = 'ReLU' | 'GeLU';

/** The reference transformer (METRICS.md §2), in one of the layouts its families read. */
export interface TransformerArchitecture {
  family: 'transformer';
  /** Which family's layout the tensors were in: 'reference', 'transformer-lens' (families/). */
  layout: string;
  p: number;
  nLayers: number;
  dModel: number;
  nHeads: number;
  dHead: number;
  dMlp: number;
  /** Input vocabulary (rows of the token embedding). */
  nVocab: number;
  /** Outputs read at the last position (equals nVocab for the reference layout). */
  nOutputs: number;
  nCtx: number;
  actFn: ActFn;
  /** α: A = α·softmax + (1 − α). */
  attnCoeff: number;
  attnCoeffSource: 'sidecar' | 'option' | 'layout';
  /** TransformerLens semantics: biases added and a causal mask; the reference has neither. */
  biases: boolean;
  causalMask: boolean;
  diffVocab: boolean;
  eqnSign: boolean;
  /**
   * What gradient symmetricity differentiates (METRICS.md §4): 'raw-pair' (the default) feeds the
   * raw tokens [a, b] alone, the reference's quirk; 'sequence' feeds the model's whole input
   * (`[a, b, =]`) and takes the gradients at the positions of a and b.
   */
  gradientInput?: 'raw-pair' | 'sequence';
  /** Things taken as given because nothing in the files said otherwise. */
  assumptions: string[];
}

/** The tokens of input (a, b) as the reference's dataset builds them (METRICS.md §1): b shifted by p with diff_vocab, the `=` token last with eqn_sign. */
export function inputTokens(arch: TransformerArchitecture, a: number, b: number): number[] {
  const { p, diffVocab, eqnSign, nVocab } = arch;
  return [a, diffVocab ? b + p : b, ...(eqnSign ? [nVocab - 1] : [])];
}

/** The reference MLP-only models (METRICS.md §3). */
export interface MlpArchitecture {
  family: 'mlp';
  modelType: MlpModelType;
  p: number;
  nVocab: number;
  dEmbed: number;
  dHidden: number;
  assumptions: string[];
}

export type Architecture = TransformerArchitecture | MlpArchitecture;

export interface InferOptions {
  /** `--attn`: overrides the sidecar's attn_coeff (reference transformers only). */
  attn?: number;
  /** Names the file in errors. */
  source?: string;
}


/**
 * Infers the architecture from tensor names and shapes (through the model family that recognises
 * them, families/), then checks it against the sidecar. Every missing, mis-shaped or unexpected
 * tensor is a ClockpizzaError naming it.
 */
export function inferArchitecture(tensors: TensorMap, config: ModelConfig, options: InferOptions = {}): Architecture {
  const source = options.source ?? '<memory>';
  const ln = [...tensors.keys()].find((name) => /(^|\.)ln(_final|\d+)?(\.|$)/.test(name));
  if (ln !== undefined) {
    throw new ClockpizzaError('LayerNorm weights are not supported (the reference models have no LayerNorm)', { file: source, field: ln });
  }
  return inferWithFamilies(tensors, config, options, source);
}

/** One line for humans, e.g. "transformer (reference) 1 layer d=128 H=4 dh=32 ReLU α=0 p=59". */
export function describeArchitecture(a: Architecture): string {
  if (a.family === 'mlp') return `MLP-only type ${a.modelType} embed=${a.dEmbed} hidden=${a.dHidden} p=${a.p}`;
  const flags = [a.diffVocab ? 'diff_vocab' : '', a.eqnSign ? 'eqn_sign' : '', a.biases ? 'biases' : '', a.causalMask ? 'causal mask' : '', a.nOutputs < a.nVocab ? `logits over the first ${a.nOutputs} classes` : ''].filter(Boolean);
  return (
    `transformer (${a.layout}) ${a.nLayers} layer${a.nLayers === 1 ? '' : 's'} d=${a.dModel} H=${a.nHeads} dh=${a.dHead} ${a.actFn} ` +
    `α=${a.attnCoeff} p=${a.p} V=${a.nVocab}${flags.length ? ` (${flags.join(', ')})` : ''}`
  );
}
