import { readFileSync, statSync } from 'node:fs';
import { ClockpizzaError } from '../errors.js';

/** Reads a whole input file; a missing, unreadable or non-regular file is a ClockpizzaError naming it. */
export function readInputFile(path: string): Uint8Array {
  try {
    if (!statSync(path).isFile()) throw new ClockpizzaError('is not a regular file', { file: path });
    const buffer = readFileSync(path);
    // A plain Uint8Array view: Buffer's own slice() shares memory, Uint8Array's copies.
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    if (error instanceof ClockpizzaError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new ClockpizzaError(why, { file: path });
  }
}
