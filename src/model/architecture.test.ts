import { describe, expect, it } from 'vitest';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import type { TensorMap } from '../io/tensor.js';
import { describeArchitecture, inferArchitecture } from './architecture.js';
import { referenceToLens } from './lens-layout.js';
import { randomLensTransformer, randomMlp, randomReferenceTransformer } from './random-weights.js';

const ref = (over: Partial<Parameters<typeof randomReferenceTransformer>[0]> = {}): TensorMap =>
  randomReferenceTransformer({ p: 7, d: 8, heads: 2, layers: 1, ...over });

describe('reference transformer', () => {
  it('reads every dimension off the tensors and α off the sidecar', () => {
    const a = inferArchitecture(ref({ layers: 2 }), { p: 7, attnCoeff: 0.25, actFn: 'GeLU' });
    expect(a).toMatchObject({ family: 'transformer', layout: 'reference', nLayers: 2, dModel: 8, nHeads: 2, dHead: 4, dMlp: 32, nVocab: 7, nOutputs: 7, nCtx: 2, actFn: 'GeLU', attnCoeff: 0.25, attnCoeffSource: 'sidecar', biases: false, causalMask: false });
    expect(describeArchitecture(a)).toBe('transformer (reference) 2 layers d=8 H=2 dh=4 GeLU α=0.25 p=7 V=7');
  });

  it('uses the head width floor(d/H): d = 10, H = 4 gives dh = 2 and a 10×8 W_O', () => {
    const a = inferArchitecture(randomReferenceTransformer({ p: 5, d: 10, heads: 4, layers: 1 }), { p: 5, attnCoeff: 1 });
    expect(a).toMatchObject({ dHead: 2, nHeads: 4, dModel: 10 });
  });

  it('needs attn_coeff from the sidecar or --attn; --attn overrides', () => {
    expect(clockpizzaErrorOf(() => inferArchitecture(ref(), { p: 7 }, { source: 'm.pt' })).message).toMatch(/^m\.pt: attn_coeff: .*--config or --attn/);
    expect(inferArchitecture(ref(), { p: 7 }, { attn: 0.5 })).toMatchObject({ attnCoeff: 0.5, attnCoeffSource: 'option' });
    expect(inferArchitecture(ref(), { p: 7, attnCoeff: 1 }, { attn: 0 })).toMatchObject({ attnCoeff: 0, attnCoeffSource: 'option' });
    expect(clockpizzaErrorOf(() => inferArchitecture(ref(), { p: 7 }, { attn: 1.5 })).message).toMatch(/--attn: attention rate must lie in \[0, 1\]/);
  });

  it('reads diff_vocab and eqn_sign into the vocabulary and context', () => {
    const a = inferArchitecture(ref({ diffVocab: true, eqnSign: true }), { p: 7, attnCoeff: 0, diffVocab: true, eqnSign: true });
    expect(a).toMatchObject({ nVocab: 15, nCtx: 3, diffVocab: true, eqnSign: true });
    expect(clockpizzaErrorOf(() => inferArchitecture(ref({ diffVocab: true }), { p: 7, attnCoeff: 0 })).message).toMatch(/embed\.W_E: sidecar says vocab .* = 7 but the tensors say 14/);
  });

  it('names a missing tensor and its expected shape', () => {
    const t = ref();
    t.delete('blocks.0.mlp.b_in');
    expect(clockpizzaErrorOf(() => inferArchitecture(t, { p: 7, attnCoeff: 0 }, { source: 'x.pt' })).message).toBe('x.pt: blocks.0.mlp.b_in: missing tensor (expected shape [32])');
  });

  it('names a mis-shaped tensor with expected and actual shapes', () => {
    const t = ref({ layers: 2 });
    t.set('blocks.1.attn.W_O', { dtype: 'F32', shape: [8, 6], data: new Float32Array(48) });
    expect(clockpizzaErrorOf(() => inferArchitecture(t, { p: 7, attnCoeff: 0 })).message).toBe('<memory>: blocks.1.attn.W_O: expected shape [8, 8], got [8, 6]');
    const u = ref();
    u.set('unembed.W_U', { dtype: 'F32', shape: [8, 9], data: new Float32Array(72) });
    expect(clockpizzaErrorOf(() => inferArchitecture(u, { p: 7, attnCoeff: 0 })).message).toMatch(/unembed\.W_U: expected shape \[8, 7\], got \[8, 9\]/);
  });

  it('refuses integer tensors, unexpected tensors and gaps in block numbering', () => {
    const t = ref();
    t.set('pos_embed.W_pos', { dtype: 'I32', shape: [2, 8], data: new Int32Array(16) });
    expect(clockpizzaErrorOf(() => inferArchitecture(t, { p: 7, attnCoeff: 0 })).message).toMatch(/pos_embed\.W_pos: expected a floating-point tensor, got I32/);
    const u = ref();
    u.set('unembed.b_U', { dtype: 'F32', shape: [7], data: new Float32Array(7) });
    expect(clockpizzaErrorOf(() => inferArchitecture(u, { p: 7, attnCoeff: 0 })).message).toMatch(/unembed\.b_U: unexpected tensor/);
    const v = ref({ layers: 3 });
    for (const name of [...v.keys()]) if (name.startsWith('blocks.1.')) v.delete(name);
    expect(clockpizzaErrorOf(() => inferArchitecture(v, { p: 7, attnCoeff: 0 })).message).toMatch(/blocks\.1: blocks are not numbered 0\.\.1/);
  });

  it('checks the sidecar against the tensors', () => {
    expect(clockpizzaErrorOf(() => inferArchitecture(ref(), { p: 7, attnCoeff: 0, dModel: 16 })).message).toMatch(/d_model: sidecar says d_model = 16 but the tensors say 8/);
    expect(clockpizzaErrorOf(() => inferArchitecture(ref(), { p: 7, attnCoeff: 0, nLayers: 2 })).message).toMatch(/n_layers/);
    expect(clockpizzaErrorOf(() => inferArchitecture(ref(), { p: 7, attnCoeff: 0, nHeads: 4 })).message).toMatch(/n_heads/);
    expect(clockpizzaErrorOf(() => inferArchitecture(ref(), { p: 7, attnCoeff: 0, actFn: 'Tanh' })).message).toMatch(/act_fn: unsupported activation "Tanh"/);
  });

  it('ignores the mask buffer but does not count it as missing', () => {
    const t = ref();
    t.delete('blocks.0.attn.mask');
    expect(inferArchitecture(t, { p: 7, attnCoeff: 0 }).family).toBe('transformer');
  });
});

describe('TransformerLens HookedTransformer', () => {
  it('is recognised by its 3-D W_O: α = 1, biases and causal mask, no sidecar needed', () => {
    const a = inferArchitecture(randomLensTransformer({ p: 7, d: 8, heads: 2, layers: 2, dHead: 3 }), {});
    expect(a).toMatchObject({ layout: 'transformer-lens', nLayers: 2, dHead: 3, attnCoeff: 1, attnCoeffSource: 'layout', biases: true, causalMask: true, p: 7, eqnSign: false });
    expect(a.assumptions.join(' ')).toMatch(/act_fn assumed ReLU/);
  });

  it('reads the grokking layout (n_ctx 3, `=` token, separate output vocabulary) off the shapes', () => {
    const a = inferArchitecture(randomLensTransformer({ p: 7, d: 8, heads: 2, layers: 1, eqnSign: true, vocabOut: 7 }), {});
    expect(a).toMatchObject({ p: 7, nVocab: 8, nOutputs: 7, nCtx: 3, eqnSign: true });
  });

  it('refuses LayerNorm weights, naming them', () => {
    const t = randomLensTransformer({ p: 7, d: 8, heads: 2, layers: 1 });
    t.set('blocks.0.ln1.w', { dtype: 'F32', shape: [8], data: new Float32Array(8) });
    expect(clockpizzaErrorOf(() => inferArchitecture(t, {}, { source: 'tl.pt' })).message).toMatch(/^tl\.pt: blocks\.0\.ln1\.w: LayerNorm weights are not supported/);
    const u = randomLensTransformer({ p: 7, d: 8, heads: 2, layers: 1 });
    u.set('ln_final.b', { dtype: 'F32', shape: [8], data: new Float32Array(8) });
    expect(clockpizzaErrorOf(() => inferArchitecture(u, {})).message).toMatch(/ln_final\.b: LayerNorm/);
  });

  it('refuses an attention rate other than 1', () => {
    const t = randomLensTransformer({ p: 7, d: 8, heads: 2, layers: 1 });
    expect(clockpizzaErrorOf(() => inferArchitecture(t, {}, { attn: 0.5 })).message).toMatch(/--attn: TransformerLens attention is plain softmax/);
    expect(clockpizzaErrorOf(() => inferArchitecture(t, { attnCoeff: 0 })).message).toMatch(/attn_coeff: TransformerLens/);
  });

  it('names a missing bias', () => {
    const t = referenceToLens(ref());
    t.delete('blocks.0.attn.b_K');
    expect(clockpizzaErrorOf(() => inferArchitecture(t, { p: 7 })).message).toBe('<memory>: blocks.0.attn.b_K: missing tensor (expected shape [2, 4])');
  });
});

describe('MLP-only models', () => {
  it('infers types A, D and X from names and shapes', () => {
    expect(inferArchitecture(randomMlp('A', 7, 8), {})).toMatchObject({ family: 'mlp', modelType: 'A', dEmbed: 8, dHidden: 8, p: 7 });
    expect(inferArchitecture(randomMlp('D', 7, 8), {})).toMatchObject({ modelType: 'D', dEmbed: 4, dHidden: 8 });
    expect(inferArchitecture(randomMlp('X', 7, 8), {})).toMatchObject({ modelType: 'X', dEmbed: 8 });
  });

  it('needs model_type to tell B from C (same tensors)', () => {
    expect(clockpizzaErrorOf(() => inferArchitecture(randomMlp('B', 7, 8), { p: 7 })).message).toMatch(/model_type: types B and C have the same tensors/);
    expect(inferArchitecture(randomMlp('B', 7, 8), { p: 7, modelType: 'C' })).toMatchObject({ modelType: 'C' });
    expect(inferArchitecture(randomMlp('C', 7, 8), { p: 7, modelType: 'B' })).toMatchObject({ modelType: 'B' });
  });

  it('checks model_type, d_hidden and the vocabulary against the tensors', () => {
    expect(clockpizzaErrorOf(() => inferArchitecture(randomMlp('A', 7, 8), { p: 7, modelType: 'D' })).message).toMatch(/model_type: sidecar says model_type = D but the tensors say A/);
    expect(clockpizzaErrorOf(() => inferArchitecture(randomMlp('B', 7, 8), { p: 7, modelType: 'A' })).message).toMatch(/fit type B or C, not A/);
    expect(clockpizzaErrorOf(() => inferArchitecture(randomMlp('A', 7, 8), { p: 7, dHidden: 16 })).message).toMatch(/d_hidden/);
    expect(clockpizzaErrorOf(() => inferArchitecture(randomMlp('A', 7, 8), { p: 11 })).message).toMatch(/embed\.weight: sidecar says vocab \(C\) = 11 but the tensors say 7/);
    expect(clockpizzaErrorOf(() => inferArchitecture(randomMlp('A', 7, 8), {}, { attn: 0 })).message).toMatch(/--attn does not apply/);
  });

  it('names missing and mis-shaped tensors', () => {
    const t = randomMlp('B', 7, 8);
    t.delete('l2.bias');
    expect(clockpizzaErrorOf(() => inferArchitecture(t, { p: 7, modelType: 'B' })).message).toBe('<memory>: l2.bias: missing tensor (expected shape [8])');
    const u = randomMlp('A', 7, 8);
    u.set('unembed.weight', { dtype: 'F32', shape: [7, 5], data: new Float32Array(35) });
    expect(clockpizzaErrorOf(() => inferArchitecture(u, {})).message).toMatch(/unembed\.weight: expected shape \[\?, 8\], got \[7, 5\]/);
    const v = randomMlp('X', 7, 8);
    v.delete('embed2.weight');
    expect(clockpizzaErrorOf(() => inferArchitecture(v, {})).message).toMatch(/embed2\.weight: missing tensor \(expected shape \[7, 8\]\)/);
  });
});

it('refuses an unknown layout, listing what it found', () => {
  const t: TensorMap = new Map([['foo', { dtype: 'F32', shape: [1], data: new Float32Array(1) }]]);
  expect(clockpizzaErrorOf(() => inferArchitecture(t, {}, { source: 'q.safetensors' })).message).toMatch(/^q\.safetensors: not a known layout: .*found foo/);
});
