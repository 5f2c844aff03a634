import type { Population } from '../sweep/population.js';
import type { ClaimOutcome } from './claim.js';
import type { ClaimsFile } from './claims-file.js';
import { CLAIM_KINDS, type Claim } from './kinds/index.js';

/** Checks every claim of a claims file against one population. */

export interface ClaimResult extends ClaimOutcome {
  id: string;
  kind: Claim['kind'];
  statement: string;
}

export interface ClaimsCheck {
  claimsFile: string;
  population: string;
  results: ClaimResult[];
  holds: boolean;
}

export function checkClaims(claims: ClaimsFile, population: Population, circularityGate: number): ClaimsCheck {
  const context = { population, circularityGate, claimsFile: claims.file };
  const results = claims.claims.map((claim): ClaimResult => {
    const kind = CLAIM_KINDS[claim.kind] as { evaluate(c: Claim, ctx: typeof context): ClaimOutcome };
    return { id: claim.id, kind: claim.kind, statement: claim.statement, ...kind.evaluate(claim, context) };
  });
  return { claimsFile: claims.file, population: population.file, results, holds: results.every((r) => r.holds) };
}

/** The table `clockpizza claims check` prints (and the matcher's failure message shows). */
export function formatClaimsCheck(check: ClaimsCheck): string {
  const failed = check.results.filter((r) => !r.holds).length;
  const head = `${check.population} against ${check.claimsFile}: ${check.results.length - failed} of ${check.results.length} claims hold`;
  const rows = check.results.map((r) => [r.id, r.shown, r.claimed, r.holds ? 'holds' : 'FAILS']);
  const header = ['claim', 'value', 'claimed', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`;
  const out = [head, line(header), ...rows.map(line)];
  for (const r of check.results.filter((x) => !x.holds)) out.push(`  ${r.id} fails: ${r.statement} — got ${r.shown}, claimed ${r.claimed}${r.reason ? ` (${r.reason})` : ''}`);
  return out.join('\n');
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JUnit XML: one test suite per population, one test case per claim (a failing claim is a failure). */
export function claimsJunit(checks: readonly ClaimsCheck[]): string {
  const suites = checks.map((c) => {
    const failures = c.results.filter((r) => !r.holds).length;
    const cases = c.results.map((r) => {
      const open = `    <testcase classname="${xml(c.claimsFile)}" name="${xml(`${r.id}: ${r.statement}`)}"`;
      if (r.holds) return `${open}/>`;
      const message = `got ${r.shown}, claimed ${r.claimed}${r.reason ? ` (${r.reason})` : ''}`;
      return `${open}>\n      <failure message="${xml(message)}"/>\n    </testcase>`;
    });
    return `  <testsuite name="${xml(c.population)}" tests="${c.results.length}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join('\n')}\n</testsuites>\n`;
}
