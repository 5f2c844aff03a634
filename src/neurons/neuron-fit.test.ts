import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockEnergy, neuronFrequency } from './frequency.js';
import { lineSpectra } from './line-spectra.js';
import { fitCoefficients, fitNeuron } from './neuron-fit.js';
import { wrapAngle } from './phase.js';

const oddPrime = fc.constantFrom(7, 11, 13, 23, 31, 59, 61, 113);

function table(p: number, f: (a: number, b: number) => number): Float64Array {
  return Float64Array.from({ length: p * p }, (_, i) => f(Math.floor(i / p), i % p));
}

/** Least squares by the normal equations (Gauss–Jordan with pivoting): independent of the orthogonality shortcut. */
function leastSquares(columns: Float64Array[], y: Float64Array): { coefficients: number[]; r2: number } {
  const m = columns.length;
  const A = columns.map((ci) => [...columns.map((cj) => ci.reduce((s, v, t) => s + v * cj[t]!, 0)), ci.reduce((s, v, t) => s + v * y[t]!, 0)]);
  for (let c = 0; c < m; c++) {
    let pivot = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[pivot]![c]!)) pivot = r;
    [A[c], A[pivot]] = [A[pivot]!, A[c]!];
    for (let r = 0; r < m; r++) {
      if (r === c) continue;
      const f = A[r]![c]! / A[c]![c]!;
      for (let j = c; j <= m; j++) A[r]![j]! -= f * A[c]![j]!;
    }
  }
  const coefficients = A.map((row, i) => row[m]! / row[i]!);
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  let sse = 0;
  let sst = 0;
  y.forEach((v, t) => {
    const fit = columns.reduce((s, col, j) => s + coefficients[j]! * col[t]!, 0);
    sse += (v - fit) ** 2;
    sst += (v - mean) ** 2;
  });
  return { coefficients, r2: 1 - sse / sst };
}

function regressors(p: number, k: number, degree: 1 | 2): Float64Array[] {
  const w = (2 * Math.PI * k) / p;
  const fs: ((a: number, b: number) => number)[] = [
    () => 1,
    (a) => Math.cos(w * a),
    (a) => Math.sin(w * a),
    (_, b) => Math.cos(w * b),
    (_, b) => Math.sin(w * b),
  ];
  if (degree === 2) fs.push((a, b) => Math.cos(w * (a + b)), (a, b) => Math.sin(w * (a + b)), (a, b) => Math.cos(w * (a - b)), (a, b) => Math.sin(w * (a - b)));
  return fs.map((f) => table(p, f));
}

function randomTable(p: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  return Float64Array.from({ length: p * p }, () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5);
}

describe('neuron fits (laws, issue 17 item 5)', () => {
  it('a constructed degree-1 neuron is fitted with R² = 1, its frequency found and its phases recovered to 1e-9', () => {
    fc.assert(
      fc.property(
        oddPrime.chain((p) => fc.tuple(fc.constant(p), fc.integer({ min: 1, max: (p - 1) / 2 }))),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        ([p, k], A, B, phiL, phiR, c) => {
          const w = (2 * Math.PI * k) / p;
          const fit = fitNeuron(lineSpectra(table(p, (a, b) => A * Math.cos(w * a + phiL) + B * Math.cos(w * b + phiR) + c), p));
          expect(fit.frequency).toBe(k);
          expect(Math.abs(fit.r2Degree1! - 1)).toBeLessThan(1e-12);
          expect(Math.abs(fit.r2Degree2! - 1)).toBeLessThan(1e-12);
          expect(Math.abs(wrapAngle(fit.phiLeft! - phiL))).toBeLessThan(1e-9);
          expect(Math.abs(wrapAngle(fit.phiRight! - phiR))).toBeLessThan(1e-9);
          expect(Math.abs(wrapAngle(fit.deltaPhi! - (phiL - phiR)))).toBeLessThan(1e-9);
          expect(fit.deltaPhi! > -Math.PI && fit.deltaPhi! <= Math.PI).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a Clock-style product neuron cos w(a+b) has degree-1 R² 0 and degree-2 R² 1', () => {
    const p = 59;
    const w = (2 * Math.PI * 7) / p;
    const fit = fitNeuron(lineSpectra(table(p, (a, b) => Math.cos(w * (a + b) + 0.3)), p));
    expect(fit.frequency).toBe(7);
    expect(fit.r2Degree1!).toBeLessThan(1e-24);
    expect(fit.r2Degree2!).toBeCloseTo(1, 12);
  });

  it('the frequency is invariant under adding a constant (property)', () => {
    fc.assert(
      fc.property(oddPrime, fc.integer(), fc.double({ min: -1e3, max: 1e3, noNaN: true }), (p, seed, c) => {
        const y = randomTable(p, seed);
        const shifted = y.map((v) => v + c);
        expect(neuronFrequency(lineSpectra(shifted, p))).toBe(neuronFrequency(lineSpectra(y, p)));
      }),
      { numRuns: 100 },
    );
  });

  it('the block energy is the energy in the real 3 × 3 Fourier block (calculate_key_freqs), (0, 0) excluded', () => {
    fc.assert(
      fc.property(fc.constantFrom(7, 11, 13, 59), fc.integer(), (p, seed) => {
        const y = randomTable(p, seed);
        const s = lineSpectra(y, p);
        const energies: number[] = [];
        for (let k = 1; k <= (p - 1) / 2; k++) {
          const w = (2 * Math.PI * k) / p;
          const basis = [(_t: number) => 1 / Math.sqrt(p), (t: number) => Math.cos(w * t) * Math.sqrt(2 / p), (t: number) => Math.sin(w * t) * Math.sqrt(2 / p)];
          let e = 0;
          for (let u = 0; u < 3; u++) {
            for (let v = 0; v < 3; v++) {
              if (u === 0 && v === 0) continue;
              let coefficient = 0;
              for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) coefficient += basis[u]!(a) * basis[v]!(b) * y[a * p + b]!;
              e += coefficient ** 2;
            }
          }
          energies.push(e);
          expect(Math.abs(blockEnergy(s, k) / (p * p) - e)).toBeLessThan(1e-9 * (1 + e));
        }
        expect(neuronFrequency(s)).toBe(energies.indexOf(Math.max(...energies)) + 1);
      }),
      { numRuns: 20 },
    );
  });

  it('coefficients and R² equal a general least-squares solve (normal equations)', () => {
    fc.assert(
      fc.property(fc.constantFrom(7, 11, 13, 23), fc.integer(), (p, seed) => {
        const y = randomTable(p, seed);
        const s = lineSpectra(y, p);
        const fit = fitNeuron(s);
        const k = fit.frequency!;
        const one = leastSquares(regressors(p, k, 1), y);
        const two = leastSquares(regressors(p, k, 2), y);
        expect(Math.abs(fit.r2Degree1! - one.r2)).toBeLessThan(1e-9);
        expect(Math.abs(fit.r2Degree2! - two.r2)).toBeLessThan(1e-9);
        const c = fitCoefficients(s, k);
        two.coefficients.forEach((want, i) => expect(Math.abs(c[i]! - want)).toBeLessThan(1e-9));
        one.coefficients.forEach((want, i) => expect(Math.abs(c[i]! - want)).toBeLessThan(1e-9));
        expect(fit.phiLeft).toBeCloseTo(Math.atan2(-one.coefficients[2]!, one.coefficients[1]!), 9);
        expect(fit.phiRight).toBeCloseTo(Math.atan2(-one.coefficients[4]!, one.coefficients[3]!), 9);
      }),
      { numRuns: 30 },
    );
  });

  it('a constant neuron has no frequency and no fit', () => {
    expect(fitNeuron(lineSpectra(new Float64Array(49).fill(2.5), 7))).toEqual({ frequency: null, r2Degree1: null, r2Degree2: null, phiLeft: null, phiRight: null, deltaPhi: null });
    expect(neuronFrequency(lineSpectra(new Float64Array(49), 7))).toBeNull();
  });
});
