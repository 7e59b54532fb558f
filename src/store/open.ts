import { resolve } from 'node:path';
import type { Db } from './db.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pgliteDb.ts';
import { openPostgres } from './postgresDb.ts';

export const DEFAULT_DB_DIR = './.meetlat/db';

/** `--db` wins, then `MEETLAT_DB`, then the embedded database in `./.meetlat/db`. */
export function resolveDbLocation(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option || env.MEETLAT_DB || DEFAULT_DB_DIR;
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Opens the database at a folder path (embedded PGlite) or a `postgres://` URL, and brings its
 * schema up to date.
 */
export async function openDb(location: string, options: { migrate?: boolean } = {}): Promise<Db> {
  const db = isPostgresUrl(location) ? await openPostgres(location) : await openPglite(resolve(location));
  if (options.migrate !== false) {
    try {
      await migrate(db);
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}
