import { describe, expect, it } from 'vitest';
import { circleEmbedding, clockLogit, functionNetwork } from '../../test/support/function-network.js';
import { METRIC_KEYS, METRICS } from './list.js';
import { measureAll } from './measure.js';

describe('measureAll', () => {
  it('reports every metric key with its versioned id, calling allLogits once', () => {
    const p = 23;
    const base = functionNetwork({ p, embedding: circleEmbedding(p, [2, 5, 8], [3, 2, 1]), logit: clockLogit(p, [2, 5, 8]) });
    let calls = 0;
    const net = { ...base, allLogits: () => (calls++, base.allLogits()) };
    const m = measureAll(net, { sampleSize: 20, seed: 1 });
    expect(calls).toBe(1);
    expect(Object.keys(m.metrics).sort()).toEqual([...METRIC_KEYS].sort());
    for (const key of METRIC_KEYS) expect(m.metrics[key].id).toBe(METRICS[key]);
    expect(m.metrics.accuracy.value).toBe(1);
    expect(m.metrics.distanceIrrelevance).toMatchObject({ value: null, kind: 'constant-table' });
    expect(m.metrics.circularity.value).toBeCloseTo(1, 10);
    expect(m.keyFrequencies).toEqual([2, 5, 8]);
    expect(m.metrics.restrictedLoss.value).toBeCloseTo(m.metrics.loss.value!, 9);
    expect(m.circles.slice(0, 6).map((c) => c.frequency)).toEqual([2, 2, 5, 5, 8, 8]);
    expect(m.timingsMs['allLogits']).toBeGreaterThanOrEqual(0);
  });
});
