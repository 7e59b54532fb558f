/**
 * The embedded database in a worker thread (store/pgliteThread.ts), which the server uses so that
 * a long query or import never stops it answering: the same results as in-process PGlite for a
 * whole import and yardstick, errors that keep PostgreSQL's fields, transactions that hold the one
 * connection, and a main event loop that keeps running while a long statement runs.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { demoSource } from '../../src/demo/generator.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPglite, type PgliteDb } from '../../src/store/pgliteDb.ts';
import { openPgliteThread } from '../../src/store/pgliteThread.ts';
import { computeYardstick } from '../../src/yardstick/engine.ts';
import { tempDir } from '../support/corpusSources.ts';

const PERIOD = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') };

describe('the embedded database in a worker thread', () => {
  const dir = tempDir();
  // One database in a thread for the tests after the first (creating one takes seconds).
  let shared: PgliteDb | undefined;
  const threadDb = async () => {
    shared ??= await openPgliteThread(undefined);
    return shared;
  };
  after(async () => {
    await shared?.close();
    dir.remove();
  });

  test('an import and the yardstick come out exactly as in-process', async () => {
    const results = [];
    for (const open of [openPglite, openPgliteThread]) {
      const db = await open(join(dir.dir, open.name));
      try {
        await migrate(db);
        const report = await ingest(db, demoSource({ size: 3000, seed: 7 }), {
          sourceKind: 'demo',
          source: 'demo',
          sourceSha256: null,
          batchSize: 500,
        });
        const yardstick = await computeYardstick(db, PERIOD);
        results.push({ imported: report.imported, rejected: report.rejected, yardstick });
      } finally {
        await db.close();
      }
    }
    assert.ok((results[0]?.imported ?? 0) > 3000);
    assert.deepEqual(results[1], results[0]);
  });

  test('errors keep their PostgreSQL code; a failed transaction leaves nothing', async () => {
    const db = await threadDb();
    {
      await db.exec('CREATE TABLE t1 (id integer PRIMARY KEY)');
      await db.execute('INSERT INTO t1 VALUES (1)');
      const duplicate = await db.execute('INSERT INTO t1 VALUES (1)').catch((e: unknown) => e);
      assert.equal((duplicate as { code?: string }).code, '23505');
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.execute('INSERT INTO t1 VALUES (2)');
          throw new Error('changed my mind');
        }),
        /changed my mind/,
      );
      const rows = await db.query<{ id: number }>('SELECT id FROM t1 ORDER BY id');
      assert.deepEqual(
        rows.map((r) => r.id),
        [1],
      );
    }
  });

  test('a transaction holds the connection: a statement from outside waits for it', async () => {
    const db = await threadDb();
    {
      await db.exec('CREATE TABLE t2 (id integer)');
      const order: string[] = [];
      // Started from outside the transaction, 20 ms into it.
      const outside = new Promise((r) => setTimeout(r, 20))
        .then(() => db.query<{ n: number }>('SELECT count(*)::integer AS n FROM t2'))
        .then((rows) => {
          order.push(`outside saw ${rows[0]?.n}`);
        });
      await db.transaction(async (tx) => {
        await tx.execute('INSERT INTO t2 VALUES (1)');
        await new Promise((r) => setTimeout(r, 60));
        // A statement made with the database (not tx) from inside the callback is part of it.
        const [inside] = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM t2');
        order.push(`inside saw ${inside?.n}`);
        await tx.execute('INSERT INTO t2 VALUES (2)');
      });
      await outside;
      assert.deepEqual(order, ['inside saw 1', 'outside saw 2']);
    }
  });

  test('the event loop keeps running while a long statement runs', async () => {
    const db = await threadDb();
    {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      const started = Date.now();
      await db.query('SELECT count(*) FROM generate_series(1, 5000000)');
      const tookMs = Date.now() - started;
      clearInterval(timer);
      // In-process, the statement blocks the loop and no tick happens until it is done.
      assert.ok(ticks >= Math.floor(tookMs / 10 / 4), `${ticks} ticks in ${tookMs} ms`);
      assert.ok(tookMs > 100, 'the statement is long enough to tell');
    }
  });
});
