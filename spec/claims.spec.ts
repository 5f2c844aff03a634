import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasReference, referenceDir, repoRoot } from '../src/reference.js';
import { setup } from '../src/vitest/index.js';

/**
 * The paper's population claims as data (spec/claims/paper.json, issue 16.4) hold on its
 * fixed-width table; a false claim fails with a message that says which and why.
 */

setup();
if (!hasReference()) console.warn('skipping spec/claims.spec.ts: CLOCKPIZZA_REFERENCE absent (the paper\'s result CSVs are needed)');

const fixedCsv = () => resolve(referenceDir(), 'pizza-repo/results/1l_fixedwidth.csv');
const paperClaims = resolve(repoRoot(), 'spec/claims/paper.json');
const dir = mkdtempSync(join(tmpdir(), 'clockpizza-claims-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasReference())('spec/claims/paper.json', () => {
  it('holds on the paper\'s fixed-width table', () => {
    expect(fixedCsv()).toSatisfyClaims(paperClaims);
  });

  it('a false claim fails with a readable message', () => {
    const falseClaims = join(dir, 'false.json');
    writeFileSync(
      falseClaims,
      JSON.stringify({
        name: 'false',
        description: 'the boundary placed where it is not',
        claims: [{ id: 'boundary.early', kind: 'crossing', statement: 'the Pizza gives way to the Clock by α = 0.3', select: { layers: 1, width: 128 }, metric: 'gradientSymmetricity', within: [0, 0.3] }],
      }),
    );
    expect(() => expect(fixedCsv()).toSatisfyClaims(falseClaims)).toThrow(
      /expected every claim of .*false\.json to hold:[\s\S]*0 of 1 claims hold[\s\S]*boundary\.early fails: the Pizza gives way to the Clock by α = 0\.3 — got 0\.567 \[0\.555, 0\.578\], 817 runs, claimed α within \[0, 0\.3\]/,
    );
    expect(fixedCsv()).not.toSatisfyClaims(falseClaims);
  });
});
