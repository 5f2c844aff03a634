import { describe, expect, it } from 'vitest';
import { accuracy } from './accuracy.js';
import { circleEmbedding, clockLogit, functionNetwork } from '../../test/support/function-network.js';

describe('accuracy', () => {
  const p = 11;
  it('is 1 for an ideal Clock and 0 when every answer is shifted', () => {
    const clock = functionNetwork({ p, embedding: circleEmbedding(p, [1]), logit: clockLogit(p, [1]) });
    expect(accuracy(clock)).toEqual({ id: 'accuracy@1', value: 1 });
    const shifted = functionNetwork({ p, embedding: circleEmbedding(p, [1]), logit: (ea, eb, c) => clockLogit(p, [1])(ea, eb, (c + p - 1) % p) });
    expect(accuracy(shifted).value).toBe(0);
  });
  it('takes the argmax over ALL outputs, extra ones included', () => {
    const extra = functionNetwork({ p, nOutputs: p + 1, embedding: circleEmbedding(p, [1]), logit: (ea, eb, c) => (c === p ? 10 : clockLogit(p, [1])(ea, eb, c)) });
    expect(accuracy(extra).value).toBe(0);
  });
  it('rejects a logit array of the wrong size', () => {
    const clock = functionNetwork({ p, embedding: circleEmbedding(p, [1]), logit: clockLogit(p, [1]) });
    expect(() => accuracy(clock, new Float64Array(5))).toThrow(/allLogits/);
  });
});
