import { ClockpizzaError, InternalError } from '../../errors.js';
import type { Tensor, TensorMap } from '../../io/tensor.js';
import type { ActFn, Architecture, InferOptions, ModelConfig, TransformerArchitecture } from '../architecture.js';
import { headsTransposed, mapParams, transposed, type TransformerParams } from './canonical.js';
import { actFnOf, checkAgainst, countBlocks, expectedVocab, mismatch, type ShapeChecker } from './checks.js';
import type { ModelFamily, TableEntry } from './family.js';
import { TRANSFORMER_BUFFER, transformerSidecarFields } from './reference-transformer.js';

/**
 * TransformerLens's HookedTransformer state dict (METRICS.md §2): W_E (V, d), W_Q/K/V (H, d, dh),
 * W_O (H, dh, d), W_in (d, dm), W_out (dm, d), every bias present, free dh and dm, a causal mask,
 * plain softmax attention (α = 1). LayerNorm is refused (architecture.ts).
 */

/** The layout's tensor names as a canonical record. */
function lensNames(nLayers: number): TransformerParams<string> {
  return {
    embed: 'embed.W_E',
    pos: 'pos_embed.W_pos',
    blocks: Array.from({ length: nLayers }, (_, l) => {
      const b = `blocks.${l}`;
      return {
        wQ: `${b}.attn.W_Q`, wK: `${b}.attn.W_K`, wV: `${b}.attn.W_V`, wO: `${b}.attn.W_O`,
        bQ: `${b}.attn.b_Q`, bK: `${b}.attn.b_K`, bV: `${b}.attn.b_V`, bO: `${b}.attn.b_O`,
        wIn: `${b}.mlp.W_in`, bIn: `${b}.mlp.b_in`, wOut: `${b}.mlp.W_out`, bOut: `${b}.mlp.b_out`,
      };
    }),
    unembed: 'unembed.W_U',
    bU: 'unembed.b_U',
  };
}

export interface LensDims {
  p: number;
  dModel: number;
  nHeads: number;
  nLayers: number;
  dHead: number;
  dMlp: number;
  nOutputs: number;
  diffVocab?: boolean;
  eqnSign?: boolean;
  /** Default 2, or 3 with eqn_sign; TransformerLens models may have a longer context. */
  nCtx?: number;
  actFn?: ActFn;
}

/** The architecture record of a TransformerLens model built here (random test networks). */
export function lensArchitecture(dims: LensDims): TransformerArchitecture {
  const diffVocab = dims.diffVocab ?? false;
  const eqnSign = dims.eqnSign ?? false;
  return {
    family: 'transformer', layout: LAYOUT, p: dims.p, nLayers: dims.nLayers, dModel: dims.dModel, nHeads: dims.nHeads, dHead: dims.dHead, dMlp: dims.dMlp,
    nVocab: expectedVocab(dims.p, diffVocab, eqnSign), nOutputs: dims.nOutputs, nCtx: dims.nCtx ?? (eqnSign ? 3 : 2), actFn: dims.actFn ?? 'ReLU', attnCoeff: 1, attnCoeffSource: 'layout',
    biases: true, causalMask: true, diffVocab, eqnSign, assumptions: [],
  };
}

const LAYOUT = 'transformer-lens';

const need = <T>(x: T | null): T => {
  if (x === null) throw new InternalError('TransformerLens names every bias');
  return x;
};

function infer(shapes: ShapeChecker, config: ModelConfig, options: InferOptions): TransformerArchitecture {
  const source = shapes.source;
  const assumptions: string[] = [];
  const names = lensNames(0);
  const [nVocab, d] = shapes.expect(names.embed, [null, null]) as [number, number];
  const [nCtx] = shapes.expect(names.pos, [null, d]) as [number];
  const [, nOutputs] = shapes.expect(names.unembed, [d, null]) as [number, number];
  shapes.expect(need(names.bU), [nOutputs]);
  const nLayers = countBlocks(shapes, 'blocks.', lensNames(1).blocks[0]!.wQ);
  const blocks = lensNames(nLayers).blocks;
  const [nHeads, , dHead] = shapes.expect(blocks[0]!.wQ, [null, d, null]) as [number, number, number];
  const [, dMlp] = shapes.expect(blocks[0]!.wIn, [d, null]) as [number, number];
  for (const b of blocks) {
    for (const [w, bias] of [[b.wQ, b.bQ], [b.wK, b.bK], [b.wV, b.bV]] as const) {
      shapes.expect(w, [nHeads, d, dHead]);
      shapes.expect(need(bias), [nHeads, dHead]);
    }
    shapes.expect(b.wO, [nHeads, dHead, d]);
    shapes.expect(need(b.bO), [d]);
    shapes.expect(b.wIn, [d, dMlp]);
    shapes.expect(b.bIn, [dMlp]);
    shapes.expect(b.wOut, [dMlp, d]);
    shapes.expect(b.bOut, [d]);
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
  if (!Number.isInteger(p) || p < 2) throw new ClockpizzaError(`cannot read a modulus off vocabulary ${nVocab}`, { file: source, field: names.embed });
  const vocab = expectedVocab(p, diffVocab, eqnSign);
  if (vocab !== nVocab) throw mismatch(source, names.embed, 'vocab (C, diff_vocab, eqn_sign)', vocab, nVocab);
  if (nCtx < (eqnSign ? 3 : 2)) throw mismatch(source, names.pos, 'n_ctx (eqn_sign)', eqnSign ? 3 : 2, nCtx);
  if (nOutputs < p) throw new ClockpizzaError(`expected at least p = ${p} outputs, got ${nOutputs}`, { file: source, field: names.unembed });
  const actFn = actFnOf(config, source, assumptions, 'act_fn assumed ReLU (TransformerLens state dicts do not record it)');
  // (every size lensArchitecture derives was checked against the tensors above)
  return { ...lensArchitecture({ p, dModel: d, nHeads, nLayers, dHead, dMlp, nOutputs, diffVocab, eqnSign, nCtx, actFn }), assumptions };
}

/**
 * HookedTransformer's state-dict order with its mask (BOOL) and IGNORE buffers. No clockpizza
 * command trains this layout: the initialisation given (N(0,1)/√d weights, zero biases) serves
 * only to say every parameter's shape; random-weights.ts fills them for tests.
 */
function table(a: TransformerArchitecture): TableEntry[] {
  const { dModel: d, nHeads: H, dHead: dh, dMlp: dm, nVocab: V, nOutputs, nCtx } = a;
  const names = lensNames(a.nLayers);
  const w = { normal: 1 / Math.sqrt(d) };
  const mask = (): Tensor => ({ dtype: 'BOOL', shape: [nCtx, nCtx], data: Uint8Array.from({ length: nCtx * nCtx }, (_, i) => (i % nCtx <= Math.floor(i / nCtx) ? 1 : 0)) });
  return [
    { name: names.embed, shape: [V, d], init: w },
    { name: names.pos, shape: [nCtx, d], init: w },
    ...names.blocks.flatMap((b, l): TableEntry[] => [
      ...([[b.wQ, b.bQ], [b.wK, b.bK], [b.wV, b.bV]] as const).flatMap(([weight, bias]): TableEntry[] => [
        { name: weight, shape: [H, d, dh], init: w },
        { name: need(bias), shape: [H, dh], init: 'zeros' },
      ]),
      { name: b.wO, shape: [H, dh, d], init: w },
      { name: need(b.bO), shape: [d], init: 'zeros' },
      { name: `blocks.${l}.attn.mask`, buffer: mask() },
      { name: `blocks.${l}.attn.IGNORE`, buffer: { dtype: 'F32', shape: [], data: Float32Array.of(-1e5) } },
      { name: b.wIn, shape: [d, dm], init: w },
      { name: b.bIn, shape: [dm], init: 'zeros' },
      { name: b.wOut, shape: [dm, d], init: w },
      { name: b.bOut, shape: [d], init: 'zeros' },
    ]),
    { name: names.unembed, shape: [d, nOutputs], init: w },
    { name: need(names.bU), shape: [nOutputs], init: 'zeros' },
  ];
}

/** Stored (TransformerLens) → canonical: same values, the reference's orientation. */
function canonical(tensors: TensorMap, a: TransformerArchitecture): TransformerParams<Tensor> {
  const stored = mapParams(lensNames(a.nLayers), (name) => {
    const t = tensors.get(name);
    if (t === undefined) throw new InternalError(`tensor ${name} vanished after architecture inference`);
    return t;
  });
  return {
    embed: transposed(stored.embed),
    pos: stored.pos,
    blocks: stored.blocks.map((b) => ({
      ...b,
      wQ: headsTransposed(b.wQ),
      wK: headsTransposed(b.wK),
      wV: headsTransposed(b.wV),
      // (H, dh, d) is the (H·dh) × d matrix; the canonical W_O is its transpose.
      wO: transposed({ ...b.wO, shape: [a.nHeads * a.dHead, a.dModel] }),
      wIn: transposed(b.wIn),
      wOut: transposed(b.wOut),
    })),
    unembed: stored.unembed,
    bU: stored.bU,
  };
}

/**
 * Canonical parameters (float32) written in TransformerLens's layout, absent biases as zeros: a
 * reference model in the other layout. With α = 1 and one layer (where the causal mask does not
 * touch the last position) the two compute the same last-position logits.
 */
export function lensTensors(c: TransformerParams<Tensor>): TensorMap {
  const zeros = (shape: number[]): Tensor => ({ dtype: 'F32', shape, data: new Float32Array(shape.reduce((x, y) => x * y, 1)) });
  const [d, V] = c.embed.shape as [number, number];
  const [H, dh] = c.blocks[0]?.wQ.shape ?? [0, 0];
  const names = lensNames(c.blocks.length);
  const out: TensorMap = new Map();
  out.set(names.embed, transposed(c.embed));
  out.set(names.pos, c.pos);
  c.blocks.forEach((b, l) => {
    const n = names.blocks[l]!;
    for (const [w, bias, nw, nb] of [[b.wQ, b.bQ, n.wQ, n.bQ], [b.wK, b.bK, n.wK, n.bK], [b.wV, b.bV, n.wV, n.bV]] as const) {
      out.set(nw, headsTransposed(w));
      out.set(need(nb), bias ?? zeros([H!, dh!]));
    }
    // (d, H·dh) → (H·dh, d) = (H, dh, d).
    out.set(n.wO, { ...transposed(b.wO), shape: [H!, dh!, d] });
    out.set(need(n.bO), b.bO ?? zeros([d]));
    out.set(n.wIn, transposed(b.wIn));
    out.set(n.bIn, b.bIn);
    out.set(n.wOut, transposed(b.wOut));
    out.set(n.bOut, b.bOut);
  });
  out.set(names.unembed, c.unembed);
  out.set(need(names.bU), c.bU ?? zeros([V]));
  return out;
}

export const transformerLens: ModelFamily<TransformerArchitecture> = {
  hint: '`embed.W_E` (transformer)',
  recognises: (tensors) => {
    const names = lensNames(1);
    return tensors.has(names.embed) && tensors.get(names.blocks[0]!.wO)?.shape.length === 3;
  },
  infer,
  owns: (a: Architecture): a is TransformerArchitecture => a.family === 'transformer' && a.layout === LAYOUT,
  isBuffer: (name) => TRANSFORMER_BUFFER.test(name),
  table,
  canonical,
  sidecarFields: (a) => ({ ...transformerSidecarFields(a), layout: 'transformer-lens' }),
  withEmbedding(tensors, a, rows) {
    const out = new Map(tensors);
    out.set(lensNames(0).embed, { dtype: 'F32', shape: [a.nVocab, a.dModel], data: rows });
    return out;
  },
};
