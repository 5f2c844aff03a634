import { relative } from 'node:path';
import { driftTable, type GoldenOutcome } from './check.js';

/**
 * `golden check --junit FILE`: the outcomes as JUnit XML, the report format CI systems (GitHub
 * Actions reporters, GitLab, Jenkins) display per test. One test case per golden file: passed,
 * failed with the drift table, or skipped with its reason. A claims check will write the same
 * shape (one test case per claim).
 */
export function goldenJunit(outcomes: readonly GoldenOutcome[], elapsedSeconds: number, cwd = process.cwd()): string {
  const failures = outcomes.filter((o) => o.status === 'drift').length;
  const skipped = outcomes.filter((o) => o.status === 'skipped').length;
  const cases = outcomes.map((o) => {
    const name = xml(relative(cwd, o.file) || o.file);
    if (o.status === 'skipped') return `    <testcase classname="clockpizza.golden" name="${name}"><skipped message="${xml(o.reason)}"/></testcase>`;
    if (o.status === 'ok') return `    <testcase classname="clockpizza.golden" name="${name}"/>`;
    const message = `${o.drifts.length} value(s) drifted beyond tolerance (verdict now ${o.report.verdict.algorithm})`;
    return `    <testcase classname="clockpizza.golden" name="${name}"><failure message="${xml(message)}" type="drift">${xml(driftTable([o], cwd))}</failure></testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="clockpizza golden check" tests="${outcomes.length}" failures="${failures}" skipped="${skipped}" errors="0" time="${elapsedSeconds.toFixed(3)}">`,
    `  <testsuite name="clockpizza golden check" tests="${outcomes.length}" failures="${failures}" skipped="${skipped}" errors="0" time="${elapsedSeconds.toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** Text as XML character data or attribute value; characters XML 1.0 cannot hold become U+FFFD. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
