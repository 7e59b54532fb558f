/**
 * Listening in the store, on both engines: what an organisation searches (the conversations of its
 * own accounts, owned and watched, never another's), saved searches (private ones hidden from
 * others) and what is new since a user last opened one, and sentiment: stored at ingest, worked
 * out for messages from before it existed, and a correction that counts for its organisation only.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addUser } from '../../src/identity/people.ts';
import { parseQuery } from '../../src/search/query/index.ts';
import { countMatches, searchMessages } from '../../src/search/search.ts';
import type { Db } from '../../src/store/db.ts';
import { findOrganisation } from '../../src/store/organisations.ts';
import {
  createSavedSearch,
  deleteSavedSearch,
  findSavedSearch,
  lastViewed,
  listSavedSearches,
  markViewed,
  updateSavedSearch,
} from '../../src/store/savedSearches.ts';
import { correctSentiment, effectiveSentimentSql, scoreUnscored } from '../../src/store/sentiment.ts';
import { describeOnEngines } from '../support/engines.ts';
import { account, importLines, msg, org } from '../support/yardstickFixtures.ts';

const T = '2025-05-01T09:00:00Z';

/** Two gemeenten on Mastodon, a watched local news feed of the first, and citizens talking. */
const WORLD = [
  org('GM0344', 'Utrecht', 'gemeente'),
  org('GM0363', 'Amsterdam', 'gemeente'),
  account('mastodon', 'utr', 'utrecht', 'GM0344'),
  account('mastodon', 'ams', 'amsterdam', 'GM0363'),
  { ...account('mastodon', 'nieuws', 'duic', 'GM0344'), relation: 'watched' },
  // Utrecht's own post, a citizen's reply, and a citizen answering that citizen.
  msg({
    platform: 'mastodon',
    id: 'u1',
    author: 'utr',
    at: T,
    text: 'De afvalkalender voor 2025 staat online.',
  }),
  msg({
    platform: 'mastodon',
    id: 'c1',
    author: 'anna',
    at: T,
    replyTo: 'u1',
    text: 'Mijn afval is al twee weken niet opgehaald!',
  }),
  msg({
    platform: 'mastodon',
    id: 'c2',
    author: 'bram',
    at: T,
    replyTo: 'c1',
    text: 'Bij ons ook geen afval opgehaald, slecht.',
  }),
  // A mention of Utrecht, and one of Amsterdam.
  msg({
    platform: 'mastodon',
    id: 'm1',
    author: 'cor',
    at: T,
    text: '@utrecht wanneer wordt het grofvuil en afval opgehaald?',
  }),
  msg({
    platform: 'mastodon',
    id: 'm2',
    author: 'dirk',
    at: T,
    text: '@amsterdam het afval ligt op straat, heel vervelend',
  }),
  // The watched feed of Utrecht, and talk that concerns nobody's accounts.
  msg({
    platform: 'mastodon',
    id: 'n1',
    author: 'nieuws',
    at: T,
    text: 'Afvalinzameling in Utrecht loopt vertraging op',
  }),
  msg({
    platform: 'mastodon',
    id: 'x1',
    author: 'eva',
    at: T,
    text: 'Ik heb vandaag mijn afval gescheiden, goed bezig',
  }),
];

async function orgId(db: Db, code: string): Promise<number> {
  const found = await findOrganisation(db, code);
  assert.ok(found, code);
  return found.id;
}

function query(text: string) {
  const parsed = parseQuery(text);
  assert.ok(parsed.ok, text);
  return parsed.query;
}

async function ids(db: Db, text: string, organisationId: number | null): Promise<string[]> {
  const result = await searchMessages(db, query(text), { organisationId }, { limit: 100 });
  return result.messages.map((m) => m.platformId).sort();
}

describeOnEngines('listening in the store', (db) => {
  test('an organisation searches the conversations of its own accounts, owned and watched, only', async () => {
    await importLines(db(), WORLD);
    const utrecht = await orgId(db(), 'GM0344');
    const amsterdam = await orgId(db(), 'GM0363');
    assert.deepEqual(await ids(db(), 'afval', null), ['c1', 'c2', 'm1', 'm2', 'x1']);
    // Stems: afval/afvalkalender differ, so the posts about the calendar need a prefix.
    assert.deepEqual(await ids(db(), 'afval*', utrecht), ['c1', 'c2', 'm1', 'n1', 'u1']);
    assert.deepEqual(await ids(db(), 'afval*', amsterdam), ['m2']);
    assert.deepEqual(await ids(db(), 'gescheiden', utrecht), [], "a stranger's talk is no one's");
    const counted = await countMatches(db(), query('afval'), {
      organisationId: utrecht,
      platforms: ['bluesky'],
    });
    assert.equal(counted.total, 0, 'limited to other platforms');
    // Pages: newest first, each with the whole count, also past the end.
    const pages = [0, 2, 4, 6].map((offset) =>
      searchMessages(db(), query('afval*'), { organisationId: utrecht }, { limit: 2, offset }),
    );
    const [p0, p1, p2, p3] = await Promise.all(pages);
    assert.deepEqual(
      [p0, p1, p2, p3].map((p) => [p?.total, p?.messages.length]),
      [
        [5, 2],
        [5, 2],
        [5, 1],
        [5, 0],
      ],
    );
    const times = [p0, p1, p2].flatMap((p) => p?.messages.map((m) => m.createdAt.getTime()) ?? []);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
  });

  test('a conversation that joins a thread later is searched by the thread’s organisation', async () => {
    const utrecht = await orgId(db(), 'GM0344');
    // A reply to a message not stored yet, then that message: a reply to Utrecht's post.
    await importLines(db(), [
      msg({
        platform: 'mastodon',
        id: 'late2',
        author: 'fenna',
        at: T,
        replyTo: 'late1',
        text: 'Klopt, de container is vol.',
      }),
    ]);
    assert.deepEqual(await ids(db(), 'container', utrecht), []);
    await importLines(db(), [
      msg({
        platform: 'mastodon',
        id: 'late1',
        author: 'gert',
        at: T,
        replyTo: 'u1',
        text: 'Welke container hoort bij mij?',
      }),
    ]);
    assert.deepEqual(await ids(db(), 'container', utrecht), ['late1', 'late2']);
  });

  test('saved searches: private ones only for their owner; new messages since the last view', async () => {
    const utrecht = await orgId(db(), 'GM0344');
    const actor = { userId: null, name: 'test', ip: null };
    const a = await addUser(db(), actor, {
      email: 'a@meetlat.test',
      name: 'A',
      password: null,
      membership: { organisationId: utrecht, role: 'analist' },
    });
    const b = await addUser(db(), actor, {
      email: 'b@meetlat.test',
      name: 'B',
      password: null,
      membership: { organisationId: utrecht, role: 'analist' },
    });
    const shared = await createSavedSearch(db(), utrecht, a, {
      name: 'Afval',
      query: 'afval*',
      platforms: [],
      shared: true,
    });
    const own = await createSavedSearch(db(), utrecht, a, {
      name: 'Mijn',
      query: 'container',
      platforms: ['mastodon'],
      shared: false,
    });
    assert.deepEqual(
      (await listSavedSearches(db(), utrecht, a)).map((s) => s.name),
      ['Afval', 'Mijn'],
    );
    assert.deepEqual(
      (await listSavedSearches(db(), utrecht, b)).map((s) => s.name),
      ['Afval'],
    );
    assert.equal(await findSavedSearch(db(), utrecht, own.id, b), null);
    assert.equal(
      await findSavedSearch(db(), await orgId(db(), 'GM0363'), shared.id, a),
      null,
      'not in another organisation',
    );

    assert.equal(await lastViewed(db(), shared.id, b), 0);
    await markViewed(db(), shared.id, b);
    const seen = await lastViewed(db(), shared.id, b);
    const fresh = (after: number) =>
      countMatches(db(), query(shared.query), { organisationId: utrecht, storedAfter: after });
    assert.equal((await fresh(seen)).total, 0);
    await importLines(db(), [
      msg({
        platform: 'mastodon',
        id: 'new1',
        author: 'hans',
        at: '2024-01-01T10:00:00Z',
        text: '@utrecht afval naast de container',
      }),
    ]);
    assert.equal((await fresh(seen)).total, 1, 'new by when it was stored, whatever its date');

    const before = await updateSavedSearch(db(), utrecht, shared.id, {
      name: 'Afval en vuil',
      query: 'afval* OR vuil',
      platforms: [],
      shared: true,
    });
    assert.equal(before?.name, 'Afval');
    assert.equal((await findSavedSearch(db(), utrecht, shared.id, b))?.query, 'afval* OR vuil');
    assert.equal((await deleteSavedSearch(db(), utrecht, own.id))?.name, 'Mijn');
    assert.equal(await deleteSavedSearch(db(), utrecht, own.id), null);
  });

  test('sentiment: stored at ingest, worked out for older messages, corrected per organisation', async () => {
    const utrecht = await orgId(db(), 'GM0344');
    const amsterdam = await orgId(db(), 'GM0363');
    const labelOf = async (id: string, organisation: number) => {
      const [row] = await db().query<{ s: string }>(
        `SELECT ${effectiveSentimentSql('$1')} AS s FROM messages m WHERE m.platform_id = $2`,
        [organisation, id],
      );
      return row?.s;
    };
    assert.equal(await labelOf('c2', utrecht), 'negative');
    const [unscored] = await db().query<{ n: number }>(
      'SELECT count(*)::integer AS n FROM messages WHERE sentiment IS NULL',
    );
    assert.equal(unscored?.n, 0, 'every message is scored at ingest');
    // As a database from before sentiment: the next pass works every message out again.
    await db().exec('UPDATE messages SET sentiment = NULL, sentiment_score = NULL');
    const total = (await db().query<{ n: number }>('SELECT count(*)::integer AS n FROM messages'))[0]?.n;
    assert.equal(await scoreUnscored(db()), total);
    assert.equal(await scoreUnscored(db()), 0);
    assert.equal(await labelOf('c2', utrecht), 'negative');

    const [m2] = await db().query<{ id: number }>("SELECT id FROM messages WHERE platform_id = 'm2'");
    const correction = await correctSentiment(db(), amsterdam, Number(m2?.id), 'neutral', null);
    assert.deepEqual(correction, { messageId: Number(m2?.id), previous: 'negative', sentiment: 'neutral' });
    assert.equal(await labelOf('m2', amsterdam), 'neutral');
    assert.equal(
      await labelOf('m2', utrecht),
      'negative',
      "another organisation's figures keep the computed label",
    );
    assert.equal(await correctSentiment(db(), amsterdam, 999_999_999, 'positive', null), null);
  });
});
