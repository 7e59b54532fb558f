import { parentPort } from 'node:worker_threads';
import { openPglite, type PgliteDb } from './pgliteDb.ts';

/**
 * The worker-thread side of `pgliteThread.ts`: holds the embedded database and runs what the main
 * thread asks, one message at a time, answering with the result or the error's fields.
 */
export type Request =
  | { id: number; op: 'open'; dataDir: string | undefined; template: ArrayBuffer | undefined }
  | { id: number; op: 'query' | 'execute'; text: string; params: unknown[] }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'copy'; table: string; columns: string[]; csv: string }
  | { id: number; op: 'checkpoint' | 'dump' | 'close' };

export type Response =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; fields: Record<string, unknown> } };

let db: PgliteDb | null = null;

function opened(): PgliteDb {
  if (!db) throw new Error('the embedded database is not open');
  return db;
}

async function run(request: Request): Promise<unknown> {
  switch (request.op) {
    case 'open':
      db = await openPglite(request.dataDir, request.template ? new Blob([request.template]) : undefined);
      return null;
    case 'query':
      return opened().query(request.text, request.params);
    case 'execute':
      return opened().execute(request.text, request.params);
    case 'exec':
      return opened().exec(request.sql);
    case 'copy':
      return opened().copyCsv(request.table, request.columns, request.csv);
    case 'checkpoint':
      return opened().checkpoint();
    case 'dump':
      return (await opened().dump()).arrayBuffer();
    case 'close': {
      const closing = db;
      db = null;
      await closing?.close();
      return null;
    }
  }
}

/** The fields PostgreSQL errors carry (code, detail, …), so callers can tell them apart. */
function fieldsOf(error: unknown): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (error && typeof error === 'object') {
    for (const key of ['code', 'detail', 'hint', 'position', 'schema', 'table', 'column', 'constraint']) {
      const value = (error as Record<string, unknown>)[key];
      if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
    }
  }
  return fields;
}

const port = parentPort;
if (!port) throw new Error('pgliteThreadHost runs in a worker thread');
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: Request) => {
  // One at a time, in order: the main thread already serialises transactions.
  queue = queue.then(async () => {
    let response: Response;
    try {
      response = { id: request.id, ok: true, result: await run(request) };
    } catch (error) {
      response = {
        id: request.id,
        ok: false,
        error: { message: error instanceof Error ? error.message : String(error), fields: fieldsOf(error) },
      };
    }
    port.postMessage(response);
  });
});
