import type { Tensor, TensorMap } from '../io/tensor.js';
import { mulberry32, standardNormal } from '../stats/rng.js';
import type { TableEntry } from './families/family.js';
import { mlpArchitecture, mlpOnly, type MlpModelType } from './families/mlp-only.js';
import { referenceArchitecture, referenceTransformer } from './families/reference-transformer.js';
import { lensArchitecture, transformerLens } from './families/transformer-lens.js';
import { progressMeasures, progressMeasuresArchitecture } from './families/progress-measures.js';

/** Seeded standard normals (mulberry32 + Box–Muller): small random networks for tests and benchmarks. */
function gaussian(seed: number): () => number {
  const random = mulberry32(seed);
  return () => standardNormal(random);
}

function filled(shape: number[], next: () => number, scale: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return { dtype: 'F32', shape, data: Float32Array.from({ length: n }, () => next() * scale) };
}

/** A family's state dict with every parameter (biases too) drawn as N(0,1)·scale in file order, and its buffers. */
function randomStateDict(table: TableEntry[], next: () => number, scale: number): TensorMap {
  return new Map(table.map((entry) => [entry.name, 'buffer' in entry ? entry.buffer : filled(entry.shape, next, scale)]));
}

export interface RandomTransformerSpec {
  p: number;
  d: number;
  heads: number;
  layers: number;
  diffVocab?: boolean;
  eqnSign?: boolean;
  seed?: number;
  /** Scale of every weight (default 1/√d). */
  scale?: number;
}

const flags = (spec: RandomTransformerSpec) => ({ ...(spec.diffVocab ? { diffVocab: true } : {}), ...(spec.eqnSign ? { eqnSign: true } : {}) });

/** A random transformer in the reference's state-dict layout (with the unused mask buffers). */
export function randomReferenceTransformer(spec: RandomTransformerSpec): TensorMap {
  const a = referenceArchitecture({ p: spec.p, dModel: spec.d, nHeads: spec.heads, nLayers: spec.layers, actFn: 'ReLU', attnCoeff: 0, ...flags(spec) });
  return randomStateDict(referenceTransformer.table(a), gaussian(spec.seed ?? 1), spec.scale ?? 1 / Math.sqrt(spec.d));
}

/** A random transformer in TransformerLens's layout with non-zero biases (and IGNORE/mask buffers). */
export function randomLensTransformer(spec: RandomTransformerSpec & { dHead?: number; vocabOut?: number }): TensorMap {
  const { p, d, heads, layers } = spec;
  const V = p * (spec.diffVocab ? 2 : 1) + (spec.eqnSign ? 1 : 0);
  const a = lensArchitecture({ p, dModel: d, nHeads: heads, nLayers: layers, dHead: spec.dHead ?? Math.floor(d / heads), dMlp: 4 * d, nOutputs: spec.vocabOut ?? V, ...flags(spec) });
  return randomStateDict(transformerLens.table(a), gaussian(spec.seed ?? 2), spec.scale ?? 1 / Math.sqrt(d));
}

/** A random transformer in the progress-measures layout (inputs [a, b, =], V = p + 1, with its mask buffers). */
export function randomProgressMeasuresTransformer(spec: Omit<RandomTransformerSpec, 'diffVocab' | 'eqnSign'> & { dMlp?: number }): TensorMap {
  const a = progressMeasuresArchitecture({ p: spec.p, dModel: spec.d, nHeads: spec.heads, nLayers: spec.layers, ...(spec.dMlp !== undefined ? { dMlp: spec.dMlp } : {}) });
  return randomStateDict(progressMeasures.table(a), gaussian(spec.seed ?? 4), spec.scale ?? 1 / Math.sqrt(spec.d));
}

/** A random MLP-only model of the given type in the reference's layout. */
export function randomMlp(type: MlpModelType, p: number, hidden: number, seed = 3): TensorMap {
  return randomStateDict(mlpOnly.table(mlpArchitecture(type, p, hidden)), gaussian(seed), 1 / Math.sqrt(hidden));
}
