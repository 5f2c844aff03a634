import { describe, expect, it } from 'vitest';
import { mulberry32, standardNormal } from './rng.js';

describe('seeded generator', () => {
  it('keeps its stream (golden files and constructed networks depend on it)', () => {
    const random = mulberry32(1);
    expect([random(), random(), random()]).toEqual(STREAM_OF_SEED_1);
  });

  it('draws a normal from two uniforms: √(−2 ln(1−u₁))·cos(2πu₂)', () => {
    const [u1, u2] = STREAM_OF_SEED_1;
    expect(standardNormal(mulberry32(1))).toBe(Math.sqrt(-2 * Math.log(1 - u1!)) * Math.cos(2 * Math.PI * u2!));
  });
});

const STREAM_OF_SEED_1 = [0.6270739405881613, 0.002735721180215478, 0.5274470399599522];
