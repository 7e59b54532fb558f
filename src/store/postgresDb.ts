import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyStatement, type Db, localLocks, type Queryable } from './db.ts';

// int8 (count(*), bigint ids) and numeric come back as numbers, as they do from PGlite.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

type Client = pg.Pool | pg.PoolClient;

function queryable(client: Client, connect: () => Promise<pg.PoolClient>): Queryable {
  return {
    async query<T extends object>(text: string, params: readonly unknown[] = []) {
      const result = await client.query<T>(text, params as unknown[]);
      return result.rows;
    },
    async execute(text: string, params: readonly unknown[] = []) {
      const result = await client.query(text, params as unknown[]);
      return result.rowCount ?? 0;
    },
    async exec(sql: string) {
      await client.query(sql);
    },
    async copyCsv(table: string, columns: readonly string[], csv: string) {
      const conn = await connect();
      try {
        await pipeline(Readable.from([csv]), conn.query(copyFrom(copyStatement(table, columns, 'STDIN'))));
      } finally {
        if (conn !== client) conn.release();
      }
    },
  };
}

/** Hides the password of a postgres:// URL so it can be printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/** Connections per process: `MEETLAT_PG_POOL` (default 10). */
function poolSize(): number {
  const asked = Number(process.env.MEETLAT_PG_POOL);
  return Number.isInteger(asked) && asked >= 2 && asked <= 200 ? asked : 10;
}

export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize() });
  const local = localLocks();
  // An idle connection the server ends (a restart, an administrator, a dropped database) is
  // taken out of the pool by pg, which then emits 'error'; unheard, that would crash the
  // process. The next query opens a fresh connection, or fails with the reason.
  pool.on('error', () => {});
  // Fail now, with the reason, rather than at the first query.
  const probe = await pool.connect().catch(async (error: Error) => {
    await pool.end();
    throw new Error(`cannot connect to ${redactUrl(url)}: ${error.message}`);
  });
  probe.release();
  return {
    engine: 'postgres',
    location: redactUrl(url),
    ...queryable(pool, () => pool.connect()),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(queryable(client, async () => client as pg.PoolClient));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    // Work under one lock takes turns within the process first, then across processes by an
    // advisory lock: so of the callers waiting for a lock only one holds a pool connection while it
    // waits. (Each waiting on the advisory lock with a connection of its own would, with more
    // waiters than the pool has connections, leave the holder none to do its work with.)
    exclusive<T>(lock: number, fn: () => Promise<T>) {
      return local(lock, async () => {
        const client = await pool.connect();
        try {
          await client.query('SELECT pg_advisory_lock($1)', [lock]);
          try {
            return await fn();
          } finally {
            await client.query('SELECT pg_advisory_unlock($1)', [lock]);
          }
        } finally {
          client.release();
        }
      });
    },
    async checkpoint() {
      // A server runs its own checkpoints; CHECKPOINT needs superuser, so it is not forced here.
    },
    async close() {
      await pool.end();
    },
  };
}
