import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChannelHost } from '../channel.ts';
import { drainChannel } from '../drain.ts';
import { FAULT_KINDS, type Fault } from '../fakeServer.ts';
import { FAKE_REGAIN_MINUTES } from '../meta/fakeGraph.ts';
import {
  drainStepping,
  drainThroughFault,
  idsOf,
  inboundTo,
  messagesOf,
  rejectsOf,
} from '../meta/testing.ts';
import { REAL_COMMENTED_POST, REAL_PAGE_ID, startFakeFacebook } from './fakeServer.ts';
import { facebookAdapter } from './index.ts';
import { anonymousAuthorId } from './mapping.ts';
import { GEMEENTE_PAGE } from './scenario.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
const host: ChannelHost = { saveSecrets: async () => {} };
type Fake = Awaited<ReturnType<typeof startFakeFacebook>>;

function channelOf(fake: Fake, settings: Record<string, unknown> = {}) {
  return facebookAdapter.create(
    facebookAdapter.parseSettings({ ...fake.settings, ...settings }),
    fake.secrets,
    host,
  );
}

describe('Facebook page read against the fake Graph API', () => {
  let fake: Fake;
  before(async () => {
    fake = await startFakeFacebook({ now: NOW });
  });
  after(() => fake.close());

  it('drains every post and comment, with the inbound facts and threads right', async () => {
    const { records, error, cursor } = await drainChannel(channelOf(fake), null, { syncId: 's1', now: NOW });
    assert.equal(error, null);
    assert.deepEqual(rejectsOf(records), []);
    assert.deepEqual(idsOf(records), [...fake.messageIds()].sort());
    const messages = messagesOf(records);
    const page = { id: GEMEENTE_PAGE.id, handle: GEMEENTE_PAGE.username };
    assert.deepEqual(inboundTo(messages, page), [...fake.inboundIds()].sort());
    const byId = new Map(messages.map((m) => [m.platformId, m]));
    for (const comment of fake.comments) {
      const m = byId.get(comment.id);
      const parent = comment.parentId ? fake.comments.find((c) => c.id === comment.parentId) : null;
      const post = fake.posts.find((p) => p.id === comment.postId);
      const expected = parent
        ? { id: parent.id, authorId: parent.from?.id ?? anonymousAuthorId(parent.id) }
        : { id: comment.postId, authorId: post?.from.id };
      assert.deepEqual(m?.inReplyTo, expected, comment.id);
      const own = comment.from?.id === GEMEENTE_PAGE.id;
      assert.equal(m?.kind, own ? 'reply' : 'comment');
      assert.equal(m?.recipientId, own ? null : GEMEENTE_PAGE.id);
    }
    // The visitor tagged the page: its mention is the page's handle.
    const visitor = messages.find((m) => m.kind === 'comment' && m.inReplyTo === null && m.mentions?.length);
    assert.deepEqual(visitor?.mentions, [GEMEENTE_PAGE.username]);
    // The cursor keeps the posts of the comment window, each with its own mark.
    const streams = Object.keys((cursor as { streams: Record<string, unknown> }).streams);
    assert.equal(streams.length, 1 + fake.posts.length);
  });

  it('reads nothing new from the cursor, then exactly a comment added since', async () => {
    const channel = channelOf(fake);
    const first = await drainChannel(channel, null, { syncId: 'a', now: NOW });
    const again = await drainChannel(channel, first.cursor, { syncId: 'b', now: NOW });
    assert.equal(again.error, null);
    const known = new Set(idsOf(first.records));
    assert.ok(idsOf(again.records).every((id) => known.has(id)));
    const added = fake.addInbound('Waarom is de milieustraat vandaag dicht? Er staat niets op de website.');
    const third = await drainChannel(channel, again.cursor, { syncId: 'c', now: NOW });
    assert.deepEqual(
      idsOf(third.records).filter((id) => !known.has(id)),
      [added],
    );
    const m = messagesOf(third.records).find((x) => x.platformId === added);
    assert.equal(m?.kind, 'comment');
    assert.equal(m?.recipientId, GEMEENTE_PAGE.id);
  });

  it('drops posts that left the comment window from the cursor', async () => {
    const channel = channelOf(fake, { commentWindowDays: 3 });
    const { cursor } = await drainChannel(channel, null, { syncId: 'w', now: NOW });
    const later = new Date(NOW.getTime() + 2 * 24 * 3600 * 1000);
    const next = await drainChannel(channel, cursor, { syncId: 'w2', now: later });
    const parents = (next.cursor as { parents: { createdAt: string }[] }).parents;
    const windowStart = new Date(later.getTime() - 3 * 24 * 3600 * 1000).toISOString();
    assert.ok(parents.length > 0);
    assert.ok(parents.every((p) => p.createdAt >= windowStart));
    const streams = Object.keys((next.cursor as { streams: Record<string, unknown> }).streams);
    assert.equal(streams.length, 1 + parents.length);
  });
});

describe('Facebook faults on the read paths', () => {
  const cases = FAULT_KINDS;
  for (const [fault, kind] of cases) {
    for (const path of [/\/feed$/, /_\d+\/comments$/]) {
      it(`${fault} on ${path.source} is ${kind}, and the next drain loses nothing`, async () => {
        const fake = await startFakeFacebook({ now: NOW });
        try {
          const channel = channelOf(fake, { timeoutMs: 1000 });
          fake.server.inject(path, { kind: fault } as Fault);
          const before = Date.now();
          const { error, records } = await drainThroughFault(channel, NOW);
          assert.equal(error.kind, kind);
          if (fault === 'rate_limited') {
            const wait = (error.retryAt?.getTime() ?? 0) - before;
            assert.ok(
              Math.abs(wait - FAKE_REGAIN_MINUTES * 60_000) < 5_000,
              `retryAt ${error.retryAt?.toISOString()}`,
            );
          }
          assert.doesNotMatch(error.where, /EAAG/, 'the token must not show in errors');
          assert.deepEqual(idsOf(records), [...fake.messageIds()].sort());
        } finally {
          await fake.close();
        }
      });
    }
  }

  it('fails on page 2 of the feed and resumes there', async () => {
    const fake = await startFakeFacebook({ now: NOW, pageSize: 3 });
    try {
      const channel = channelOf(fake);
      const feedPages = () => fake.server.requestsTo(/\/feed$/).length;
      const stepped = await drainStepping(channel, null, {
        syncId: 'p',
        now: NOW,
        beforePage: () => {
          if (feedPages() === 1) fake.server.inject(/\/feed$/, { kind: 'server_error' });
        },
      });
      assert.equal(stepped.error?.kind, 'transient');
      const walk = (stepped.cursor as { streams: { feed: { walk: { next: string } } } }).streams.feed.walk;
      assert.match(walk.next, /after=/);
      assert.doesNotMatch(walk.next, /access_token/);
      const resumed = await drainChannel(channel, stepped.cursor, { syncId: 'p', now: NOW });
      assert.equal(resumed.error, null);
      assert.deepEqual(idsOf([...stepped.records, ...resumed.records]), [...fake.messageIds()].sort());
      // The resumed walk asked for page 2 again, not page 1.
      const feedAsked = fake.server.requestsTo(/\/feed$/).map((r) => r.url.searchParams.has('after'));
      assert.deepEqual(feedAsked.slice(0, 3), [false, true, true]);
    } finally {
      await fake.close();
    }
  });

  it('fails on page 2 of a post’s comments and resumes there', async () => {
    const fake = await startFakeFacebook({ now: NOW, pageSize: 3 });
    try {
      const channel = channelOf(fake);
      const busiest = fake.posts[1]?.id as string;
      const path = new RegExp(`/${busiest}/comments$`);
      const stepped = await drainStepping(channel, null, {
        syncId: 'q',
        now: NOW,
        beforePage: () => {
          if (fake.server.requestsTo(path).length === 1) fake.server.inject(path, { kind: 'rate_limited' });
        },
      });
      assert.equal(stepped.error?.kind, 'rate_limited');
      const resumed = await drainChannel(channel, stepped.cursor, { syncId: 'q', now: NOW });
      assert.equal(resumed.error, null);
      assert.deepEqual(idsOf([...stepped.records, ...resumed.records]), [...fake.messageIds()].sort());
    } finally {
      await fake.close();
    }
  });

  it('keeps the rest of a page when one item drifted, rejecting it by the field', async () => {
    const fake = await startFakeFacebook({ now: NOW, pageSize: 3 });
    try {
      const drifted = fake.posts[2]?.id as string;
      fake.server.inject(/\/feed$/, {
        kind: 'drift',
        change: (body) => {
          const b = body as { data: Record<string, unknown>[] };
          const item = b.data.find((x) => x.id === drifted) as Record<string, unknown>;
          item.created = item.created_time;
          delete item.created_time;
          return b;
        },
      });
      const { records, error } = await drainChannel(channelOf(fake), null, { syncId: 'd', now: NOW });
      assert.equal(error, null);
      const rejects = rejectsOf(records);
      assert.equal(rejects.length, 1);
      assert.equal(rejects[0]?.code, 'missing_field');
      assert.equal(rejects[0]?.reason, 'created_time is missing');
      assert.match(
        rejects[0]?.location ?? '',
        /^GET http:\/\/127\.0\.0\.1:\d+\/v26\.0\/\d+\/feed\?.*access_token=%E2%80%A6 \[\d\]$/,
      );
      assert.deepEqual(
        idsOf(records),
        fake
          .messageIds()
          .filter((id) => id !== drifted)
          .sort(),
      );
    } finally {
      await fake.close();
    }
  });
});

describe('Facebook real page payloads through the fake', () => {
  it('drains Meta’s developer page feed (two real pages) and one post’s real comments', async () => {
    const fake = await startFakeFacebook({ now: NOW });
    try {
      const channel = channelOf(fake, { pageId: REAL_PAGE_ID, historyDays: 3650 });
      const identity = await channel.identify();
      assert.deepEqual(identity, {
        platformUserId: REAL_PAGE_ID,
        handle: 'FacebookforDevelopers',
        displayName: 'Facebook for Developers',
      });
      const feed = await drainChannel(channel, null, { syncId: 'r1', now: new Date('2021-07-12T00:00:00Z') });
      assert.equal(feed.error, null);
      assert.equal(idsOf(feed.records).length, 10);
      // A cursor that knows the commented post (as the feed of August 2021 would have left it).
      const cursor = {
        streams: {},
        parents: [{ id: REAL_COMMENTED_POST, createdAt: '2021-08-10T16:00:00.000Z', authorId: REAL_PAGE_ID }],
      };
      const comments = await drainChannel(channel, cursor, {
        syncId: 'r2',
        now: new Date('2021-08-15T00:00:00Z'),
      });
      assert.equal(comments.error, null);
      const fromComments = messagesOf(comments.records).filter((m) => m.kind === 'comment');
      assert.equal(fromComments.length, 15);
      assert.ok(
        fromComments.every((m) => m.recipientId === REAL_PAGE_ID && m.author.id.startsWith('anonymous:')),
      );
      // The second page was asked on the fake's host with the path Meta's `next` named.
      assert.ok(fake.server.requestsTo(/^\/v11\.0\/19292868552_10158407654328553\/comments$/).length >= 1);
    } finally {
      await fake.close();
    }
  });
});
