import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ClockpizzaError } from '../errors.js';

/**
 * A sweep's lock on its results file (issue 18.11: two sweeps on one directory both ran every
 * job and wrote each result twice). `<results>.lock` holds the owner's host, pid and start time.
 * It is created whole or not at all (written under a temporary name, then hard-linked, which
 * fails if the lock exists). A lock of a process on this host that no longer runs is stale (a
 * killed sweep) and is taken over with a warning; a lock of another host cannot be checked and
 * is refused with a message saying how to remove it.
 */

interface Owner {
  host: string;
  pid: number;
  started: string;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): Owner | undefined {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<Owner>;
    if (typeof data.host === 'string' && Number.isSafeInteger(data.pid) && typeof data.started === 'string') return data as Owner;
  } catch {
    // vanished or unreadable: treated below
  }
  return undefined;
}

export class SweepLock {
  private constructor(readonly path: string) {}

  /** Takes the lock at `path`, taking over a stale one (with `warn`), or throws naming the owner. */
  static take(path: string, warn: (message: string) => void): SweepLock {
    const owner: Owner = { host: hostname(), pid: process.pid, started: new Date().toISOString() };
    const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    writeFileSync(temp, `${JSON.stringify(owner)}\n`, { flag: 'wx' });
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          linkSync(temp, path);
          return new SweepLock(path);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new ClockpizzaError(`cannot create the lock: ${(error as Error).message}`, { file: path });
        }
        const holder = readOwner(path);
        const removeHint = `if no sweep is running on this directory, delete ${path} and start again`;
        if (holder === undefined) throw new ClockpizzaError(`another sweep holds this lock, or left it unreadable; ${removeHint}`, { file: path });
        if (holder.host !== owner.host) throw new ClockpizzaError(`a sweep on host ${holder.host} (pid ${holder.pid}, since ${holder.started}) is writing these results; ${removeHint}`, { file: path });
        if (isRunning(holder.pid)) throw new ClockpizzaError(`a sweep (pid ${holder.pid}, since ${holder.started}) is already writing these results; wait for it, or stop it first`, { file: path });
        warn(`${path}: taking over the lock of pid ${holder.pid} (since ${holder.started}), which no longer runs`);
        rmSync(path, { force: true });
      }
      throw new ClockpizzaError('another sweep took the lock at the same moment', { file: path });
    } finally {
      rmSync(temp, { force: true });
    }
  }

  /** Removes the lock if it is still this process's. */
  release(): void {
    const holder = readOwner(this.path);
    if (holder !== undefined && holder.pid === process.pid && holder.host === hostname()) rmSync(this.path, { force: true });
  }
}
