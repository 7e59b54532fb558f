/**
 * The alerts' turn after a scheduled sync, on both engines: a sync of a gemeente's feed that
 * stores a new article mentioning a fire evaluates the gemeente's rules and notifies once; a sync
 * that stores nothing evaluates nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { evaluateAlerts } from '../../src/alerts/evaluate.ts';
import { type FakeRss, startFakeRss } from '../../src/channels/rss/fakeServer.ts';
import { runScheduledSync } from '../../src/ingest/scheduler.ts';
import type { Db } from '../../src/store/db.ts';
import { at, BOX, HOUR, ORGS, ruleOn, seen } from '../support/alertWorld.ts';
import { connectFake } from '../support/channels.ts';
import { describeOnEngines } from '../support/engines.ts';
import { importLines } from '../support/yardstickFixtures.ts';

const T = '2025-06-02T12:00:00Z';

async function slotOf(db: Db, accountId: number): Promise<Date> {
  const [row] = await db.query<{ next_sync_at: Date }>(
    'SELECT next_sync_at FROM channel_connections WHERE account_id = $1',
    [accountId],
  );
  assert.ok(row);
  return row.next_sync_at;
}

describeOnEngines('alerts after a sync', (db) => {
  let fake: FakeRss;
  before(async () => {
    fake = await startFakeRss({ format: 'rss', now: new Date(T), count: 3 });
  });
  after(async () => {
    await fake.close();
  });

  test('a scheduled sync that stores messages evaluates the organisation’s rules', async () => {
    await importLines(db(), ORGS);
    const accountId = await connectFake(db(), BOX, fake, { organisationCode: 'GM0344', relation: 'watched' });
    const rule = await ruleOn(
      db(),
      'GM0344',
      { name: 'Nieuws', query: 'platform:rss' },
      { kind: 'term', settings: { terms: ['brand', 'explosie'] } },
    );
    await evaluateAlerts(db(), { now: at(T, -HOUR), organisationId: rule.organisationId });
    fake.addInbound('Grote brand bij het gemeentehuis, omwonenden gewaarschuwd');
    const errors: Error[] = [];
    const options = { worker: 'test', now: () => new Date(T), onError: (e: Error) => errors.push(e) };
    const result = await runScheduledSync(db(), BOX, accountId, await slotOf(db(), accountId), options);
    assert.ok(result?.ok && result.stored > 0, JSON.stringify(result));
    assert.deepEqual(errors, []);
    const found = await seen(db(), rule.ruleId);
    assert.equal(found.notifications.length, 1);
    assert.match(found.notifications[0]?.body ?? '', /Grote brand bij het gemeentehuis/);

    // Nothing new on the feed: the sync stores nothing, the rules are left alone.
    const quiet = await runScheduledSync(db(), BOX, accountId, await slotOf(db(), accountId), {
      ...options,
      now: () => at(T, 2 * HOUR),
    });
    assert.equal(quiet?.stored, 0);
    const [state] = await db().query<{ evaluated_at: Date }>(
      'SELECT evaluated_at FROM alert_state WHERE rule_id = $1',
      [rule.ruleId],
    );
    assert.deepEqual(state?.evaluated_at, new Date(T));
  });
});
