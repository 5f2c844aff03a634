import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ClockpizzaError } from '../errors.js';

/**
 * Writes that survive a kill (or a power cut) at any instant. A sweep runs for hours or days;
 * its results file is the only record of that work, so every write reaches the disk (fsync)
 * before the sweep moves on.
 */

function writeAll(fd: number, bytes: Buffer): void {
  // One write call in practice; the loop only guards against a short write.
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Appends `text` with one write and fsyncs it: after a kill the file ends with all of it, none of it, or (rarely) a torn tail without its newline. */
export function appendDurably(path: string, text: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'a');
    writeAll(fd, Buffer.from(text, 'utf8'));
    fsyncSync(fd);
  } catch (error) {
    throw new ClockpizzaError(`cannot append: ${(error as Error).message}`, { file: path });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Replaces `path` by a temporary file that was fsynced, then renamed over it, then the directory fsynced: readers see the old file or the new one. */
export function replaceDurably(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx');
    writeAll(fd, Buffer.from(text, 'utf8'));
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
    syncDirectory(dirname(path));
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw new ClockpizzaError(`cannot write: ${(error as Error).message}`, { file: path });
  }
}

/** Makes a rename durable; some platforms (Windows) cannot open a directory, where rename is durable enough. */
function syncDirectory(dir: string): void {
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
