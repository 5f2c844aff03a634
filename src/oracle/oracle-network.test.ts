import { describe, expect, it } from 'vitest';
import type { Triple } from '../model/network.js';
import { algorithm, allAlgorithms } from './compile.js';
import { circleEmbedding, oracleNetwork } from './oracle-network.js';

describe('oracleNetwork', () => {
  const p = 13;

  it('exposes circle coordinates as its embedding, p outputs and no parameters', () => {
    const net = oracleNetwork(algorithm('clock'), p, [2, 5], { radii: [1, 0.5] });
    const e = net.embeddingMatrix();
    expect([e.rows, e.cols, net.nOutputs, net.parameters().size]).toEqual([p, 4, p, 0]);
    expect(e.data[3 * 4 + 2]).toBeCloseTo(0.5 * Math.cos((2 * Math.PI * 5 * 3) / p), 15);
    expect(net.description).toBe('oracle clock p=13 k={2,5}');
  });

  it('differentiates through the embedding rows: gradients match finite differences of allLogits', () => {
    const triples: Triple[] = [[1, 4, 7], [12, 0, 3], [5, 5, 10]];
    for (const alg of allAlgorithms()) {
      const net = oracleNetwork(alg, p, [2, 5], { amplitudes: [1, 0.7], radii: [1.5, 0.4] });
      const { ga, gb } = net.embeddingGradients(triples);
      const base = net.embeddingMatrix();
      triples.forEach(([a, b, c], t) => {
        for (const [token, grad] of [[a, ga[t]!], [b, gb[t]!]] as const) {
          for (let j = 0; j < base.cols; j++) {
            const h = 1e-6;
            const shifted = (delta: number) => {
              const data = base.data.slice();
              data[token * base.cols + j]! += delta;
              // Only the position's own token moves: for a = b the finite difference would move both.
              return net.withEmbedding({ ...base, data }).allLogits()[(a * p + b) * p + c]!;
            };
            if (a === b) continue;
            expect(grad[j], `${alg.spec.name} triple ${t} coord ${j}`).toBeCloseTo((shifted(h) - shifted(-h)) / (2 * h), 5);
          }
        }
      });
    }
  });

  it('reads logits off a replaced embedding', () => {
    const net = oracleNetwork(algorithm('clock'), p, [3]);
    const rotated = circleEmbedding(p, [3]);
    // Shift every token by one step: logit of c for (a, b) becomes that of the original (a+1, b+1).
    const shifted = net.withEmbedding({ ...rotated, data: circleEmbedding(p, [3]).data.map((_, i) => rotated.data[(i + 2) % rotated.data.length]!) });
    const before = net.allLogits();
    const after = shifted.allLogits();
    expect(after[(2 * p + 4) * p + 9]).toBeCloseTo(before[(3 * p + 5) * p + 9]!, 12);
  });

  it('refuses a mis-shaped embedding and out-of-range triples', () => {
    const net = oracleNetwork(algorithm('pizza'), p, [1]);
    expect(() => net.withEmbedding({ rows: p, cols: 3, data: new Float64Array(3 * p) })).toThrow(/embedding must be 13×2/);
    expect(() => net.embeddingGradients([[0, 13, 0]])).toThrow(/outside 0..12/);
    expect(() => oracleNetwork(algorithm('pizza'), p, [1], { radii: [0] })).toThrow(/radii/);
    expect(() => oracleNetwork(algorithm('pizza'), 12, [1])).toThrow(/odd/);
  });
});
