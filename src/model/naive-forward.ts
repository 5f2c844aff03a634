import { toFloat64, type Tensor, type TensorMap } from '../io/tensor.js';
import type { Architecture, MlpArchitecture, TransformerArchitecture } from './architecture.js';
import { mapParams, type CanonicalParams, type MlpParams, type TransformerParams } from './families/canonical.js';
import { familyOf } from './families/index.js';
import { mlpType } from './families/mlp-only.js';

/**
 * A deliberately plain float64 forward pass, one input at a time, written straight from
 * METRICS.md §2–3 on the canonical parameters (families/canonical.ts: the reference's
 * orientation, read index by index; no pre-transposing, no batching, no tfjs). It is the
 * independent oracle the fast runtimes are tested against and the benchmark's baseline.
 */
export function naiveLogits(tensors: TensorMap, arch: Architecture, tokens: readonly number[], embeddingOverride?: Float64Array[]): Float64Array {
  const c = canonical(tensors, arch);
  return 'blocks' in c ? naiveTransformer(c, arch as TransformerArchitecture, tokens, embeddingOverride) : naiveMlp(c, arch as MlpArchitecture, tokens, embeddingOverride);
}

const canonicalF64 = new WeakMap<TensorMap, CanonicalParams<Float64Array>>();

/** The canonical parameters in float64, made once per map (the oracle is slow enough without re-decoding). */
function canonical<A extends Architecture>(tensors: TensorMap, arch: A): CanonicalParams<Float64Array> {
  let c = canonicalF64.get(tensors);
  if (c === undefined) {
    c = mapParams(familyOf(arch).canonical(tensors, arch) as CanonicalParams<Tensor>, toFloat64);
    canonicalF64.set(tensors, c);
  }
  return c;
}

function act(x: number, fn: 'ReLU' | 'GeLU'): number {
  return fn === 'ReLU' ? Math.max(0, x) : 0.5 * x * (1 + erf(x / Math.SQRT2));
}

/** erf to ~1e-15 (series for small |x|, continued fraction beyond). */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let sum = 0;
    let term = x;
    for (let n = 0; n < 200; n++) {
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
      term *= (-x * x) / (n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc by Lentz's continued fraction.
  const z = ax;
  let f = z;
  let c = z;
  let d = 0;
  for (let k = 1; k < 300; k++) {
    const an = k / 2;
    d = z + an * d;
    c = z + an / c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-z * z) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

function naiveTransformer(c: TransformerParams<Float64Array>, a: TransformerArchitecture, tokens: readonly number[], embeddingOverride?: Float64Array[]): Float64Array {
  const { dModel: d, nHeads: H, dHead: dh, dMlp: dm, nVocab: V, nOutputs, nLayers } = a;
  const n = tokens.length;
  const WE = c.embed;
  const Wpos = c.pos;
  // x[p][i] = W_E[i, tok] (d × V) plus W_pos[p, i].
  let x: Float64Array[] = tokens.map((tok, p) => Float64Array.from({ length: d }, (_, i) => (embeddingOverride?.[p]?.[i] ?? WE[i * V + tok]!) + Wpos[p * d + i]!));
  for (let l = 0; l < nLayers; l++) {
    const block = c.blocks[l]!;
    const proj = (W: Float64Array, B: Float64Array | null, xp: Float64Array): Float64Array[] => {
      return Array.from({ length: H }, (_, h) =>
        Float64Array.from({ length: dh }, (_, j) => {
          let s = B === null ? 0 : B[h * dh + j]!;
          // W (H, dh, d)
          for (let i = 0; i < d; i++) s += W[(h * dh + j) * d + i]! * xp[i]!;
          return s;
        }),
      );
    };
    const q = x.map((xp) => proj(block.wQ, block.bQ, xp));
    const k = x.map((xp) => proj(block.wK, block.bK, xp));
    const v = x.map((xp) => proj(block.wV, block.bV, xp));
    const WO = block.wO;
    const next: Float64Array[] = [];
    for (let qi = 0; qi < n; qi++) {
      const z = new Float64Array(H * dh);
      for (let h = 0; h < H; h++) {
        const visible = a.causalMask ? qi + 1 : n;
        const s: number[] = [];
        for (let p = 0; p < visible; p++) {
          let dot = 0;
          for (let j = 0; j < dh; j++) dot += q[qi]![h]![j]! * k[p]![h]![j]!;
          s.push(dot / Math.sqrt(dh));
        }
        const m = Math.max(...s);
        const e = s.map((si) => Math.exp(si - m));
        const total = e.reduce((u, w) => u + w, 0);
        for (let p = 0; p < visible; p++) {
          const A = a.attnCoeff * (e[p]! / total) + (1 - a.attnCoeff);
          for (let j = 0; j < dh; j++) z[h * dh + j] += A * v[p]![h]![j]!;
        }
      }
      const mid = Float64Array.from(x[qi]!);
      for (let i = 0; i < d; i++) {
        let s = block.bO === null ? 0 : block.bO[i]!;
        // W_O (d, H·dh)
        for (let f = 0; f < H * dh; f++) s += WO[i * H * dh + f]! * z[f]!;
        mid[i] += s;
      }
      const { wIn: Win, bIn: bin, wOut: Wout, bOut: bout } = block;
      const hidden = Float64Array.from({ length: dm }, (_, m2) => {
        let s = bin[m2]!;
        // W_in (dm, d)
        for (let i = 0; i < d; i++) s += Win[m2 * d + i]! * mid[i]!;
        return act(s, a.actFn);
      });
      const out = Float64Array.from(mid);
      for (let i = 0; i < d; i++) {
        let s = bout[i]!;
        // W_out (d, dm)
        for (let m2 = 0; m2 < dm; m2++) s += Wout[i * dm + m2]! * hidden[m2]!;
        out[i] += s;
      }
      next.push(out);
    }
    x = next;
  }
  const WU = c.unembed;
  const bU = c.bU;
  const last = x[n - 1]!;
  return Float64Array.from({ length: nOutputs }, (_, c) => {
    let s = bU === null ? 0 : bU[c]!;
    for (let i = 0; i < d; i++) s += last[i]! * WU[i * nOutputs + c]!;
    return s;
  });
}

function naiveMlp(c: MlpParams<Float64Array>, a: MlpArchitecture, tokens: readonly number[], embeddingOverride?: Float64Array[]): Float64Array {
  const { dEmbed: e, dHidden: h, p } = a;
  const { inputs } = mlpType(a.modelType);
  const [ta, tb] = tokens as [number, number];
  const E1 = c.embed;
  const E2 = c.embed2 ?? E1;
  const Ea = embeddingOverride?.[0] ?? E1.subarray(ta * e, (ta + 1) * e);
  const Eb = embeddingOverride?.[1] ?? E2.subarray(tb * e, (tb + 1) * e);
  const linear = (W: Float64Array, B: Float64Array, input: ArrayLike<number>, width: number): Float64Array => {
    return Float64Array.from({ length: h }, (_, r) => {
      let s = B[r]!;
      for (let i = 0; i < width; i++) s += W[r * width + i]! * input[i]!;
      return s;
    });
  };
  const relu = (v: Float64Array): Float64Array => v.map((x) => Math.max(0, x));
  let hidden: Float64Array;
  if (inputs === 'concat') hidden = relu(linear(c.l1, c.l1Bias, [...Ea, ...Eb], 2 * e));
  else if (inputs === 'each') {
    const u = linear(c.l1, c.l1Bias, Ea, e);
    const w = linear(c.l1, c.l1Bias, Eb, e);
    hidden = relu(u.map((x, i) => x + w[i]!));
  } else hidden = relu(linear(c.l1, c.l1Bias, Ea.map((x, i) => x + Eb[i]!), e));
  if (c.l2 !== null) hidden = relu(linear(c.l2, c.l2Bias!, hidden, h));
  const U = c.unembed;
  return Float64Array.from({ length: p }, (_, c) => {
    let s = 0;
    for (let i = 0; i < h; i++) s += hidden[i]! * U[c * h + i]!;
    return s;
  });
}
