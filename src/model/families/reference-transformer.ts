import { ClockpizzaError, InternalError } from '../../errors.js';
import type { Tensor, TensorMap } from '../../io/tensor.js';
import type { ActFn, Architecture, InferOptions, ModelConfig, TransformerArchitecture } from '../architecture.js';
import { transpose } from '../transformer-weights.js';
import { mapParams, pairParams, type TransformerParams } from './canonical.js';
import { actFnOf, checkAgainst, checkAlpha, countBlocks, expectedVocab, mismatch, type ShapeChecker } from './checks.js';
import type { ModelFamily, TableEntry } from './family.js';

/**
 * The paper's transformer as its reference code stores it (METRICS.md §2): no biases but the
 * MLP's, no LayerNorm, W_E (d, V), W_Q/K/V (H, dh, d) with dh = the config's d_head or floor(d/H),
 * W_O (d, H·dh), d_mlp = 4d (or our sidecar's d_mlp), any number of blocks; the canonical orientation is this one, so its tensors are
 * the canonical parameters as they are.
 */

/** The reference's tensor names as a canonical record (the attention biases do not exist). */
export function referenceNames(nLayers: number): TransformerParams<string> {
  return {
    embed: 'embed.W_E',
    pos: 'pos_embed.W_pos',
    blocks: Array.from({ length: nLayers }, (_, l) => {
      const b = `blocks.${l}`;
      return {
        wQ: `${b}.attn.W_Q`, wK: `${b}.attn.W_K`, wV: `${b}.attn.W_V`, wO: `${b}.attn.W_O`, bQ: null, bK: null, bV: null, bO: null,
        wIn: `${b}.mlp.W_in`, bIn: `${b}.mlp.b_in`, wOut: `${b}.mlp.W_out`, bOut: `${b}.mlp.b_out`,
      };
    }),
    unembed: 'unembed.W_U',
    bU: null,
  };
}

/** The canonical parameters of a reference-layout model held by name (training keeps Params and tfjs tensors so). */
export function referenceRoles<T>(nLayers: number, byName: (name: string) => T): TransformerParams<T> {
  return mapParams(referenceNames(nLayers), byName);
}

/** Canonical parameters (without attention biases) as a reference-layout state dict, in canonical order (no buffers). */
export function referenceStateDict(c: TransformerParams<Tensor>): TensorMap {
  return new Map(pairParams(referenceNames(c.blocks.length), c));
}

/**
 * A reference-layout state dict's tensors as canonical parameters, without inferring (or
 * checking) an architecture: for converting constructed or test models to another layout.
 */
export function referenceParamsOf(tensors: TensorMap): TransformerParams<Tensor> {
  let layers = 0;
  while (tensors.has(referenceNames(layers + 1).blocks[layers]!.wQ)) layers++;
  return referenceRoles(layers, (name) => {
    const t = tensors.get(name);
    if (t === undefined) throw new InternalError(`referenceParamsOf: missing ${name}`);
    return t;
  });
}

/** Checks every block's tensors in the reference's orientations (shared with layouts that store the same names). */
export function expectBlockShapes(shapes: ShapeChecker, blocks: TransformerParams<string>['blocks'], dims: { d: number; nHeads: number; dHead: number; dMlp: number }): void {
  const { d, nHeads, dHead, dMlp } = dims;
  for (const b of blocks) {
    for (const w of [b.wQ, b.wK, b.wV]) shapes.expect(w, [nHeads, dHead, d]);
    shapes.expect(b.wO, [d, nHeads * dHead]);
    shapes.expect(b.wIn, [dMlp, d]);
    shapes.expect(b.bIn, [dMlp]);
    shapes.expect(b.wOut, [d, dMlp]);
    shapes.expect(b.bOut, [d]);
  }
}

const maskName = (layer: number) => `blocks.${layer}.attn.mask`;

/** What a reference-layout tensor is (its canonical role, or its block's mask), for code that transforms state dicts tensor by tensor. */
export type ReferenceRole = 'embed' | 'pos' | 'unembed' | 'mask' | 'wQ' | 'wK' | 'wV' | 'wO' | 'wIn' | 'bIn' | 'wOut' | 'bOut';

/** The role of a tensor name in the reference layout, or undefined for a name the layout does not have. */
export function referenceRoleOf(name: string): ReferenceRole | undefined {
  const top = referenceNames(0);
  for (const role of ['embed', 'pos', 'unembed'] as const) if (name === top[role]) return role;
  const m = /^blocks\.(\d+)\./.exec(name);
  if (!m) return undefined;
  const layer = Number(m[1]);
  if (name === maskName(layer)) return 'mask';
  const block = referenceNames(layer + 1).blocks[layer]!;
  return (['wQ', 'wK', 'wV', 'wO', 'wIn', 'bIn', 'wOut', 'bOut'] as const).find((role) => block[role] === name);
}

/** Buffers either transformer layout may carry: its causal masks and TransformerLens's IGNORE constants. */
export const TRANSFORMER_BUFFER = /^blocks\.\d+\.attn\.(mask|IGNORE)$/;

/** The reference's causal-mask buffer (unused by its attention, saved in its state dicts): 1 on and below the diagonal. */
function causalMask(nCtx: number): Tensor {
  const data = new Float32Array(nCtx * nCtx);
  for (let i = 0; i < nCtx; i++) for (let j = 0; j <= i; j++) data[i * nCtx + j] = 1;
  return { dtype: 'F32', shape: [nCtx, nCtx], data };
}

export interface ReferenceDims {
  p: number;
  dModel: number;
  nHeads: number;
  nLayers: number;
  actFn: ActFn;
  attnCoeff: number;
  diffVocab?: boolean;
  eqnSign?: boolean;
  /** The reference's `d_head` config key; default floor(d/H) as its code takes it. */
  dHead?: number;
  /** Our `d_mlp` key (the reference fixes 4d); default 4d. */
  dMlp?: number;
}

/** The architecture record of a reference transformer built here (trained or constructed), not read from a file. */
export function referenceArchitecture(dims: ReferenceDims): TransformerArchitecture {
  const { p, dModel: d, nHeads, nLayers, actFn, attnCoeff } = dims;
  const diffVocab = dims.diffVocab ?? false;
  const eqnSign = dims.eqnSign ?? false;
  const nVocab = expectedVocab(p, diffVocab, eqnSign);
  return {
    family: 'transformer', layout: 'reference', p, nLayers, dModel: d, nHeads, dHead: dims.dHead ?? Math.floor(d / nHeads), dMlp: dims.dMlp ?? 4 * d, nVocab, nOutputs: nVocab,
    nCtx: eqnSign ? 3 : 2, actFn, attnCoeff, attnCoeffSource: 'option', biases: false, causalMask: false, diffVocab, eqnSign, assumptions: [],
  };
}

function infer(shapes: ShapeChecker, config: ModelConfig, options: InferOptions): TransformerArchitecture {
  const source = shapes.source;
  const assumptions: string[] = [];
  const names = referenceNames(0);
  const [d, nVocab] = shapes.expect(names.embed, [null, null]) as [number, number];
  const [nCtx] = shapes.expect(names.pos, [null, d]) as [number];
  shapes.expect(names.unembed, [d, nVocab]);
  const nLayers = countBlocks(shapes, 'blocks.', referenceNames(1).blocks[0]!.wQ);
  const blocks = referenceNames(nLayers).blocks;
  const [nHeads, dHead] = shapes.expect(blocks[0]!.wQ, [null, null, d]) as [number, number];
  // The reference's head width is its config's d_head, else floor(d/H): d = 75, H = 4 gives dh = 18 and a 75×72 W_O.
  const headWidth = config.dHead ?? Math.floor(d / nHeads);
  if (dHead !== headWidth) {
    const why = config.dHead === undefined ? 'head width floor(d/H)' : 'head width d_head of the sidecar';
    throw new ClockpizzaError(`expected shape [${nHeads}, ${headWidth}, ${d}] (${why}), got [${nHeads}, ${dHead}, ${d}]`, { file: source, field: blocks[0]!.wQ });
  }
  // The reference's MLP is 4d wide; a sidecar's d_mlp (written by our trainer) says otherwise.
  const dMlp = config.dMlp ?? 4 * d;
  expectBlockShapes(shapes, blocks, { d, nHeads, dHead, dMlp });
  const diffVocab = config.diffVocab ?? false;
  const eqnSign = config.eqnSign ?? false;
  const p = config.p ?? nVocab;
  if (config.p === undefined) assumptions.push(`modulus p = ${p} taken from the vocabulary (no sidecar C)`);
  checkAgainst(source, 'd_model', 'd_model', config.dModel, d);
  checkAgainst(source, 'n_layers', 'n_layers', config.nLayers, nLayers);
  checkAgainst(source, 'n_heads', 'n_heads', config.nHeads, nHeads);
  const vocab = expectedVocab(p, diffVocab, eqnSign);
  if (vocab !== nVocab) throw mismatch(source, names.embed, 'vocab (C, diff_vocab, eqn_sign)', vocab, nVocab);
  if (nCtx !== (eqnSign ? 3 : 2)) throw mismatch(source, names.pos, 'n_ctx (eqn_sign)', eqnSign ? 3 : 2, nCtx);
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
  // (every size referenceArchitecture derives was checked against the tensors above)
  return { ...referenceArchitecture({ p, dModel: d, nHeads, nLayers, actFn, attnCoeff, diffVocab, eqnSign, dHead, dMlp }), attnCoeffSource, assumptions };
}

/**
 * The reference's state-dict order and initialisation (METRICS.md §6): W_E, W_pos, W_Q/K/V, W_O,
 * W_out ~ N(0,1)/√d; W_U ~ N(0,1)/√V; W_in ~ N(0,1)/√dm; biases 0; each block's mask after its W_O.
 */
function table(a: TransformerArchitecture): TableEntry[] {
  const { dModel: d, nHeads: H, dHead: dh, dMlp: dm, nVocab: V, nCtx } = a;
  const names = referenceNames(a.nLayers);
  const sd = 1 / Math.sqrt(d);
  return [
    { name: names.embed, shape: [d, V], init: { normal: sd } },
    { name: names.pos, shape: [nCtx, d], init: { normal: sd } },
    { name: names.unembed, shape: [d, V], init: { normal: 1 / Math.sqrt(V) } },
    ...names.blocks.flatMap((b, l): TableEntry[] => [
      ...[b.wK, b.wQ, b.wV].map((name) => ({ name, shape: [H, dh, d], init: { normal: sd } })),
      { name: b.wO, shape: [d, H * dh], init: { normal: sd } },
      { name: maskName(l), buffer: causalMask(nCtx) },
      { name: b.wIn, shape: [dm, d], init: { normal: 1 / Math.sqrt(dm) } },
      { name: b.bIn, shape: [dm], init: 'zeros' },
      { name: b.wOut, shape: [d, dm], init: { normal: sd } },
      { name: b.bOut, shape: [d], init: 'zeros' },
    ]),
  ];
}

/** A transformer's reference-format sidecar keys (the reference's own names). */
export function transformerSidecarFields(a: TransformerArchitecture): Record<string, unknown> {
  return {
    C: a.p, n_layers: a.nLayers, n_heads: a.nHeads, d_model: a.dModel, act_fn: a.actFn, attn_coeff: a.attnCoeff, diff_vocab: a.diffVocab, eqn_sign: a.eqnSign,
    // only when they differ from what the reference derives, so a default model's sidecar reads exactly like the reference's
    ...(a.dHead !== Math.floor(a.dModel / a.nHeads) ? { d_head: a.dHead } : {}),
    ...(a.dMlp !== 4 * a.dModel ? { d_mlp: a.dMlp } : {}),
  };
}

export const referenceTransformer: ModelFamily<TransformerArchitecture> = {
  hint: '`embed.W_E` (transformer)',
  recognises: (tensors) => tensors.has(referenceNames(0).embed),
  infer,
  owns: (a: Architecture): a is TransformerArchitecture => a.family === 'transformer' && a.layout === 'reference',
  isBuffer: (name) => TRANSFORMER_BUFFER.test(name),
  table,
  canonical: (tensors, a) =>
    referenceRoles(a.nLayers, (name) => {
      const t = tensors.get(name);
      if (t === undefined) throw new InternalError(`tensor ${name} vanished after architecture inference`);
      return t;
    }),
  sidecarFields: transformerSidecarFields,
  withEmbedding(tensors, a, rows) {
    const out = new Map(tensors);
    out.set(referenceNames(0).embed, { dtype: 'F32', shape: [a.dModel, a.nVocab], data: transpose(rows, a.nVocab, a.dModel) });
    return out;
  },
};
