import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (works from src/ under vitest and from dist/src/ when compiled). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(resolve(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('clockpizza: cannot find the repository root');
    dir = up;
  }
  return dir;
}

/**
 * The one place the shared reference material is read from: $CLOCKPIZZA_REFERENCE, default
 * ../shared/reference, resolved against the repository root. Never copied into the project.
 */
export function referenceDir(): string {
  return resolve(repoRoot(), process.env['CLOCKPIZZA_REFERENCE'] ?? '../shared/reference');
}

export function hasReference(): boolean {
  return existsSync(resolve(referenceDir(), 'METRICS.md'));
}

/** The five released checkpoints, by run id, with what they are. */
export const REFERENCE_RUNS = [
  { runid: 'p99zdpze5l', what: 'Model A, α=0' },
  { runid: 'l8k1hzciux', what: 'Model B, α=1' },
  { runid: 'h9m153uuh9', what: '2 layers, α=0.0066' },
  { runid: 'p71frej8t7', what: 'MLP type B' },
  { runid: 'qlvxqhkvit', what: 'MLP type D' },
] as const;

export function referenceCheckpoint(runid: string): string {
  return resolve(referenceDir(), 'pizza-repo/checkpoints', `model_${runid}.pt`);
}

export function referenceExpected(runid: string): string {
  return resolve(referenceDir(), 'expected', `${runid}.json`);
}
