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
import { startFakeInstagram } from './fakeServer.ts';
import { instagramAdapter } from './index.ts';
import { anonymousAuthorId } from './mapping.ts';
import { GEMEENTE_ACCOUNT } from './scenario.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
type Fake = Awaited<ReturnType<typeof startFakeInstagram>>;

/** A token renewed yesterday, so reads do not renew it (renewal has a test of its own). */
function channelOf(fake: Fake, settings: Record<string, unknown> = {}, saved: Record<string, string>[] = []) {
  const host: ChannelHost = { saveSecrets: async (secrets) => void saved.push(secrets) };
  const secrets = {
    ...fake.secrets,
    accessTokenRefreshedAt: new Date(Date.now() - 24 * 3600 * 1000).toISOString(),
  };
  return instagramAdapter.create(
    instagramAdapter.parseSettings({ ...fake.settings, ...settings }),
    secrets,
    host,
  );
}

describe('Instagram read against the fake API', () => {
  let fake: Fake;
  before(async () => {
    fake = await startFakeInstagram({ now: NOW });
  });
  after(() => fake.close());

  it('drains media, tags, comments and replies with the inbound facts and threads right', async () => {
    const { records, error } = await drainChannel(channelOf(fake), null, { syncId: 's1', now: NOW });
    assert.equal(error, null);
    assert.deepEqual(rejectsOf(records), []);
    assert.deepEqual(idsOf(records), [...fake.messageIds()].sort());
    const messages = messagesOf(records);
    const account = { id: GEMEENTE_ACCOUNT.userId, handle: GEMEENTE_ACCOUNT.username };
    assert.deepEqual(inboundTo(messages, account), [...fake.inboundIds()].sort());
    const byId = new Map(messages.map((m) => [m.platformId, m]));
    for (const comment of fake.comments) {
      const m = byId.get(comment.id);
      const parent = comment.parentId ? fake.comments.find((c) => c.id === comment.parentId) : null;
      const parentAuthor = parent && (parent.hideFrom ? anonymousAuthorId(parent.id) : parent.from.id);
      const expected = parent
        ? { id: parent.id, authorId: parentAuthor }
        : { id: comment.mediaId, authorId: GEMEENTE_ACCOUNT.userId };
      assert.deepEqual(m?.inReplyTo, expected, comment.id);
      const own = comment.from.id === GEMEENTE_ACCOUNT.userId;
      assert.equal(m?.kind, own ? 'reply' : 'comment');
      assert.equal(
        m?.author.id,
        own ? GEMEENTE_ACCOUNT.userId : comment.hideFrom ? anonymousAuthorId(comment.id) : comment.from.id,
      );
    }
    for (const tagged of fake.tagged) {
      assert.ok(byId.get(tagged.id)?.mentions?.includes(GEMEENTE_ACCOUNT.username));
    }
  });

  it('reads only repeats from the cursor, then the comment added since', async () => {
    const channel = channelOf(fake);
    const first = await drainChannel(channel, null, { syncId: 'a', now: NOW });
    const again = await drainChannel(channel, first.cursor, { syncId: 'b', now: NOW });
    assert.equal(again.error, null);
    const known = new Set(idsOf(first.records));
    assert.ok(idsOf(again.records).every((id) => known.has(id)));
    // Of media and tags only the newest (at the marks) is read again; the comments of recent
    // media are read whole again (replies come late).
    const posts = messagesOf(again.records).filter((m) => m.kind === 'post');
    assert.deepEqual(posts.map((m) => m.platformId).sort(), [fake.media[0]?.id, fake.tagged[0]?.id].sort());
    const added = fake.addInbound('Is het zwembad in de kerstvakantie open?');
    const third = await drainChannel(channel, again.cursor, { syncId: 'c', now: NOW });
    assert.deepEqual(
      idsOf(third.records).filter((id) => !known.has(id)),
      [added],
    );
  });

  it('renews a token of unknown age once and stores it', async () => {
    const saved: Record<string, string>[] = [];
    const host: ChannelHost = { saveSecrets: async (secrets) => void saved.push(secrets) };
    const channel = instagramAdapter.create(
      instagramAdapter.parseSettings(fake.settings),
      fake.secrets,
      host,
    );
    await channel.identify();
    await channel.snapshot?.();
    assert.equal(saved.length, 1);
    assert.match(saved[0]?.accessToken ?? '', /^IGAAfakeZuidhovenToken-r/);
    assert.ok(Date.now() - Date.parse(saved[0]?.accessTokenRefreshedAt ?? '') < 60_000);
    const renewals = fake.server.requestsTo(/refresh_access_token$/);
    assert.equal(renewals.length, 1);
    assert.equal(renewals[0]?.url.searchParams.get('grant_type'), 'ig_refresh_token');
    // The renewed token is the one used from then on.
    assert.equal(fake.server.requests.at(-1)?.url.searchParams.get('access_token'), saved[0]?.accessToken);
  });

  it('reads on when renewal fails: the old token still works', async () => {
    const saved: Record<string, string>[] = [];
    fake.server.inject(/refresh_access_token$/, { kind: 'server_error' });
    const channel = instagramAdapter.create(instagramAdapter.parseSettings(fake.settings), fake.secrets, {
      saveSecrets: async (s) => void saved.push(s),
    });
    assert.equal((await channel.identify()).handle, GEMEENTE_ACCOUNT.username);
    assert.deepEqual(saved, []);
  });
});

describe('Instagram faults on the read paths', () => {
  const cases = FAULT_KINDS;
  for (const [fault, kind] of cases) {
    for (const path of [/\/media$/, /\/tags$/, /\/comments$/]) {
      it(`${fault} on ${path.source} is ${kind}, and the next drain loses nothing`, async () => {
        const fake = await startFakeInstagram({ now: NOW });
        try {
          fake.server.inject(path, { kind: fault } as Fault);
          const before = Date.now();
          const { error, records } = await drainThroughFault(channelOf(fake, { timeoutMs: 1000 }), NOW);
          assert.equal(error.kind, kind);
          if (fault === 'rate_limited') {
            const wait = (error.retryAt?.getTime() ?? 0) - before;
            assert.ok(
              Math.abs(wait - FAKE_REGAIN_MINUTES * 60_000) < 5_000,
              `retryAt ${error.retryAt?.toISOString()}`,
            );
          }
          assert.doesNotMatch(error.where, /IGAA/);
          assert.deepEqual(idsOf(records), [...fake.messageIds()].sort());
        } finally {
          await fake.close();
        }
      });
    }
  }

  it('fails on page 2 of the media and resumes there', async () => {
    const fake = await startFakeInstagram({ now: NOW, pageSize: 3 });
    try {
      const channel = channelOf(fake);
      const stepped = await drainStepping(channel, null, {
        syncId: 'p',
        now: NOW,
        beforePage: () => {
          if (fake.server.requestsTo(/\/media$/).length === 1)
            fake.server.inject(/\/media$/, { kind: 'revoked' });
        },
      });
      assert.equal(stepped.error?.kind, 'auth');
      const resumed = await drainChannel(channel, stepped.cursor, { syncId: 'p', now: NOW });
      assert.equal(resumed.error, null);
      assert.deepEqual(idsOf([...stepped.records, ...resumed.records]), [...fake.messageIds()].sort());
      const asked = fake.server.requestsTo(/\/media$/).map((r) => r.url.searchParams.has('after'));
      assert.deepEqual(asked.slice(0, 3), [false, true, true]);
    } finally {
      await fake.close();
    }
  });

  it('fails on page 2 of a media’s comments and resumes there', async () => {
    const fake = await startFakeInstagram({ now: NOW, pageSize: 2 });
    try {
      const channel = channelOf(fake, { timeoutMs: 1000 });
      const busy = fake.media[2]?.id as string;
      const path = new RegExp(`/${busy}/comments$`);
      const stepped = await drainStepping(channel, null, {
        syncId: 'q',
        now: NOW,
        beforePage: () => {
          if (fake.server.requestsTo(path).length === 1) fake.server.inject(path, { kind: 'timeout' });
        },
      });
      assert.equal(stepped.error?.kind, 'transient');
      const resumed = await drainChannel(channel, stepped.cursor, { syncId: 'q', now: NOW });
      assert.equal(resumed.error, null);
      assert.deepEqual(idsOf([...stepped.records, ...resumed.records]), [...fake.messageIds()].sort());
      assert.ok(fake.server.requestsTo(path).some((r) => r.url.searchParams.has('after')));
    } finally {
      await fake.close();
    }
  });

  it('keeps the rest of a comment page when one reply drifted', async () => {
    const fake = await startFakeInstagram({ now: NOW });
    try {
      const first = fake.media[0]?.id as string;
      fake.server.inject(new RegExp(`/${first}/comments$`), {
        kind: 'drift',
        change: (body) => {
          const b = body as { data: { replies?: { data: Record<string, unknown>[] } }[] };
          const reply = b.data.find((c) => c.replies)?.replies?.data[0] as Record<string, unknown>;
          reply.created_at = reply.timestamp;
          delete reply.timestamp;
          return b;
        },
      });
      const { records, error } = await drainChannel(channelOf(fake), null, { syncId: 'd', now: NOW });
      assert.equal(error, null);
      const rejects = rejectsOf(records);
      assert.equal(rejects.length, 1);
      assert.equal(rejects[0]?.reason, 'timestamp is missing');
      assert.match(rejects[0]?.location ?? '', /\/comments\?.* \[\d\]\.replies\[0\]$/);
      assert.equal(idsOf(records).length, fake.messageIds().length - 1);
    } finally {
      await fake.close();
    }
  });
});
