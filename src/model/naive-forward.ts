import { toFloat64, type TensorMap } from '../io/tensor.js';
import type { Architecture, MlpArchitecture, TransformerArchitecture } from './architecture.js';

/**
 * A deliberately plain float64 forward pass, one input at a time, written straight from
 * METRICS.md §2–3 on the tensors as stored (no pre-transposing, no batching, no tfjs). It is the
 * independent oracle the fast runtimes are tested against and the benchmark's baseline.
 */
export function naiveLogits(tensors: TensorMap, arch: Architecture, tokens: readonly number[], embeddingOverride?: Float64Array[]): Float64Array {
  return arch.family === 'mlp' ? naiveMlp(tensors, arch, tokens, embeddingOverride) : naiveTransformer(tensors, arch, tokens, embeddingOverride);
}

const readers = new WeakMap<TensorMap, (name: string) => Float64Array>();

/** float64 copies of the tensors, made once per map (the oracle is slow enough without re-decoding). */
function reader(tensors: TensorMap): (name: string) => Float64Array {
  const known = readers.get(tensors);
  if (known !== undefined) return known;
  const cache = new Map<string, Float64Array>();
  const read = (name: string): Float64Array => {
    let v = cache.get(name);
    if (v === undefined) {
      const t = tensors.get(name);
      if (t === undefined) throw new Error(`naive forward: missing ${name}`);
      v = toFloat64(t);
      cache.set(name, v);
    }
    return v;
  };
  readers.set(tensors, read);
  return read;
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

function naiveTransformer(tensors: TensorMap, a: TransformerArchitecture, tokens: readonly number[], embeddingOverride?: Float64Array[]): Float64Array {
  const get = reader(tensors);
  const { dModel: d, nHeads: H, dHead: dh, dMlp: dm, nVocab: V, nOutputs, nLayers } = a;
  const lens = a.layout === 'transformer-lens';
  const n = tokens.length;
  const WE = get('embed.W_E');
  const Wpos = get('pos_embed.W_pos');
  // x[p][i] = W_E[i, tok] (reference, d × V) or W_E[tok, i] (TransformerLens, V × d), plus W_pos[p, i].
  let x: Float64Array[] = tokens.map((tok, p) =>
    Float64Array.from({ length: d }, (_, i) => (embeddingOverride?.[p]?.[i] ?? (lens ? WE[tok * d + i]! : WE[i * V + tok]!)) + Wpos[p * d + i]!),
  );
  for (let l = 0; l < nLayers; l++) {
    const b = `blocks.${l}`;
    const proj = (w: string, bias: string | null, xp: Float64Array): Float64Array[] => {
      const W = get(`${b}.attn.${w}`);
      const B = bias === null ? null : get(`${b}.attn.${bias}`);
      return Array.from({ length: H }, (_, h) =>
        Float64Array.from({ length: dh }, (_, j) => {
          let s = B === null ? 0 : B[h * dh + j]!;
          // reference W (H, dh, d); TransformerLens W (H, d, dh)
          for (let i = 0; i < d; i++) s += (lens ? W[(h * d + i) * dh + j]! : W[(h * dh + j) * d + i]!) * xp[i]!;
          return s;
        }),
      );
    };
    const q = x.map((xp) => proj('W_Q', lens ? 'b_Q' : null, xp));
    const k = x.map((xp) => proj('W_K', lens ? 'b_K' : null, xp));
    const v = x.map((xp) => proj('W_V', lens ? 'b_V' : null, xp));
    const WO = get(`${b}.attn.W_O`);
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
        let s = lens ? get(`${b}.attn.b_O`)[i]! : 0;
        // reference W_O (d, H·dh); TransformerLens W_O (H, dh, d)
        for (let f = 0; f < H * dh; f++) s += (lens ? WO[f * d + i]! : WO[i * H * dh + f]!) * z[f]!;
        mid[i] += s;
      }
      const Win = get(`${b}.mlp.W_in`);
      const bin = get(`${b}.mlp.b_in`);
      const Wout = get(`${b}.mlp.W_out`);
      const bout = get(`${b}.mlp.b_out`);
      const hidden = Float64Array.from({ length: dm }, (_, m2) => {
        let s = bin[m2]!;
        // reference W_in (dm, d); TransformerLens W_in (d, dm)
        for (let i = 0; i < d; i++) s += (lens ? Win[i * dm + m2]! : Win[m2 * d + i]!) * mid[i]!;
        return act(s, a.actFn);
      });
      const out = Float64Array.from(mid);
      for (let i = 0; i < d; i++) {
        let s = bout[i]!;
        // reference W_out (d, dm); TransformerLens W_out (dm, d)
        for (let m2 = 0; m2 < dm; m2++) s += (lens ? Wout[m2 * d + i]! : Wout[i * dm + m2]!) * hidden[m2]!;
        out[i] += s;
      }
      next.push(out);
    }
    x = next;
  }
  const WU = get('unembed.W_U');
  const bU = lens ? get('unembed.b_U') : null;
  const last = x[n - 1]!;
  return Float64Array.from({ length: nOutputs }, (_, c) => {
    let s = bU === null ? 0 : bU[c]!;
    for (let i = 0; i < d; i++) s += last[i]! * WU[i * nOutputs + c]!;
    return s;
  });
}

function naiveMlp(tensors: TensorMap, a: MlpArchitecture, tokens: readonly number[], embeddingOverride?: Float64Array[]): Float64Array {
  const get = reader(tensors);
  const { dEmbed: e, dHidden: h, modelType, p } = a;
  const [ta, tb] = tokens as [number, number];
  const E1 = get(modelType === 'X' ? 'embed1.weight' : 'embed.weight');
  const E2 = modelType === 'X' ? get('embed2.weight') : E1;
  const Ea = embeddingOverride?.[0] ?? E1.subarray(ta * e, (ta + 1) * e);
  const Eb = embeddingOverride?.[1] ?? E2.subarray(tb * e, (tb + 1) * e);
  const linear = (name: string, input: ArrayLike<number>, width: number): Float64Array => {
    const W = get(`${name}.weight`);
    const B = get(`${name}.bias`);
    return Float64Array.from({ length: h }, (_, r) => {
      let s = B[r]!;
      for (let i = 0; i < width; i++) s += W[r * width + i]! * input[i]!;
      return s;
    });
  };
  const relu = (v: Float64Array): Float64Array => v.map((x) => Math.max(0, x));
  let hidden: Float64Array;
  if (modelType === 'D') hidden = relu(linear('l1', [...Ea, ...Eb], 2 * e));
  else if (modelType === 'C') {
    const u = linear('l1', Ea, e);
    const w = linear('l1', Eb, e);
    hidden = relu(u.map((x, i) => x + w[i]!));
  } else hidden = relu(linear('l1', Ea.map((x, i) => x + Eb[i]!), e));
  if (modelType === 'B' || modelType === 'C') hidden = relu(linear('l2', hidden, h));
  const U = get('unembed.weight');
  return Float64Array.from({ length: p }, (_, c) => {
    let s = 0;
    for (let i = 0; i < h; i++) s += hidden[i]! * U[c * h + i]!;
    return s;
  });
}
