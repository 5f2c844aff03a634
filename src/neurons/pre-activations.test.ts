import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TensorMap } from '../io/tensor.js';
import type { MlpArchitecture, ModelConfig, TransformerArchitecture } from '../model/architecture.js';
import { tensorEngine } from '../model/backend.js';
import { buildModel } from '../model/build.js';
import { familyOf } from '../model/families/index.js';
import { mlpWeights } from '../model/mlp-only.js';
import { erf, naiveLogits } from '../model/naive-forward.js';
import { randomLensTransformer, randomMlp, randomReferenceTransformer } from '../model/random-weights.js';
import { TransformerNetwork } from '../model/transformer.js';
import { transformerWeights } from '../model/transformer-weights.js';
import { firstLayerPreActivations, transformerFirstLayer } from './pre-activations.js';

beforeAll(async () => {
  await tensorEngine();
});

/**
 * The oracle check: finish a 1-layer forward pass from the residual and pre-activations
 * (x + W_out·act(pre) + b_out, then W_U) and compare with naiveLogits over all pairs. A wrong
 * pre-activation would change the logits (ReLU passes every positive unit through).
 */
function worstTransformer(tensors: TensorMap, config: ModelConfig): number {
  const { architecture, network } = buildModel(tensors, config);
  const a = architecture as TransformerArchitecture;
  const { preActivations, residual } = transformerFirstLayer({ architecture: a, tensors, network }, a, { residual: true });
  const w = transformerWeights(familyOf(a).canonical(tensors, a), a);
  const { p, dModel: d, dMlp: dm, nOutputs } = a;
  const block = w.blocks[0]!;
  const act = (x: number): number => (a.actFn === 'ReLU' ? Math.max(0, x) : 0.5 * x * (1 + erf(x / Math.SQRT2)));
  let worst = 0;
  let scale = 1;
  for (let x = 0; x < p; x++) {
    for (let y = 0; y < p; y++) {
      const pair = x * p + y;
      const out = Float64Array.from({ length: d }, (_, i) => residual![i * p * p + pair]! + block.bOut[i]!);
      for (let j = 0; j < dm; j++) {
        const h = act(preActivations.data[j * p * p + pair]!);
        for (let i = 0; i < d; i++) out[i]! += h * block.wOut.data[j * d + i]!;
      }
      const want = naiveLogits(tensors, a, (network as TransformerNetwork).tokens(x, y));
      for (let c = 0; c < nOutputs; c++) {
        let got = w.bU === null ? 0 : w.bU[c]!;
        for (let i = 0; i < d; i++) got += out[i]! * w.wU.data[i * nOutputs + c]!;
        worst = Math.max(worst, Math.abs(got - want[c]!));
        scale = Math.max(scale, Math.abs(want[c]!));
      }
    }
  }
  return worst / scale;
}

/** The first block alone: the same tensors without blocks ≥ 1. */
function firstBlockOnly(tensors: TensorMap): TensorMap {
  return new Map([...tensors].filter(([name]) => !/^blocks\.[1-9]/.test(name)));
}

describe('first-layer pre-activations of transformers', () => {
  it('complete the float64 oracle forward pass of 1-layer models (α, activation, data flags, both layouts)', () => {
    fc.assert(
      fc.property(
        fc.record({
          alpha: fc.constantFrom(0, 1, 0.3),
          gelu: fc.boolean(),
          lens: fc.boolean(),
          diffVocab: fc.boolean(),
          eqnSign: fc.boolean(),
          seed: fc.integer({ min: 1, max: 1e6 }),
          heads: fc.constantFrom(1, 2, 4),
        }),
        ({ alpha, gelu, lens, diffVocab, eqnSign, seed, heads }) => {
          const spec = { p: 5, d: 8, heads, layers: 1, diffVocab, eqnSign, seed };
          const tensors = lens ? randomLensTransformer(spec) : randomReferenceTransformer(spec);
          const config: ModelConfig = { p: 5, actFn: gelu ? 'GeLU' : 'ReLU', diffVocab, eqnSign, ...(lens ? {} : { attnCoeff: alpha }) };
          expect(worstTransformer(tensors, config)).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 30 },
    );
  });
  it('read only the first block of deeper models', () => {
    const tensors = randomReferenceTransformer({ p: 7, d: 8, heads: 2, layers: 3, seed: 4 });
    const config = { p: 7, attnCoeff: 0.5 };
    const deep = buildModel(tensors, config);
    const shallow = buildModel(firstBlockOnly(tensors), config);
    const a = firstLayerPreActivations({ ...deep, tensors });
    const b = firstLayerPreActivations({ ...shallow, tensors: firstBlockOnly(tensors) });
    expect(a.neurons).toBe(32);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });
});

describe('first-layer pre-activations of MLP-only models', () => {
  for (const type of ['A', 'B', 'C', 'D', 'X'] as const) {
    it(`type ${type}: relu(pre) completes the float64 oracle forward pass`, () => {
      const p = 7;
      const tensors = randomMlp(type, p, 8, 11);
      const { architecture, network } = buildModel(tensors, { p, modelType: type });
      const a = architecture as MlpArchitecture;
      const table = firstLayerPreActivations({ architecture: a, tensors, network });
      const w = mlpWeights(familyOf(a).canonical(tensors, a), a);
      const h = a.dHidden;
      let worst = 0;
      for (let x = 0; x < p; x++) {
        for (let y = 0; y < p; y++) {
          let hidden = Float64Array.from({ length: h }, (_, j) => Math.max(0, table.data[j * p * p + x * p + y]!));
          if (w.w2 !== null) {
            const next = Float64Array.from(w.b2!);
            for (let j = 0; j < h; j++) for (let i = 0; i < h; i++) next[i]! += hidden[j]! * w.w2.data[j * h + i]!;
            hidden = next.map((v) => Math.max(0, v));
          }
          const want = naiveLogits(tensors, a, [x, y]);
          for (let c = 0; c < p; c++) {
            let got = 0;
            for (let j = 0; j < h; j++) got += hidden[j]! * w.wU.data[j * p + c]!;
            worst = Math.max(worst, Math.abs(got - want[c]!));
          }
        }
      }
      expect(worst).toBeLessThan(1e-12);
    });
  }
});
