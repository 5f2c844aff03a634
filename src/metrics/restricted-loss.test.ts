import { describe, expect, it } from 'vitest';
import { circleEmbedding, clockLogit, functionNetwork } from '../../test/support/function-network.js';
import { loss } from './loss.js';
import { excludedLoss, restrictedAndExcludedLogits, restrictedLoss } from './restricted-loss.js';

/** Generic least squares by normal equations: the definition, without the DFT shortcut. */
function naiveProjection(table: Float64Array, p: number, ks: number[], withConstant: boolean): Float64Array {
  const basis: ((s: number) => number)[] = withConstant ? [() => 1] : [];
  for (const k of ks) basis.push((s) => Math.cos((2 * Math.PI * k * s) / p), (s) => Math.sin((2 * Math.PI * k * s) / p));
  const m = basis.length;
  const A = Array.from({ length: m }, () => new Float64Array(m + 1));
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
    const s = (a + b) % p;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) A[i]![j]! += basis[i]!(s) * basis[j]!(s);
      A[i]![m]! += basis[i]!(s) * table[a * p + b]!;
    }
  }
  for (let i = 0; i < m; i++) for (let r = 0; r < m; r++) if (r !== i) {
    const f = A[r]![i]! / A[i]![i]!;
    for (let j = 0; j <= m; j++) A[r]![j]! -= f * A[i]![j]!;
  }
  const coef = A.map((row, i) => row[m]! / row[i]!);
  return Float64Array.from({ length: p * p }, (_, i) => basis.reduce((acc, f, j) => acc + coef[j]! * f((Math.floor(i / p) + (i % p)) % p), 0));
}

describe('restricted / excluded loss', () => {
  it('equals a generic least-squares projection per output table', () => {
    const p = 11;
    const nOutputs = 12;
    let seed = 5;
    const logits = Float64Array.from({ length: p * p * nOutputs }, () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32));
    const ks = [2, 9]; // 9 folds to 2: deduplicated
    const { restricted, excluded } = restrictedAndExcludedLogits(logits, p, nOutputs, [...ks, 3]);
    for (let c = 0; c < nOutputs; c++) {
      const table = Float64Array.from({ length: p * p }, (_, i) => logits[i * nOutputs + c]!);
      const r = naiveProjection(table, p, [2, 3], true);
      const e = naiveProjection(table, p, [2, 3], false);
      for (let i = 0; i < p * p; i++) {
        expect(restricted[i * nOutputs + c]).toBeCloseTo(r[i]!, 12);
        expect(excluded[i * nOutputs + c]).toBeCloseTo(table[i]! - e[i]!, 12);
      }
    }
  });
  it('on an ideal Clock: restricting to its frequency changes nothing, excluding it leaves chance', () => {
    const p = 17;
    const net = functionNetwork({ p, embedding: circleEmbedding(p, [4], [3]), logit: clockLogit(p, [4]) });
    const r = restrictedLoss(net, [4]);
    expect(r.id).toBe('restrictedLoss.logit@1');
    expect(r.value).toBeCloseTo(loss(net).value!, 10);
    const e = excludedLoss(net, [4]);
    expect(e.id).toBe('excludedLoss.logit@1');
    expect(e.value).toBeCloseTo(Math.log(p), 10);
    expect(excludedLoss(net, []).value).toBeCloseTo(loss(net).value!, 12);
  });
  it('rejects frequency 0', () => {
    expect(() => restrictedAndExcludedLogits(new Float64Array(25), 5, 1, [5])).toThrow(RangeError);
  });
});
