import { METRICS } from '../../src/metrics/list.js';
import type { SweepResult } from '../../src/sweep/results.js';

/** A valid results line for tests, with overrides; kept beside the code so every test builds lines the same way. */
export function sampleResult(overrides: Partial<SweepResult> = {}, metrics: Partial<Record<string, number | null>> = {}): SweepResult {
  const values: Record<string, number | null> = {
    accuracy: 1,
    parameterNorm: 22.85,
    gradientSymmetricity: 0.99,
    distanceIrrelevance: 0.17,
    distanceIrrelevanceTopIncorrect: 0.22,
    circularity: 0.998,
    ...metrics,
  };
  const entries = Object.entries(values).map(([key, value]) => [
    key,
    value === null ? { id: METRICS[key as keyof typeof METRICS], value: null, reason: 'test', kind: 'other' } : { id: METRICS[key as keyof typeof METRICS], value },
  ]);
  return {
    runid: 'r0',
    seed: 0,
    attn: 0.25,
    width: 128,
    layers: 1,
    steps: 100,
    verdict: { algorithm: 'pizza', lean: 'pizza', reasons: [] },
    metrics: Object.fromEntries(entries) as SweepResult['metrics'],
    ...overrides,
  };
}

export function jsonl(results: readonly SweepResult[]): string {
  return results.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
