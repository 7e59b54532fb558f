/**
 * Alerts in the store, on both engines, evaluated hour by hour with an injected `now`:
 *
 * - spike: a steady, noisy volume over days gives no notification (nor a burst from before the
 *   rule started, nor a burst of messages the search does not match); a burst gives exactly one,
 *   staying one episode while it lasts and ending after; a second burst a day later a second;
 * - term: a signal word opens one episode with one notification, more within the quiet period
 *   add to it, after the quiet period a new one opens; a message stored late still counts;
 * - evaluating twice at the same moment changes nothing; another organisation's messages never
 *   reach a rule (and do reach that organisation's own);
 * - notifications: read per user, unread counts, a private search's for its owner only.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateAlerts } from '../../src/alerts/evaluate.ts';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationItem,
  unreadNotifications,
} from '../../src/alerts/notifications.ts';
import { createAlertRule, setAlertRuleEnabled } from '../../src/alerts/ruleStore.ts';
import { checkRule } from '../../src/alerts/rules.ts';
import { type NotificationMessage, notificationText } from '../../src/alerts/texts.ts';
import { addUser } from '../../src/identity/people.ts';
import { createSavedSearch } from '../../src/store/savedSearches.ts';
import { alertTables, at, BOX, HOUR, ORGS, orgId, ruleOn, seen, spread } from '../support/alertWorld.ts';
import { describeOnEngines } from '../support/engines.ts';
import { importLines, type Line, msg } from '../support/yardstickFixtures.ts';

const D0 = '2025-03-03T00:00:00Z';
const MIN = 60_000;
/** Burst hours (from D0) of Utrecht's afval, of messages it does not match, and of Amsterdam. */
const PAST_BURST = 14;
const BURST_START = 82;
const BURST_A = [BURST_START, BURST_START + 1, BURST_START + 2];
const BURST_B = 106;
const OTHER_TOPIC = 88;
const AMSTERDAM = 92;

function spikeWorld(): Line[] {
  const lines: Line[] = [...ORGS];
  const bursts = new Set([PAST_BURST, ...BURST_A, BURST_B]);
  for (let h = 0; h < 6 * 24; h++) {
    const hour = at(D0, h * HOUR);
    // Steady with noise: 3 to 7 an hour.
    const n = bursts.has(h) ? (h === PAST_BURST ? 80 : 60) : 5 + ((h * 7) % 5) - 2;
    lines.push(...spread(n, hour, HOUR, 'utrecht', 'het afval is niet opgehaald'));
  }
  lines.push(...spread(100, at(D0, OTHER_TOPIC * HOUR), HOUR, 'utrecht', 'parkeervergunning kwijt'));
  lines.push(...spread(100, at(D0, AMSTERDAM * HOUR), HOUR, 'amsterdam', 'afval overal op straat'));
  return lines;
}

describeOnEngines('alerts', (db) => {
  test('spike: none for a steady volume, one per burst episode, idempotent, per organisation', async () => {
    await importLines(db(), spikeWorld());
    const utrecht = await ruleOn(db(), 'GM0344', { name: 'Afval', query: 'afval' }, { kind: 'spike' });
    const amsterdam = await ruleOn(db(), 'GM0363', { name: 'Afval', query: 'afval' }, { kind: 'spike' });
    const evaluate = async (ms: number) => {
      const summary = await evaluateAlerts(db(), { now: at(D0, ms) });
      assert.deepEqual(summary.errors, []);
      return summary;
    };
    const notified = async () => (await seen(db(), utrecht.ruleId)).notifications.length;

    // The rule starts on day 1 (the burst of day 0 is history), then an evaluation every hour.
    for (let h = 24; h < BURST_START; h++) await evaluate(h * HOUR + 5 * MIN);
    assert.equal(await notified(), 0, 'a steady volume over days notifies nothing');

    // 10:05: five messages of the burst so far; 10:35: 35, a spike while the hour is under way.
    await evaluate(82 * HOUR + 5 * MIN);
    assert.equal(await notified(), 0);
    const opened = await evaluate(82 * HOUR + 35 * MIN);
    assert.deepEqual([opened.episodesOpened, opened.notifications], [1, 1]);
    const before = await alertTables(db());
    const again = await evaluate(82 * HOUR + 35 * MIN);
    assert.deepEqual([again.episodesOpened, again.episodesClosed, again.notifications], [0, 0, 0]);
    assert.equal(await alertTables(db()), before, 'evaluating twice at the same moment changes nothing');

    // It lasts three hours: evaluated five more times, still one episode, one notification.
    for (const ms of [83 * HOUR + 5 * MIN, 83 * HOUR + 35 * MIN, 84 * HOUR + 5 * MIN, 85 * HOUR + 5 * MIN]) {
      const summary = await evaluate(ms);
      assert.equal(summary.notifications, 0);
    }
    let found = await seen(db(), utrecht.ruleId);
    assert.equal(found.notifications.length, 1);
    assert.equal(found.episodes[0]?.ended_at, null, 'still under way');
    // 14:05: the hour from 13:00 was back to normal: the episode ended when the burst did.
    assert.equal((await evaluate(86 * HOUR + 5 * MIN)).episodesClosed, 1);
    found = await seen(db(), utrecht.ruleId);
    assert.deepEqual(
      found.episodes.map((e) => [e.started_at, e.ended_at, e.peak_count, e.message_count]),
      [[at(D0, 82 * HOUR), at(D0, 85 * HOUR), 60, 180]],
    );
    assert.equal(found.notifications[0]?.title, "Piek in 'Afval'");
    assert.match(
      found.notifications[0]?.body ?? '',
      /^Piek in 'Afval': 35 berichten in het afgelopen uur, normaal ongeveer [4-6]\.$/,
    );

    // Another topic's burst (not matched) and Amsterdam's burst (not Utrecht's) pass; a day later
    // the second burst is a second episode.
    for (let h = 87; h < 6 * 24; h++) await evaluate(h * HOUR + 5 * MIN);
    found = await seen(db(), utrecht.ruleId);
    assert.equal(found.notifications.length, 2);
    assert.deepEqual(
      found.episodes.map((e) => [e.started_at, e.ended_at]),
      [
        [at(D0, 82 * HOUR), at(D0, 85 * HOUR)],
        [at(D0, BURST_B * HOUR), at(D0, (BURST_B + 1) * HOUR)],
      ],
    );
    assert.match(found.notifications[1]?.body ?? '', /: 60 berichten in het afgelopen uur/);
    // Amsterdam's own rule saw its burst, once.
    const theirs = await seen(db(), amsterdam.ruleId);
    assert.deepEqual(
      theirs.episodes.map((e) => e.started_at),
      [at(D0, AMSTERDAM * HOUR)],
    );
    assert.equal(theirs.notifications.length, 1);

    // Notifications and audit: the system's entries in the organisation's log.
    const audit = await db().query<{ action: string; n: number }>(
      `SELECT action, count(*)::integer AS n FROM audit_log WHERE organisation_id = $1 AND actor = 'system'
       GROUP BY action ORDER BY action`,
      [utrecht.organisationId],
    );
    assert.deepEqual(audit, [
      { action: 'alert.episode.end', n: 2 },
      { action: 'alert.episode.start', n: 2 },
    ]);
    await setAlertRuleEnabled(db(), utrecht.organisationId, utrecht.ruleId, false);
    await setAlertRuleEnabled(db(), amsterdam.organisationId, amsterdam.ruleId, false);
  });

  test('term: one episode per burst of signal words, ended by the quiet period', async () => {
    const T1 = '2025-03-10T00:00:00Z';
    const say = (id: string, hours: number, text: string, handle = 'utrecht') =>
      msg({
        platform: 'mastodon',
        id,
        author: `c-${id}`,
        at: at(T1, hours * HOUR).toISOString(),
        text: `@${handle} ${text}`,
      });
    await importLines(db(), [
      say('t0', -1, 'er was gisteren brand'),
      say('t1', 1, 'er is brand bij het station'),
      say('t2', 2, 'de brand is nog niet uit'),
      say('t3', 3, 'ik hoorde een explosie'),
      say('t4', 4, 'brand in het centrum', 'amsterdam'),
      say('t5', 5, 'wat een mooi weer vandaag'),
      say('t6', 10, 'weer brand, nu in de wijk'),
    ]);
    const rule = await ruleOn(
      db(),
      'GM0344',
      { name: 'Meldingen', query: '@utrecht' },
      { kind: 'term', settings: { terms: ['brand', 'explosie', 'evacuatie'] } },
    );
    const evaluate = async (hours: number) => {
      const summary = await evaluateAlerts(db(), {
        now: at(T1, hours * HOUR),
        organisationId: rule.organisationId,
      });
      assert.deepEqual(summary.errors, []);
      return summary;
    };
    await evaluate(5 / 60);
    assert.equal(
      (await seen(db(), rule.ruleId)).notifications.length,
      0,
      'what was said before the rule is history',
    );

    assert.equal((await evaluate(1 + 5 / 60)).notifications, 1);
    const before = await alertTables(db());
    await evaluate(1 + 5 / 60);
    assert.equal(await alertTables(db()), before, 'evaluating twice at the same moment changes nothing');
    for (const hours of [2 + 5 / 60, 3 + 5 / 60, 4 + 5 / 60, 5 + 5 / 60, 8]) {
      assert.equal((await evaluate(hours)).notifications, 0, `${hours} h`);
    }
    let found = await seen(db(), rule.ruleId);
    assert.deepEqual(found.notifications, [
      {
        title: "brand in 'Meldingen'",
        body: "Een bericht in 'Meldingen' noemt brand: “@utrecht er is brand bij het station”",
      },
    ]);
    assert.deepEqual(
      found.episodes.map((e) => [e.started_at, e.last_seen_at, e.ended_at, e.message_count, e.terms]),
      [[at(T1, HOUR), at(T1, 3 * HOUR), null, 3, ['brand', 'explosie']]],
      "Amsterdam's brand is not Utrecht's",
    );

    // Six quiet hours after the last match it ends; the next match opens a new episode.
    assert.equal((await evaluate(9 + 5 / 60)).episodesClosed, 1);
    assert.equal((await evaluate(10 + 5 / 60)).notifications, 1);
    // A message written before the last evaluation but stored after it still counts.
    await importLines(db(), [say('t7', 10 + 1 / 60, 'de brandweer is er, brand bijna uit')]);
    assert.equal((await evaluate(10 + 10 / 60)).notifications, 0);
    found = await seen(db(), rule.ruleId);
    assert.deepEqual(
      found.episodes.map((e) => [e.started_at, e.ended_at, e.message_count]),
      [
        [at(T1, HOUR), at(T1, 9 * HOUR), 3],
        [at(T1, 10 * HOUR), null, 2],
      ],
    );
    assert.equal(found.notifications.length, 2);
    await setAlertRuleEnabled(db(), rule.organisationId, rule.ruleId, false);
  });

  test('notifications: per user read state, unread counts, private searches for their owner only', async () => {
    const utrecht = await orgId(db(), 'GM0344');
    const amsterdam = await orgId(db(), 'GM0363');
    const actor = { userId: null, name: 'test', ip: null };
    const member = (email: string, organisationId: number) =>
      addUser(db(), actor, {
        email,
        name: email,
        password: null,
        membership: { organisationId, role: 'lezer' },
      });
    const reader = await member('lezer@utrecht.test', utrecht);
    const owner = await member('eigenaar@utrecht.test', utrecht);
    // A private search of the owner's with a rule that fires.
    const own = await createSavedSearch(db(), utrecht, owner, {
      name: 'Eigen',
      query: 'weer',
      platforms: [],
      shared: false,
    });
    const checked = checkRule({ kind: 'term', settings: { terms: ['brand'] } });
    await createAlertRule(db(), BOX, utrecht, own.id, checked, owner);
    const T2 = '2025-03-20T00:00:00Z';
    await evaluateAlerts(db(), { now: at(T2, 0), organisationId: utrecht });
    await importLines(db(), [
      msg({
        platform: 'mastodon',
        id: 'p1',
        author: 'c-p1',
        at: at(T2, HOUR).toISOString(),
        text: '@utrecht weer brand',
      }),
    ]);
    assert.equal(
      (await evaluateAlerts(db(), { now: at(T2, 2 * HOUR), organisationId: utrecht })).notifications,
      1,
    );

    const forReader = await listNotifications(db(), utrecht, reader);
    const forOwner = await listNotifications(db(), utrecht, owner);
    // Utrecht's shared searches: two spikes and two signal-word episodes, newest first.
    assert.equal(forReader.unread, 4);
    assert.deepEqual(
      forReader.notifications.map((n) => n.searchName),
      ['Meldingen', 'Meldingen', 'Afval', 'Afval'],
    );
    assert.equal(forOwner.unread, 5, 'the owner also sees their private search');
    assert.equal(forOwner.notifications[0]?.searchName, 'Eigen');
    assert.deepEqual(forOwner.notifications[0]?.message, {
      kind: 'term',
      search: 'Eigen',
      terms: ['brand'],
      count: 1,
      excerpt: '@utrecht weer brand',
    });
    assert.equal(
      notificationText('en', forOwner.notifications[0]?.message as NotificationMessage).title,
      "brand in 'Eigen'",
    );

    const first = forReader.notifications[0] as NotificationItem;
    assert.equal(await markNotificationRead(db(), utrecht, reader, first.id), true);
    assert.equal(await markNotificationRead(db(), utrecht, reader, first.id), true, 'again: no harm');
    assert.equal(await unreadNotifications(db(), utrecht, reader), 3);
    assert.equal((await listNotifications(db(), utrecht, reader)).notifications[0]?.read, true);
    assert.equal(await unreadNotifications(db(), utrecht, owner), 5, "one user's reading is theirs");
    // Not the reader's: the owner's private one, and Amsterdam's.
    const privateOne = forOwner.notifications[0] as NotificationItem;
    assert.equal(await markNotificationRead(db(), utrecht, reader, privateOne.id), false);
    const [theirs] = await db().query<{ id: number }>(
      'SELECT id FROM notifications WHERE organisation_id = $1',
      [amsterdam],
    );
    assert.equal(await markNotificationRead(db(), utrecht, reader, Number(theirs?.id)), false);
    assert.equal(await markAllNotificationsRead(db(), utrecht, reader), 3);
    assert.equal(await unreadNotifications(db(), utrecht, reader), 0);
  });
});
