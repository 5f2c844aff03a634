import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from '../../src/reference.js';

/**
 * A throw-away project for golden-file tests: package.json, the ideal-pizza fixture and a copy
 * of its golden file as golden/<name>. Not a test file itself: shared by the golden tests.
 */
export function idealPizzaProject(name = 'ideal-pizza-p59.json'): { dir: string; golden: string } {
  const dir = mkdtempSync(join(tmpdir(), 'clockpizza-golden-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  mkdirSync(join(dir, 'fixtures'));
  mkdirSync(join(dir, 'golden'));
  for (const f of ['ideal-pizza-p59.safetensors', 'ideal-pizza-p59.json']) copyFileSync(resolve(repoRoot(), 'fixtures', f), join(dir, 'fixtures', f));
  const golden = join(dir, 'golden', name);
  copyFileSync(resolve(repoRoot(), 'golden/ideal-pizza-p59.json'), golden);
  return { dir, golden };
}
