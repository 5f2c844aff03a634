import { expect } from 'vitest';
import { auditCheckpoint } from '../audit/audit.js';
import type { AuditReport } from '../audit/report.js';
import { ruleFileText, type Algorithm } from '../audit/rules.js';
import { formatNumber, verdictText } from '../audit/verdict.js';
import { driftTable, goldenAuditOptions } from '../golden/check.js';
import { compareWithGolden } from '../golden/compare.js';
import { loadGolden } from '../golden/golden-file.js';
import { defaultCircularityGate } from '../audit/circularity-gate.js';
import { checkClaims, formatClaimsCheck } from '../claims/check.js';
import { loadClaims } from '../claims/claims-file.js';
import { readPopulation, type Population } from '../sweep/population.js';

/**
 * Vitest matchers for users' own CI (`import { setup } from 'clockpizza/vitest'`):
 *   await expect(reportOrCheckpointPath).toImplement('pizza')
 *   expect(report).toHaveMetricWithin('gradientSymmetricity', 0.9, 1.01)
 *   await expect(reportOrCheckpointPath).toMatchGolden('golden/model.json')
 *   expect(populationFileOrFiles).toSatisfyClaims('spec/claims/paper.json')
 * Failure messages carry the evidence: metrics with ids, the verdict's reasons and rule, the
 * circles, or the drift table.
 */

export type { AuditReport } from '../audit/report.js';
export { auditCheckpoint } from '../audit/audit.js';

const ALGORITHMS: readonly Algorithm[] = ['pizza', 'clock', 'mixed', 'non-circular', 'not-learned'];

interface MatcherContext {
  isNot: boolean;
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
  actual?: unknown;
  expected?: unknown;
}

function isReport(x: unknown): x is AuditReport {
  return typeof x === 'object' && x !== null && 'verdict' in x && 'metrics' in x && 'checkpoint' in x;
}

/** A report as given, or the audit of a checkpoint path. */
async function reportOf(received: unknown, matcher: string): Promise<AuditReport> {
  if (isReport(received)) return received;
  if (typeof received === 'string') return auditCheckpoint(received);
  throw new TypeError(`${matcher}: expected an audit report or a checkpoint path, got ${typeof received}`);
}

/** What the audit found, as a reader of a failed test needs it. */
export function evidence(report: AuditReport): string {
  const { verdict } = report;
  const lines = [
    `audit of ${report.checkpoint.path} (sha256 ${report.checkpoint.sha256.slice(0, 12)}…):`,
    `  verdict ${verdictText(verdict)} by rule ${verdict.rule.name} (${ruleFileText(verdict.rule.file)}) clause ${verdict.rule.clause}: ${verdict.rule.fired}`,
    '  metrics:',
    ...Object.entries(report.metrics).map(([key, m]) => `    ${key} = ${m.value === null ? `undefined (${m.reason ?? ''})` : formatNumber(m.value)}  [${m.id}]`),
    `  circles: ${report.circles.map((c) => `${c.components.join('-')} δ${c.delta} ${c.role}`).join(', ') || 'none'}; ensemble ${report.ensemble}, mixed ensemble ${report.mixedEnsemble}`,
    '  reasons:',
    ...verdict.reasons.map((r) => `    - ${r}`),
  ];
  return lines.join('\n');
}

function toImplementResult(this: MatcherContext, report: AuditReport, algorithm: Algorithm): MatcherResult {
  const pass = report.verdict.algorithm === algorithm;
  return {
    pass,
    actual: report.verdict.algorithm,
    expected: algorithm,
    message: () =>
      pass
        ? `expected ${report.checkpoint.path} not to implement ${algorithm}, but the audit says it does\n${evidence(report)}`
        : `expected ${report.checkpoint.path} to implement ${algorithm}, but the audit says ${report.verdict.algorithm}\n${evidence(report)}`,
  };
}

export const matchers = {
  toSatisfyClaims,

  toImplement(this: MatcherContext, received: unknown, algorithm: Algorithm): MatcherResult | Promise<MatcherResult> {
    if (!ALGORITHMS.includes(algorithm)) throw new TypeError(`toImplement: algorithm must be one of ${ALGORITHMS.join(', ')}, got ${JSON.stringify(algorithm)}`);
    if (isReport(received)) return toImplementResult.call(this, received, algorithm);
    return reportOf(received, 'toImplement').then((report) => toImplementResult.call(this, report, algorithm));
  },

  toHaveMetricWithin(this: MatcherContext, received: unknown, key: string, low: number, high: number): MatcherResult {
    if (!isReport(received)) throw new TypeError('toHaveMetricWithin: expected an audit report (from auditCheckpoint or `clockpizza audit --json`)');
    const metric = received.metrics[key];
    const band = `[${low}, ${high}]`;
    if (metric === undefined) {
      return { pass: false, message: () => `expected a metric ${key} in the report; it has ${Object.keys(received.metrics).join(', ')}\n${evidence(received)}` };
    }
    const pass = metric.value !== null && metric.value >= low && metric.value <= high;
    const shown = metric.value === null ? `undefined (${metric.reason ?? ''})` : String(metric.value);
    return {
      pass,
      actual: metric.value,
      expected: band,
      message: () =>
        `expected ${key} [${metric.id}] of ${received.checkpoint.path} ${pass ? 'not ' : ''}to lie within ${band}, got ${shown}\n${evidence(received)}`,
    };
  },

  async toMatchGolden(this: MatcherContext, received: unknown, goldenFile: string): Promise<MatcherResult> {
    const golden = loadGolden(goldenFile);
    let report: AuditReport;
    if (isReport(received)) report = received;
    else if (typeof received === 'string') {
      const options = goldenAuditOptions(golden);
      if ('skipped' in options) throw new Error(`toMatchGolden: ${goldenFile}: ${options.skipped}`);
      report = await auditCheckpoint(received, options);
    } else throw new TypeError(`toMatchGolden: expected an audit report or a checkpoint path, got ${typeof received}`);
    const drifts = compareWithGolden(golden.data, report);
    const pass = drifts.length === 0;
    return {
      pass,
      message: () =>
        pass
          ? `expected ${report.checkpoint.path} to drift from ${goldenFile}, but every value is within tolerance`
          : `expected ${report.checkpoint.path} to match ${goldenFile}; ${drifts.length} drift(s) beyond tolerance:\n${driftTable([{ file: goldenFile, drifts }])}\n${evidence(report)}`,
    };
  },
};

function populationsOf(received: unknown): Population[] {
  const isPopulation = (x: unknown): x is Population => typeof x === 'object' && x !== null && 'runs' in x && 'file' in x;
  const items = Array.isArray(received) ? received : [received];
  if (items.length === 0) throw new TypeError('toSatisfyClaims: expected at least one population');
  return items.map((x) => {
    if (typeof x === 'string') return readPopulation(x);
    if (isPopulation(x)) return x;
    throw new TypeError(`toSatisfyClaims: expected a population (results .jsonl / reference .csv path, or a Population), got ${typeof x}`);
  });
}

/** Population claims: every claim of `claimsFile` holds for each population (a path, a Population, or an array of them). */
function toSatisfyClaims(this: MatcherContext, received: unknown, claimsFile: string): MatcherResult {
  const claims = loadClaims(claimsFile);
  const gate = defaultCircularityGate();
  const checks = populationsOf(received).map((p) => checkClaims(claims, p, gate));
  const pass = checks.every((c) => c.holds);
  const tables = checks.map(formatClaimsCheck).join('\n\n');
  return {
    pass,
    message: () => (pass ? `expected a claim of ${claimsFile} to fail, but every claim holds\n${tables}` : `expected every claim of ${claimsFile} to hold:\n${tables}`),
  };
}

/** Registers the matchers: call once, e.g. in a vitest setup file or at the top of a test file. */
export function setup(): void {
  expect.extend(matchers);
}

declare module 'vitest' {
  interface Matchers<T = any> {
    /** The audit verdict (of a report, or of a checkpoint path audited with the default rules) is `algorithm`. */
    toImplement(algorithm: 'pizza' | 'clock' | 'mixed' | 'non-circular' | 'not-learned'): Promise<void>;
    /** metrics.<key>.value of an audit report lies in [low, high] (an undefined value never does). */
    toHaveMetricWithin(key: string, low: number, high: number): void;
    /** The report, or the audit of a checkpoint path, matches a golden file within its tolerances. */
    toMatchGolden(goldenFile: string): Promise<void>;
    /** Every claim of a claims file (spec/schemas/claims.schema.json) holds for the population(s): result/CSV paths or Population objects. */
    toSatisfyClaims(claimsFile: string): void;
  }
}
