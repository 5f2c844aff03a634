import { describe, expect, it, vi } from 'vitest';
import { formatReportsMarkdown, formatReportText } from '../audit/format.js';
import { auditNetwork, validateReport } from '../audit/report.js';
import { loadRules, parseRules } from '../audit/rules.js';
import { specTemplates } from '../audit/templates.js';
import { ensembleNetwork } from '../../test/support/test-network.js';
import { DEFAULT_TOLERANCES } from '../golden/create.js';
import { sweepResultOf } from '../sweep/job.js';
import { defined } from './types.js';
import { measureAll } from './measure.js';

/**
 * "A new metric is one file and one line in the list": two metrics that share an input of their
 * own, one with details, appended to the list, reach measurement, every form of the report,
 * golden defaults, rule files and result rows with no other change.
 */
const shared = vi.hoisted(() => ({ computed: 0 }));

vi.mock('./list.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./list.js')>();
  const { defineInput, defineMetric } = await import('./definition.js');
  const { logitsInput } = await import('./inputs.js');
  // The mean logit per output column, computed once for both metrics below.
  const columnMeans = defineInput('columnMeans', ['logits'], (context) => {
    shared.computed++;
    const { p, nOutputs } = context.network;
    const logits = context.get(logitsInput);
    const means = new Float64Array(nOutputs);
    for (let i = 0; i < logits.length; i++) means[i % nOutputs]! += logits[i]! / (p * p);
    return means;
  });
  const meanLogit = defineMetric({
    key: 'meanLogit',
    name: 'meanLogit',
    version: 'test',
    title: 'mean logit',
    meaning: 'the mean of all logits',
    range: '(−∞, ∞)',
    needs: ['logits'],
    compute: (context) => {
      const means = context.get(columnMeans);
      const value = means.reduce((s, m) => s + m, 0) / means.length;
      return { result: defined('meanLogit@test', value), details: { firstColumns: [...means.slice(0, 2)] } };
    },
    format: (value: number) => value.toFixed(3),
    formatDetails: (details: unknown) => [`mean logit of outputs 0 and 1: ${(details as { firstColumns: number[] }).firstColumns.map((m) => m.toFixed(3)).join(', ')}`],
    tolerance: { absolute: 1e-9 },
    population: false,
    summaryColumn: 7,
  });
  const maxColumnMean = defineMetric({
    key: 'maxColumnMean',
    name: 'maxColumnMean',
    version: 'test',
    title: 'largest mean logit of an output',
    meaning: 'the largest over outputs of the mean logit over all pairs',
    range: '(−∞, ∞)',
    needs: ['logits'],
    compute: (context) => defined('maxColumnMean@test', Math.max(...context.get(columnMeans))),
    tolerance: null,
    population: false,
  });
  const list = [...real.METRIC_LIST, meanLogit, maxColumnMean];
  const byKey = new Map<string, unknown>(list.map((d) => [d.key, d]));
  return { ...real, METRIC_LIST: list, METRIC_KEYS: list.map((d) => d.key), metricDefinition: (key: string) => byKey.get(key) };
});

const network = ensembleNetwork();
const logits = network.allLogits();
const means = Array.from({ length: network.nOutputs }, (_, c) => {
  let s = 0;
  for (let row = 0; row < network.p * network.p; row++) s += logits[row * network.nOutputs + c]!;
  return s / (network.p * network.p);
});
const expectedMean = means.reduce((s, m) => s + m, 0) / means.length;

describe('a metric added to the list', () => {
  it('is measured, with its details, reading a shared input computed once', () => {
    shared.computed = 0;
    const m = measureAll(network, { sampleSize: 10 }) as ReturnType<typeof measureAll> & { metrics: Record<string, { value: number | null }>; details: Record<string, unknown> };
    expect(shared.computed).toBe(1);
    expect(m.metrics['meanLogit']!.value).toBeCloseTo(expectedMean, 12);
    expect(m.metrics['maxColumnMean']!.value).toBeCloseTo(Math.max(...means), 12);
    expect(m.details).toMatchObject({ meanLogit: { firstColumns: [expect.closeTo(means[0]!, 12), expect.closeTo(means[1]!, 12)] } });
    expect(m.timingsMs['columnMeans']).toBeGreaterThanOrEqual(0);
  });

  it('reaches the JSON, text and markdown reports, golden defaults, rule files and result rows', () => {
    const report = auditNetwork(network, { path: 'constructed', sha256: '0'.repeat(64), architecture: { family: 'function', p: network.p } }, { rules: loadRules(), templates: specTemplates(), measure: { sampleSize: 10 } });
    expect(Object.keys(report.metrics).slice(-2)).toEqual(['meanLogit', 'maxColumnMean']);
    expect(report.details).toMatchObject({ meanLogit: { firstColumns: [expect.any(Number), expect.any(Number)] } });
    expect(() => validateReport(JSON.parse(JSON.stringify(report)), 'report')).not.toThrow();
    const text = formatReportText(report);
    expect(text).toMatch(new RegExp(`meanLogit\\s+${expectedMean.toFixed(3).replace('.', '\\.')}\\s+meanLogit@test`));
    expect(text).toContain(`  mean logit of outputs 0 and 1: ${means[0]!.toFixed(3)}, ${means[1]!.toFixed(3)}`);
    expect(formatReportsMarkdown([report]).split('\n')[0]).toMatch(/\| parameterNorm \| meanLogit \| circles \|/);
    expect(DEFAULT_TOLERANCES['meanLogit']).toEqual({ absolute: 1e-9 });
    expect(DEFAULT_TOLERANCES).not.toHaveProperty('maxColumnMean');
    const { file: _file, ...rule } = loadRules();
    const withRule = { ...rule, verdict: [{ algorithm: 'mixed', gate: true, when: { metric: 'meanLogit', op: '>', value: 1e9 } }, ...rule.verdict] };
    expect(() => parseRules(withRule, 'rule.json')).not.toThrow();
    const row = sweepResultOf({ index: 0, runid: 'r', attn: 0, width: 128, layers: 1, seed: 0, steps: 1 }, report);
    expect(row.metrics['meanLogit']).toEqual(report.metrics['meanLogit']);
    expect(row).not.toHaveProperty('details');
  });
});
