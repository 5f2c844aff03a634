import { beforeAll, describe, expect, it } from 'vitest';
import { parseSidecar } from '../../io/sidecar.js';
import { toFloat64, type TensorMap } from '../../io/tensor.js';
import { clockpizzaErrorOf } from '../../../test/support/error-of.js';
import { inferArchitecture, type TransformerArchitecture } from '../architecture.js';
import { sidecarOfArchitecture } from '../architecture-sidecar.js';
import { tensorEngine } from '../backend.js';
import { buildModel } from '../build.js';
import type { Triple } from '../network.js';
import { randomProgressMeasuresTransformer } from '../random-weights.js';

beforeAll(async () => {
  await tensorEngine();
});

const P = 7;
const config = { layout: 'progress-measures' } as const;

/**
 * The progress-measures forward pass written literally from its code, in float64, by tensor
 * name: [a, b, =] embedded, per head scores k·q, `tril(scores) − 1e10·(1 − mask)`, ÷√dh,
 * softmax, W_O, residual, ReLU MLP, residual; W_U over all p + 1 classes, cut to the first p.
 * `rows` replaces the token embeddings of positions 0 and 1 (for finite differences).
 */
function literalLogits(t: TensorMap, tokens: number[], rows?: Float64Array[]): Float64Array {
  const get = (name: string) => ({ shape: t.get(name)!.shape, v: toFloat64(t.get(name)!) });
  const WE = get('embed.W_E');
  const [d, V] = WE.shape as [number, number];
  const Wpos = get('pos_embed.W_pos').v;
  const n = tokens.length;
  let x = tokens.map((tok, pos) => Float64Array.from({ length: d }, (_, i) => (rows?.[pos]?.[i] ?? WE.v[i * V + tok]!) + Wpos[pos * d + i]!));
  for (let l = 0; t.has(`blocks.${l}.attn.W_Q`); l++) {
    const b = (name: string) => get(`blocks.${l}.${name}`);
    const WQ = b('attn.W_Q');
    const [H, dh] = WQ.shape as [number, number];
    const proj = (W: Float64Array) => x.map((xp) => Array.from({ length: H }, (_, h) => Array.from({ length: dh }, (_, j) => xp.reduce((s, xi, i) => s + W[(h * dh + j) * d + i]! * xi, 0))));
    const [q, k, v] = [proj(WQ.v), proj(b('attn.W_K').v), proj(b('attn.W_V').v)];
    const mask = b('attn.mask').v;
    const WO = b('attn.W_O').v;
    const [Win, bin, Wout, bout] = [b('mlp.W_in').v, b('mlp.b_in').v, b('mlp.W_out').v, b('mlp.b_out').v];
    const dm = bin.length;
    x = x.map((xq, qi) => {
      const z = new Float64Array(H * dh);
      for (let h = 0; h < H; h++) {
        const scores = Array.from({ length: n }, (_, p) => {
          const raw = q[qi]![h]!.reduce((s, qj, j) => s + k[p]![h]![j]! * qj, 0);
          const tril = p <= qi ? raw : 0;
          return (tril - 1e10 * (1 - mask[qi * n + p]!)) / Math.sqrt(dh);
        });
        const m = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - m));
        const total = e.reduce((u, w) => u + w, 0);
        for (let p = 0; p < n; p++) for (let j = 0; j < dh; j++) z[h * dh + j] += (e[p]! / total) * v[p]![h]![j]!;
      }
      const mid = Float64Array.from(xq, (xi, i) => xi + z.reduce((s, zf, f) => s + WO[i * H * dh + f]! * zf, 0));
      const hidden = Float64Array.from({ length: dm }, (_, r) => Math.max(0, mid.reduce((s, mi, i) => s + Win[r * d + i]! * mi, bin[r]!)));
      return Float64Array.from(mid, (mi, i) => mi + hidden.reduce((s, hr, r) => s + Wout[i * dm + r]! * hr, bout[i]!));
    });
  }
  const WU = get('unembed.W_U').v;
  const last = x[n - 1]!;
  return Float64Array.from({ length: V - 1 }, (_, c) => last.reduce((s, xi, i) => s + xi * WU[i * V + c]!, 0));
}

describe('progress-measures family', () => {
  // Two layers, so the causal mask changes positions 0 and 1 before the last block reads them.
  const tensors = randomProgressMeasuresTransformer({ p: P, d: 8, heads: 2, layers: 2, seed: 5 });

  it('is told from a reference eqn_sign model by its config alone, and computes the literal forward pass', () => {
    const { architecture, network } = buildModel(tensors, config);
    expect(architecture).toMatchObject({ layout: 'progress-measures', p: P, nVocab: P + 1, nOutputs: P, causalMask: true, attnCoeff: 1 });
    const logits = network.allLogits();
    let worst = 0;
    let scale = 0;
    for (let a = 0; a < P; a++) {
      for (let b = 0; b < P; b++) {
        const want = literalLogits(tensors, [a, b, P]);
        want.forEach((w, c) => {
          worst = Math.max(worst, Math.abs(logits[(a * P + b) * P + c]! - w));
          scale = Math.max(scale, Math.abs(w));
        });
      }
    }
    expect(worst / scale).toBeLessThan(1e-5);
    // The same tensors read as a reference eqn_sign model (no mask, all p + 1 classes) differ.
    const asReference = buildModel(tensors, { attnCoeff: 1, eqnSign: true, p: P }).network;
    expect(asReference.nOutputs).toBe(P + 1);
    const unmasked = asReference.allLogits();
    const differences = Array.from(logits, (v, i) => Math.abs(unmasked[Math.floor(i / P) * (P + 1) + (i % P)]! - v));
    expect(Math.max(...differences)).toBeGreaterThan(1e-2);
  });

  it('takes the embedding gradients at the positions of a and b of [a, b, =] (finite differences of the literal pass)', () => {
    const network = buildModel(tensors, config).network;
    const triples: Triple[] = [[1, 2, 3], [4, 4, 0], [6, 0, 5]];
    const { ga, gb } = network.embeddingGradients(triples);
    const E = network.embeddingMatrix();
    const row = (t: number) => E.data.slice(t * 8, (t + 1) * 8);
    const h = 1e-5;
    triples.forEach(([a, b, c], n) => {
      for (const [position, got] of [[0, ga[n]!], [1, gb[n]!]] as const) {
        got.forEach((g, i) => {
          const plus = [row(a), row(b)];
          const minus = [row(a), row(b)];
          plus[position]![i] += h;
          minus[position]![i] -= h;
          const want = (literalLogits(tensors, [a, b, P], plus)[c]! - literalLogits(tensors, [a, b, P], minus)[c]!) / (2 * h);
          expect(Math.abs(g - want)).toBeLessThan(1e-3 * Math.max(1, Math.abs(want)));
        });
      }
    });
  });

  it('refuses what does not apply: another α, a vocabulary that is not p + 1, diff_vocab, a wrong d_mlp', () => {
    expect(clockpizzaErrorOf(() => inferArchitecture(tensors, config, { attn: 0.5, source: 'm.pt' })).message).toMatch(/m\.pt: --attn: progress-measures attention is plain softmax/);
    expect(clockpizzaErrorOf(() => inferArchitecture(tensors, { ...config, p: 5 }, { source: 'm.pt' })).message).toMatch(/m\.pt: embed\.W_E: sidecar says vocab p \+ 1 \(inputs \[a, b, =\]\) = 6 but the tensors say 8/);
    expect(clockpizzaErrorOf(() => inferArchitecture(tensors, { ...config, diffVocab: true }, { source: 'm.pt' })).message).toMatch(/no diff_vocab/);
    expect(clockpizzaErrorOf(() => inferArchitecture(tensors, { ...config, dMlp: 12 }, { source: 'm.pt' })).message).toMatch(/d_mlp: sidecar says d_mlp = 12 but the tensors say 32/);
  });

  it('its sidecar round-trips: written with the progress-measures keys, read back as the same layout', () => {
    const a = inferArchitecture(tensors, config) as TransformerArchitecture;
    const raw = sidecarOfArchitecture(a);
    expect(raw).toMatchObject({ layout: 'progress-measures', p: P, d_model: 8, num_heads: 2, num_layers: 2, d_mlp: 32, d_vocab: P + 1, n_ctx: 3 });
    const sidecar = parseSidecar(new TextEncoder().encode(JSON.stringify(raw)), 'm.json');
    expect({ ...inferArchitecture(tensors, sidecar), assumptions: [] }).toEqual({ ...a, assumptions: [] });
  });

  it('a progress-measures config is checked against its schema', () => {
    const bad = (raw: object) => clockpizzaErrorOf(() => parseSidecar(new TextEncoder().encode(JSON.stringify(raw)), 'c.json')).message;
    expect(bad({ p: 113, d_model: 128, use_ln: true })).toMatch(/c\.json: \/use_ln: must be equal to constant/);
    expect(bad({ p: 113, d_model: 128, d_vocab: 113 })).toMatch(/c\.json: \/d_vocab: must be p \+ 1 = 114/);
    expect(bad({ p: 113 })).toMatch(/c\.json: \/d_model/);
  });
});
