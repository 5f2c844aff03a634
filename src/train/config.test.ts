import { describe, expect, it } from 'vitest';
import { ClockpizzaError } from '../errors.js';
import { resolveSpec, type TrainOptions } from './config.js';

describe('resolveSpec', () => {
  it('fills the reference defaults and picks the fast step for one layer', () => {
    const spec = resolveSpec({ attn: 0.5, seed: 1 });
    expect(spec).toMatchObject({ model: 'transformer', width: 128, layers: 1, act: 'relu', steps: 20000, implementation: 'fast', p: 59, frac: 0.8, lr: 1e-3, weightDecay: 2, nHeads: 4 });
    expect(resolveSpec({ attn: 0, layers: 2, seed: 1 }).implementation).toBe('straightforward');
    expect(resolveSpec({ model: 'mlp-B', seed: 1 }).width).toBe(256);
  });

  it('records a random seed when none is given', () => {
    expect(resolveSpec({ attn: 0 }, () => 1234).seed).toBe(1234);
  });

  const bad: [TrainOptions, string][] = [
    [{ attn: -0.1 }, '--attn'],
    [{ attn: 1.5 }, '--attn'],
    [{ attn: NaN }, '--attn'],
    [{}, '--attn'],
    [{ attn: 0, steps: -1 }, '--steps'],
    [{ attn: 0, steps: 2.5 }, '--steps'],
    [{ attn: 0, seed: -3 }, '--seed'],
    [{ attn: 0, seed: 0.5 }, '--seed'],
    [{ attn: 0, width: 0 }, '--width'],
    [{ attn: 0, width: 3 }, '--width'],
    [{ attn: 0, layers: 0 }, '--layers'],
    [{ attn: 0, act: 'tanh' as 'relu' }, '--act'],
    [{ attn: 0, model: 'rnn' as 'transformer' }, '--model'],
    [{ model: 'mlp-A', attn: 0.5 }, '--attn'],
    [{ attn: 0, layers: 2, implementation: 'fast' }, '--implementation'],
  ];
  it.each(bad)('refuses %j naming %s', (options, field) => {
    let error: unknown;
    try {
      resolveSpec({ seed: 1, ...options });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClockpizzaError);
    expect((error as ClockpizzaError).field).toBe(field);
  });
});
