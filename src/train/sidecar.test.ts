import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSidecar } from '../io/sidecar.js';
import { inferArchitecture } from '../model/architecture.js';
import { resolveSpec, trainArchitecture, type TrainOptions } from './config.js';
import { initialParams } from './init.js';
import { stateDict } from './params.js';
import { runIdOf, sidecarOf, trainOptionsOf } from './sidecar.js';
import { familyOf } from '../model/families/index.js';

const KNOB_SETTINGS: TrainOptions[] = [
  { attn: 0.5 },
  { attn: 1, p: 31, heads: 2, lr: 3e-3, frac: 0.5, diffVocab: true },
  { attn: 0.25, p: 23, width: 48, heads: 3, dHead: 10, dMlp: 100, weightDecay: 0.5, betas: [0.8, 0.95], warmup: 0, batch: 100, eqnSign: true, act: 'gelu', layers: 2 },
  { model: 'mlp-B', p: 17, lr: 1e-2, frac: 0.6, betas: [0.9, 0.98], warmup: 5, batch: 64, width: 32 },
];

describe('training knobs in the sidecar', () => {
  it('keeps the committed fixture sidecar byte for byte (a default run reads as before)', () => {
    const text = readFileSync('fixtures/model-a-like/model.json', 'utf8');
    const spec = resolveSpec({ attn: 0, width: 64, steps: 8000, seed: 2 });
    expect(`${JSON.stringify(sidecarOf(spec))}\n`).toBe(text);
  });

  it('writes the reference config keys with the values asked for', () => {
    const spec = resolveSpec({ attn: 1, p: 31, heads: 2, lr: 3e-3, frac: 0.5, diffVocab: true, steps: 10, seed: 4 });
    expect(sidecarOf(spec)).toMatchObject({ name: 'modadd_31', funcs: 'lambda x: (x[0]+x[1])%31', C: 31, n_heads: 2, d_model: 128, lr: 3e-3, weight_decay: 2, frac: 0.5, batch_size: 961, diff_vocab: true, eqn_sign: false, epoch: 10 });
    // the reference's own config has no d_head, d_mlp, betas or warmup keys: defaults are not written
    expect(Object.keys(sidecarOf(spec))).not.toEqual(expect.arrayContaining(['d_mlp']));
    for (const key of ['d_head', 'd_mlp', 'betas', 'warmup', 'steps']) expect(sidecarOf(spec)).not.toHaveProperty(key);
    const odd = resolveSpec({ attn: 0, width: 48, heads: 3, dHead: 10, dMlp: 100, betas: [0.8, 0.95], warmup: 3, batch: 100, steps: 30, seed: 1 });
    // 2,784 training pairs in batches of 100: 28 steps an epoch
    expect(sidecarOf(odd)).toMatchObject({ d_head: 10, d_mlp: 100, betas: [0.8, 0.95], warmup: 3, batch_size: 100, steps: 30, epoch: 2 });
  });

  it.each(KNOB_SETTINGS)('round-trips %j: options → sidecar → options give the same spec and run id', (options) => {
    const spec = resolveSpec({ seed: 7, steps: 12, ...options });
    const raw = JSON.parse(JSON.stringify(sidecarOf(spec))) as Record<string, unknown>;
    const back = resolveSpec(trainOptionsOf(raw));
    expect(back).toEqual(spec);
    expect(runIdOf(back)).toBe(raw['runid']);
    // and the schema-checked reader + architecture inference see the architecture that was trained
    const sidecar = parseSidecar(new TextEncoder().encode(JSON.stringify(raw)), 'model.json');
    const a = trainArchitecture(spec);
    const { params, buffers } = initialParams(spec);
    const tensors = stateDict(params, buffers, familyOf(a).table(a).map((e) => e.name));
    const withoutSource = (x: object) => ({ ...x, attnCoeffSource: undefined });
    expect(withoutSource(inferArchitecture(tensors, sidecar))).toEqual(withoutSource(a));
  });

  it("reads the reference's own configs (flags as 0/1, no seed)", () => {
    const options = trainOptionsOf({ C: 59, n_heads: 4, d_model: 128, n_layers: 1, act_fn: 'ReLU', epoch: 20000, batch_size: 3481, lr: 0.001, weight_decay: 2.0, frac: 0.8, attn_coeff: 0, diff_vocab: 0, eqn_sign: 0 });
    expect(resolveSpec({ ...options, seed: 1 })).toMatchObject({ p: 59, nHeads: 4, steps: 20000, batch: 3481, diffVocab: false, eqnSign: false, warmup: 10, beta2: 0.98 });
  });

  it('names the key of a mistyped value', () => {
    expect(() => trainOptionsOf({ C: '31' }, 'cfg.json')).toThrow(/cfg\.json: C: expected an integer/);
    expect(() => trainOptionsOf({ C: 31, betas: [0.9] }, 'cfg.json')).toThrow(/betas/);
  });
});
