import { ClockpizzaError, InternalError } from '../../errors.js';
import type { Tensor, TensorData, TensorMap } from '../../io/tensor.js';
import { PROGRESS_MEASURES_LAYOUT } from '../../io/sidecar.js';
import type { Architecture, InferOptions, ModelConfig, TransformerArchitecture } from '../architecture.js';
import { transpose } from '../transformer-weights.js';
import type { TransformerParams } from './canonical.js';
import { actFnOf, checkAgainst, countBlocks, mismatch, type ShapeChecker } from './checks.js';
import type { ModelFamily, TableEntry } from './family.js';
import { expectBlockShapes, referenceNames, referenceRoles, TRANSFORMER_BUFFER, transformerSidecarFields } from './reference-transformer.js';

/**
 * The transformer of Nanda et al.'s progress-measures paper (2023), from whose code the pizza
 * code was adapted, so it stores the same tensor names in the same orientations (W_E (d, V),
 * W_Q/K/V (H, dh, d), W_O (d, H·dh), W_in (dm, d), W_out (d, dm), W_U (d, V), a `mask` buffer).
 * What differs is the computation: inputs are [a, b, =] (n_ctx 3, `=` the token p, so
 * V = p + 1), the causal mask is applied (`tril(scores) − 1e10·(1 − mask)`, then ÷√dh and
 * softmax: the masked weights are exactly 0 in float32, as a causal mask over the visible
 * positions makes them), plain softmax attention (α = 1), no LayerNorm, and the logits are read
 * at the last position over the first p classes (the `=` class is dropped). Gradient
 * symmetricity feeds [a, b, =] and takes the gradients at the positions of a and b.
 *
 * The tensors cannot tell this layout from a reference `eqn_sign` model, so it is recognised by
 * its config: `p` instead of the reference's `C` (io/sidecar.ts), or `layout: progress-measures`.
 */

const LAYOUT = PROGRESS_MEASURES_LAYOUT;

/** The architecture record of a progress-measures model built here (fixtures, tests), not read from a file. */
export function progressMeasuresArchitecture(dims: { p: number; dModel: number; nHeads: number; nLayers: number; dMlp?: number; actFn?: 'ReLU' | 'GeLU' }): TransformerArchitecture {
  const { p, dModel: d, nHeads, nLayers } = dims;
  return {
    family: 'transformer', layout: LAYOUT, p, nLayers, dModel: d, nHeads, dHead: Math.floor(d / nHeads), dMlp: dims.dMlp ?? 4 * d, nVocab: p + 1, nOutputs: p, nCtx: 3,
    actFn: dims.actFn ?? 'ReLU', attnCoeff: 1, attnCoeffSource: 'layout', biases: false, causalMask: true, diffVocab: false, eqnSign: true, gradientInput: 'sequence', assumptions: [],
  };
}

function infer(shapes: ShapeChecker, config: ModelConfig, options: InferOptions): TransformerArchitecture {
  const source = shapes.source;
  const assumptions: string[] = [];
  const names = referenceNames(0);
  const [d, nVocab] = shapes.expect(names.embed, [null, null]) as [number, number];
  shapes.expect(names.pos, [3, d]);
  shapes.expect(names.unembed, [d, nVocab]);
  const nLayers = countBlocks(shapes, 'blocks.', referenceNames(1).blocks[0]!.wQ);
  const blocks = referenceNames(nLayers).blocks;
  const [nHeads, dHead] = shapes.expect(blocks[0]!.wQ, [null, null, d]) as [number, number];
  const [dMlp] = shapes.expect(blocks[0]!.wIn, [null, d]) as [number];
  expectBlockShapes(shapes, blocks, { d, nHeads, dHead, dMlp });
  const p = config.p ?? nVocab - 1;
  if (p + 1 !== nVocab) throw mismatch(source, names.embed, 'vocab p + 1 (inputs [a, b, =])', p + 1, nVocab);
  checkAgainst(source, 'd_model', 'd_model', config.dModel, d);
  checkAgainst(source, 'num_layers', 'num_layers', config.nLayers, nLayers);
  checkAgainst(source, 'num_heads', 'num_heads', config.nHeads, nHeads);
  checkAgainst(source, 'd_mlp', 'd_mlp', config.dMlp, dMlp);
  if (config.diffVocab === true) throw new ClockpizzaError('a progress-measures model has one vocabulary (no diff_vocab)', { file: source, field: 'diff_vocab' });
  if (options.attn !== undefined && options.attn !== 1) {
    throw new ClockpizzaError(`progress-measures attention is plain softmax (α = 1); --attn ${options.attn} does not apply`, { file: source, field: '--attn' });
  }
  const actFn = actFnOf(config, source, assumptions, 'act_type assumed ReLU (the config has no act_type)');
  return { ...progressMeasuresArchitecture({ p, dModel: d, nHeads, nLayers, dMlp, actFn }), dHead, assumptions };
}

/**
 * The progress-measures state-dict order (embed, pos_embed, blocks, unembed) and initialisation:
 * every weight N(0,1)/√d but W_U's N(0,1)/√V, zero MLP biases, each block's mask after its W_O.
 * No clockpizza command trains this layout; the table says every tensor's name and shape.
 */
function table(a: TransformerArchitecture): TableEntry[] {
  const { dModel: d, nHeads: H, dHead: dh, dMlp: dm, nVocab: V, nCtx } = a;
  const names = referenceNames(a.nLayers);
  const w = { normal: 1 / Math.sqrt(d) };
  const mask: Tensor = { dtype: 'F32', shape: [nCtx, nCtx], data: Float32Array.from({ length: nCtx * nCtx }, (_, i) => (i % nCtx <= Math.floor(i / nCtx) ? 1 : 0)) };
  return [
    { name: names.embed, shape: [d, V], init: w },
    { name: names.pos, shape: [nCtx, d], init: w },
    ...names.blocks.flatMap((b, l): TableEntry[] => [
      ...[b.wK, b.wQ, b.wV].map((name) => ({ name, shape: [H, dh, d], init: w })),
      { name: b.wO, shape: [d, H * dh], init: w },
      { name: `blocks.${l}.attn.mask`, buffer: mask },
      { name: b.wIn, shape: [dm, d], init: w },
      { name: b.bIn, shape: [dm], init: 'zeros' },
      { name: b.wOut, shape: [d, dm], init: w },
      { name: b.bOut, shape: [d], init: 'zeros' },
    ]),
    { name: names.unembed, shape: [d, V], init: { normal: 1 / Math.sqrt(V) } },
  ];
}

/** Stored → canonical: the reference's tensors as they are, but W_U cut to its first p columns (the logits read). */
function canonical(tensors: TensorMap, a: TransformerArchitecture): TransformerParams<Tensor> {
  const roles = referenceRoles(a.nLayers, (name) => {
    const t = tensors.get(name);
    if (t === undefined) throw new InternalError(`tensor ${name} vanished after architecture inference`);
    return t;
  });
  return { ...roles, unembed: firstColumns(roles.unembed, a.p) };
}

/** The first `cols` columns of a (rows, n) tensor, in its own dtype (no value is rounded). */
function firstColumns(t: Tensor, cols: number): Tensor {
  const [rows, n] = t.shape as [number, number];
  const data = new (t.data.constructor as new (length: number) => TensorData)(rows * cols);
  for (let r = 0; r < rows; r++) (data as Float32Array).set((t.data as Float32Array).subarray(r * n, r * n + cols), r * cols);
  return { dtype: t.dtype, shape: [rows, cols], data };
}

export const progressMeasures: ModelFamily<TransformerArchitecture> = {
  hint: '`embed.W_E` (transformer)',
  recognises: (tensors, config) => config.layout === LAYOUT && tensors.has(referenceNames(0).embed),
  infer,
  owns: (a: Architecture): a is TransformerArchitecture => a.family === 'transformer' && a.layout === LAYOUT,
  isBuffer: (name) => TRANSFORMER_BUFFER.test(name),
  table,
  canonical,
  sidecarFields: (a) => {
    const { C, n_layers, n_heads, d_model, act_fn } = transformerSidecarFields(a);
    return { layout: LAYOUT, p: C, num_layers: n_layers, num_heads: n_heads, d_model, d_mlp: a.dMlp, act_type: act_fn, d_vocab: a.nVocab, n_ctx: 3 };
  },
  withEmbedding(tensors, a, rows) {
    const out = new Map(tensors);
    out.set(referenceNames(0).embed, { dtype: 'F32', shape: [a.dModel, a.nVocab], data: transpose(rows, a.nVocab, a.dModel) });
    return out;
  },
};
