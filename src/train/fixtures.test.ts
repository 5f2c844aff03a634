import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureAll } from '../metrics/measure.js';
import { loadCheckpoint } from '../model/load.js';
import { repoRoot } from '../reference.js';
import { RUN_FILES } from './outputs.js';

/** The embedded defaults trained by `clockpizza train` (fixtures/README.md): still Pizza and Clock. */
const FIXTURES = [
  { dir: 'fixtures/model-a-like', attn: 0, pizza: true },
  { dir: 'fixtures/model-b-like', attn: 1, pizza: false },
];

describe.each(FIXTURES)('$dir', ({ dir, attn, pizza }) => {
  const path = resolve(repoRoot(), dir);

  it('holds a complete run, each file well under 1 MB, with its seed and α recorded', () => {
    for (const f of Object.values(RUN_FILES)) {
      expect(existsSync(resolve(path, f))).toBe(true);
      expect(readFileSync(resolve(path, f)).length).toBeLessThan(1_000_000);
    }
    const sidecar = JSON.parse(readFileSync(resolve(path, RUN_FILES.sidecar), 'utf8')) as Record<string, unknown>;
    expect(sidecar['attn_coeff']).toBe(attn);
    expect(typeof sidecar['seed']).toBe('number');
  });

  it(`audits as ${pizza ? 'Pizza' : 'Clock'} (METRICS.md §4 thresholds)`, async () => {
    const { network } = await loadCheckpoint(resolve(path, RUN_FILES.weights));
    const m = measureAll(network).metrics;
    expect(m.accuracy.value).toBeGreaterThanOrEqual(0.99);
    expect(m.circularity.value).toBeGreaterThanOrEqual(0.995);
    if (pizza) {
      expect(m.gradientSymmetricity.value).toBeGreaterThanOrEqual(0.9);
      expect(m.distanceIrrelevance.value).toBeLessThanOrEqual(0.4);
    } else {
      expect(m.gradientSymmetricity.value).toBeLessThan(0.9);
      expect(m.distanceIrrelevance.value).toBeGreaterThan(0.4);
    }
  });
});
