import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { kolmogorovQuantile, kolmogorovSurvival, ksCriticalValue, ksExactPValue, ksStatisticScaled, ksTwoSample } from './ks.js';

// Known values from scipy 1.17.1: stats.ks_2samp(x, y, method='exact') and stats.kstwobign.
const X = [0.12573, -0.132105, 0.640423, 0.1049, -0.535669, 0.361595, 1.304, 0.947081, -0.703735, -1.265421, -0.623274, 0.041326, -2.325031, -0.218792, -1.245911, -0.732267, -0.544259, -0.3163, 0.411631, 1.042513, -0.128535, 1.366463, -0.665195, 0.35151, 0.90347, 0.094012, -0.743499, -0.921725, -0.457726, 0.220195];
const Y = [-0.509618, 0.290824, 0.340775, 1.040846, 0.714659, 0.855373, -0.153829, 0.370386, 1.283975, 1.993431, -0.759066, 2.013924, 1.845875, 1.281311, 0.764456, 0.186077, 1.958021, 2.460258, 2.301635, 1.815104, 0.85738, -0.708319, 0.495546, 1.156475, -0.788361, 0.895122, 0.929864, 1.196043, -0.684118, -0.161703, 0.063565, -0.669802, 2.239368, 0.004089, 0.82897, 0.241427, 2.083473, 1.820361, 1.133353, -1.70351, 0.552029, 1.183686, 1.503962, -0.117907, 2.322011];

function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

describe('ksTwoSample against scipy', () => {
  it('matches ks_2samp exact on small unequal samples', () => {
    const r = ksTwoSample([0.1, 0.4, 0.7, 1.3, 2.2], [0.5, 0.9, 1.5, 2.5, 3.1, 3.3]);
    expect(r.d).toBe(0.5);
    expect(r.method).toBe('exact');
    expect(r.pValue).toBeCloseTo(0.35714285714285715, 14);
  });

  it('matches ks_2samp exact on fully separated samples', () => {
    const r = ksTwoSample([1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11, 12, 13, 14, 15, 16]);
    expect(r.d).toBe(1);
    expect(r.pValue).toBeCloseTo(0.00015540015540015537, 16);
  });

  it('matches ks_2samp exact on normal samples (30 vs 45)', () => {
    const r = ksTwoSample(X, Y);
    expect(r.d).toBeCloseTo(0.4222222222222222, 14);
    expect(r.pValue / 0.0023744614901999284).toBeCloseTo(1, 10);
  });

  it('keeps small p-values precise (200 vs 150, shifted)', () => {
    const a = Array.from({ length: 200 }, (_, i) => i);
    const b = Array.from({ length: 150 }, (_, i) => i + 60.5);
    const r = ksTwoSample(a, b);
    expect(r.d).toBeCloseTo(0.305, 14);
    expect(r.pValue / 1.602421112823998e-7).toBeCloseTo(1, 8);
  });

  it('uses the Kolmogorov limit when asked', () => {
    const r = ksTwoSample(X, Y, { method: 'asymptotic' });
    expect(r.method).toBe('asymptotic');
    expect(r.pValue).toBeCloseTo(kolmogorovSurvival(Math.sqrt((30 * 45) / 75) * r.d), 15);
  });
});

describe('Kolmogorov distribution', () => {
  it('matches scipy kstwobign.sf and isf', () => {
    const lambdas = [0.5, 1.0, 1.358, 1.6, 2.5];
    const expected = [0.9639452436648751, 0.26999967167735456, 0.05002679733444698, 0.011952043239196616, 7.453306344157342e-6];
    lambdas.forEach((l, i) => expect(kolmogorovSurvival(l) / expected[i]!).toBeCloseTo(1, 10));
    expect(kolmogorovQuantile(0.05)).toBeCloseTo(1.3580986393225507, 8);
    expect(kolmogorovQuantile(0.01)).toBeCloseTo(1.6276236115189504, 8);
  });
});

describe('exact p-value laws', () => {
  it('equals the closed form for equal sample sizes', () => {
    // n = m: P(D ≥ h/n) = 2 Σ_{j≥1} (−1)^{j+1} C(2n, n − jh) / C(2n, n)  (Gnedenko–Korolyuk)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), (n, hRaw) => {
        const h = ((hRaw - 1) % n) + 1;
        let sum = 0;
        for (let j = 1; n - j * h >= 0; j++) sum += (j % 2 === 1 ? 1 : -1) * binomial(2 * n, n - j * h);
        const closed = (2 * sum) / binomial(2 * n, n);
        expect(ksExactPValue(n, n, h * n)).toBeCloseTo(closed, 12);
      }),
    );
  });

  it('is symmetric in the samples and a probability', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 25 }),
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 25 }),
        (a, b) => {
          const ab = ksTwoSample(a, b);
          const ba = ksTwoSample(b, a);
          expect(ab.d).toBe(ba.d);
          expect(ab.pValue).toBeCloseTo(ba.pValue, 12);
          expect(ab.pValue).toBeGreaterThanOrEqual(0);
          expect(ab.pValue).toBeLessThanOrEqual(1);
          expect(ksStatisticScaled(a, a)).toBe(0);
        },
      ),
    );
  });

  it('gives identical populations a high p and shifted ones a low p', () => {
    const base = Array.from({ length: 20 }, (_, i) => Math.sin(i * 1.7));
    expect(ksTwoSample(base, [...base]).pValue).toBe(1);
    expect(ksTwoSample(base, base.map((v) => v + 3)).pValue).toBeLessThan(1e-6);
  });
});

describe('ksCriticalValue', () => {
  it('is the smallest D at which the exact test rejects', () => {
    const { d } = ksCriticalValue(8, 8, 0.05);
    expect(d).not.toBeNull();
    expect(ksExactPValue(8, 8, Math.round(d! * 64))).toBeLessThanOrEqual(0.05);
    expect(ksExactPValue(8, 8, Math.round(d! * 64) - 1)).toBeGreaterThan(0.05);
  });

  it('says when a sample is too small to ever reject', () => {
    expect(ksCriticalValue(1, 3, 0.05).d).toBeNull();
  });

  it('uses c(α)·√((n+m)/(nm)) asymptotically', () => {
    const r = ksCriticalValue(400, 900, 0.05, { method: 'asymptotic' });
    expect(r.d).toBeCloseTo(1.3580986393225507 * Math.sqrt(1300 / 360000), 8);
  });
});
