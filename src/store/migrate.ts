import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Db, LOCKS } from './db.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations in `store/migrations/`, named `NNN_name.sql`, in order. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: readFileSync(new URL(file, `file://${dir}`), 'utf8'),
    }));
}

/**
 * Applies the migrations not yet applied, each in its own transaction. On PostgreSQL an
 * advisory lock makes several processes starting at once apply each migration exactly once.
 * Returns the versions it applied.
 */
export async function migrate(db: Db, migrations = loadMigrations()): Promise<number[]> {
  const applied: number[] = [];
  if (db.engine === 'postgres') await db.query('SELECT pg_advisory_lock($1)', [LOCKS.migrate]);
  try {
    await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set(
      (await db.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version),
    );
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await db.transaction(async (tx) => {
        await tx.exec(migration.sql);
        await tx.execute('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
      });
      applied.push(migration.version);
    }
  } finally {
    if (db.engine === 'postgres') await db.query('SELECT pg_advisory_unlock($1)', [LOCKS.migrate]);
  }
  return applied;
}
