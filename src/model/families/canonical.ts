import { InternalError } from '../../errors.js';
import type { Tensor, TensorData } from '../../io/tensor.js';

/**
 * The one canonical parameter set every runtime reads: inference (transformer-weights.ts,
 * mlp-only.ts), the float64 oracle (naive-forward.ts) and both training steps. A family maps its
 * stored tensors to it (families/*.ts); nothing else knows a tensor name. Orientations are the
 * reference's (METRICS.md §2–3), so the reference layouts map to it without copying. `T` is what
 * a parameter is held as: a stored Tensor, a float64 array, a training Param, a tfjs tensor, a
 * matrix in kernel memory, or the tensor's name.
 */
export interface TransformerBlockParams<T> {
  /** (H, dh, d) each: row h·dh + j of the (H·dh, d) matrix is head h's j-th direction. */
  wQ: T;
  wK: T;
  wV: T;
  /** (d, H·dh), columns in head-major (h, j) order. */
  wO: T;
  /** (dm, d), (dm), (d, dm), (d). */
  wIn: T;
  bIn: T;
  wOut: T;
  bOut: T;
  /** Attention biases, (H, dh) each and (d): TransformerLens only, else null. */
  bQ: T | null;
  bK: T | null;
  bV: T | null;
  bO: T | null;
}

export interface TransformerParams<T> {
  /** (d, V): column t is token t's embedding. */
  embed: T;
  /** (n_ctx, d). */
  pos: T;
  blocks: TransformerBlockParams<T>[];
  /** (d, nOutputs), read as x·W_U. */
  unembed: T;
  /** (nOutputs): TransformerLens only, else null. */
  bU: T | null;
}

/** The MLP-only models' parameters (nn.Linear orientation: weight (out, in)). */
export interface MlpParams<T> {
  /** (V, e): row t is token t's embedding (of the first operand, for two-embedding types). */
  embed: T;
  /** (V, e): the second operand's embedding, for two-embedding types; else null. */
  embed2: T | null;
  /** (h, e), or (h, 2e) for concatenated inputs; (h). */
  l1: T;
  l1Bias: T;
  /** (h, h), (h): types with a second hidden layer, else null. */
  l2: T | null;
  l2Bias: T | null;
  /** (p, h). */
  unembed: T;
}

export type CanonicalParams<T> = TransformerParams<T> | MlpParams<T>;

const BLOCK_ORDER = ['wQ', 'wK', 'wV', 'wO', 'bQ', 'bK', 'bV', 'bO', 'wIn', 'bIn', 'wOut', 'bOut'] as const;

/** The parameters present, in one fixed order (absent biases and layers skipped). */
export function paramList<T>(c: CanonicalParams<T>): T[] {
  const present = (xs: (T | null)[]): T[] => xs.filter((x): x is T => x !== null);
  if ('blocks' in c) return present([c.embed, c.pos, ...c.blocks.flatMap((b) => BLOCK_ORDER.map((k) => b[k])), c.unembed, c.bU]);
  return present([c.embed, c.embed2, c.l1, c.l1Bias, c.l2, c.l2Bias, c.unembed]);
}

/** Pairs two canonical sets of the same model role by role (e.g. tensor names with matrices). */
export function pairParams<A, B>(a: CanonicalParams<A>, b: CanonicalParams<B>): [A, B][] {
  const as = paramList(a);
  const bs = paramList(b);
  if (as.length !== bs.length) throw new InternalError(`canonical parameter sets of ${as.length} and ${bs.length} parameters`);
  return as.map((x, i) => [x, bs[i]!]);
}

/** The same set with every parameter mapped (null stays null). */
export function mapParams<A, B>(c: TransformerParams<A>, f: (x: A) => B): TransformerParams<B>;
export function mapParams<A, B>(c: MlpParams<A>, f: (x: A) => B): MlpParams<B>;
export function mapParams<A, B>(c: CanonicalParams<A>, f: (x: A) => B): CanonicalParams<B>;
export function mapParams<A, B>(c: CanonicalParams<A>, f: (x: A) => B): CanonicalParams<B> {
  const g = (x: A | null): B | null => (x === null ? null : f(x));
  if ('blocks' in c) {
    return {
      embed: f(c.embed),
      pos: f(c.pos),
      blocks: c.blocks.map((b) => ({
        wQ: f(b.wQ), wK: f(b.wK), wV: f(b.wV), wO: f(b.wO), bQ: g(b.bQ), bK: g(b.bK), bV: g(b.bV), bO: g(b.bO),
        wIn: f(b.wIn), bIn: f(b.bIn), wOut: f(b.wOut), bOut: f(b.bOut),
      })),
      unembed: f(c.unembed),
      bU: g(c.bU),
    };
  }
  return { embed: f(c.embed), embed2: g(c.embed2), l1: f(c.l1), l1Bias: f(c.l1Bias), l2: g(c.l2), l2Bias: g(c.l2Bias), unembed: f(c.unembed) };
}

/**
 * A tensor's elements rearranged into `shape` (element i of the result is element source(i) of
 * the input), in the input's own dtype: a layout change never rounds a value.
 */
export function rearranged(t: Tensor, shape: number[], source: (i: number) => number): Tensor {
  const data = new (t.data.constructor as new (n: number) => TensorData)(t.data.length);
  const from = t.data as ArrayLike<number>;
  const to = data as unknown as number[];
  for (let i = 0; i < to.length; i++) to[i] = from[source(i)]!;
  return { dtype: t.dtype, shape, data };
}

/** (r, c) → (c, r). */
export function transposed(t: Tensor): Tensor {
  const [r, c] = t.shape as [number, number];
  return rearranged(t, [c, r], (i) => (i % r) * c + Math.floor(i / r));
}

/** (H, a, b) → (H, b, a): each head's matrix transposed. */
export function headsTransposed(t: Tensor): Tensor {
  const [h, a, b] = t.shape as [number, number, number];
  return rearranged(t, [h, b, a], (i) => {
    const head = Math.floor(i / (a * b));
    const k = i % (a * b);
    return head * a * b + (k % a) * b + Math.floor(k / a);
  });
}
