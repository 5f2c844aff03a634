import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../src/reference.js';

/**
 * The compiled command line, for tests that must run a real process (exit codes, SIGKILL,
 * worker threads). Not a test file itself: shared by the bin and sweep-resume tests.
 */
export const BIN = join(repoRoot(), 'dist/src/cli/main.js');

/** Newest modification time of the non-test TypeScript anywhere under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Compiles the tree (tsc → dist/) unless the bin is newer than every source under src/: a spawned process must not run stale JavaScript. */
export function ensureBuilt(): void {
  if (existsSync(BIN) && statSync(BIN).mtimeMs >= newestSource(join(repoRoot(), 'src'))) return;
  // Type errors elsewhere in the tree still emit JavaScript; what matters is that the bin exists.
  spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: repoRoot(), stdio: 'ignore' });
}
