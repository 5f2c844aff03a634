import { relative } from 'node:path';
import { junitXml } from '../report/junit.js';
import { driftTable, type GoldenOutcome } from './check.js';

/**
 * `golden check --junit FILE`: one test case per golden file: passed, failed with the drift
 * table, or skipped with its reason.
 */
export function goldenJunit(outcomes: readonly GoldenOutcome[], elapsedSeconds: number, cwd = process.cwd()): string {
  const cases = outcomes.map((o) => {
    const head = { classname: 'clockpizza.golden', name: relative(cwd, o.file) || o.file };
    if (o.status === 'skipped') return { ...head, skipped: o.reason };
    if (o.status === 'ok') return head;
    const message = `${o.drifts.length} value(s) drifted beyond tolerance (verdict now ${o.report.verdict.algorithm})`;
    return { ...head, failure: { message, type: 'drift', body: driftTable([o], cwd) } };
  });
  return junitXml('clockpizza golden check', cases, elapsedSeconds);
}
