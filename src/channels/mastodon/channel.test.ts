import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MessageInput } from '../../domain/message.ts';
import { classifyMessage } from '../../ingest/steps/classify.ts';
import { normaliseMessage } from '../../ingest/steps/normalise.ts';
import { drainChannel } from '../drain.ts';
import { type FakeMastodon, startFakeMastodon } from './fakeServer.ts';
import { type FakeStatus, LOCAL_DOMAIN } from './fakeWorld.ts';
import { channelFor, idsOf, messagesOf, rejectsOf } from './testing.ts';

const NOW = new Date();

/** What a reply must name, worked out from the fake's own statuses (not by the adapter's rules). */
function expectedParent(parent: FakeStatus): { id: string; authorId: string } {
  if (!parent.deleted) return { id: parent.uri, authorId: parent.account.uri };
  const local = !parent.account.acct.includes('@');
  return {
    id: local ? parent.uri : `https://${LOCAL_DOMAIN}/api/v1/statuses/${parent.id}`,
    authorId: parent.account.uri,
  };
}

function sorted(ids: Iterable<string>): string[] {
  return [...ids].sort();
}

describe('a full read of a gemeente account', () => {
  let fake: FakeMastodon;
  let messages: Map<string, MessageInput>;
  let cursor: Awaited<ReturnType<typeof drainChannel>>['cursor'];

  before(async () => {
    fake = await startFakeMastodon({ now: NOW });
    const result = await drainChannel(channelFor(fake), null, { syncId: 'sync-1', now: NOW });
    assert.equal(result.error, null);
    assert.deepEqual(rejectsOf(result.records), []);
    messages = new Map(messagesOf(result.records).map((m) => [m.platformId, m]));
    assert.equal(messages.size, messagesOf(result.records).length, 'each status given once per sync');
    cursor = result.cursor;
  });
  after(() => fake.close());

  test('identify names the account as the outbox importer does', async () => {
    const identity = await channelFor(fake).identify();
    assert.deepEqual(identity, {
      platformUserId: `https://${LOCAL_DOMAIN}/users/gemeentelindewaard`,
      handle: `gemeentelindewaard@${LOCAL_DOMAIN}`,
      displayName: 'Gemeente Lindewaard',
    });
  });

  test('the stored set is exactly the messages of the account', () => {
    assert.deepEqual(sorted(messages.keys()), sorted(fake.messageIds()));
    const kinds = [...messages.values()].map((m) => m.kind);
    for (const kind of ['post', 'reply', 'repost', 'quote', 'dm'] as const)
      assert.ok(kinds.includes(kind), kind);
  });

  test('every inbound message carries the facts that make it inbound', () => {
    const g = fake.world.gemeente;
    const handle = `gemeentelindewaard@${LOCAL_DOMAIN}`;
    assert.equal(fake.inboundIds().length, 9);
    for (const id of fake.inboundIds()) {
      const m = messages.get(id);
      assert.ok(m, id);
      assert.notEqual(m.author.id, g.uri);
      assert.ok(m.mentions?.includes(handle), `${id} mentions the gemeente`);
      if (m.kind === 'dm') assert.equal(m.recipientId, g.uri);
    }
    const dms = [...messages.values()].filter((m) => m.kind === 'dm');
    assert.equal(dms.length, 5);
    for (const dm of dms.filter((m) => m.author.id === g.uri)) {
      assert.equal(dm.recipientId, 'https://toot.example/users/joost');
    }
  });

  test('threads: every reply names its parent URI and author URI, also a parent since deleted', () => {
    let replies = 0;
    for (const status of fake.world.messages()) {
      const m = messages.get(status.uri);
      assert.ok(m);
      if (!status.inReplyTo) {
        assert.equal(m.inReplyTo, null, status.uri);
        continue;
      }
      replies++;
      assert.deepEqual(m.inReplyTo, expectedParent(status.inReplyTo), status.uri);
    }
    assert.equal(replies, 12);
    const gone = fake.world.statuses.find((s) => s.deleted);
    assert.ok(
      gone && [...messages.values()].some((m) => m.inReplyTo?.id.endsWith(`/api/v1/statuses/${gone.id}`)),
    );
  });

  test('every message passes the pipeline: normalised and classified as the adapter said', () => {
    for (const m of messages.values()) {
      const classified = classifyMessage(normaliseMessage(m, new Date(NOW.getTime() + 60_000)));
      assert.equal(classified.kind, m.kind, m.platformId);
      assert.equal(classified.mentionsFromPlatform, true);
    }
  });

  test('boosts, quotes, hashtags, counts and authors', () => {
    const all = [...messages.values()];
    const boost = all.find((m) => m.kind === 'repost');
    assert.ok(boost);
    assert.ok(boost.platformId.endsWith('/activity'));
    assert.match(boost.repostOf ?? '', /^https:\/\/overheid\.example\/users\/veiligheidsregio\/statuses\//);
    const quote = all.find((m) => m.kind === 'quote');
    assert.match(quote?.quoteOf ?? '', new RegExp(`^https://${LOCAL_DOMAIN}/ap/users/\\d+/statuses/\\d+$`));
    const first = all.find((m) => m.text.startsWith('Vanaf maandag'));
    assert.deepEqual(first?.hashtags, ['wegwerkzaamheden', 'lindewaard']);
    assert.deepEqual(first?.counts, { reposts: 0, likes: 0, replies: 1 });
    const local = all.find((m) => m.author.handle === `burgemeester@${LOCAL_DOMAIN}`);
    assert.match(local?.author.id ?? '', /\/ap\/users\/\d+$/);
  });

  test('a second sync from the cursor reads nothing new; after addInbound exactly the new message', async () => {
    const again = await drainChannel(channelFor(fake), cursor, { syncId: 'sync-2', now: NOW });
    assert.equal(again.error, null);
    assert.deepEqual(
      [...idsOf(again.records)].filter((id) => !messages.has(id)),
      [],
    );
    const added = fake.addInbound('Wanneer gaat de Stationsstraat weer open?');
    const third = await drainChannel(channelFor(fake), again.cursor, { syncId: 'sync-3', now: NOW });
    assert.equal(third.error, null);
    assert.deepEqual(
      [...idsOf(third.records)].filter((id) => !messages.has(id)),
      [added],
    );
    const m = messagesOf(third.records).find((x) => x.platformId === added);
    assert.ok(m);
    assert.ok(m.mentions?.includes(`gemeentelindewaard@${LOCAL_DOMAIN}`));
    assert.equal(m.text, '@gemeentelindewaard Wanneer gaat de Stationsstraat weer open?');
  });
});

describe('streams', () => {
  test('own DM answers come from the conversations when the statuses list leaves them out', async () => {
    const fake = await startFakeMastodon({ now: NOW, ownDmsInStatuses: false });
    try {
      const result = await drainChannel(channelFor(fake), null, { syncId: 's', now: NOW });
      assert.equal(result.error, null);
      assert.deepEqual(sorted(idsOf(result.records)), sorted(fake.messageIds()));
      assert.equal(fake.server.requestsTo(/\/context$/).length, 2);
    } finally {
      await fake.close();
    }
  });

  test('the first sync reads back to the history horizon (whole DM threads included)', async () => {
    const fake = await startFakeMastodon({ now: NOW });
    try {
      const result = await drainChannel(channelFor(fake, { historyDays: 5 }), null, {
        syncId: 's',
        now: NOW,
      });
      assert.equal(result.error, null);
      const horizon = NOW.getTime() - 5 * 24 * 3600_000;
      const read = messagesOf(result.records);
      const recent = fake.world.messages().filter((s) => s.createdAt.getTime() >= horizon);
      assert.deepEqual(sorted(recent.map((s) => s.uri).filter((id) => !idsOf(result.records).has(id))), []);
      const older = read.filter((m) => m.createdAt.getTime() < horizon);
      assert.ok(older.length > 0 && older.every((m) => m.kind === 'dm'));
      assert.ok(read.length < fake.messageIds().length);
    } finally {
      await fake.close();
    }
  });

  test('a sync asks little: three lists, a thread per new conversation, one lookup for a gone parent', async () => {
    const fake = await startFakeMastodon({ now: NOW });
    try {
      await drainChannel(channelFor(fake), null, { syncId: 's', now: NOW });
      const paths = fake.server.requests.map((r) => r.url.pathname);
      assert.equal(paths.filter((p) => /^\/api\/v1\/statuses\/\d+$/.test(p)).length, 1);
      assert.equal(paths.filter((p) => /^\/api\/v1\/accounts\/\d+$/.test(p)).length, 0);
      const notifications = fake.server.requestsTo(/\/notifications$/)[0];
      assert.deepEqual(notifications?.url.searchParams.getAll('types[]'), ['mention']);
      assert.equal(notifications?.headers.authorization, `Bearer ${fake.secrets.accessToken}`);
    } finally {
      await fake.close();
    }
  });
});
