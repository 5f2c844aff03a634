import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../src/model/load.js';
import { repoRoot } from '../src/reference.js';
import { measureAll } from '../src/metrics/measure.js';
import { idealPizzaOracle } from '../src/oracle/pizza-transformer.js';
import { IDEAL_PIZZA_FIXTURE, idealPizzaFixtureBytes } from './make-ideal-pizza.js';

describe('fixtures/ideal-pizza-p59', () => {
  const base = resolve(repoRoot(), IDEAL_PIZZA_FIXTURE);
  let loaded: Awaited<ReturnType<typeof loadCheckpoint>>;
  beforeAll(async () => {
    loaded = await loadCheckpoint(`${base}.safetensors`);
  });

  it('is what the script writes today (regenerate with scripts/make-ideal-pizza.ts)', () => {
    const { safetensors, sidecar } = idealPizzaFixtureBytes();
    expect(Buffer.compare(readFileSync(`${base}.safetensors`), Buffer.from(safetensors))).toBe(0);
    expect(readFileSync(`${base}.json`, 'utf8')).toBe(sidecar);
  });

  it('loads like a checkpoint and audits like its oracle', () => {
    expect(loaded.sidecarSynthesised).toBe(false);
    expect(loaded.format).toBe('safetensors');
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
    const m = measureAll(loaded.network).metrics;
    const o = measureAll(idealPizzaOracle()).metrics;
    expect(m.accuracy.value).toBe(1);
    expect(o.gradientSymmetricity.value).toBeCloseTo(1, 12);
    expect(m.gradientSymmetricity.value).toBeGreaterThan(1 - 1e-5); // the direct path costs ~1/λ² (λ = 1000)
    expect(m.distanceIrrelevance.value).toBeLessThan(1e-5);
    expect(m.distanceIrrelevanceTopIncorrect.value).toBeLessThan(1e-5);
    expect(m.circularity.value).toBeCloseTo(1, 9);
    expect(o.circularity.value).toBeCloseTo(1, 9);
  });
});
