import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ClockpizzaError } from '../errors.js';

/**
 * Writes `bytes` to `path` through a temporary file in the same directory and a rename, so a
 * reader never sees a half-written file and a failed write leaves any old file untouched.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, bytes, { flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new ClockpizzaError(`cannot write: ${(error as Error).message}`, { file: path });
  }
}
