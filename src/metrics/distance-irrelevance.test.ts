import { describe, expect, it } from 'vitest';
import { correctLogitTable, distanceIrrelevance, distanceIrrelevanceOfTable, distanceIrrelevanceTopIncorrect } from './distance-irrelevance.js';
import { circleEmbedding, clockLogit, functionNetwork, pizzaLogit } from '../../test/support/function-network.js';

describe('distanceIrrelevance', () => {
  const p = 23;
  it('of an ideal Clock is undefined: the correct-logit table is constant', () => {
    const clock = functionNetwork({ p, embedding: circleEmbedding(p, [2, 5], [1.5, 1]), logit: clockLogit(p, [2, 5]) });
    const di = distanceIrrelevance(clock);
    expect(di).toMatchObject({ id: 'distanceIrrelevance.correctLogit@ref', value: null, kind: 'constant-table' });
  });
  it('of an ideal Pizza is 0: the correct logit depends on a − b only', () => {
    const pizza = functionNetwork({ p, embedding: circleEmbedding(p, [2, 5], [1.5, 1]), logit: pizzaLogit(p, [2, 5]) });
    expect(distanceIrrelevance(pizza).value).toBeCloseTo(0, 12);
    const top = distanceIrrelevanceTopIncorrect(pizza);
    expect(top.id).toBe('distanceIrrelevance.topIncorrect@ref');
    expect(top.value).toBeGreaterThanOrEqual(0);
  });
  it('builds L[s][d] with s = a+b, d = a−b and matches a direct computation', () => {
    const net = functionNetwork({ p, embedding: circleEmbedding(p, [1]), logit: (ea, eb, c) => Math.sin(3 * ea[0]! + eb[1]! * eb[0]!) + 0.1 * c });
    const logits = net.allLogits();
    const table = correctLogitTable(net, logits);
    const a = 4;
    const b = 19;
    expect(table.data[((a + b) % p) * p + ((a - b + p) % p)]).toBe(logits[(a * p + b) * p + ((a + b) % p)]);
    // Direct: mean over d of std over s, over the global std.
    const L = Array.from({ length: p }, (_, s) => Array.from({ length: p }, (_, d) => table.data[s * p + d]!));
    const std = (xs: number[]) => {
      const m = xs.reduce((x, y) => x + y, 0) / xs.length;
      return Math.sqrt(xs.reduce((x, y) => x + (y - m) ** 2, 0) / xs.length);
    };
    const expected = L[0]!.map((_, d) => std(L.map((row) => row[d]!))).reduce((x, y) => x + y, 0) / p / std(L.flat());
    expect(distanceIrrelevance(net, logits).value).toBeCloseTo(expected, 13);
  });
  it('a table varying with s only has DI = 1', () => {
    const data = new Float64Array(9).map((_, i) => Math.floor(i / 3));
    expect(distanceIrrelevanceOfTable({ rows: 3, cols: 3, data }).value).toBeCloseTo(1, 14);
  });
});
