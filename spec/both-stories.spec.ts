import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasReference, referenceCheckpoint, repoRoot } from '../src/reference.js';
import { setup } from '../src/vitest/index.js';
import { runCli } from '../test/support/cli-capture.js';

/**
 * Both stories of the debate (issue 17.4) on the paper's released Model A and Model B: the
 * paper's network-by-network claims (spec/claims/paper-networks.json: Model A Pizza-like, Model B
 * Clock-like by GS/DI) and the critique's (spec/claims/critique.json: both first layers disc-like,
 * not circle-like, degree-1 neurons) hold at once on the same two checkpoints, read through
 * `clockpizza population` as a user would.
 */

setup();
if (!hasReference()) console.warn('skipping spec/both-stories.spec.ts: CLOCKPIZZA_REFERENCE absent (the released checkpoints are needed)');

const story = (name: string) => resolve(repoRoot(), 'spec/claims', `${name}.json`);
const dir = mkdtempSync(join(tmpdir(), 'clockpizza-both-stories-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasReference())('both stories on the released Model A and Model B', () => {
  it('the paper\'s and the critique\'s claims both hold', async () => {
    const out = join(dir, 'released.jsonl');
    const population = await runCli(['population', referenceCheckpoint('p99zdpze5l'), referenceCheckpoint('l8k1hzciux'), '--out', out]);
    expect(population.code, population.stderr).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(out).toSatisfyClaims(story('paper-networks'));
    expect(out).toSatisfyClaims(story('critique'));
  }, 120_000);
});
