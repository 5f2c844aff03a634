import { describe, expect, it } from 'vitest';
import { fourierSpectrum, keyFrequencies, keyFrequenciesOf } from './fourier.js';
import { circleEmbedding, functionNetwork } from '../../test/support/function-network.js';

describe('fourierSpectrum', () => {
  const p = 59;
  it('puts each circle’s energy at its frequency, shares by amplitude²', () => {
    const e = circleEmbedding(p, [3, 40], [2, 1]); // 40 folds to 19
    for (let i = 0; i < e.data.length; i++) e.data[i]! += 5; // a constant offset is not counted
    const s = fourierSpectrum(e, p);
    expect(s.energy).toHaveLength(29);
    expect(s.share[2]).toBeCloseTo(0.8, 12);
    expect(s.share[18]).toBeCloseTo(0.2, 12);
    expect(s.constantEnergy).toBeCloseTo(4 * (5 * p) ** 2, 6);
    expect(keyFrequenciesOf(s)).toEqual([3, 19]);
    expect(keyFrequenciesOf(s, 0.5)).toEqual([3]);
    expect(keyFrequencies(functionNetwork({ p, embedding: e, logit: () => 0 }))).toEqual([3, 19]);
  });
  it('a constant embedding has no key frequencies', () => {
    const s = fourierSpectrum({ rows: 7, cols: 2, data: new Float64Array(14).fill(1) }, 7);
    expect([...s.share]).toEqual([0, 0, 0]);
    expect(keyFrequenciesOf(s)).toEqual([]);
  });
});
