import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

/**
 * One process at a time may open an embedded database folder: PGlite has no locking of its own,
 * and two processes writing the same folder would corrupt it. The lock is a file beside the
 * folder naming the process that holds it; a lock left by a process that is gone (killed, crashed)
 * is taken over. Returns the function that releases it.
 */
export function lockFolder(dir: string): () => void {
  const file = `${resolve(dir)}.lock`;
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, mine);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8') === mine) unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      if (holder && holder.host === hostname() && isAlive(holder.pid)) {
        throw new Error(
          `the database ${dir} is in use by another Meetlat process (pid ${holder.pid}, since ${holder.since}); wait until it ends, or use PostgreSQL to work with several processes at once`,
        );
      }
      if (holder && holder.host !== hostname()) {
        throw new Error(`the database ${dir} is locked by a process on ${holder.host} (${file})`);
      }
      try {
        unlinkSync(file); // left by a process that is gone
      } catch {
        // someone else took it over first; try again
      }
    }
  }
  throw new Error(`cannot lock ${dir}: ${file} keeps coming back`);
}

function readHolder(file: string): { pid: number; host: string; since: string } | null {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as {
      pid?: unknown;
      host?: unknown;
      since?: unknown;
    };
    return typeof value.pid === 'number' && typeof value.host === 'string'
      ? { pid: value.pid, host: value.host, since: String(value.since) }
      : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
