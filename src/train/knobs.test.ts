import { describe, expect, it } from 'vitest';
import { naiveLogits } from '../model/naive-forward.js';
import { familyOf } from '../model/families/index.js';
import { inputTokens, type TransformerArchitecture } from '../model/architecture.js';
import { resolveSpec, specNotes, trainArchitecture, type TrainOptions } from './config.js';
import { batchOf, miniBatches } from './engine.js';
import { initialParams } from './init.js';
import { stateDict } from './params.js';
import { Prng } from './prng.js';
import { seededSplit } from './split.js';
import { makeEngine } from './trainer.js';
import { isPrime } from './knobs.js';

/**
 * Settings the fast step does not support train with the straightforward step: its loss is held
 * against an independent float64 forward pass (naiveLogits) of the same weights, with the
 * reference's tokens (b + p with diff_vocab, `=` last with eqn_sign), cross-entropy over the
 * whole vocabulary, and mini-batches in split order.
 */
function float64Loss(options: TrainOptions, indices: readonly number[]): { loss: number; acc: number } {
  const spec = resolveSpec({ seed: 5, ...options });
  const a = trainArchitecture(spec) as TransformerArchitecture;
  const { params, buffers } = initialParams(spec);
  const tensors = stateDict(params, buffers, familyOf(a).table(a).map((e) => e.name));
  let loss = 0;
  let correct = 0;
  for (const index of indices) {
    const x = Math.floor(index / spec.p);
    const y = index % spec.p;
    const logits = naiveLogits(tensors, a, inputTokens(a, x, y));
    expect(logits.length).toBe(a.nVocab);
    const max = Math.max(...logits);
    const lse = max + Math.log(logits.reduce((s, l) => s + Math.exp(l - max), 0));
    const label = (x + y) % spec.p;
    loss += lse - logits[label]!;
    if (logits.indexOf(max) === label) correct++;
  }
  return { loss: loss / indices.length, acc: correct / indices.length };
}

describe('knobs the fast step does not support, on the straightforward step', () => {
  const settings: TrainOptions[] = [
    { attn: 0.6, width: 16, p: 11, heads: 2, diffVocab: true },
    { attn: 0.3, width: 12, p: 7, heads: 3, dHead: 5, eqnSign: true, act: 'gelu' },
    { attn: 1, width: 16, p: 13, diffVocab: true, eqnSign: true, layers: 2, dMlp: 30 },
  ];
  it.each(settings)('%j: train and test losses equal an independent float64 forward pass', async (options) => {
    const spec = resolveSpec({ seed: 5, ...options });
    expect(spec.implementation).toBe('straightforward');
    const split = seededSplit(spec.seed, spec.p, spec.frac);
    const engine = await makeEngine(spec, split);
    try {
      const r = engine.evaluate(initialParams(spec).params);
      const train = float64Loss(options, split.train);
      const test = float64Loss(options, split.test);
      expect(Math.abs(r.trainLoss / train.loss - 1)).toBeLessThan(1e-5);
      expect(Math.abs(r.testLoss / test.loss - 1)).toBeLessThan(1e-5);
      expect(r.trainAcc).toBeCloseTo(train.acc, 6);
    } finally {
      engine.dispose();
    }
  });

  it('mini-batches: step s trains on batch s mod n of the split; the test loss is the mean of its batches’ means (the reference DataLoader)', async () => {
    const options: TrainOptions = { attn: 0.5, width: 8, p: 7, batch: 15 };
    const spec = resolveSpec({ seed: 5, ...options });
    expect(spec.implementation).toBe('straightforward');
    const split = seededSplit(spec.seed, spec.p, spec.frac);
    // 39 training pairs: batches of 15, 15, 9; 10 test pairs: one batch
    expect(miniBatches(batchOf(split.train, spec.p), spec.batch).map((b) => b.labels.length)).toEqual([15, 15, 9]);
    const engine = await makeEngine(spec, split);
    try {
      const params = initialParams(spec).params;
      for (const step of [0, 2, 4]) {
        const r = engine.evaluate(params, step);
        const k = step % 3;
        const expected = float64Loss(options, split.train.slice(15 * k, 15 * k + 15));
        expect(Math.abs(r.trainLoss / expected.loss - 1)).toBeLessThan(1e-5);
      }
      const big = resolveSpec({ seed: 5, attn: 0.5, width: 8, p: 11, batch: 10 });
      const bigSplit = seededSplit(big.seed, big.p, big.frac);
      const bigEngine = await makeEngine(big, bigSplit);
      // 25 test pairs: batches of 10, 10, 5, each weighing a third
      const chunks = [0, 10, 20].map((s) => float64Loss({ attn: 0.5, width: 8, p: 11, batch: 10 }, bigSplit.test.slice(s, s + 10)).loss);
      expect(Math.abs(bigEngine.evaluate(initialParams(big).params).testLoss / (chunks.reduce((x, y) => x + y) / 3) - 1)).toBeLessThan(1e-5);
      bigEngine.dispose();
    } finally {
      engine.dispose();
    }
  });
});

describe('resolving the knobs', () => {
  it('fills the reference defaults', () => {
    expect(resolveSpec({ attn: 0, seed: 1 })).toMatchObject({ p: 59, nHeads: 4, dHead: 32, dMlp: 512, lr: 1e-3, weightDecay: 2, beta1: 0.9, beta2: 0.98, warmup: 10, frac: 0.8, batch: 3481, diffVocab: false, eqnSign: false });
    expect(resolveSpec({ model: 'mlp-A', seed: 1 })).toMatchObject({ beta1: 0.9, beta2: 0.999, warmup: 0 });
    expect(resolveSpec({ attn: 0, seed: 1, width: 75, heads: 4 }).dHead).toBe(18);
  });

  it('falls back from the fast step with a visible note on what it does not support; refuses --implementation fast', () => {
    for (const [options, reason] of [
      [{ heads: 2 }, '2 heads'],
      [{ diffVocab: true }, 'diff_vocab'],
      [{ eqnSign: true }, 'eqn_sign'],
      [{ dMlp: 30 }, 'd_mlp 30'],
      [{ batch: 100 }, 'mini-batches of 100'],
    ] as [TrainOptions, string][]) {
      const spec = resolveSpec({ attn: 0.5, seed: 1, ...options });
      expect(spec.implementation).toBe('straightforward');
      expect(specNotes(spec).join('\n')).toContain(`the fast step does not support ${reason}`);
      expect(() => resolveSpec({ attn: 0.5, seed: 1, implementation: 'fast', ...options })).toThrow(reason);
    }
    const supported = resolveSpec({ attn: 0.5, seed: 1, p: 31, lr: 3e-3, frac: 0.5, dHead: 8, dMlp: 64, betas: [0.8, 0.9], warmup: 0 });
    expect(supported.implementation).toBe('fast');
    expect(specNotes(supported)).toEqual([]);
  });

  it('warns that the theory assumes a prime for a composite modulus', () => {
    expect(specNotes(resolveSpec({ attn: 0, seed: 1, p: 12 }))[0]).toMatch(/p = 12 is not prime/);
    const primes = Array.from({ length: 60 }, (_, n) => n).filter(isPrime);
    expect(primes).toEqual([2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59]);
  });

  const bad: [TrainOptions, string][] = [
    [{ attn: 0, p: 5 }, '--p'],
    [{ attn: 0, p: 1001 }, '--p'],
    [{ attn: 0, p: 31.5 }, '--p'],
    [{ attn: 0, heads: 0 }, '--heads'],
    [{ attn: 0, width: 8, heads: 9 }, '--width'],
    [{ attn: 0, dHead: 0 }, '--d-head'],
    [{ attn: 0, dMlp: -1 }, '--d-mlp'],
    [{ attn: 0, lr: 0 }, '--lr'],
    [{ attn: 0, weightDecay: -1 }, '--weight-decay'],
    [{ attn: 0, betas: [0.9, 1] }, '--betas'],
    [{ attn: 0, warmup: -2 }, '--warmup'],
    [{ attn: 0, frac: 1 }, '--frac'],
    [{ attn: 0, frac: 0.0001 }, '--frac'],
    [{ attn: 0, batch: 0 }, '--batch'],
    [{ model: 'mlp-B', heads: 2 }, '--heads'],
    [{ model: 'mlp-B', diffVocab: true }, '--diff-vocab'],
  ];
  it.each(bad)('refuses %j naming %s', (options, field) => {
    expect(() => resolveSpec({ seed: 1, ...options })).toThrow(expect.objectContaining({ field }));
  });

  it('draws a different but reproducible initialisation at another p (the tables are p-sized)', () => {
    const a = initialParams(resolveSpec({ attn: 0, seed: 1, p: 31, width: 16 })).params;
    expect(a[0]!.shape).toEqual([16, 31]);
    expect(new Prng(1, 'init').normal()).toBeCloseTo(a[0]!.data[0]! * 4, 5);
  });
});

describe("the README's knob table", () => {
  it('has a row for every knob with its flag and reference config key', async () => {
    const { readFileSync } = await import('node:fs');
    const { KNOBS, KNOB_NAMES } = await import('./knobs.js');
    const readme = readFileSync('README.md', 'utf8');
    for (const name of KNOB_NAMES) expect(readme).toContain(`| \`--${KNOBS[name].flag}\` | \`${KNOBS[name].configKey}\``);
  });
});
