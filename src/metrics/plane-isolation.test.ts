import { describe, expect, it } from 'vitest';
import { circleEmbedding, functionNetwork } from '../../test/support/function-network.js';
import { isolatePlane, projectOntoPlane } from './plane-isolation.js';

const p = 23;

describe('isolatePlane / projectOntoPlane', () => {
  it('keeps exactly one circle of a several-circle embedding, and the mean', () => {
    const all = circleEmbedding(p, [2, 5, 9], [3, 2, 1]);
    const offset = all.data.map((x, i) => x + 0.5 * (i % 6));
    const kept = projectOntoPlane({ ...all, data: offset }, p, 5).data;
    const only5 = circleEmbedding(p, [2, 5, 9], [0, 2, 0]).data;
    kept.forEach((x, i) => expect(x).toBeCloseTo(only5[i]! + 0.5 * (i % 6), 12));
    // A projection: applying it twice changes nothing.
    const twice = projectOntoPlane({ ...all, data: kept }, p, 5).data;
    twice.forEach((x, i) => expect(x).toBeCloseTo(kept[i]!, 12));
  });
  it('projects both operand blocks of a diff_vocab embedding and keeps the `=` row', () => {
    const a = circleEmbedding(p, [3, 4]);
    const rows = 2 * p + 1;
    const data = new Float64Array(rows * 4);
    data.set(a.data);
    data.set(a.data.map((x) => 2 * x), p * 4);
    data.fill(7, 2 * p * 4);
    const kept = projectOntoPlane({ rows, cols: 4, data }, p, 4).data;
    const want = circleEmbedding(p, [3, 4], [0, 1]).data;
    for (let i = 0; i < p * 4; i++) {
      expect(kept[i]!).toBeCloseTo(want[i]!, 12);
      expect(kept[p * 4 + i]!).toBeCloseTo(2 * want[i]!, 12);
    }
    expect(Array.from(kept.subarray(2 * p * 4))).toEqual([7, 7, 7, 7]);
  });
  it('runs the network on the projected embedding and refuses frequencies outside 1..(p−1)/2', () => {
    const net = functionNetwork({ p, embedding: circleEmbedding(p, [1, 6]), logit: (ea) => ea[0]! + ea[2]! });
    const isolated = isolatePlane(net, 6);
    expect(isolated.embeddingMatrix().data[0]).toBeCloseTo(0, 12);
    expect(isolated.embeddingMatrix().data[2]).toBeCloseTo(1, 12);
    expect(() => isolatePlane(net, 12)).toThrow(/frequency 12 is not in 1\.\.11/);
  });
});
