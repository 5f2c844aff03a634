import { describe, expect, it } from 'vitest';
import { circleEmbedding, clockLogit, functionNetwork } from '../../test/support/function-network.js';
import { fveOfStandardised, logitFve, standardisedLogits, standardisedTemplate } from './fve.js';

const clockTemplate = (p: number, k: number) => {
  const t = new Float64Array(p ** 3);
  const w = (2 * Math.PI * k) / p;
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) for (let c = 0; c < p; c++) t[(a * p + b) * p + c] = Math.cos(w * (a + b - c));
  return t;
};

describe('logitFve', () => {
  const p = 13;
  const k = 3;
  const net = functionNetwork({ p, embedding: circleEmbedding(p, [k], [2]), logit: clockLogit(p, [k]) });
  const logits = net.allLogits();
  it('is 1 for the matching template, −3 for its negation (2ρ − 1), invariant to affine maps', () => {
    expect(logitFve(logits, p, clockTemplate(p, k), p)).toBeCloseTo(1, 12);
    expect(logitFve(logits, p, clockTemplate(p, k).map((x) => -x), p)).toBeCloseTo(-3, 12);
    expect(logitFve(logits, p, clockTemplate(p, k).map((x) => 3 * x + 7), p)).toBeCloseTo(1, 12);
  });
  it('equals 2ρ − 1 for an unrelated template', () => {
    const other = clockTemplate(p, 5).map((x, i) => x + 0.3 * Math.sin(i));
    let [sy, st, syy, stt, syt] = [0, 0, 0, 0, 0];
    const n = p ** 3;
    for (let i = 0; i < n; i++) {
      const y = logits[i]!;
      const t = other[i]!;
      [sy, st, syy, stt, syt] = [sy + y, st + t, syy + y * y, stt + t * t, syt + y * t];
    }
    const rho = (syt / n - (sy / n) * (st / n)) / Math.sqrt((syy / n - (sy / n) ** 2) * (stt / n - (st / n) ** 2));
    expect(logitFve(logits, p, other, p)).toBeCloseTo(2 * rho - 1, 10);
  });
  it('reads only outputs c < p and is null for a constant side', () => {
    const wide = new Float64Array(p * p * (p + 2)).fill(9);
    for (let pair = 0; pair < p * p; pair++) for (let c = 0; c < p; c++) wide[pair * (p + 2) + c] = logits[pair * p + c]!;
    expect(logitFve(wide, p + 2, clockTemplate(p, k), p)).toBeCloseTo(1, 12);
    expect(logitFve(logits, p, new Float64Array(p ** 3).fill(2), p)).toBeNull();
    expect(logitFve(new Float64Array(p * p * p), p, clockTemplate(p, k), p)).toBeNull();
    expect(() => logitFve(logits, p, new Float64Array(5), p)).toThrow(RangeError);
  });
  it('standardising once and fitting many templates gives logitFve bit for bit, leaving the template alone', () => {
    const y = standardisedLogits(logits, p, p)!;
    for (const template of [clockTemplate(p, k), clockTemplate(p, 5), clockTemplate(p, 2).map((x, i) => x + Math.cos(i))]) {
      const copy = template.slice();
      expect(fveOfStandardised(y, standardisedTemplate(template, p)!)).toBe(logitFve(logits, p, template, p));
      expect(template).toEqual(copy);
    }
    expect(standardisedTemplate(new Float64Array(p ** 3).fill(2), p)).toBeNull();
  });
});
