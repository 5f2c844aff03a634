import { readFileSync } from 'node:fs';
import { ClockpizzaError } from '../errors.js';

/** Reads a text file; a missing or unreadable file is a ClockpizzaError naming it. */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ClockpizzaError(code === 'ENOENT' ? 'no such file' : `cannot read: ${(error as Error).message}`, { file });
  }
}
