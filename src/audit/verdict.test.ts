import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadRules } from './rules.js';
import { decideVerdict, type MetricReading } from './verdict.js';

const rules = loadRules();

function metrics(acc: number, circ: number, gs: number, di: number | null): Record<string, MetricReading> {
  return {
    accuracy: { value: acc },
    circularity: { value: circ },
    gradientSymmetricity: { value: gs },
    distanceIrrelevance: di === null ? { value: null, kind: 'constant-table', reason: 'the logit table is constant' } : { value: di },
  };
}

describe('decideVerdict with paper.json', () => {
  it('reads Model A as pizza and says which clause fired, with the values', () => {
    const v = decideVerdict(metrics(1, 0.997819, 0.993665, 0.171736), rules);
    expect(v.algorithm).toBe('pizza');
    expect(v.lean).toBe('pizza');
    expect(v.rule).toEqual({ name: 'paper', file: 'spec/rules/paper.json', clause: 2, fired: 'pizza when gradientSymmetricity ≥ 0.9 and distanceIrrelevance ≤ 0.4' });
    expect(v.reasons).toEqual([
      'not not-learned: accuracy = 1 is not < 0.99',
      'not non-circular: circularity = 0.997819 is not < 0.995',
      'pizza: gradientSymmetricity = 0.993665 ≥ 0.9 and distanceIrrelevance = 0.171736 ≤ 0.4',
    ]);
  });

  it('reads Model B and MLP type D as clock', () => {
    expect(decideVerdict(metrics(1, 0.998907, 0.333638, 0.84826), rules).algorithm).toBe('clock');
    expect(decideVerdict(metrics(1, 0.997701, 0.019067, 0.92946), rules).algorithm).toBe('clock');
  });

  it('passes MLP type B, 4e-5 above the circularity gate', () => {
    expect(decideVerdict(metrics(1, 0.995042, 1.0000000221, 0.230205), rules).algorithm).toBe('pizza');
  });

  it('reads a constant correct-logit table as DI = 1 (ideal clock) and says so', () => {
    const v = decideVerdict(metrics(1, 1, 0, null), rules);
    expect(v.algorithm).toBe('clock');
    expect(v.reasons.join('\n')).toMatch(/distanceIrrelevance is undefined \(the logit table is constant\); the rule reads it as 1/);
  });

  it('gates unlearned runs without a lean (issue 18.18) and non-circular runs with one', () => {
    const unlearned = decideVerdict(metrics(0.5, 0.2, 0.99, 0.1), rules);
    expect(unlearned.algorithm).toBe('not-learned');
    expect(unlearned.lean).toBe('not-learned');
    expect(unlearned.reasons.join('\n')).not.toMatch(/lean pizza/);
    const flat = decideVerdict(metrics(1, 0.9, 0.3, 0.9), rules);
    expect(flat.algorithm).toBe('non-circular');
    expect(flat.lean).toBe('clock');
    expect(decideVerdict(metrics(1, 0.9, 0.95, 0.9), rules).lean).toBe('neither');
  });

  it('calls disagreeing metrics mixed', () => {
    const v = decideVerdict(metrics(1, 0.999, 0.95, 0.6), rules);
    expect(v.algorithm).toBe('mixed');
    expect(v.lean).toBe('neither');
    expect(v.reasons.at(-1)).toMatch(/^mixed: /);
  });

  it('is a function of the four thresholds alone (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -1, max: 1.01, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), (acc, circ, gs, di) => {
        const v = decideVerdict(metrics(acc, circ, gs, di), rules);
        const reading = gs >= 0.9 && di <= 0.4 ? 'pizza' : gs < 0.9 && di > 0.4 ? 'clock' : 'neither';
        const algorithm = acc < 0.99 ? 'not-learned' : circ < 0.995 ? 'non-circular' : reading === 'neither' ? 'mixed' : reading;
        expect(v.algorithm).toBe(algorithm);
        expect(v.lean).toBe(acc < 0.99 ? 'not-learned' : reading);
      }),
    );
  });
});
