import { describe, expect, it } from 'vitest';
import { ksPower } from './ks-power.js';
import { mulberry32 } from './rng.js';

const random = mulberry32(7);
const reference = Array.from({ length: 80 }, () => random());

describe('ksPower', () => {
  it('detects smaller shifts with larger samples', () => {
    const small = ksPower(reference, 5, { draws: 100 });
    const large = ksPower(reference, 60, { draws: 100 });
    expect(small.detectableShift).not.toBeNull();
    expect(large.detectableShift).not.toBeNull();
    expect(large.detectableShift!).toBeLessThan(small.detectableShift!);
    expect(large.dCritical!).toBeLessThan(small.dCritical!);
    // uniform(0,1) reference, n = m = 60..80: the 80 %-power shift is a fraction of the range
    expect(large.detectableShift!).toBeGreaterThan(0.1);
    expect(large.detectableShift!).toBeLessThan(0.5);
  });

  it('is reproducible for a seed and states its method', () => {
    const a = ksPower(reference, 10, { draws: 50, seed: 3 });
    const b = ksPower(reference, 10, { draws: 50, seed: 3 });
    expect(a).toEqual(b);
    expect(a.method).toMatch(/Monte Carlo, 50 resamples/);
  });

  it('reports no detectable shift when a sample can never reject', () => {
    const r = ksPower([0.1, 0.2, 0.3], 1);
    expect(r.dCritical).toBeNull();
    expect(r.detectableShift).toBeNull();
  });
});
