import { ClockpizzaError } from '../errors.js';
import type { Tensor, TensorMap } from '../io/tensor.js';
import { BUFFER_NAME } from './parameters.js';

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
}

export type ActFn = 'ReLU' | 'GeLU';
export type MlpModelType = 'A' | 'B' | 'C' | 'D' | 'X';

/** The reference transformer (METRICS.md §2) or TransformerLens's HookedTransformer naming of it. */
export interface TransformerArchitecture {
  family: 'transformer';
  layout: 'reference' | 'transformer-lens';
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
  /** Things taken as given because nothing in the files said otherwise. */
  assumptions: string[];
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
 * Infers the architecture from tensor names and shapes, then checks it against the sidecar.
 * Every missing, mis-shaped or unexpected tensor is a ClockpizzaError naming it.
 */
export function inferArchitecture(tensors: TensorMap, config: ModelConfig, options: InferOptions = {}): Architecture {
  const source = options.source ?? '<memory>';
  const ln = [...tensors.keys()].find((name) => /(^|\.)ln(_final|\d+)?(\.|$)/.test(name));
  if (ln !== undefined) {
    throw new ClockpizzaError('LayerNorm weights are not supported (the reference models have no LayerNorm)', { file: source, field: ln });
  }
  const shapes = new ShapeChecker(tensors, source);
  let architecture: Architecture;
  if (tensors.has('l1.weight')) {
    architecture = inferMlp(shapes, config, options);
  } else if (tensors.has('embed.W_E')) {
    const wo = tensors.get('blocks.0.attn.W_O');
    architecture = wo !== undefined && wo.shape.length === 3 ? inferTransformerLens(shapes, config, options) : inferReference(shapes, config, options);
  } else {
    throw new ClockpizzaError(
      'not a known layout: expected `embed.W_E` (transformer) or `l1.weight` (MLP-only model); ' + `found ${[...tensors.keys()].slice(0, 6).join(', ')}${tensors.size > 6 ? ', …' : ''}`,
      { file: source },
    );
  }
  shapes.rejectUnused();
  return architecture;
}

/** Checks presence, rank, dtype and shape of each tensor it is asked for, and remembers which were used. */
class ShapeChecker {
  private readonly used = new Set<string>();
  constructor(
    readonly tensors: TensorMap,
    readonly source: string,
  ) {}

  has(name: string): boolean {
    return this.tensors.has(name);
  }

  /** The tensor's shape, checked against `expected` (null entries are free and returned). */
  expect(name: string, expected: (number | null)[]): number[] {
    const tensor = this.tensors.get(name);
    const shown = `[${expected.map((s) => (s === null ? '?' : s)).join(', ')}]`;
    if (tensor === undefined) throw new ClockpizzaError(`missing tensor (expected shape ${shown})`, { file: this.source, field: name });
    this.used.add(name);
    if (!isFloat(tensor)) throw new ClockpizzaError(`expected a floating-point tensor, got ${tensor.dtype}`, { file: this.source, field: name });
    const ok = tensor.shape.length === expected.length && expected.every((s, i) => s === null || s === tensor.shape[i]);
    if (!ok) throw new ClockpizzaError(`expected shape ${shown}, got [${tensor.shape.join(', ')}]`, { file: this.source, field: name });
    return tensor.shape;
  }

  rejectUnused(): void {
    for (const name of this.tensors.keys()) {
      if (!this.used.has(name) && !BUFFER_NAME.test(name)) {
        throw new ClockpizzaError('unexpected tensor for this architecture (refusing to ignore a parameter)', { file: this.source, field: name });
      }
    }
  }
}

function isFloat(tensor: Tensor): boolean {
  return tensor.dtype === 'F32' || tensor.dtype === 'F64' || tensor.dtype === 'F16' || tensor.dtype === 'BF16';
}

function countLayers(shapes: ShapeChecker): number {
  const indices = new Set<number>();
  for (const name of shapes.tensors.keys()) {
    const m = /^blocks\.(\d+)\./.exec(name);
    if (m) indices.add(Number(m[1]));
  }
  const n = indices.size;
  for (let i = 0; i < n; i++) {
    if (!indices.has(i)) throw new ClockpizzaError(`blocks are not numbered 0..${n - 1} (block ${i} missing)`, { file: shapes.source, field: `blocks.${i}` });
  }
  if (n === 0) throw new ClockpizzaError('missing tensor (a transformer needs at least one block)', { file: shapes.source, field: 'blocks.0.attn.W_Q' });
  return n;
}

function mismatch(source: string, field: string, what: string, fromSidecar: unknown, fromTensors: unknown): ClockpizzaError {
  return new ClockpizzaError(`sidecar says ${what} = ${String(fromSidecar)} but the tensors say ${String(fromTensors)}`, { file: source, field });
}

function checkAgainst(source: string, field: string, what: string, fromSidecar: unknown, fromTensors: unknown): void {
  if (fromSidecar !== undefined && fromSidecar !== fromTensors) throw mismatch(source, field, what, fromSidecar, fromTensors);
}

function actFnOf(config: ModelConfig, source: string, assumptions: string[], defaultNote: string): ActFn {
  if (config.actFn === undefined) {
    assumptions.push(defaultNote);
    return 'ReLU';
  }
  const lower = config.actFn.toLowerCase();
  if (lower === 'relu') return 'ReLU';
  if (lower === 'gelu') return 'GeLU';
  throw new ClockpizzaError(`unsupported activation ${JSON.stringify(config.actFn)} (ReLU or GeLU)`, { file: source, field: 'act_fn' });
}

function checkAlpha(alpha: number, source: string, field: string): number {
  if (!Number.isFinite(alpha) || alpha < 0 || alpha > 1) throw new ClockpizzaError(`attention rate must lie in [0, 1], got ${alpha}`, { file: source, field });
  return alpha;
}

/** The vocabulary implied by the data flags (METRICS.md §1). */
function expectedVocab(p: number, diffVocab: boolean, eqnSign: boolean): number {
  return p * (diffVocab ? 2 : 1) + (eqnSign ? 1 : 0);
}

function inferReference(shapes: ShapeChecker, config: ModelConfig, options: InferOptions): TransformerArchitecture {
  const source = shapes.source;
  const assumptions: string[] = [];
  const [d, nVocab] = shapes.expect('embed.W_E', [null, null]) as [number, number];
  const [nCtx] = shapes.expect('pos_embed.W_pos', [null, d]) as [number];
  shapes.expect('unembed.W_U', [d, nVocab]);
  const nLayers = countLayers(shapes);
  const [nHeads, dHead] = shapes.expect('blocks.0.attn.W_Q', [null, null, d]) as [number, number];
  // The reference's head width is floor(d/H): d = 75, H = 4 gives dh = 18 and a 75×72 W_O.
  if (dHead !== Math.floor(d / nHeads)) {
    throw new ClockpizzaError(`expected shape [${nHeads}, ${Math.floor(d / nHeads)}, ${d}] (head width floor(d/H)), got [${nHeads}, ${dHead}, ${d}]`, { file: source, field: 'blocks.0.attn.W_Q' });
  }
  const dMlp = 4 * d;
  for (let i = 0; i < nLayers; i++) {
    const b = `blocks.${i}`;
    for (const w of ['W_Q', 'W_K', 'W_V']) shapes.expect(`${b}.attn.${w}`, [nHeads, dHead, d]);
    shapes.expect(`${b}.attn.W_O`, [d, nHeads * dHead]);
    shapes.expect(`${b}.mlp.W_in`, [dMlp, d]);
    shapes.expect(`${b}.mlp.b_in`, [dMlp]);
    shapes.expect(`${b}.mlp.W_out`, [d, dMlp]);
    shapes.expect(`${b}.mlp.b_out`, [d]);
  }
  const diffVocab = config.diffVocab ?? false;
  const eqnSign = config.eqnSign ?? false;
  const p = config.p ?? nVocab;
  if (config.p === undefined) assumptions.push(`modulus p = ${p} taken from the vocabulary (no sidecar C)`);
  checkAgainst(source, 'd_model', 'd_model', config.dModel, d);
  checkAgainst(source, 'n_layers', 'n_layers', config.nLayers, nLayers);
  checkAgainst(source, 'n_heads', 'n_heads', config.nHeads, nHeads);
  const vocab = expectedVocab(p, diffVocab, eqnSign);
  if (vocab !== nVocab) throw mismatch(source, 'embed.W_E', 'vocab (C, diff_vocab, eqn_sign)', vocab, nVocab);
  if (nCtx !== (eqnSign ? 3 : 2)) throw mismatch(source, 'pos_embed.W_pos', 'n_ctx (eqn_sign)', eqnSign ? 3 : 2, nCtx);
  let attnCoeff: number;
  let attnCoeffSource: 'sidecar' | 'option';
  if (options.attn !== undefined) {
    attnCoeff = checkAlpha(options.attn, source, '--attn');
    attnCoeffSource = 'option';
  } else if (config.attnCoeff !== undefined) {
    attnCoeff = checkAlpha(config.attnCoeff, source, 'attn_coeff');
    attnCoeffSource = 'sidecar';
  } else {
    throw new ClockpizzaError('a reference transformer needs attn_coeff, which lives only in the JSON sidecar: give --config or --attn', { file: source, field: 'attn_coeff' });
  }
  const actFn = actFnOf(config, source, assumptions, 'act_fn assumed ReLU (no sidecar act_fn)');
  return {
    family: 'transformer',
    layout: 'reference',
    p,
    nLayers,
    dModel: d,
    nHeads,
    dHead,
    dMlp,
    nVocab,
    nOutputs: nVocab,
    nCtx,
    actFn,
    attnCoeff,
    attnCoeffSource,
    biases: false,
    causalMask: false,
    diffVocab,
    eqnSign,
    assumptions,
  };
}

function inferTransformerLens(shapes: ShapeChecker, config: ModelConfig, options: InferOptions): TransformerArchitecture {
  const source = shapes.source;
  const assumptions: string[] = [];
  const [nVocab, d] = shapes.expect('embed.W_E', [null, null]) as [number, number];
  const [nCtx] = shapes.expect('pos_embed.W_pos', [null, d]) as [number];
  const [, nOutputs] = shapes.expect('unembed.W_U', [d, null]) as [number, number];
  shapes.expect('unembed.b_U', [nOutputs]);
  const nLayers = countLayers(shapes);
  const [nHeads, , dHead] = shapes.expect('blocks.0.attn.W_Q', [null, d, null]) as [number, number, number];
  const [, dMlp] = shapes.expect('blocks.0.mlp.W_in', [d, null]) as [number, number];
  for (let i = 0; i < nLayers; i++) {
    const b = `blocks.${i}`;
    for (const w of ['Q', 'K', 'V']) {
      shapes.expect(`${b}.attn.W_${w}`, [nHeads, d, dHead]);
      shapes.expect(`${b}.attn.b_${w}`, [nHeads, dHead]);
    }
    shapes.expect(`${b}.attn.W_O`, [nHeads, dHead, d]);
    shapes.expect(`${b}.attn.b_O`, [d]);
    shapes.expect(`${b}.mlp.W_in`, [d, dMlp]);
    shapes.expect(`${b}.mlp.b_in`, [dMlp]);
    shapes.expect(`${b}.mlp.W_out`, [dMlp, d]);
    shapes.expect(`${b}.mlp.b_out`, [d]);
  }
  checkAgainst(source, 'd_model', 'd_model', config.dModel, d);
  checkAgainst(source, 'n_layers', 'n_layers', config.nLayers, nLayers);
  checkAgainst(source, 'n_heads', 'n_heads', config.nHeads, nHeads);
  if (options.attn !== undefined && options.attn !== 1) {
    throw new ClockpizzaError(`TransformerLens attention is plain softmax (α = 1); --attn ${options.attn} does not apply`, { file: source, field: '--attn' });
  }
  if (config.attnCoeff !== undefined && config.attnCoeff !== 1) {
    throw new ClockpizzaError(`TransformerLens attention is plain softmax (α = 1); the sidecar's attn_coeff ${config.attnCoeff} does not apply`, { file: source, field: 'attn_coeff' });
  }
  // Without a sidecar, read the data layout off the shapes: n_ctx 3 means an `=` token at V − 1
  // (the grokking layout, METRICS.md's eqn_sign); n_ctx 2 means plain [a, b].
  const eqnSign = config.eqnSign ?? nCtx === 3;
  const diffVocab = config.diffVocab ?? false;
  const p = config.p ?? (nVocab - (eqnSign ? 1 : 0)) / (diffVocab ? 2 : 1);
  if (config.p === undefined) assumptions.push(`modulus p = ${p} and eqn_sign = ${eqnSign} read off the shapes (no sidecar)`);
  if (!Number.isInteger(p) || p < 2) throw new ClockpizzaError(`cannot read a modulus off vocabulary ${nVocab}`, { file: source, field: 'embed.W_E' });
  const vocab = expectedVocab(p, diffVocab, eqnSign);
  if (vocab !== nVocab) throw mismatch(source, 'embed.W_E', 'vocab (C, diff_vocab, eqn_sign)', vocab, nVocab);
  if (nCtx < (eqnSign ? 3 : 2)) throw mismatch(source, 'pos_embed.W_pos', 'n_ctx (eqn_sign)', eqnSign ? 3 : 2, nCtx);
  if (nOutputs < p) throw new ClockpizzaError(`expected at least p = ${p} outputs, got ${nOutputs}`, { file: source, field: 'unembed.W_U' });
  const actFn = actFnOf(config, source, assumptions, 'act_fn assumed ReLU (TransformerLens state dicts do not record it)');
  return {
    family: 'transformer',
    layout: 'transformer-lens',
    p,
    nLayers,
    dModel: d,
    nHeads,
    dHead,
    dMlp,
    nVocab,
    nOutputs,
    nCtx,
    actFn,
    attnCoeff: 1,
    attnCoeffSource: 'layout',
    biases: true,
    causalMask: true,
    diffVocab,
    eqnSign,
    assumptions,
  };
}

function inferMlp(shapes: ShapeChecker, config: ModelConfig, options: InferOptions): MlpArchitecture {
  const source = shapes.source;
  const assumptions: string[] = [];
  if (options.attn !== undefined) throw new ClockpizzaError('an MLP-only model has no attention; --attn does not apply', { file: source, field: '--attn' });
  const two = shapes.has('embed1.weight') || shapes.has('embed2.weight');
  const embedName = two ? 'embed1.weight' : 'embed.weight';
  const [nVocab, e] = shapes.expect(embedName, [null, null]) as [number, number];
  if (two) shapes.expect('embed2.weight', [nVocab, e]);
  const [h, inWidth] = shapes.expect('l1.weight', [null, null]) as [number, number];
  shapes.expect('l1.bias', [h]);
  const hasL2 = shapes.has('l2.weight') || shapes.has('l2.bias');
  let inferred: MlpModelType | 'B|C';
  if (two) inferred = 'X';
  else if (hasL2) inferred = 'B|C';
  else if (inWidth === 2 * e) inferred = 'D';
  else inferred = 'A';
  const declared = config.modelType;
  if (declared !== undefined && !['A', 'B', 'C', 'D', 'X'].includes(declared)) {
    throw new ClockpizzaError(`unknown model_type ${JSON.stringify(declared)} (A, B, C, D or X)`, { file: source, field: 'model_type' });
  }
  let modelType: MlpModelType;
  if (inferred === 'B|C') {
    if (declared !== 'B' && declared !== 'C') {
      throw new ClockpizzaError(
        declared === undefined ? 'types B and C have the same tensors: the sidecar must give model_type' : `the tensors (l1 and l2) fit type B or C, not ${declared}`,
        { file: source, field: 'model_type' },
      );
    }
    modelType = declared;
  } else {
    if (declared !== undefined && declared !== inferred) throw mismatch(source, 'model_type', 'model_type', declared, inferred);
    modelType = inferred;
  }
  shapes.expect('l1.weight', [h, modelType === 'D' ? 2 * e : e]);
  if (modelType === 'B' || modelType === 'C') {
    shapes.expect('l2.weight', [h, h]);
    shapes.expect('l2.bias', [h]);
  }
  shapes.expect('unembed.weight', [null, h]);
  const p = config.p ?? nVocab;
  if (config.p === undefined) assumptions.push(`modulus p = ${p} taken from the vocabulary (no sidecar C)`);
  if (nVocab !== p) throw mismatch(source, embedName, 'vocab (C)', p, nVocab);
  shapes.expect('unembed.weight', [p, h]);
  checkAgainst(source, 'n_vocab', 'n_vocab', config.nVocab, nVocab);
  checkAgainst(source, 'd_hidden', 'd_hidden', config.dHidden, h);
  return { family: 'mlp', modelType, p, nVocab, dEmbed: e, dHidden: h, assumptions };
}

/** One line for humans, e.g. "transformer (reference) 1 layer d=128 H=4 dh=32 ReLU α=0 p=59". */
export function describeArchitecture(a: Architecture): string {
  if (a.family === 'mlp') return `MLP-only type ${a.modelType} embed=${a.dEmbed} hidden=${a.dHidden} p=${a.p}`;
  const flags = [a.diffVocab ? 'diff_vocab' : '', a.eqnSign ? 'eqn_sign' : '', a.biases ? 'biases' : '', a.causalMask ? 'causal mask' : ''].filter(Boolean);
  return (
    `transformer (${a.layout}) ${a.nLayers} layer${a.nLayers === 1 ? '' : 's'} d=${a.dModel} H=${a.nHeads} dh=${a.dHead} ${a.actFn} ` +
    `α=${a.attnCoeff} p=${a.p} V=${a.nVocab}${flags.length ? ` (${flags.join(', ')})` : ''}`
  );
}
