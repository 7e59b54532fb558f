import type { Command } from 'commander';
import type { Db } from '../store/db.ts';
import { openDb, resolveDbLocation } from '../store/open.ts';

/** A mistake in how the command was called or in its input: exit status 2. */
export class UsageError extends Error {}

/** Adds the `--db` option every command that touches the store has. */
export function withDbOption(command: Command): Command {
  return command.option(
    '--db <path|url>',
    'database: a folder for the embedded database or a postgres:// URL (default: $MEETLAT_DB, else ./.meetlat/db)',
  );
}

/** Opens the database named by `--db`, runs `fn`, and closes it whatever happens. */
export async function withDb<T>(options: { db?: string }, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(resolveDbLocation(options.db));
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Prints one JSON document on stdout, and nothing else goes there. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A line for people, on stderr, so stdout stays clean for data. */
export function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

export function parseFormat<T extends string>(value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--format must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
  }
  return value as T;
}

export function parsePositiveInt(name: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${name} must be a whole number of 1 or more, not ${JSON.stringify(value)}`);
  }
  return Number(value);
}
