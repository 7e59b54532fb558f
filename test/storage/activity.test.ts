/**
 * Account activity (store/activity.ts) kept up to date piece by piece must be exactly what one
 * rebuild from all messages gives, whatever order messages, accounts and handle changes arrive
 * in; and what changes the facts afterwards (a new account, a new handle, a deleted message, a
 * crash that empties the unlogged tables) must show in the figures. The figures of a rebuild are
 * checked against METRICS.md by the yardstick tests; these tests check that the pieces add up.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoSource } from '../../src/demo/generator.ts';
import { recordToNdjson } from '../../src/importers/ndjson.ts';
import type { IngestRecord } from '../../src/ingest/records.ts';
import { updateActivity } from '../../src/store/activity.ts';
import type { Db } from '../../src/store/db.ts';
import { computeYardstick } from '../../src/yardstick/engine.ts';
import { ALL_TIME } from '../../src/yardstick/periods.ts';
import { describeOnEngines, testOnEngines } from '../support/engines.ts';
import { account, importLines, type Line, msg, plus } from '../support/yardstickFixtures.ts';

/** Every fact, by platform ids rather than database ids, sorted. */
async function facts(db: Db): Promise<{ sent: string[]; inbound: string[]; conversations: string[] }> {
  const sent = await db.query<{ f: string }>(
    `SELECT concat_ws('|', a.platform, a.platform_user_id, m.platform_id, s.kind, s.repost_count) AS f
     FROM sent_messages s JOIN accounts a ON a.id = s.account_id JOIN messages m ON m.id = s.message_id
     ORDER BY 1`,
  );
  const inbound = await db.query<{ f: string }>(
    `SELECT concat_ws('|', a.platform, a.platform_user_id, m.platform_id, i.created_at, i.first_response_at,
       i.anomalies) AS f
     FROM inbound_messages i JOIN accounts a ON a.id = i.account_id JOIN messages m ON m.id = i.message_id
     ORDER BY 1`,
  );
  const conversations = await db.query<{ f: string }>(
    `SELECT concat_ws('|', a.platform, a.platform_user_id, c.platform, c.conversation_root) AS f
     FROM account_conversations c JOIN accounts a ON a.id = c.account_id ORDER BY 1`,
  );
  return {
    sent: sent.map((r) => r.f),
    inbound: inbound.map((r) => r.f),
    conversations: conversations.map((r) => r.f),
  };
}

/** Forgets every fact and how far they were, as a crash does to the unlogged tables. */
async function forgetActivity(db: Db): Promise<void> {
  await db.exec(
    'DELETE FROM activity_progress; DELETE FROM sent_messages; DELETE FROM inbound_messages; DELETE FROM account_conversations;',
  );
}

/** A deterministic shuffle (xorshift), so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = (x >>> 0) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describeOnEngines('account activity taken in pieces', (db) => {
  test('messages out of order, accounts added late and a handle changed: the same facts as one rebuild', async () => {
    const records: IngestRecord[] = [];
    for await (const parsed of demoSource({ size: 4000, seed: 11 }).records()) {
      if (parsed.ok) records.push(parsed.record);
    }
    const line = (r: IngestRecord): Line => JSON.parse(recordToNdjson(r));
    const accounts = records.filter((r) => r.type === 'account').map(line);
    // Half the replies do not name their parent's author (as on platforms that give only the
    // parent's id): whose message they answer is known only once the parent is stored.
    const messages = shuffled(
      records.filter((r) => r.type === 'message'),
      7,
    )
      .map(line)
      .map((m, i) =>
        m.in_reply_to && i % 2 === 0 ? { ...m, in_reply_to: { id: (m.in_reply_to as Line).id } } : m,
      );
    const organisations = records.filter((r) => r.type === 'organisation').map(line);
    // Some replies must come before their parents for this test to mean something.
    const position = new Map(messages.map((m, i) => [m.id, i]));
    const early = messages.filter((m, i) => {
      const parent = (m.in_reply_to as { id?: string } | undefined)?.id;
      return parent !== undefined && (position.get(parent) ?? -1) > i;
    });
    assert.ok(early.length > 100, `replies imported before their parents: ${early.length}`);

    const late = accounts.slice(0, 3);
    const renamed = { ...(accounts[5] as Line), handle: 'hernoemd' };
    const quarter = Math.ceil(messages.length / 4);
    await importLines(db(), [...organisations, ...accounts.slice(3)]);
    await importLines(db(), messages.slice(0, quarter));
    await importLines(db(), messages.slice(quarter, 2 * quarter));
    await importLines(db(), late);
    await importLines(db(), messages.slice(2 * quarter, 3 * quarter));
    await importLines(db(), [renamed]);
    await importLines(db(), messages.slice(3 * quarter));

    const pieced = await facts(db());
    assert.ok(pieced.inbound.length > 500, `inbound facts: ${pieced.inbound.length}`);
    assert.ok(
      pieced.inbound.some((f) => !f.endsWith('||0')),
      'some inbound messages are answered',
    );
    assert.ok(
      pieced.sent.some((f) => f.includes('|reply|')),
      'some sent messages are replies',
    );

    await forgetActivity(db());
    await db().execute('UPDATE accounts SET activity_current = false');
    assert.deepEqual(await updateActivity(db()), {
      rebuiltAccounts: accounts.length,
      messages: await messageCount(db()),
    });
    const rebuilt = await facts(db());
    assert.deepEqual(pieced.sent, rebuilt.sent);
    assert.deepEqual(pieced.inbound, rebuilt.inbound);
    assert.ok(pieced.conversations.length > 300, `conversations: ${pieced.conversations.length}`);
    assert.deepEqual(pieced.conversations, rebuilt.conversations);
  });

  test('up to date, an update does nothing', async () => {
    assert.deepEqual(await updateActivity(db()), { rebuiltAccounts: 0, messages: 0 });
  });
});

async function messageCount(db: Db): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM messages');
  return row?.n ?? 0;
}

const AT = '2025-03-03T09:00:00.000Z';

/** A citizen mentions @gemeente_x twice; the account answers the first after ten minutes. */
const CONVERSATION: Line[] = [
  msg({
    platform: 'x',
    id: 'q1',
    author: 'c1',
    at: AT,
    text: 'Wanneer gaat de milieustraat open? @gemeente_x',
  }),
  msg({
    platform: 'x',
    id: 'q2',
    author: 'c2',
    at: plus(AT, 60),
    text: '@gemeente_x de lantaarnpaal is kapot',
  }),
  msg({ platform: 'x', id: 'a1', author: 'gx', at: plus(AT, 600), replyTo: 'q1', text: 'Om 8 uur! ^AB' }),
];

testOnEngines('an account added after its messages gets their facts', async (db) => {
  await importLines(db, CONVERSATION);
  assert.equal((await computeYardstick(db, ALL_TIME)).accounts.length, 0);
  await importLines(db, [account('x', 'gx', 'gemeente_x')]);
  const [gx] = (await computeYardstick(db, ALL_TIME)).accounts;
  assert.equal(gx?.inbound, 2);
  assert.equal(gx?.answered, 1);
  assert.equal(gx?.mean_first_response_s, 600);
  assert.equal(gx?.sent, 1);
});

testOnEngines('a new handle takes the mentions of the old one away', async (db) => {
  await importLines(db, [account('x', 'gx', 'gemeente_x'), ...CONVERSATION]);
  assert.equal((await computeYardstick(db, ALL_TIME)).accounts[0]?.inbound, 2);
  await importLines(db, [account('x', 'gx', 'gemeente_y')]);
  const [gx] = (await computeYardstick(db, ALL_TIME)).accounts;
  // q1 is still inbound: the account replied to it, but that makes it no reply to the account.
  assert.equal(gx?.inbound, 0);
  assert.equal(gx?.sent, 1);
});

testOnEngines('a deleted first response is no longer one', async (db) => {
  await importLines(db, [account('x', 'gx', 'gemeente_x'), ...CONVERSATION]);
  assert.equal((await computeYardstick(db, ALL_TIME)).accounts[0]?.answered, 1);
  await db.execute(`DELETE FROM messages WHERE platform = 'x' AND platform_id = 'a1'`);
  const [gx] = (await computeYardstick(db, ALL_TIME)).accounts;
  assert.equal(gx?.inbound, 2);
  assert.equal(gx?.answered, 0);
  assert.equal(gx?.sent, 0);
});

testOnEngines('facts emptied by a crash are rebuilt before the yardstick reads them', async (db) => {
  await importLines(db, [account('x', 'gx', 'gemeente_x'), ...CONVERSATION]);
  const before = await computeYardstick(db, ALL_TIME);
  await forgetActivity(db);
  assert.deepEqual(await computeYardstick(db, ALL_TIME), before);
});
