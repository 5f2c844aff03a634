import { ClockpizzaError } from '../errors.js';
import type { Tensor, TensorMap } from '../io/tensor.js';
import type { ModelConfig } from '../model/architecture.js';
import { networkFromTensors } from '../model/build.js';
import { referenceStateDict } from '../model/families/reference-transformer.js';
import type { Network } from '../model/network.js';
import { mulberry32 } from '../stats/rng.js';
import { algorithm, checkFrequencies } from './compile.js';
import { oracleNetwork } from './oracle-network.js';

/**
 * The weight-level ideal Pizza: a 1-layer reference transformer (METRICS.md §2, α = 0) whose
 * weights compute the notebook's Pizza template exactly,
 *   Q[a,b,c] = Σ_i |cos(w_i c/2)·s_i0 + sin(w_i c/2)·s_i1| − |−sin(w_i c/2)·s_i0 + cos(w_i c/2)·s_i1|,
 * s_i = r_i·(cos w_i a + cos w_i b, sin w_i a + sin w_i b).
 *
 * Residual stream (d = max(4|K| + p, ⌈2|K|p/4⌉); d_mlp = 4d as the reference fixes it):
 *   [0, 2|K|)        emb slot: the token embedding, circles of radius r_i/λ (nothing reads it directly)
 *   [2|K|, 4|K|)     sum slot: λ·(E_a + E_b) = s, written by attention (α = 0: a plain sum over positions)
 *   [4|K|, 4|K|+p)   logit slots: one per output c, read by W_U as the identity
 * Attention: W_V and W_O each carry √λ and copy the emb slot into the sum slot (heads split the
 * 2|K| coordinates head-major); W_Q and W_K hold arbitrary numbers, which α = 0 ignores.
 * MLP: |x| = 2·ReLU(x) − x, two neurons per (frequency, output) — ReLU(u), ReLU(v) — written
 * ×2 into the logit slot; the linear part −u + v goes from the sum slot through W_U. The rest
 * of the 4d neurons are dead (zero weights).
 *
 * Why the gain λ: in this architecture the last position's residual also holds the token's
 * own embedding, so ∂Q/∂E_b = ∂Q/∂E_a + ∂Q/∂x_last, orthogonal parts here; gradient
 * symmetricity per triple is |g_a|/|g_b| = λ|∂Q/∂s| / √((λ²+1)|∂Q/∂s|² + 1) — 1 − O(λ⁻²).
 *
 * Kink: at the answer c ≡ a+b, v = 0 exactly; ReLU′(0) = 0 makes the network's derivative of
 * |v| = 2·ReLU(v) − v the one-sided −v′, while the oracle uses sign(0) = 0. Logits agree everywhere.
 */
export interface IdealPizzaOptions {
  /** Modulus (default 59). */
  p?: number;
  /** Circle frequencies (default [7, 17]). */
  frequencies?: readonly number[];
  /** Amplitude of each frequency's term = radius of its circle in s (default [1, 0.6]; distinct radii keep PCA's circles apart). */
  radii?: readonly number[];
  /** Gain λ of the OV circuit (default 1000). */
  gain?: number;
  /** Seed of the arbitrary W_Q, W_K (default 1). */
  seed?: number;
}

export interface IdealPizza {
  tensors: TensorMap;
  /** The sidecar JSON (reference keys), as written next to the fixture. */
  sidecar: Record<string, unknown>;
  /** The normalised config networkFromTensors takes. */
  config: ModelConfig;
  /** Construction parameters, resolved. */
  p: number;
  frequencies: number[];
  radii: number[];
  gain: number;
  dModel: number;
  /** Live neurons (2|K|p) of the 4d. */
  liveNeurons: number;
}

export const IDEAL_PIZZA_DEFAULTS = { p: 59, frequencies: [7, 17], radii: [1, 0.6], gain: 1000, seed: 1 } as const;

export function idealPizzaWeights(options: IdealPizzaOptions = {}): IdealPizza {
  const p = options.p ?? IDEAL_PIZZA_DEFAULTS.p;
  const frequencies = [...(options.frequencies ?? IDEAL_PIZZA_DEFAULTS.frequencies)];
  const radii = [...(options.radii ?? IDEAL_PIZZA_DEFAULTS.radii)];
  const gain = options.gain ?? IDEAL_PIZZA_DEFAULTS.gain;
  const seed = options.seed ?? IDEAL_PIZZA_DEFAULTS.seed;
  checkFrequencies(p, frequencies, radii);
  if (radii.some((r) => !(r > 0))) throw new ClockpizzaError('radii must be positive', { field: 'radii' });
  if (!(gain > 0)) throw new ClockpizzaError(`gain must be positive, got ${gain}`, { field: 'gain' });

  const nK = frequencies.length;
  const live = 2 * nK * p;
  const d = Math.max(4 * nK + p, Math.ceil(live / 4));
  const nHeads = 4;
  const dHead = Math.floor(d / nHeads);
  const dMlp = 4 * d;
  const V = p;
  const emb = (j: number) => j;
  const sum = (j: number) => 2 * nK + j;
  const logitSlot = (c: number) => 4 * nK + c;
  const root = Math.sqrt(gain);

  // W_E (d, V): column t is token t's embedding.
  const wE = new Float64Array(d * V);
  frequencies.forEach((k, i) => {
    for (let t = 0; t < p; t++) {
      const angle = (2 * Math.PI * k * t) / p;
      wE[emb(2 * i) * V + t] = (radii[i]! / gain) * Math.cos(angle);
      wE[emb(2 * i + 1) * V + t] = (radii[i]! / gain) * Math.sin(angle);
    }
  });
  const wPos = new Float64Array(2 * d);

  // Attention: flattened head-major index j = h·dh + i carries emb coordinate j (j < 2|K|).
  const wQ = arbitrary(nHeads * dHead * d, seed);
  const wK = arbitrary(nHeads * dHead * d, seed + 1);
  const wV = new Float64Array(nHeads * dHead * d);
  const wO = new Float64Array(d * nHeads * dHead);
  for (let j = 0; j < 2 * nK; j++) {
    wV[j * d + emb(j)] = root; // (h, i, ·) row-major = row j of the (H·dh, d) matrix
    wO[sum(j) * (nHeads * dHead) + j] = root;
  }

  // MLP and unembedding.
  const wIn = new Float64Array(dMlp * d);
  const bIn = new Float64Array(dMlp);
  const wOut = new Float64Array(d * dMlp);
  const bOut = new Float64Array(d);
  const wU = new Float64Array(d * V);
  for (let c = 0; c < p; c++) wU[logitSlot(c) * V + c] = 1;
  frequencies.forEach((k, i) => {
    const w = (2 * Math.PI * k) / p;
    for (let c = 0; c < p; c++) {
      const cos = Math.cos((w * c) / 2);
      const sin = Math.sin((w * c) / 2);
      const u = (i * p + c) * 2;
      const v = u + 1;
      // u = cos·s0 + sin·s1,  v = −sin·s0 + cos·s1
      wIn[u * d + sum(2 * i)] = cos;
      wIn[u * d + sum(2 * i + 1)] = sin;
      wIn[v * d + sum(2 * i)] = -sin;
      wIn[v * d + sum(2 * i + 1)] = cos;
      // |u| − |v| = 2·ReLU(u) − 2·ReLU(v) + (−u + v)
      wOut[logitSlot(c) * dMlp + u] = 2;
      wOut[logitSlot(c) * dMlp + v] = -2;
      wU[sum(2 * i) * V + c] += -cos - sin;
      wU[sum(2 * i + 1) * V + c] += -sin + cos;
    }
  });

  const f32 = (shape: number[], data: Float64Array): Tensor => ({ dtype: 'F32', shape, data: Float32Array.from(data) });
  const tensors = referenceStateDict({
    embed: f32([d, V], wE),
    pos: f32([2, d], wPos),
    blocks: [
      {
        wQ: f32([nHeads, dHead, d], wQ), wK: f32([nHeads, dHead, d], wK), wV: f32([nHeads, dHead, d], wV), wO: f32([d, nHeads * dHead], wO),
        bQ: null, bK: null, bV: null, bO: null,
        wIn: f32([dMlp, d], wIn), bIn: f32([dMlp], bIn), wOut: f32([d, dMlp], wOut), bOut: f32([d], bOut),
      },
    ],
    unembed: f32([d, V], wU),
    bU: null,
  });
  const runid = `ideal-pizza-p${p}`;
  const sidecar = {
    name: `modadd_${p}`,
    runid,
    C: p,
    n_heads: nHeads,
    d_model: d,
    n_layers: 1,
    act_fn: 'ReLU',
    attn_coeff: 0,
    diff_vocab: 0,
    eqn_sign: 0,
  };
  const config: ModelConfig = { p, attnCoeff: 0, nLayers: 1, dModel: d, nHeads, actFn: 'ReLU', diffVocab: false, eqnSign: false };
  return { tensors, sidecar, config, p, frequencies, radii, gain, dModel: d, liveNeurons: live };
}

/** The ideal Pizza run through networkFromTensors, like a loaded checkpoint. Call `await tensorEngine()` first. */
export function idealPizzaTransformer(options: IdealPizzaOptions = {}): Network {
  const built = idealPizzaWeights(options);
  return networkFromTensors(built.tensors, built.config, `ideal Pizza p=${built.p}`);
}

/** The oracle the weight-level network implements: notebook Pizza, amplitudes r_i, embedding radii r_i/λ. */
export function idealPizzaOracle(options: IdealPizzaOptions = {}): Network {
  const built = idealPizzaWeights(options);
  return oracleNetwork(algorithm('pizza-notebook'), built.p, built.frequencies, {
    amplitudes: built.radii,
    radii: built.radii.map((r) => r / built.gain),
  });
}

/** Deterministic numbers in [−1, 1): weights whose value must not matter. */
function arbitrary(n: number, seed: number): Float64Array {
  const random = mulberry32(seed);
  return Float64Array.from({ length: n }, () => random() * 2 - 1);
}
