import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migrate } from '../../src/store/migrate.ts';
import { describeOnEngines } from '../support/engines.ts';

describeOnEngines('migrations', (db) => {
  test('a migrated database has the foundation tables and migrating again changes nothing', async () => {
    const tables = await db().query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    const names = tables.map((t) => t.table_name);
    for (const t of ['accounts', 'messages', 'organisations', 'ingest_runs', 'conversations']) {
      assert.ok(names.includes(t), `${t} missing from ${names.join(', ')}`);
    }
    assert.deepEqual(await migrate(db()), []);
  });

  test('counts and bigints come back as numbers on both engines', async () => {
    const [row] = await db().query<{ n: unknown; big: unknown; dec: unknown }>(
      'SELECT count(*) AS n, 9007199254740991::bigint AS big, 1.5::numeric AS dec FROM messages',
    );
    assert.deepEqual(row, { n: 0, big: 9007199254740991, dec: 1.5 });
  });

  test('the dutch text-search configuration stems on both engines', async () => {
    const [row] = await db().query<{ hit: boolean }>(
      `SELECT to_tsvector('dutch', 'Nieuwe vergunningen aangevraagd') @@ plainto_tsquery('dutch', 'vergunning') AS hit`,
    );
    assert.equal(row?.hit, true);
  });
});
