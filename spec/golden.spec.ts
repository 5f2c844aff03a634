import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkGoldenFile, driftTable } from '../src/golden/check.js';
import { withinTolerance } from '../src/golden/compare.js';
import { loadGolden } from '../src/golden/golden-file.js';
import { hasReference, referenceExpected, repoRoot } from '../src/reference.js';

/**
 * Every golden file in golden/ must still hold: the audit of its checkpoint stays within each
 * pinned tolerance and keeps its verdict and circle roles. Golden files of the shared reference
 * checkpoints are skipped (visibly) when CLOCKPIZZA_REFERENCE is absent.
 */

const dir = resolve(repoRoot(), 'golden');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => join(dir, f));

/** expected/<runid>.json key for each report key (METRICS.md §0). */
const EXPECTED_KEY: Record<string, string> = {
  accuracy: 'accuracy_all_pairs',
  parameterNorm: 'parameter_norm',
  gradientSymmetricity: 'gradient_symmetricity',
  distanceIrrelevance: 'distance_irrelevance_correct_logit',
  distanceIrrelevanceTopIncorrect: 'distance_irrelevance_top_incorrect_logit',
  circularity: 'circularity',
};

if (!hasReference()) console.warn('skipping golden files of the reference checkpoints: CLOCKPIZZA_REFERENCE absent');

describe('golden files', () => {
  it('exist for the five reference checkpoints and the project fixtures', () => {
    const names = files.map((f) => basename(f));
    for (const run of ['p99zdpze5l', 'l8k1hzciux', 'h9m153uuh9', 'p71frej8t7', 'qlvxqhkvit']) expect(names.some((n) => n.includes(run)), run).toBe(true);
    for (const fixture of ['ideal-pizza-p59.json', 'model-a-like.json', 'model-b-like.json']) expect(names).toContain(fixture);
  });

  for (const file of files) {
    const golden = loadGolden(file);
    const reference = 'reference' in golden.data.checkpoint ? golden.data.checkpoint.reference : undefined;
    describe.skipIf(reference !== undefined && !hasReference())(basename(file), () => {
      it('still holds (every metric within tolerance, same verdict and circles)', async () => {
        const outcome = await checkGoldenFile(file);
        expect(outcome.status).not.toBe('skipped');
        const drifts = outcome.status === 'skipped' ? [] : outcome.drifts;
        expect(drifts, `drifts:\n${driftTable([{ file, drifts }])}`).toEqual([]);
      });

      if (reference !== undefined) {
        it("pins values that agree with the reference code's own within the tolerances", () => {
          const runid = /model_([a-z0-9]+)\.pt$/.exec(reference)![1]!;
          const expected = JSON.parse(readFileSync(referenceExpected(runid), 'utf8')) as Record<string, unknown> & { pc_circles: { pc: number; delta: number }[] };
          for (const [key, pinned] of Object.entries(golden.data.metrics)) {
            const want = expected[EXPECTED_KEY[key]!] as number;
            expect(withinTolerance(want, pinned.value!, pinned.tolerance), `${key}: pinned ${pinned.value}, reference ${want}`).toBe(true);
          }
          for (const circle of golden.data.circles ?? []) {
            for (const pc of circle.components) expect(expected.pc_circles[pc - 1]!.delta, `component ${pc}`).toBe(circle.delta);
          }
        });
      }
    });
  }
});
