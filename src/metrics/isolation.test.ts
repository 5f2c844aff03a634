import { describe, expect, it } from 'vitest';
import { componentCircles } from './circularity.js';
import { circleEmbedding, functionNetwork } from '../../test/support/function-network.js';
import { isolateCircle } from './isolation.js';
import { pca } from './pca.js';

describe('isolateCircle', () => {
  const p = 31;
  it('keeps one circle (plus the mean) and drops the others', () => {
    const embedding = circleEmbedding(p, [2, 7], [3, 1]);
    for (let i = 0; i < embedding.data.length; i += 4) embedding.data[i]! += 0.5; // a mean to add back
    const net = functionNetwork({ p, embedding, logit: () => 0 });
    const isolated = isolateCircle(net, [1, 2]).embeddingMatrix();
    for (let t = 0; t < p; t++) {
      expect(isolated.data[t * 4]).toBeCloseTo(embedding.data[t * 4]!, 12);
      expect(isolated.data[t * 4 + 1]).toBeCloseTo(embedding.data[t * 4 + 1]!, 12);
      expect(isolated.data[t * 4 + 2]).toBeCloseTo(0, 12);
      expect(isolated.data[t * 4 + 3]).toBeCloseTo(0, 12);
    }
    const second = isolateCircle(net, [3, 4], pca(embedding)).embeddingMatrix();
    expect(componentCircles(second, p, 1)[0]!.frequency).toBe(7);
  });
  it('rejects components outside the PCA', () => {
    const net = functionNetwork({ p, embedding: circleEmbedding(p, [2, 7]), logit: () => 0 });
    expect(() => isolateCircle(net, [0, 1])).toThrow(RangeError);
    expect(() => isolateCircle(net, [1, 5])).toThrow(RangeError);
  });
});
