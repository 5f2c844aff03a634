import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClockpizzaError } from '../errors.js';
import { clockpizzaErrorOf } from '../../test/support/error-of.js';
import { algorithm, allAlgorithms, baseFrequency, compileAlgorithm, templateTable } from './compile.js';
import { oracleNetwork } from './oracle-network.js';
import { algorithmsDir, loadAlgorithmSpec, type AlgorithmSpec } from './spec-file.js';

const clock = JSON.parse(readFileSync(join(algorithmsDir(), 'clock.json'), 'utf8')) as AlgorithmSpec;

const compileError = (edit: Partial<AlgorithmSpec>) => clockpizzaErrorOf(() => compileAlgorithm({ ...clock, ...edit }, 'bad.json'));

describe('compileAlgorithm', () => {
  it('names the file and field of an unknown variable', () => {
    const error = compileError({ logit: 'ca*cb + x' });
    expect(error.file).toBe('bad.json');
    expect(error.field).toBe('/logit');
    expect(error.message).toContain('unknown variable "x"');
    expect(compileError({ tokenForm: 'cos(w*(a+b-c)) + ca' }).field).toBe('/tokenForm');
  });

  it('names the field of a syntax error, an unknown function and a disallowed construct', () => {
    expect(compileError({ logit: 'ca +* cb' }).message).toContain('syntax error');
    expect(compileError({ logit: 'floor(ca)' }).message).toContain('unknown function "floor"');
    expect(compileError({ logit: 'ca == cb' }).message).toContain('not allowed');
    expect(compileError({ logit: 'ca ? cb : sa' }).field).toBe('/logit');
    expect(compileError({ logit: 'f(x) = x' }).field).toBe('/logit');
  });

  it('checks meanOf formulas of the signature', () => {
    const signature = { gradientSymmetricity: { meanOf: 'cos(w*(a-d))', law: 'l', reference: 'r' } };
    expect(compileError({ signature }).field).toBe('/signature/gradientSymmetricity/meanOf');
  });

  it('refuses a formula that is not finite at a generic point', () => {
    expect(compileError({ logit: 'log(ca - ca)' }).message).toContain('non-finite');
  });

  it('differentiates every shipped spec correctly (central differences)', () => {
    const out = new Float64Array(4);
    for (const alg of allAlgorithms()) {
      const x = [0.3, -0.7, 0.9, 0.2];
      for (const [c, w] of [[3, 0.7], [11, 2.1]] as const) {
        alg.gradient(x[0]!, x[1]!, x[2]!, x[3]!, c, w, out);
        for (let j = 0; j < 4; j++) {
          const h = 1e-6;
          const plus = [...x];
          const minus = [...x];
          plus[j]! += h;
          minus[j]! -= h;
          const numeric = (alg.logit(plus[0]!, plus[1]!, plus[2]!, plus[3]!, c, w) - alg.logit(minus[0]!, minus[1]!, minus[2]!, minus[3]!, c, w)) / (2 * h);
          expect(out[j], `${alg.spec.name} ∂/∂x${j}`).toBeCloseTo(numeric, 6);
        }
      }
    }
  });

  it('gives |u| the subgradient 0 at the kink, not NaN', () => {
    const alg = compileAlgorithm({ ...clock, logit: 'abs(ca - cb) + abs(abs(sa) - sb)' });
    const out = new Float64Array(4);
    alg.gradient(0.5, 0, 0.5, 0, 0, 1, out);
    expect([...out].map((x) => x + 0)).toEqual([0, 0, 0, 0]); // + 0 folds −0
    alg.gradient(0.5, 0, 0.5, -1, 0, 1, out);
    expect([...out].map((x) => x + 0)).toEqual([0, 0, 0, -1]);
    alg.gradient(0.5, -2, 0.1, 1, 0, 1, out);
    expect([...out]).toEqual([1, -1, -1, -1]);
  });

  it('takes accompanying circles at half their frequency', () => {
    expect(baseFrequency({ frequency: 'half-of-circle' }, 14, 59)).toBe(7);
    expect(baseFrequency({ frequency: 'half-of-circle' }, 3, 59)).toBe((3 * 30) % 59);
    expect(baseFrequency({ frequency: 'circle' }, 3, 59)).toBe(3);
  });
});

describe('templateTable', () => {
  it('sums amplitude-weighted frequencies, indexed (a·p+b)·p+c, and equals the oracle’s logits', () => {
    const pizza = algorithm('pizza');
    const p = 11;
    const table = templateTable(pizza, p, [2, 5], [1, 0.5]);
    const w2 = (2 * Math.PI * 2) / p;
    const w5 = (2 * Math.PI * 5) / p;
    const [a, b, c] = [3, 9, 4];
    expect(table[(a * p + b) * p + c]).toBeCloseTo(pizza.tokenForm(a, b, c, w2) + 0.5 * pizza.tokenForm(a, b, c, w5), 12);
    const logits = oracleNetwork(pizza, p, [2, 5], { amplitudes: [1, 0.5] }).allLogits();
    expect(Math.max(...logits.map((x, i) => Math.abs(x - table[i]!)))).toBeLessThan(1e-12);
  });

  it('refuses bad frequencies with a named field', () => {
    expect(() => templateTable(algorithm('clock'), 11, [0])).toThrow(/frequencies: frequency 0/);
    expect(() => templateTable(algorithm('clock'), 11, [1, 2], [1])).toThrow(/amplitudes/);
  });
});

describe('bad spec files on disk', () => {
  it('an unknown variable or a syntax error in a file is a ClockpizzaError naming that file and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clockpizza-alg-'));
    writeFileSync(join(dir, 'typo.json'), JSON.stringify({ ...clock, name: 'typo', logit: 'ca*cb - sa*sbb' }));
    expect(() => allAlgorithms(dir)).toThrow(ClockpizzaError);
    expect(() => allAlgorithms(dir)).toThrow(`${join(dir, 'typo.json')}: /logit: unknown variable "sbb"`);
    writeFileSync(join(dir, 'typo.json'), JSON.stringify({ ...clock, name: 'typo', tokenForm: 'cos(w*(a+b-c)' }));
    expect(() => algorithm('typo', dir)).toThrow(`${join(dir, 'typo.json')}: /tokenForm: syntax error`);
  });
});

describe('adding an algorithm is adding a file', () => {
  it('loads a new spec from a directory and runs it as an oracle', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clockpizza-alg-'));
    const spec = { ...clock, name: 'anti-clock', logit: '(ca*cb - sa*sb)*cos(w*c) - (ca*sb + sa*cb)*sin(w*c)', tokenForm: 'cos(w*(a+b+c))' };
    writeFileSync(join(dir, 'anti-clock.json'), JSON.stringify(spec));
    const [loaded] = allAlgorithms(dir);
    expect(loaded!.spec.name).toBe('anti-clock');
    expect(loadAlgorithmSpec(join(dir, 'anti-clock.json')).tokenForm).toBe('cos(w*(a+b+c))');
    const p = 7;
    const logits = oracleNetwork(algorithm('anti-clock', dir), p, [1]).allLogits();
    // argmax is c = −(a+b) mod p
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        const row = logits.subarray((a * p + b) * p, (a * p + b + 1) * p);
        expect(row.indexOf(Math.max(...row))).toBe((2 * p - a - b) % p);
      }
    }
  });
});
