import { describe, expect, it } from 'vitest';
import { circleEmbedding, clockLogit, functionNetwork, pizzaLogit } from '../../test/support/function-network.js';
import { gradientSymmetricity, gradientSymmetricityTriples } from './gradient-symmetricity.js';
import { referenceTriples } from './python-random.js';

describe('gradientSymmetricity', () => {
  const p = 59;
  it('of a one-frequency Clock is the mean of cos(w(a−b)) over the reference triples', () => {
    const k = 7;
    const net = functionNetwork({ p, embedding: circleEmbedding(p, [k], [1.3]), logit: clockLogit(p, [k]) });
    const triples = referenceTriples(p);
    const expected = triples.reduce((s, [a, b]) => s + Math.cos((2 * Math.PI * k * (a - b)) / p), 0) / triples.length;
    const gs = gradientSymmetricity(net);
    expect(gs.id).toBe('gradientSymmetricity@ref');
    expect(gs.value).toBeCloseTo(expected, 8);
  });
  it('of a Pizza (a function of E_a + E_b) is 1', () => {
    const net = functionNetwork({ p, embedding: circleEmbedding(p, [3, 17], [2, 1]), logit: pizzaLogit(p, [3, 17]) });
    expect(gradientSymmetricity(net).value).toBeCloseTo(1, 8);
  });
  it('is undefined, kind zero-gradient, when a gradient vanishes', () => {
    const net = functionNetwork({ p, embedding: circleEmbedding(p, [1]), logit: (ea, _eb, c) => ea[0]! * c });
    const gs = gradientSymmetricity(net);
    expect(gs.value).toBeNull();
    expect(gs).toMatchObject({ kind: 'zero-gradient' });
  });
  it('uses explicit triples, or a seeded CPython sample of any size', () => {
    expect(gradientSymmetricityTriples(p)).toEqual(referenceTriples(p, 42, 100));
    expect(gradientSymmetricityTriples(p, { sampleSize: 7, seed: 1 })).toEqual(referenceTriples(p, 1, 7));
    const triples = [[1, 2, 3]] as const;
    expect(gradientSymmetricityTriples(p, { triples })).toBe(triples);
    const net = functionNetwork({ p, embedding: circleEmbedding(p, [1]), logit: clockLogit(p, [1]) });
    expect(gradientSymmetricity(net, { triples: [[5, 2, 0]] }).value).toBeCloseTo(Math.cos((2 * Math.PI * 3) / p), 8);
  });
});
