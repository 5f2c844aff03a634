import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ClockpizzaError } from '../errors.js';

/** The golden files to act on: those given, else every golden/*.json under `cwd`, sorted. */
export function goldenFiles(given: readonly string[], cwd = process.cwd()): string[] {
  if (given.length) return given.map((f) => resolve(cwd, f));
  const dir = resolve(cwd, 'golden');
  const found = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
  if (found.length === 0) throw new ClockpizzaError('no golden files given and none in ./golden', { field: 'clockpizza golden' });
  return found.map((f) => join(dir, f));
}
