import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction, types } from '@electric-sql/pglite';
import { copyStatement, type Db, localLocks, type Queryable } from './db.ts';
import { lockFolder } from './folderLock.ts';

/**
 * PGlite settings for a laptop-sized embedded store: a small write-ahead log instead of the
 * 1 GB default, so the folder does not balloon after an import.
 */
const POSTGRESQL_CONF = ['max_wal_size = 128MB', 'min_wal_size = 32MB'];

const parsers = {
  [types.NUMERIC]: (value: string) => Number(value),
  [types.INT8]: (value: string) => Number(value),
};

type PgliteRunner = Pick<PGlite, 'query' | 'exec'> | Transaction;

function queryable(runner: PgliteRunner): Queryable {
  return {
    async query<T extends object>(text: string, params: readonly unknown[] = []) {
      const result = await runner.query<T>(text, params as unknown[]);
      return result.rows;
    },
    async execute(text: string, params: readonly unknown[] = []) {
      const result = await runner.query(text, params as unknown[]);
      return result.affectedRows ?? 0;
    },
    async exec(sql: string) {
      await runner.exec(sql);
    },
    async copyCsv(table: string, columns: readonly string[], csv: string) {
      await runner.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([csv]) });
    },
  };
}

/**
 * Opens (creating when needed) an embedded database in `dataDir`, or in memory when `dataDir`
 * is undefined. `template` is a dump made by `dumpDataDir`, to skip the slow initdb in tests.
 */
export interface PgliteDb extends Db {
  /** A compressed image of the database folder, to open copies of it quickly (tests). */
  dump(): Promise<Blob>;
}

export async function openPglite(dataDir: string | undefined, template?: Blob): Promise<PgliteDb> {
  let release = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    release = lockFolder(dataDir);
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      ...(template ? { loadDataDir: template } : {}),
      parsers,
      postgresqlconf: POSTGRESQL_CONF,
    });
  } catch (error) {
    release();
    throw error;
  }
  return {
    engine: 'pglite',
    location: dataDir ?? 'memory://',
    ...queryable(pg),
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return pg.transaction((tx) => fn(queryable(tx)));
    },
    exclusive: localLocks(),
    async checkpoint() {
      await pg.query('CHECKPOINT');
    },
    async close() {
      try {
        if (!pg.closed) await pg.close();
      } finally {
        release();
      }
    },
    dump() {
      return pg.dumpDataDir('gzip');
    },
  };
}
