/**
 * Storage tests run on both engines. Each test gets a database of its own, copied from a migrated
 * template: a PGlite image kept on disk (creating a PGlite database takes seconds, loading an
 * image a fraction of that) and a PostgreSQL template database.
 *
 * PostgreSQL is found at MEETLAT_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres,
 * as `.ci/run` provides). When it cannot be reached the tests fail: they are never skipped.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Db, Engine } from '../../src/store/db.ts';
import { loadMigrations, migrate } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/pgliteDb.ts';
import { openPostgres } from '../../src/store/postgresDb.ts';

export const ENGINES: readonly Engine[] = ['pglite', 'postgres'];

export const ADMIN_URL = process.env.MEETLAT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CACHE_DIR = join(ROOT, 'tmp', 'test-cache');

const schemaHash = createHash('sha256')
  .update(
    loadMigrations()
      .map((m) => `${m.version}:${m.sql}`)
      .join('\n'),
  )
  .digest('hex')
  .slice(0, 12);

let pgliteTemplate: Promise<Blob> | undefined;

async function buildPgliteTemplate(): Promise<Blob> {
  const file = join(CACHE_DIR, `pglite-${schemaHash}.tar.gz`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const db = await openPglite(undefined);
  await migrate(db);
  const image = await db.dump();
  await db.close();
  mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${file}.${process.pid}.${randomUUID()}`;
  writeFileSync(partial, Buffer.from(await image.arrayBuffer()));
  renameSync(partial, file);
  return image;
}

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect().catch((error: Error) => {
    throw new Error(
      `PostgreSQL for the storage tests is not reachable at ${ADMIN_URL} (${error.message}); .ci/run starts it`,
    );
  });
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

let postgresTemplate: Promise<string> | undefined;

async function buildPostgresTemplate(): Promise<string> {
  const name = `meetlat_tpl_${schemaHash}`;
  const lock = 7_274_632_002;
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [lock]);
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      const building = `${name}_build`;
      await client.query(`DROP DATABASE IF EXISTS ${building}`);
      await client.query(`CREATE DATABASE ${building}`);
      const db = await openPostgres(databaseUrl(building));
      await migrate(db);
      await db.close();
      await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    }
    await client.query('SELECT pg_advisory_unlock($1)', [lock]);
  } finally {
    await client.end();
  }
  return name;
}

let counter = 0;

/** A new, migrated, empty database on `engine`. Close it with `dropDb`. */
export async function freshDb(engine: Engine): Promise<Db> {
  if (engine === 'pglite') {
    pgliteTemplate ??= buildPgliteTemplate();
    return openPglite(undefined, await pgliteTemplate);
  }
  postgresTemplate ??= buildPostgresTemplate();
  const template = await postgresTemplate;
  const name = `meetlat_t_${process.pid}_${++counter}_${randomUUID().slice(0, 8)}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (error) {
      // Two CREATE DATABASE from one template at the same moment can collide; try again.
      if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
    }
  }
  const db = await openPostgres(databaseUrl(name));
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  });
}

/** The URL or folder a CLI child process can open for a database made by `freshDb`. */
export async function freshDbLocation(
  engine: Engine,
  dir: string,
): Promise<{ location: string; drop(): Promise<void> }> {
  if (engine === 'pglite') {
    return { location: join(dir, `db-${randomUUID().slice(0, 8)}`), async drop() {} };
  }
  const name = `meetlat_c_${process.pid}_${++counter}_${randomUUID().slice(0, 8)}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return {
    location: databaseUrl(name),
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/**
 * Declares the suite once per engine. `body` gets a function returning the suite's database,
 * which is made fresh before the suite's first test and dropped after its last.
 */
export function describeOnEngines(name: string, body: (db: () => Db, engine: Engine) => void): void {
  for (const engine of ENGINES) {
    describe(`${name} [${engine}]`, () => {
      let db: Db | undefined;
      before(async () => {
        db = await freshDb(engine);
      });
      after(async () => {
        await db?.close();
      });
      body(() => {
        if (!db) throw new Error('database not ready: use it inside a test or hook');
        return db;
      }, engine);
    });
  }
}

/** Runs `fn` on a database of its own on `engine`, dropped afterwards. */
export async function withFreshDb<T>(engine: Engine, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await freshDb(engine);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Declares `body` once per engine as separate tests, each on a fresh database. */
export function testOnEngines(name: string, body: (db: Db, engine: Engine) => Promise<void>): void {
  for (const engine of ENGINES) {
    test(`${name} [${engine}]`, () => withFreshDb(engine, (db) => body(db, engine)));
  }
}
