import type { CircularityGate } from '../audit/circularity-gate.js';
import { junitXml, type JunitCase } from '../report/junit.js';
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

export function checkClaims(claims: ClaimsFile, population: Population, gate: CircularityGate): ClaimsCheck {
  const context = { population, gate, claimsFile: claims.file };
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

/** `claims check --junit FILE`: one test case per claim and population (classname: the population), a failing claim a failure with its table. */
export function claimsJunit(checks: readonly ClaimsCheck[], elapsedSeconds: number): string {
  const cases = checks.flatMap((c) =>
    c.results.map((r): JunitCase => {
      const head = { classname: c.population, name: `${r.id}: ${r.statement}` };
      if (r.holds) return head;
      return { ...head, failure: { message: `got ${r.shown}, claimed ${r.claimed}${r.reason ? ` (${r.reason})` : ''}`, type: 'claim', body: formatClaimsCheck(c) } };
    }),
  );
  return junitXml(`clockpizza claims check ${checks[0]?.claimsFile ?? ''}`.trim(), cases, elapsedSeconds);
}
