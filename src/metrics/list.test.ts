import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCES } from '../golden/create.js';
import { repoRoot } from '../reference.js';
import type { MetricDefinition } from './definition.js';
import { METRIC_KEYS, METRIC_LIST, METRICS, POPULATION_METRICS } from './list.js';

const schema = (name: string): any => JSON.parse(readFileSync(resolve(repoRoot(), 'spec/schemas', `${name}.schema.json`), 'utf8'));
const listed: readonly MetricDefinition[] = METRIC_LIST;

describe('the metric list', () => {
  it('holds every metric defined in src/metrics (a defineMetric left out of the list fails here)', async () => {
    // src/neurons holds the neuron metrics of issue 17 (metrics.ts) beside their machinery.
    const modules = ['src/metrics', 'src/neurons'].flatMap((folder) => {
      const dir = resolve(repoRoot(), folder);
      return readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts')).map((f) => resolve(dir, f));
    });
    const defined: MetricDefinition[] = [];
    for (const file of modules) {
      const exports = (await import(file)) as Record<string, unknown>;
      for (const value of Object.values(exports)) {
        const d = value as Partial<MetricDefinition> | null;
        if (d !== null && typeof d === 'object' && typeof d.compute === 'function' && typeof d.key === 'string' && typeof d.id === 'string') defined.push(d as MetricDefinition);
      }
    }
    expect(defined.length).toBeGreaterThanOrEqual(listed.length);
    for (const d of defined) expect(listed, `${d.key} is defined but not in METRIC_LIST`).toContain(d);
  });

  it('keeps the report keys and versioned ids of METRICS.md §0, in report order', () => {
    expect(METRICS).toEqual({
      accuracy: 'accuracy@1',
      loss: 'loss@1',
      parameterNorm: 'parameterNorm@1',
      gradientSymmetricity: 'gradientSymmetricity@ref',
      distanceIrrelevance: 'distanceIrrelevance.correctLogit@ref',
      distanceIrrelevanceTopIncorrect: 'distanceIrrelevance.topIncorrect@ref',
      circularity: 'circularity@ref',
      circularityFourier: 'circularity.fourier@1',
      restrictedLoss: 'restrictedLoss.logit@1',
      excludedLoss: 'excludedLoss.logit@1',
      ckaDisc: 'cka.disc@1',
      ckaCircle: 'cka.circle@1',
      ckaTorus: 'cka.torus@1',
      logitCkaCircle: 'logitCka.circle@1',
      neuronR2Degree1: 'neuronR2.degree1@1',
      neuronR2Degree2: 'neuronR2.degree2@1',
      deltaPhiSpread: 'deltaPhi.spread@1',
    });
    expect(METRIC_KEYS).toEqual(Object.keys(METRICS));
  });

  it('has unique keys and ids, each id its name@version, both as golden files and rule files spell them', () => {
    expect(new Set(listed.map((d) => d.key)).size).toBe(listed.length);
    expect(new Set(listed.map((d) => d.id)).size).toBe(listed.length);
    const golden = schema('golden').properties.metrics;
    const keyPattern = new RegExp(golden.propertyNames.pattern);
    const idPattern = new RegExp(golden.additionalProperties.properties.id.pattern);
    const rulePattern = new RegExp(schema('rules').definitions.metricKey.pattern);
    for (const d of listed) {
      expect(d.id).toBe(`${d.name}@${d.version}`);
      expect(d.key).toMatch(keyPattern);
      expect(d.key).toMatch(rulePattern);
      expect(d.id).toMatch(idPattern);
    }
  });

  it('names as population metrics exactly the metrics the audit-report and sweep-result schemas require', () => {
    expect([...schema('audit-report').properties.metrics.required].sort()).toEqual([...POPULATION_METRICS].sort());
    expect([...schema('sweep-result').properties.metrics.required].sort()).toEqual([...POPULATION_METRICS].sort());
  });

  it('pins with the METRICS.md §5 agreement levels, the same as before the list', () => {
    expect(DEFAULT_TOLERANCES).toEqual({
      accuracy: { absolute: 0 },
      parameterNorm: { relative: 1e-4 },
      gradientSymmetricity: { absolute: 1e-4 },
      distanceIrrelevance: { absolute: 1e-4 },
      distanceIrrelevanceTopIncorrect: { absolute: 1e-4 },
      circularity: { absolute: 1e-5 },
      circularityFourier: { absolute: 1e-6 },
      // Issue 17's neuron metrics: independent implementations agree to 1e-6.
      ckaDisc: { absolute: 1e-6 },
      ckaCircle: { absolute: 1e-6 },
      ckaTorus: { absolute: 1e-6 },
      logitCkaCircle: { absolute: 1e-6 },
      neuronR2Degree1: { absolute: 1e-6 },
      neuronR2Degree2: { absolute: 1e-6 },
      deltaPhiSpread: { absolute: 1e-6 },
    });
    expect(Object.keys(DEFAULT_TOLERANCES)).toEqual(['accuracy', 'parameterNorm', 'gradientSymmetricity', 'distanceIrrelevance', 'distanceIrrelevanceTopIncorrect', 'circularity', 'circularityFourier', 'ckaDisc', 'ckaCircle', 'ckaTorus', 'logitCkaCircle', 'neuronR2Degree1', 'neuronR2Degree2', 'deltaPhiSpread']);
  });

  it('gives the markdown summary distinct columns 1…n', () => {
    const columns = listed.flatMap((d) => (d.summaryColumn === undefined ? [] : [d.summaryColumn])).sort((a, b) => a - b);
    expect(columns).toEqual(columns.map((_, i) => i + 1));
  });
});
