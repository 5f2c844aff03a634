import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { ClockpizzaError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';

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
  writeFileAtomic(path, text);
}
