import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededSplit } from './split.js';

describe('seededSplit', () => {
  it('takes ⌊0.8·59²⌋ = 2,784 training pairs and leaves 697 for test, covering all pairs once', () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const { train, test } = seededSplit(seed, 59);
        expect(train.length).toBe(2784);
        expect(test.length).toBe(697);
        expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: 3481 }, (_, i) => i));
      }),
      { numRuns: 20 },
    );
  });

  it('is a function of the seed', () => {
    expect(seededSplit(5, 59)).toEqual(seededSplit(5, 59));
    expect(seededSplit(5, 59).train).not.toEqual(seededSplit(6, 59).train);
  });
});
