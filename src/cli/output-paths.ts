import { existsSync } from 'node:fs';
import { ClockpizzaError } from '../errors.js';

/**
 * The one rule for every command that writes (issue 18.13, 18.14): an output path must be text
 * the file system will store as given, and an existing file is replaced only with --force.
 */

/**
 * Refuses a path that was not valid UTF-8 on the command line: Node decodes such argv bytes to
 * U+FFFD, so writing would create a different, mangled name (and report success).
 */
export function checkOutputName(path: string, field: string): void {
  if (path.includes('\uFFFD')) {
    throw new ClockpizzaError(`${JSON.stringify(path)} is not valid UTF-8 (or contains U+FFFD): it would be written under a different name; choose another`, { field });
  }
}

/** Checks each output's name, and that none exists unless `force`. */
export function claimOutputs(paths: readonly string[], force: boolean, field: string): void {
  for (const path of paths) checkOutputName(path, field);
  if (force) return;
  for (const path of paths) {
    if (existsSync(path)) throw new ClockpizzaError('exists already (use --force to overwrite)', { file: path, field });
  }
}
