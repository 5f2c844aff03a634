import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toFloat64, type Tensor, type TensorMap } from '../../io/tensor.js';
import { inferArchitecture, type Architecture } from '../architecture.js';
import { referenceToLens } from '../lens-layout.js';
import { randomLensTransformer, randomMlp, randomProgressMeasuresTransformer, randomReferenceTransformer } from '../random-weights.js';
import { headsTransposed, mapParams, pairParams, paramList, transposed, type TransformerParams } from './canonical.js';
import { familyOf, familyOfTensors, FAMILIES } from './index.js';
import { MLP_TYPE_NAMES, MLP_TYPES, mlpArchitecture } from './mlp-only.js';
import { referenceNames, referenceRoleOf } from './reference-transformer.js';
import { transformerLens } from './transformer-lens.js';

const values = (t: Tensor): number[] => Array.from(toFloat64(t));

describe('layout changes', () => {
  it('transpose by hand, in the tensor’s own dtype (float64 stays float64)', () => {
    const t: Tensor = { dtype: 'F64', shape: [2, 3], data: Float64Array.of(1, 2, 3, 4, 5, 6 + 1e-12) };
    const u = transposed(t);
    expect(u).toEqual({ dtype: 'F64', shape: [3, 2], data: Float64Array.of(1, 4, 2, 5, 3, 6 + 1e-12) });
    // (H, a, b) = (2, 1, 2) → (2, 2, 1): each head's 1 × 2 row becomes a column.
    expect(headsTransposed({ dtype: 'F32', shape: [2, 1, 2], data: Float32Array.of(1, 2, 3, 4) }).shape).toEqual([2, 2, 1]);
    const h: Tensor = { dtype: 'F32', shape: [2, 2, 3], data: Float32Array.from({ length: 12 }, (_, i) => i) };
    // head 1, element (row 2, col 0) of the result is element (0, 2) of head 1: 6 + 2 = 8
    expect(headsTransposed(h).data[6 + 2 * 2 + 0]).toBe(8);
  });

  it('transposing twice is the identity (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), (r, c, h) => {
        const t: Tensor = { dtype: 'F32', shape: [h, r, c], data: Float32Array.from({ length: h * r * c }, (_, i) => i) };
        expect(headsTransposed(headsTransposed(t))).toEqual(t);
        const m: Tensor = { dtype: 'F32', shape: [r, c], data: Float32Array.from({ length: r * c }, (_, i) => i * 0.5) };
        expect(transposed(transposed(m))).toEqual(m);
      }),
    );
  });
});

describe('the canonical parameters', () => {
  it('of a reference model are its stored tensors, of its TransformerLens form the same values (biases zero)', () => {
    const tensors = randomReferenceTransformer({ p: 7, d: 12, heads: 3, layers: 2 });
    const ref = inferArchitecture(tensors, { attnCoeff: 1 });
    const lensTensors = referenceToLens(tensors);
    const lens = inferArchitecture(lensTensors, {});
    const a = familyOf(ref).canonical(tensors, ref) as TransformerParams<Tensor>;
    const b = familyOf(lens).canonical(lensTensors, lens) as TransformerParams<Tensor>;
    expect(a.embed).toBe(tensors.get('embed.W_E'));
    const withoutBiases = mapParams(b, (t) => t);
    for (const block of withoutBiases.blocks) {
      for (const bias of [block.bQ, block.bK, block.bV, block.bO]) expect(values(bias!).every((x) => x === 0)).toBe(true);
      Object.assign(block, { bQ: null, bK: null, bV: null, bO: null });
    }
    expect(values(withoutBiases.bU!).every((x) => x === 0)).toBe(true);
    withoutBiases.bU = null;
    for (const [x, y] of pairParams(a, withoutBiases)) {
      expect(y.shape).toEqual(x.shape);
      expect(values(y)).toEqual(values(x));
    }
  });

  it('lists and pairs every parameter once, in one order', () => {
    const names = referenceNames(2);
    expect(paramList(names)).toEqual([
      'embed.W_E', 'pos_embed.W_pos',
      ...[0, 1].flatMap((l) => ['attn.W_Q', 'attn.W_K', 'attn.W_V', 'attn.W_O', 'mlp.W_in', 'mlp.b_in', 'mlp.W_out', 'mlp.b_out'].map((n) => `blocks.${l}.${n}`)),
      'unembed.W_U',
    ]);
    expect(pairParams(names, names).every(([x, y]) => x === y)).toBe(true);
    for (const name of paramList(names)) expect(referenceRoleOf(name)).toBeDefined();
    expect(referenceRoleOf('blocks.1.attn.mask')).toBe('mask');
    expect(referenceRoleOf('blocks.0.ln1.w')).toBeUndefined();
  });
});

describe('each family', () => {
  const samples: [string, TensorMap, Parameters<typeof inferArchitecture>[1]][] = [
    ['reference', randomReferenceTransformer({ p: 5, d: 8, heads: 2, layers: 2, eqnSign: true }), { p: 5, attnCoeff: 0.5, eqnSign: true }],
    ['transformer-lens', randomLensTransformer({ p: 5, d: 8, heads: 2, layers: 1, dHead: 3, vocabOut: 6 }), {}],
    ['progress-measures', randomProgressMeasuresTransformer({ p: 5, d: 8, heads: 2, layers: 2, dMlp: 12 }), { layout: 'progress-measures' }],
    ...MLP_TYPE_NAMES.map((t): [string, TensorMap, { modelType: string }] => [`mlp ${t}`, randomMlp(t, 5, 6), { modelType: t }]),
  ];

  it.each(samples)('%s: recognises its state dicts, and its table says every tensor’s name and shape in file order', (_, tensors, config) => {
    const a: Architecture = inferArchitecture(tensors, config);
    const family = familyOfTensors(tensors, '<test>', config);
    expect(family.owns(a)).toBe(true);
    expect(FAMILIES.filter((f) => f.owns(a))).toEqual([family]);
    const table = family.table(a);
    expect(table.map((e) => e.name)).toEqual([...tensors.keys()]);
    for (const e of table) expect('buffer' in e ? e.buffer.shape : e.shape).toEqual(tensors.get(e.name)!.shape);
    expect(paramList(family.canonical(tensors, a)).length).toBe(table.filter((e) => !('buffer' in e)).length);
  });

  it('the MLP types are told apart by MLP_TYPES alone (a new type is a new line there)', () => {
    for (const t of MLP_TYPE_NAMES) {
      const shape = MLP_TYPES[t];
      const a = mlpArchitecture(t, 5, 6);
      expect(a.dEmbed).toBe(shape.inputs === 'concat' ? 3 : 6);
      expect(transformerLens.owns(a)).toBe(false);
      const names = [...randomMlp(t, 5, 6).keys()];
      expect(names.includes('l2.weight')).toBe(shape.twoLayers);
      expect(names.includes('embed2.weight')).toBe(shape.twoEmbeddings);
    }
  });

  it('no family takes a state dict it does not know; the error lists what they look for', () => {
    expect(() => familyOfTensors(new Map([['foo', { dtype: 'F32', shape: [1], data: Float32Array.of(0) }]]), 'q.pt')).toThrow(
      /q\.pt: not a known layout: expected `embed\.W_E` \(transformer\) or `l1\.weight` \(MLP-only model\); found foo/,
    );
  });
});
