import { ClockpizzaError, InternalError } from '../../errors.js';
import type { Tensor, TensorMap } from '../../io/tensor.js';
import type { Architecture, InferOptions, MlpArchitecture, ModelConfig } from '../architecture.js';
import { mapParams, type MlpParams } from './canonical.js';
import { checkAgainst, mismatch, type ShapeChecker } from './checks.js';
import type { ModelFamily, TableEntry } from './family.js';

/** What tells one MLP-only type from another: everything the forward passes and the tensors depend on. */
export interface MlpTypeShape {
  /** How the operands' embeddings meet the first layer: summed before it, each through it (its bias counted twice, as in the reference), or concatenated. */
  inputs: 'sum' | 'each' | 'concat';
  /** A second hidden layer l2 after l1. */
  twoLayers: boolean;
  /** A second embedding table for the second operand (embed1, embed2). */
  twoEmbeddings: boolean;
}

/**
 * The reference's MLP-only types (METRICS.md §3), the one place a type letter means something:
 * A relu(l1(E_a+E_b)) · B relu(l2(relu(l1(E_a+E_b)))) · C relu(l2(relu(l1(E_a)+l1(E_b))))
 * · D relu(l1([E_a;E_b])) · X relu(l1(E1_a+E2_b)); logits = hidden · unembed.weightᵀ.
 */
export const MLP_TYPES = {
  A: { inputs: 'sum', twoLayers: false, twoEmbeddings: false },
  B: { inputs: 'sum', twoLayers: true, twoEmbeddings: false },
  C: { inputs: 'each', twoLayers: true, twoEmbeddings: false },
  D: { inputs: 'concat', twoLayers: false, twoEmbeddings: false },
  X: { inputs: 'sum', twoLayers: false, twoEmbeddings: true },
} as const satisfies Record<string, MlpTypeShape>;

export type MlpModelType = keyof typeof MLP_TYPES;
export const MLP_TYPE_NAMES = Object.keys(MLP_TYPES) as MlpModelType[];

export function mlpType(type: MlpModelType): MlpTypeShape {
  return MLP_TYPES[type];
}

/** The layout's tensor names as a canonical record. */
function mlpNames(shape: MlpTypeShape): MlpParams<string> {
  return {
    embed: shape.twoEmbeddings ? 'embed1.weight' : 'embed.weight',
    embed2: shape.twoEmbeddings ? 'embed2.weight' : null,
    l1: 'l1.weight',
    l1Bias: 'l1.bias',
    l2: shape.twoLayers ? 'l2.weight' : null,
    l2Bias: shape.twoLayers ? 'l2.bias' : null,
    unembed: 'unembed.weight',
  };
}
/** The canonical parameters of an MLP-only state dict held by name (training keeps Params and tfjs tensors so). */
export function mlpRoles<T>(type: MlpModelType, byName: (name: string) => T): MlpParams<T> {
  return mapParams(mlpNames(MLP_TYPES[type]), byName);
}

const ALL = mlpNames({ inputs: 'sum', twoLayers: true, twoEmbeddings: true });
const ONE = mlpNames({ inputs: 'sum', twoLayers: false, twoEmbeddings: false });

/** The architecture record of an MLP-only model built here (trained or random). */
export function mlpArchitecture(modelType: MlpModelType, p: number, dHidden: number): MlpArchitecture {
  const dEmbed = MLP_TYPES[modelType].inputs === 'concat' ? dHidden / 2 : dHidden;
  return { family: 'mlp', modelType, p, nVocab: p, dEmbed, dHidden, assumptions: [] };
}

/** Candidates narrowed by a test, unless none would be left (then the shape check names the tensor). */
function narrow(types: MlpModelType[], keep: (t: MlpTypeShape) => boolean): MlpModelType[] {
  const kept = types.filter((t) => keep(MLP_TYPES[t]));
  return kept.length > 0 ? kept : types;
}

function infer(shapes: ShapeChecker, config: ModelConfig, options: InferOptions): MlpArchitecture {
  const source = shapes.source;
  const assumptions: string[] = [];
  if (options.attn !== undefined) throw new ClockpizzaError('an MLP-only model has no attention; --attn does not apply', { file: source, field: '--attn' });
  const two = shapes.has(ALL.embed) || shapes.has(ALL.embed2!);
  const embedName = two ? ALL.embed : ONE.embed;
  const [nVocab, e] = shapes.expect(embedName, [null, null]) as [number, number];
  if (two) shapes.expect(ALL.embed2!, [nVocab, e]);
  const [h, inWidth] = shapes.expect(ALL.l1, [null, null]) as [number, number];
  shapes.expect(ALL.l1Bias, [h]);
  const hasL2 = shapes.has(ALL.l2!) || shapes.has(ALL.l2Bias!);
  // The tensors narrow the types down: embeddings first, then the second layer, then l1's input width.
  let fits = narrow(MLP_TYPE_NAMES, (t) => t.twoEmbeddings === two);
  if (fits.length > 1) fits = narrow(fits, (t) => t.twoLayers === hasL2);
  if (fits.length > 1) fits = narrow(fits, (t) => (t.inputs === 'concat') === (inWidth === 2 * e));
  const declared = config.modelType;
  if (declared !== undefined && !(MLP_TYPE_NAMES as string[]).includes(declared)) {
    throw new ClockpizzaError(`unknown model_type ${JSON.stringify(declared)} (${MLP_TYPE_NAMES.slice(0, -1).join(', ')} or ${MLP_TYPE_NAMES.at(-1)})`, { file: source, field: 'model_type' });
  }
  let modelType: MlpModelType;
  if (fits.length > 1) {
    if (declared === undefined || !(fits as string[]).includes(declared)) {
      throw new ClockpizzaError(
        declared === undefined ? `types ${fits.join(' and ')} have the same tensors: the sidecar must give model_type` : `the tensors (${describeTensors(hasL2)}) fit type ${fits.join(' or ')}, not ${declared}`,
        { file: source, field: 'model_type' },
      );
    }
    modelType = declared as MlpModelType;
  } else {
    const inferred = fits[0]!;
    if (declared !== undefined && declared !== inferred) throw mismatch(source, 'model_type', 'model_type', declared, inferred);
    modelType = inferred;
  }
  const names = mlpNames(MLP_TYPES[modelType]);
  shapes.expect(names.l1, [h, MLP_TYPES[modelType].inputs === 'concat' ? 2 * e : e]);
  if (names.l2 !== null) {
    shapes.expect(names.l2, [h, h]);
    shapes.expect(names.l2Bias!, [h]);
  }
  shapes.expect(names.unembed, [null, h]);
  const p = config.p ?? nVocab;
  if (config.p === undefined) assumptions.push(`modulus p = ${p} taken from the vocabulary (no sidecar C)`);
  if (nVocab !== p) throw mismatch(source, embedName, 'vocab (C)', p, nVocab);
  shapes.expect(names.unembed, [p, h]);
  checkAgainst(source, 'n_vocab', 'n_vocab', config.nVocab, nVocab);
  checkAgainst(source, 'd_hidden', 'd_hidden', config.dHidden, h);
  return { family: 'mlp', modelType, p, nVocab, dEmbed: e, dHidden: h, assumptions };
}

function describeTensors(hasL2: boolean): string {
  return hasL2 ? 'l1 and l2' : 'l1';
}

/**
 * State-dict order and the reference's initialisation: embeddings ~ N(0,1)/√(h/2), unembed ~
 * N(0,1)/√h, nn.Linear's U(±1/√fan_in) for weights and biases.
 */
function table(a: MlpArchitecture): TableEntry[] {
  const { p, dEmbed: e, dHidden: h } = a;
  const names = mlpNames(MLP_TYPES[a.modelType]);
  const embed = { normal: 1 / Math.sqrt(h / 2) };
  const linear = (weight: string, bias: string, out: number, fanIn: number): TableEntry[] => [
    { name: weight, shape: [out, fanIn], init: { uniform: 1 / Math.sqrt(fanIn) } },
    { name: bias, shape: [out], init: { uniform: 1 / Math.sqrt(fanIn) } },
  ];
  return [
    { name: names.embed, shape: [p, e], init: embed },
    ...(names.embed2 === null ? [] : [{ name: names.embed2, shape: [p, e], init: embed }]),
    { name: names.unembed, shape: [p, h], init: { normal: 1 / Math.sqrt(h) } },
    ...linear(names.l1, names.l1Bias, h, MLP_TYPES[a.modelType].inputs === 'concat' ? 2 * e : e),
    ...(names.l2 === null ? [] : linear(names.l2, names.l2Bias!, h, h)),
  ];
}

export const mlpOnly: ModelFamily<MlpArchitecture> = {
  hint: '`l1.weight` (MLP-only model)',
  recognises: (tensors) => tensors.has(ALL.l1),
  infer,
  owns: (a: Architecture): a is MlpArchitecture => a.family === 'mlp',
  isBuffer: () => false,
  table,
  canonical(tensors, a) {
    const get = (name: string | null): Tensor | null => {
      if (name === null) return null;
      const t = tensors.get(name);
      if (t === undefined) throw new InternalError(`tensor ${name} vanished after architecture inference`);
      return t;
    };
    const n = mlpNames(MLP_TYPES[a.modelType]);
    return { embed: get(n.embed)!, embed2: get(n.embed2), l1: get(n.l1)!, l1Bias: get(n.l1Bias)!, l2: get(n.l2), l2Bias: get(n.l2Bias), unembed: get(n.unembed)! };
  },
  sidecarFields: (a) => ({ C: a.p, model_type: a.modelType, n_vocab: a.nVocab, d_model: a.dHidden, d_hidden: a.dHidden }),
  withEmbedding(tensors: TensorMap, a, rows) {
    const out = new Map(tensors);
    out.set(mlpNames(MLP_TYPES[a.modelType]).embed, { dtype: 'F32', shape: [a.nVocab, a.dEmbed], data: rows });
    return out;
  },
};
