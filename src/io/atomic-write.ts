import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ClockpizzaError } from '../errors.js';

/** One file a command writes. */
export interface Output {
  path: string;
  bytes: Uint8Array | string;
}

/**
 * Writes a command's outputs all or none (issue 18.12): each goes to a temporary name beside
 * it and is fsynced; `check` may read the temporary files (`temp(path)`) before anything is
 * renamed; then each is renamed over its path, in the order given (so the file that marks a
 * result complete goes last), and the directories are fsynced. A full disk or a failed check
 * leaves the old files as they were and no temporary files behind.
 */
export function writeAllOrNone(outputs: readonly Output[], check?: (temp: (path: string) => string) => void): void {
  const temps = new Map<string, string>();
  try {
    for (const { path, bytes } of outputs) {
      const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      temps.set(path, temp);
      writeSynced(temp, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, path);
    }
    check?.((path) => temps.get(path) ?? path);
    for (const [path, temp] of temps) {
      try {
        renameSync(temp, path);
      } catch (error) {
        throw new ClockpizzaError(`cannot write: ${(error as Error).message}`, { file: path });
      }
      temps.delete(path);
    }
  } finally {
    for (const temp of temps.values()) rmSync(temp, { force: true });
  }
  for (const dir of new Set(outputs.map((o) => dirname(o.path)))) syncDirectory(dir);
}

/** Writes `bytes` to `path` atomically and durably: a reader sees the old file or the whole new one, and after a crash the new one is on disk. */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  writeAllOrNone([{ path, bytes }]);
}

/** Creates `temp` (never an existing file), writes all of `bytes` and fsyncs it; errors name `path`, the file meant. */
function writeSynced(temp: string, bytes: Uint8Array, path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx');
    // One write call in practice; the loop only guards against a short write.
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } catch (error) {
    throw new ClockpizzaError(`cannot write: ${(error as Error).message}`, { file: path });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Makes a rename durable; some platforms (Windows) cannot open a directory, where rename is durable enough. */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
