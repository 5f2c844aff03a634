/**
 * JUnit XML, the report format CI systems (GitHub Actions reporters, GitLab, Jenkins) display
 * per test: one suite of cases, each passed, failed (with a message and a body) or skipped.
 * `golden check --junit` and `claims check --junit` both write it.
 */

export interface JunitCase {
  classname: string;
  name: string;
  failure?: { message: string; type: string; body: string };
  skipped?: string;
}

export function junitXml(suite: string, cases: readonly JunitCase[], elapsedSeconds: number): string {
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const counts = `tests="${cases.length}" failures="${failures}" skipped="${skipped}" errors="0" time="${elapsedSeconds.toFixed(3)}"`;
  const lines = cases.map((c) => {
    const open = `    <testcase classname="${xml(c.classname)}" name="${xml(c.name)}"`;
    if (c.skipped !== undefined) return `${open}><skipped message="${xml(c.skipped)}"/></testcase>`;
    if (c.failure === undefined) return `${open}/>`;
    return `${open}><failure message="${xml(c.failure.message)}" type="${xml(c.failure.type)}">${xml(c.failure.body)}</failure></testcase>`;
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="${xml(suite)}" ${counts}>`, `  <testsuite name="${xml(suite)}" ${counts}>`, ...lines, '  </testsuite>', '</testsuites>', ''].join('\n');
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
