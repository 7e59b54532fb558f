import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MessageInput } from '../../domain/message.ts';
import type { ChannelCursor } from '../channel.ts';
import { drainChannel } from '../drain.ts';
import type { Fault } from '../fakeServer.ts';
import { DEFAULT_ANCHOR, GEMEENTE } from './fakeScenario.ts';
import { type FakeBluesky, startFakeBluesky } from './fakeServer.ts';
import { didOf } from './fakeWorld.ts';
import { channelOn, idsOf, messagesOf, rejectsOf } from './testSupport.ts';

const now = new Date('2026-11-02T12:00:00.000Z');

/** METRICS.md's inbound rule over the mapped facts: by someone else, replying to or mentioning us. */
function inbound(messages: MessageInput[]): string[] {
  return messages
    .filter((m) => m.author.id !== GEMEENTE.did)
    .filter((m) => m.inReplyTo?.authorId === GEMEENTE.did || (m.mentions ?? []).includes(GEMEENTE.handle))
    .map((m) => m.platformId)
    .sort();
}

describe('Bluesky reads against the fake', () => {
  let fake: FakeBluesky;
  before(async () => {
    fake = await startFakeBluesky();
  });
  after(() => fake.close());

  it('reads every message of the account in one sync, with the inbound facts and threads right', async () => {
    const channel = channelOn(fake);
    const result = await drainChannel(channel, null, { syncId: 's1', now });
    assert.equal(result.error, null);
    assert.deepEqual(rejectsOf(result.records), []);
    assert.deepEqual([...new Set(idsOf(result.records))].sort(), fake.messageIds());
    assert.ok(result.pages >= 6, `pages of 5: ${result.pages}`);
    const messages = messagesOf(result.records);
    assert.deepEqual(inbound(messages), fake.inboundIds());
    assert.equal(fake.inboundIds().length, 8);
    for (const m of messages) {
      const post = fake.world.posts.get(m.platformId);
      if (m.kind === 'repost') {
        assert.equal(m.author.id, GEMEENTE.did);
        continue;
      }
      const parent = post ? post.parentUri : null;
      if (parent === null && post) assert.equal(m.inReplyTo, null, m.platformId);
      if (parent) assert.deepEqual(m.inReplyTo, { id: parent, authorId: didOf(parent) }, m.platformId);
    }
    const kinds = messages.map((m) => m.kind);
    for (const kind of ['post', 'reply', 'quote', 'repost'] as const) assert.ok(kinds.includes(kind), kind);
    // The reply to a real post names the real author.
    const toFallon = messages.find((m) => m.inReplyTo?.authorId === 'did:plc:liq6fguhetsghzyo4cmv5zd4');
    assert.equal(toFallon?.text, 'Welkom op Bluesky! Ook Gemeente Wolderveen is hier te vinden. 👋');
    // Written in capitals, after an emoji-free question: still a mention of the gemeente.
    const grass = messages.find((m) => m.text.startsWith('Wanneer wordt het gras'));
    assert.deepEqual(grass?.mentions, [GEMEENTE.handle]);
  });

  it('reads nothing new from the returned cursor, then exactly what came in', async () => {
    const channel = channelOn(fake);
    const first = await drainChannel(channel, null, { syncId: 'a1', now });
    const seen = new Set(idsOf(first.records));
    const again = await drainChannel(channel, first.cursor, { syncId: 'a2', now });
    assert.equal(again.error, null);
    assert.deepEqual(
      idsOf(again.records).filter((id) => !seen.has(id)),
      [],
    );
    const added = fake.addInbound('de container aan de Lindelaan is niet geleegd.');
    const third = await drainChannel(channel, again.cursor, { syncId: 'a3', now });
    assert.deepEqual(
      idsOf(third.records).filter((id) => !seen.has(id)),
      [added],
    );
    const message = messagesOf(third.records).find((m) => m.platformId === added);
    assert.deepEqual(message?.mentions, [GEMEENTE.handle]);
    assert.ok(fake.inboundIds().includes(added));
  });

  it('reads back to the history horizon only', async () => {
    const channel = channelOn(fake, { settings: { historyDays: 7 } });
    const at = new Date(DEFAULT_ANCHOR.getTime());
    const result = await drainChannel(channel, null, { syncId: 'h1', now: at });
    const horizon = new Date(at.getTime() - 7 * 86_400_000).toISOString();
    const expected = [...fake.world.feed, ...fake.world.notifications]
      .filter((e) => e.messageId && e.sortAt >= horizon && e.sortAt <= at.toISOString())
      .map((e) => e.messageId);
    assert.deepEqual([...new Set(idsOf(result.records))].sort(), [...new Set(expected)].sort());
    assert.ok(expected.length > 3 && expected.length < fake.messageIds().length);
  });
});

describe('Bluesky read faults', () => {
  const cases: { fault: Fault; kind: string }[] = [
    { fault: { kind: 'rate_limited' }, kind: 'rate_limited' },
    { fault: { kind: 'revoked' }, kind: 'auth' },
    { fault: { kind: 'server_error' }, kind: 'transient' },
    { fault: { kind: 'timeout' }, kind: 'transient' },
    { fault: { kind: 'truncated' }, kind: 'malformed' },
    { fault: { kind: 'garbage' }, kind: 'malformed' },
  ];
  for (const { fault, kind } of cases) {
    it(`${fault.kind} is ${kind}, and a drain from the cursor then reads everything`, async () => {
      const fake = await startFakeBluesky();
      try {
        const channel = channelOn(fake, { settings: { timeoutMs: 1000 } });
        fake.server.inject(fake.readPaths, fault);
        const failed = await drainChannel(channel, null, { syncId: 'f1', now });
        assert.equal(failed.error?.kind, kind, failed.error?.message);
        if (kind === 'rate_limited') {
          assert.equal(failed.error?.retryAt?.getTime(), (fake.lastRateLimitReset ?? 0) * 1000);
        }
        if (fault.kind === 'revoked') {
          // The refresh was refused, then the login: two logins in all, the second refused.
          assert.equal(fake.logins, 2);
          assert.match(failed.error?.message ?? '', /refused/);
        }
        const resumed = await drainChannel(channel, failed.cursor, { syncId: 'f2', now });
        assert.equal(resumed.error, null);
        const union = new Set([...idsOf(failed.records), ...idsOf(resumed.records)]);
        assert.deepEqual([...union].sort(), fake.messageIds());
      } finally {
        await fake.close();
      }
    });
  }

  it('turns away a drifted feed item (a field missing) and keeps the rest of the page', async () => {
    const fake = await startFakeBluesky();
    try {
      let dropped = '';
      fake.server.inject(/getAuthorFeed$/, {
        kind: 'drift',
        change: (body) => {
          const item = (body as { feed: { post: Record<string, unknown> }[] }).feed[2];
          dropped = String(item?.post.uri);
          delete item?.post.indexedAt;
          return body;
        },
      });
      const result = await drainChannel(channelOn(fake), null, { syncId: 'd1', now });
      assert.equal(result.error, null);
      const rejects = rejectsOf(result.records);
      assert.equal(rejects.length, 1);
      assert.equal(rejects[0]?.code, 'missing_field');
      assert.match(rejects[0]?.reason ?? '', /indexedAt/);
      assert.match(rejects[0]?.location ?? '', /getAuthorFeed\?.* \[2\]$/);
      assert.deepEqual([...new Set([...idsOf(result.records), dropped])].sort(), fake.messageIds());
    } finally {
      await fake.close();
    }
  });

  it('turns away a notification whose record lost its text', async () => {
    const fake = await startFakeBluesky();
    try {
      let renamed = '';
      fake.server.inject(/listNotifications$/, {
        kind: 'drift',
        change: (body) => {
          const item = (body as { notifications: { uri: string; record: Record<string, unknown> }[] })
            .notifications[1];
          if (item) {
            renamed = item.uri;
            item.record.txt = item.record.text;
            delete item.record.text;
          }
          return body;
        },
      });
      const result = await drainChannel(channelOn(fake), null, { syncId: 'd2', now });
      const rejects = rejectsOf(result.records);
      assert.deepEqual(
        rejects.map((r) => [r.code, r.reason]),
        [['missing_field', 'record.text is missing']],
      );
      assert.match(rejects[0]?.location ?? '', /listNotifications\?.* \[1\]$/);
      assert.deepEqual([...new Set([...idsOf(result.records), renamed])].sort(), fake.messageIds());
    } finally {
      await fake.close();
    }
  });

  it('resumes a walk whose second page failed, losing nothing', async () => {
    const fake = await startFakeBluesky();
    try {
      const channel = channelOn(fake);
      const first = await channel.read(null, { syncId: 'm1', now });
      assert.equal(first.more, true);
      fake.server.inject(fake.readPaths, { kind: 'server_error' });
      const failed = await drainChannel(channel, first.cursor, { syncId: 'm1', now });
      assert.equal(failed.error?.kind, 'transient');
      assert.equal(failed.pages, 0);
      const cursor: ChannelCursor | null = failed.cursor;
      const resumed = await drainChannel(channel, cursor, { syncId: 'm2', now });
      assert.equal(resumed.error, null);
      const union = new Set([...idsOf(first.records), ...idsOf(resumed.records)]);
      assert.deepEqual([...union].sort(), fake.messageIds());
      // The resumed walk asked for the page after the first one, not the top again.
      const asked = fake.server.requestsTo(/getAuthorFeed$/).map((r) => r.url.searchParams.get('cursor'));
      assert.equal(asked[0], null);
      assert.ok(asked[1] && asked[1] === asked[2], 'the failed page was asked again');
    } finally {
      await fake.close();
    }
  });
});
