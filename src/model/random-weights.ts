import type { Tensor, TensorMap } from '../io/tensor.js';
import { mulberry32, standardNormal } from '../stats/rng.js';
import type { MlpModelType } from './architecture.js';

/** Seeded standard normals (mulberry32 + Box–Muller): small random networks for tests and benchmarks. */
function gaussian(seed: number): () => number {
  const random = mulberry32(seed);
  return () => standardNormal(random);
}

function filled(shape: number[], next: () => number, scale: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return { dtype: 'F32', shape, data: Float32Array.from({ length: n }, () => next() * scale) };
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

/** A random transformer in the reference's state-dict layout (with the unused mask buffers). */
export function randomReferenceTransformer(spec: RandomTransformerSpec): TensorMap {
  const { p, d, heads: H, layers } = spec;
  const next = gaussian(spec.seed ?? 1);
  const s = spec.scale ?? 1 / Math.sqrt(d);
  const V = p * (spec.diffVocab ? 2 : 1) + (spec.eqnSign ? 1 : 0);
  const nCtx = spec.eqnSign ? 3 : 2;
  const dh = Math.floor(d / H);
  const m: TensorMap = new Map();
  m.set('embed.W_E', filled([d, V], next, s));
  m.set('pos_embed.W_pos', filled([nCtx, d], next, s));
  m.set('unembed.W_U', filled([d, V], next, s));
  for (let l = 0; l < layers; l++) {
    const b = `blocks.${l}`;
    for (const w of ['W_K', 'W_Q', 'W_V']) m.set(`${b}.attn.${w}`, filled([H, dh, d], next, s));
    m.set(`${b}.attn.W_O`, filled([d, H * dh], next, s));
    m.set(`${b}.attn.mask`, { dtype: 'F32', shape: [nCtx, nCtx], data: Float32Array.from({ length: nCtx * nCtx }, (_, i) => (i % nCtx <= Math.floor(i / nCtx) ? 1 : 0)) });
    m.set(`${b}.mlp.W_in`, filled([4 * d, d], next, s));
    m.set(`${b}.mlp.b_in`, filled([4 * d], next, s));
    m.set(`${b}.mlp.W_out`, filled([d, 4 * d], next, s));
    m.set(`${b}.mlp.b_out`, filled([d], next, s));
  }
  return m;
}

/** A random transformer in TransformerLens's layout with non-zero biases (and IGNORE/mask buffers). */
export function randomLensTransformer(spec: RandomTransformerSpec & { dHead?: number; vocabOut?: number }): TensorMap {
  const { p, d, heads: H, layers } = spec;
  const next = gaussian(spec.seed ?? 2);
  const s = spec.scale ?? 1 / Math.sqrt(d);
  const V = p * (spec.diffVocab ? 2 : 1) + (spec.eqnSign ? 1 : 0);
  const vOut = spec.vocabOut ?? V;
  const nCtx = spec.eqnSign ? 3 : 2;
  const dh = spec.dHead ?? Math.floor(d / H);
  const dm = 4 * d;
  const m: TensorMap = new Map();
  m.set('embed.W_E', filled([V, d], next, s));
  m.set('pos_embed.W_pos', filled([nCtx, d], next, s));
  for (let l = 0; l < layers; l++) {
    const b = `blocks.${l}`;
    for (const w of ['Q', 'K', 'V']) {
      m.set(`${b}.attn.W_${w}`, filled([H, d, dh], next, s));
      m.set(`${b}.attn.b_${w}`, filled([H, dh], next, s));
    }
    m.set(`${b}.attn.W_O`, filled([H, dh, d], next, s));
    m.set(`${b}.attn.b_O`, filled([d], next, s));
    m.set(`${b}.attn.mask`, { dtype: 'BOOL', shape: [nCtx, nCtx], data: Uint8Array.from({ length: nCtx * nCtx }, (_, i) => (i % nCtx <= Math.floor(i / nCtx) ? 1 : 0)) });
    m.set(`${b}.attn.IGNORE`, { dtype: 'F32', shape: [], data: Float32Array.of(-1e5) });
    m.set(`${b}.mlp.W_in`, filled([d, dm], next, s));
    m.set(`${b}.mlp.b_in`, filled([dm], next, s));
    m.set(`${b}.mlp.W_out`, filled([dm, d], next, s));
    m.set(`${b}.mlp.b_out`, filled([d], next, s));
  }
  m.set('unembed.W_U', filled([d, vOut], next, s));
  m.set('unembed.b_U', filled([vOut], next, s));
  return m;
}

/** A random MLP-only model of the given type in the reference's layout. */
export function randomMlp(type: MlpModelType, p: number, hidden: number, seed = 3): TensorMap {
  const next = gaussian(seed);
  const e = type === 'D' ? hidden / 2 : hidden;
  const s = 1 / Math.sqrt(hidden);
  const m: TensorMap = new Map();
  if (type === 'X') {
    m.set('embed1.weight', filled([p, e], next, s));
    m.set('embed2.weight', filled([p, e], next, s));
  } else {
    m.set('embed.weight', filled([p, e], next, s));
  }
  m.set('unembed.weight', filled([p, hidden], next, s));
  m.set('l1.weight', filled([hidden, type === 'D' ? 2 * e : e], next, s));
  m.set('l1.bias', filled([hidden], next, s));
  if (type === 'B' || type === 'C') {
    m.set('l2.weight', filled([hidden, hidden], next, s));
    m.set('l2.bias', filled([hidden], next, s));
  }
  return m;
}
