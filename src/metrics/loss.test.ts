import { describe, expect, it } from 'vitest';
import { circleEmbedding, functionNetwork } from '../../test/support/function-network.js';
import { loss, meanCrossEntropy } from './loss.js';

describe('loss', () => {
  it('is log V for constant logits', () => {
    const p = 7;
    const net = functionNetwork({ p, nOutputs: 9, embedding: circleEmbedding(p, [1]), logit: () => 3 });
    expect(loss(net).value).toBeCloseTo(Math.log(9), 14);
  });
  it('stays finite for huge logits (log-sum-exp)', () => {
    const p = 5;
    const data = new Float64Array(p * p * p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) data[(a * p + b) * p + ((a + b) % p)] = 1e4;
    expect(meanCrossEntropy(data, p, p)).toBe(0);
    for (let i = 0; i < data.length; i++) data[i] = data[i] === 0 ? 2000 : 1000;
    expect(meanCrossEntropy(data, p, p)).toBeCloseTo(1000 + Math.log(p - 1), 9);
  });
});
