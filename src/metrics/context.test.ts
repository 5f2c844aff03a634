import { describe, expect, it } from 'vitest';
import { LazyMeasureContext } from './context.js';
import { defineInput } from './definition.js';
import { circleEmbedding, clockLogit, functionNetwork } from '../../test/support/function-network.js';
import { embeddingInput, logitsInput } from './inputs.js';

const p = 11;
const network = functionNetwork({ p, embedding: circleEmbedding(p, [2], [1]), logit: clockLogit(p, [2]) });

describe('LazyMeasureContext', () => {
  it('computes each input once, on first use, and shares it', () => {
    let calls = 0;
    const counted = defineInput('counted', ['embedding'], (context) => (calls++, context.get(embeddingInput).rows));
    const context = new LazyMeasureContext(network);
    expect(calls).toBe(0);
    expect(context.get(counted)).toBe(p);
    expect(context.get(counted)).toBe(p);
    expect(calls).toBe(1);
    expect(Object.keys(context.timingsMs).sort()).toEqual(['counted', 'embeddingMatrix']);
  });

  it('records times exclusive of the inputs read inside, so they add up to the total', () => {
    let clock = 0;
    const inner = defineInput('inner', [], () => void (clock += 30));
    const outer = defineInput('outer', [], (context) => (context.get(inner), void (clock += 10)));
    const context = new LazyMeasureContext(network, {}, () => clock);
    context.timed('metric', () => (clock += 1, context.get(outer), (clock += 2)));
    expect(context.timingsMs).toEqual({ inner: 30, outer: 10, metric: 3 });
    expect(() => context.timed('metric', () => 0)).toThrow('a timing named "metric" was already recorded');
  });

  it('refuses a metric reading an input it did not declare a need for, and two inputs of one name', () => {
    const context = new LazyMeasureContext(network);
    const view = context.forMetric({ key: 'norm', needs: ['network'] });
    expect(() => view.get(logitsInput)).toThrow('metric norm reads allLogits, which needs logits, not among its declared needs (network)');
    expect(context.forMetric({ key: 'acc', needs: ['logits'] }).get(logitsInput)).toHaveLength(p * p * p);
    expect(() => context.get(defineInput('allLogits', ['logits'], () => 0))).toThrow('two metric inputs are named "allLogits"');
  });
});
