/**
 * The database seen by the rest of Meetlat: one small interface over two engines that speak
 * the same SQL. The embedded default is PGlite (PostgreSQL 18 compiled to WASM, stored in a
 * folder); servers use PostgreSQL (15 or newer) through `pg`. Every query is written once, in
 * SQL both accept, with `$1` parameters: text from outside is never spliced into SQL.
 *
 * Values come back the same on both engines: int8 and numeric as JS numbers, timestamptz as
 * Date, jsonb parsed, arrays as arrays.
 */
export type Engine = 'pglite' | 'postgres';

export type Row = Record<string, unknown>;

export interface Queryable {
  /** Runs one statement with `$n` parameters and returns its rows. */
  query<T extends object = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs one statement and returns the number of rows it affected. */
  execute(text: string, params?: readonly unknown[]): Promise<number>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Loads CSV text (RFC 4180, no header) into `table(columns)` with COPY. */
  copyCsv(table: string, columns: readonly string[], csv: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly engine: Engine;
  /** Where the data lives, safe to print (no password). */
  readonly location: string;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` while holding the named lock, so work under the same lock never overlaps: across
   * processes on PostgreSQL (an advisory lock), within the process on PGlite (which only one
   * process can open anyway).
   */
  exclusive<T>(lock: number, fn: () => Promise<T>): Promise<T>;
  /** Flushes the write-ahead log to the data files (after a large import). */
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

/** SQL identifiers we build ourselves (table and column names) must look like this. */
export function assertIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a safe SQL identifier: ${JSON.stringify(name)}`);
  return name;
}

export function copyStatement(table: string, columns: readonly string[], source: string): string {
  return `COPY ${assertIdentifier(table)} (${columns.map(assertIdentifier).join(', ')}) FROM ${source} WITH (FORMAT csv)`;
}

/**
 * Planner settings for a statement over the whole store, for the rest of the transaction: hash
 * joins, memory for them, no JIT. A few hundred accounts author half of all messages, which the
 * statistics cannot show, so left alone the planner picks index lookups per account (ten times
 * slower at a million messages); and JIT compiling these plans takes longer than running them.
 */
export const WHOLE_STORE_PLANNING = `SET LOCAL jit = off;
SET LOCAL work_mem = '64MB';
SET LOCAL enable_nestloop = off;
SET LOCAL enable_mergejoin = off;`;

/** Locks taken with `Db.exclusive`. */
export const LOCKS = {
  migrate: 7_274_632_001,
  ingest: 7_274_632_003,
  activity: 7_274_632_004,
  /** Setting up the sync queue in pg-boss, which two workers starting together would deadlock on. */
  syncQueue: 7_274_632_005,
  alerts: 7_274_632_006, // src/alerts/evaluate.ts: one evaluation of the alert rules at a time
  cases: 7_274_632_007, // src/store/cases.ts: one update of the webcare cases at a time
} as const;

/** The lock of one account's sync: keys above all of `LOCKS`. */
export function syncLock(accountId: number): number {
  return 7_275_000_000 + accountId;
}

/** An in-process mutex per lock key, for the embedded engine. */
export function localLocks(): <T>(lock: number, fn: () => Promise<T>) => Promise<T> {
  const tails = new Map<number, Promise<unknown>>();
  return <T>(lock: number, fn: () => Promise<T>) => {
    const previous = tails.get(lock) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    tails.set(
      lock,
      run.catch(() => undefined),
    );
    return run;
  };
}
