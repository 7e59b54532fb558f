import { AsyncLocalStorage } from 'node:async_hooks';
import { Worker } from 'node:worker_threads';
import { type Db, localLocks, type Queryable } from './db.ts';
import type { PgliteDb } from './pgliteDb.ts';
import type { Request, Response } from './pgliteThreadHost.ts';

/**
 * The embedded database in a worker thread, for the server: PGlite runs PostgreSQL in WASM on the
 * thread that calls it, so a long query or import would otherwise stop the server answering
 * anything (health checks, other users) until it is done. Here every statement is sent to the
 * thread and the event loop stays free.
 *
 * The same `Db` as `openPglite`: values come back the same (the thread uses the same parsers, and
 * messages copy Dates, arrays and objects). PGlite has one connection, so a transaction holds it
 * for its whole callback: other statements wait until it ends, except those made from within the
 * callback itself (they are part of the transaction, as on in-process PGlite).
 */
type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;

export async function openPgliteThread(dataDir: string | undefined, template?: Blob): Promise<PgliteDb> {
  const worker = new Worker(new URL('./pgliteThread.worker.mjs', import.meta.url));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let failure: Error | null = null;
  const failAll = (error: Error) => {
    failure = error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('message', (response: Response) => {
    const waiting = pending.get(response.id);
    if (!waiting) return;
    pending.delete(response.id);
    if (response.ok) waiting.resolve(response.result);
    else waiting.reject(Object.assign(new Error(response.error.message), response.error.fields));
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`the embedded database thread ended (exit ${code})`)));

  const send = <T>(request: Distribute<Request>): Promise<T> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id });
    });
  };

  // The one connection: a transaction holds it; statements outside one take it for themselves.
  const inTransaction = new AsyncLocalStorage<true>();
  let connection: Promise<unknown> = Promise.resolve();
  const exclusiveConnection = <T>(fn: () => Promise<T>): Promise<T> => {
    if (inTransaction.getStore()) return fn();
    const run = connection.then(fn, fn);
    connection = run.catch(() => undefined);
    return run;
  };

  const direct: Queryable = {
    query: <T extends object>(text: string, params: readonly unknown[] = []) =>
      send<T[]>({ op: 'query', text, params: [...params] }),
    execute: (text, params = []) => send<number>({ op: 'execute', text, params: [...params] }),
    exec: (sql) => send<void>({ op: 'exec', sql }),
    copyCsv: (table, columns, csv) => send<void>({ op: 'copy', table, columns: [...columns], csv }),
  };
  const shared: Queryable = {
    query: (text, params) => exclusiveConnection(() => direct.query(text, params)),
    execute: (text, params) => exclusiveConnection(() => direct.execute(text, params)),
    exec: (sql) => exclusiveConnection(() => direct.exec(sql)),
    copyCsv: (table, columns, csv) => exclusiveConnection(() => direct.copyCsv(table, columns, csv)),
  };

  try {
    await send({
      op: 'open',
      dataDir,
      template: template ? await template.arrayBuffer() : undefined,
    });
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  return {
    engine: 'pglite',
    location: dataDir ?? 'memory://',
    ...shared,
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return exclusiveConnection(() =>
        inTransaction.run(true, async () => {
          await direct.exec('BEGIN');
          try {
            const result = await fn(direct);
            await direct.exec('COMMIT');
            return result;
          } catch (error) {
            await direct.exec('ROLLBACK').catch(() => undefined);
            throw error;
          }
        }),
      );
    },
    exclusive: localLocks(),
    checkpoint: () => shared.exec('CHECKPOINT'),
    async dump() {
      return new Blob([await exclusiveConnection(() => send<ArrayBuffer>({ op: 'dump' }))]);
    },
    async close() {
      try {
        if (!failure) await exclusiveConnection(() => send({ op: 'close' }));
      } finally {
        await worker.terminate();
      }
    },
  } satisfies Db & PgliteDb;
}
