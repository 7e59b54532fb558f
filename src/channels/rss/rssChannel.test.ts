import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChannelCursor } from '../channel.ts';
import { drainChannel } from '../drain.ts';
import type { Fault } from '../fakeServer.ts';
import { type FakeRss, startFakeRss } from './fakeServer.ts';
import { rssAdapter } from './index.ts';
import type { RssChannel } from './rssChannel.ts';
import { messageIds, messagesOf, rejectsOf } from './testSupport.ts';

const NOW = new Date('2026-03-10T12:00:00Z');
const host = { saveSecrets: async () => {} };

function channelOf(fake: FakeRss, overrides: Record<string, unknown> = {}): RssChannel {
  return rssAdapter.create(
    rssAdapter.parseSettings({ ...fake.settings, ...overrides }),
    {},
    host,
  ) as RssChannel;
}

function drain(channel: RssChannel, cursor: ChannelCursor | null, syncId: string, maxPages?: number) {
  return drainChannel(channel, cursor, { syncId, now: NOW, ...(maxPages ? { maxPages } : {}) });
}

for (const format of ['rss', 'atom'] as const) {
  describe(`${format} feed: a full sync and the next`, () => {
    let fake: FakeRss;
    let channel: RssChannel;
    let cursor: ChannelCursor | null = null;
    before(async () => {
      fake = await startFakeRss({ format, now: NOW });
      channel = channelOf(fake);
    });
    after(() => fake.close());

    it('identifies the feed: its address, host and path, its title', async () => {
      const identity = await channel.identify();
      assert.equal(identity.platformUserId, fake.settings.feedUrl);
      assert.equal(
        identity.handle,
        new URL(fake.settings.feedUrl as string).host + new URL(fake.settings.feedUrl as string).pathname,
      );
      assert.equal(
        identity.displayName,
        format === 'rss' ? 'Gemeente Lindenwaard – Nieuws' : 'Lindenwaarder Courant – Regio',
      );
    });

    it('reads every item as a post of the feed, nothing inbound', async () => {
      const result = await drain(channel, null, 'sync-1');
      assert.equal(result.error, null);
      assert.equal(result.pages, format === 'rss' ? 1 : 3, 'the Atom feed is paged by 10 (RFC 5005)');
      assert.deepEqual(rejectsOf(result.records), []);
      assert.deepEqual(messageIds(result.records).sort(), fake.messageIds().sort());
      for (const message of messagesOf(result.records)) {
        assert.equal(message.kind, 'post');
        assert.equal(message.author.id, fake.settings.feedUrl);
        assert.equal(message.inReplyTo, null);
        assert.equal(message.recipientId, null);
      }
      assert.deepEqual(fake.inboundIds(), []);
      const hostile = messagesOf(result.records).find((m) => m.text.includes('DROP TABLE'));
      assert.equal(
        hostile?.text,
        "Raadsvragen over formulier: '; DROP TABLE messages; -- en <script>alert(1)</script>\n\n" +
          "Een inwoner vulde ' OR '1'='1 in op het meldformulier.\nHet college antwoordt: er is niets gelekt.",
      );
      const ijs = messagesOf(result.records).find((m) => m.text.startsWith('Ĳsbaan'));
      assert.equal(
        ijs?.text.split('\n\n')[1],
        'Café & ijsbaan: de Ĳsvogel is open. Entree €\u00a02,50, kinderen gratis.',
      );
      cursor = result.cursor;
    });

    it('reads nothing the next time: the feed answers 304 to the conditional GET', async () => {
      const before = fake.server.requests.length;
      const result = await drain(channel, cursor, 'sync-2');
      assert.equal(result.error, null);
      assert.deepEqual(result.records, []);
      const request = fake.server.requests[before];
      assert.ok(request?.headers['if-none-match'], 'the stored ETag is sent');
      assert.ok(request?.headers['if-modified-since'], 'and the Last-Modified');
      assert.equal(fake.server.requests.length, before + 1, 'one request, no walk');
      cursor = result.cursor;
    });

    it('reads a rebuilt feed without new items as nothing new', async () => {
      fake.touch();
      const result = await drain(channel, cursor, 'sync-3');
      assert.equal(result.error, null);
      assert.deepEqual(result.records, []);
      cursor = result.cursor;
    });

    it('reads exactly the new item of an edited feed', async () => {
      const id = fake.addInbound('Nieuwe openingstijden van het gemeentehuis');
      const result = await drain(channel, cursor, 'sync-4');
      assert.equal(result.error, null);
      assert.deepEqual(messageIds(result.records), [id]);
      assert.equal(
        messagesOf(result.records)[0]?.text,
        'Nieuwe openingstijden van het gemeentehuis\n\nNieuwe openingstijden van het gemeentehuis',
      );
      const again = await drain(channel, result.cursor, 'sync-5');
      assert.deepEqual(again.records, []);
    });
  });
}

describe('a server without validators', () => {
  it('is read whole each time, and still only new items come through', async () => {
    const fake = await startFakeRss({ now: NOW, validators: false });
    try {
      const channel = channelOf(fake);
      const first = await drain(channel, null, 's1');
      assert.equal(messageIds(first.records).length, 24);
      const second = await drain(channel, first.cursor, 's2');
      assert.deepEqual(second.records, []);
      assert.equal(fake.server.requests.at(-1)?.headers['if-none-match'], undefined);
      const id = fake.addInbound('Raadsvergadering verplaatst naar dinsdag');
      const third = await drain(channel, second.cursor, 's3');
      assert.deepEqual(messageIds(third.records), [id]);
    } finally {
      await fake.close();
    }
  });
});

interface FaultCase {
  fault: (fake: FakeRss) => Fault;
  kind: string | null;
  settings?: Record<string, unknown>;
}

const FAULTS: Record<string, FaultCase> = {
  rate_limited: { fault: () => ({ kind: 'rate_limited' }), kind: 'rate_limited' },
  revoked: { fault: () => ({ kind: 'revoked' }), kind: 'auth' },
  server_error: { fault: () => ({ kind: 'server_error' }), kind: 'transient' },
  timeout: { fault: () => ({ kind: 'timeout' }), kind: 'transient', settings: { timeoutMs: 1000 } },
  truncated: { fault: () => ({ kind: 'truncated' }), kind: 'malformed' },
  garbage: { fault: () => ({ kind: 'garbage' }), kind: 'malformed' },
  truncatedXml: { fault: (fake) => ({ kind: 'drift', change: fake.drift.truncatedXml }), kind: 'malformed' },
};

for (const format of ['rss', 'atom'] as const) {
  describe(`${format} feed: faults on the read`, () => {
    for (const [name, { fault, kind, settings }] of Object.entries(FAULTS)) {
      it(`${name} → ${kind}, and the next sync reads everything`, async () => {
        const fake = await startFakeRss({ format, now: NOW });
        try {
          const channel = channelOf(fake, settings);
          fake.server.inject(fake.readPaths, fault(fake));
          const failed = await drain(channel, null, 's1');
          assert.equal(failed.error?.kind, kind);
          assert.deepEqual(failed.records, []);
          assert.equal(failed.cursor, null, 'the cursor stays where it was');
          if (name === 'rate_limited')
            assert.equal(failed.error?.retryAt?.toISOString(), '2026-03-10T12:02:00.000Z');
          if (name === 'revoked') assert.equal(failed.error?.status, 401);
          const retried = await drain(channel, failed.cursor, 's2');
          assert.equal(retried.error, null);
          assert.deepEqual(messageIds(retried.records).sort(), fake.messageIds().sort());
        } finally {
          await fake.close();
        }
      });
    }

    it('drift: an item without its date is a reject naming the field, the rest is kept', async () => {
      const fake = await startFakeRss({ format, now: NOW });
      try {
        const channel = channelOf(fake);
        fake.server.inject(fake.readPaths, { kind: 'drift', change: fake.drift.withoutDate });
        const drifted = await drain(channel, null, 's1');
        assert.equal(drifted.error, null);
        const rejects = rejectsOf(drifted.records);
        assert.equal(rejects.length, 1);
        assert.equal(rejects[0]?.code, 'missing_field');
        assert.equal(
          rejects[0]?.reason,
          format === 'rss' ? 'pubDate (or dc:date) is missing' : 'published or updated is missing',
        );
        assert.match(rejects[0]?.location ?? '', /^GET http:\/\/127\.0\.0\.1:\d+\/.+ \[0\]$/);
        const all = fake.messageIds();
        assert.deepEqual(messageIds(drifted.records).sort(), all.slice(1).sort());
        // The publisher puts the date back: the feed changes, and the item comes through.
        fake.touch();
        const fixed = await drain(channel, drifted.cursor, 's2');
        assert.deepEqual(messageIds(fixed.records), [all[0]]);
      } finally {
        await fake.close();
      }
    });

    it('drift: an item without guid and link is kept, without a url', async () => {
      const fake = await startFakeRss({ format, now: NOW });
      try {
        fake.server.inject(fake.readPaths, { kind: 'drift', change: fake.drift.withoutLink });
        const result = await drain(channelOf(fake), null, 's1');
        assert.deepEqual(rejectsOf(result.records), []);
        const first = messagesOf(result.records)[0];
        assert.equal(first?.url, null);
        if (format === 'rss') assert.match(first?.platformId ?? '', /#sha256:[0-9a-f]{32}$/);
        else assert.equal(first?.platformId, fake.messageIds()[0], 'the Atom id stays');
        assert.equal(messageIds(result.records).length, fake.messageIds().length);
      } finally {
        await fake.close();
      }
    });
  });
}

describe('a paged Atom feed (RFC 5005)', () => {
  it('resumes a walk whose second page failed, losing nothing', async () => {
    const fake = await startFakeRss({ format: 'atom', now: NOW });
    try {
      const channel = channelOf(fake);
      const first = await drain(channel, null, 's1', 1);
      assert.equal(messageIds(first.records).length, 10);
      assert.ok((first.cursor as { walk: unknown }).walk, 'the walk is in the cursor');
      fake.server.inject(fake.readPaths, { kind: 'server_error' });
      const failed = await drain(channel, first.cursor, 's1');
      assert.equal(failed.error?.kind, 'transient');
      assert.deepEqual(failed.cursor, first.cursor);
      assert.match(fake.server.requests.at(-1)?.url.search ?? '', /page=2/);
      const resumed = await drain(channel, failed.cursor, 's1');
      assert.equal(resumed.error, null);
      const union = [...messageIds(first.records), ...messageIds(resumed.records)];
      assert.deepEqual(union.sort(), fake.messageIds().sort());
      assert.equal(new Set(union).size, union.length, 'nothing read twice');
    } finally {
      await fake.close();
    }
  });

  it('a walk left in an earlier sync is finished, then the feed is read from the top again', async () => {
    const fake = await startFakeRss({ format: 'atom', now: NOW });
    try {
      const channel = channelOf(fake);
      const first = await drain(channel, null, 's1', 1);
      const id = fake.addInbound('Kermis op het Kerkplein gaat door');
      const next = await drain(channel, first.cursor, 's2');
      assert.equal(next.error, null);
      const union = new Set([...messageIds(first.records), ...messageIds(next.records)]);
      assert.ok(union.has(id), 'the new item of the top page, read after the walk');
      assert.deepEqual([...union].sort(), fake.messageIds().sort());
      const pages = fake.server.requests.slice(-3).map((r) => r.url.search);
      assert.deepEqual(pages, ['?page=2', '?page=3', '']);
    } finally {
      await fake.close();
    }
  });

  it('stops at the history horizon on a first sync', async () => {
    const fake = await startFakeRss({ format: 'atom', now: NOW, count: 40 });
    try {
      // 40 items reach back about ten days; a horizon of three days needs the first two pages.
      const result = await drain(channelOf(fake, { historyDays: 3 }), null, 's1');
      assert.equal(result.pages, 2);
      const horizon = NOW.getTime() - 3 * 24 * 3600 * 1000;
      const within = fake.items().filter((item) => item.date.getTime() >= horizon);
      assert.equal(messageIds(result.records).length, within.length);
    } finally {
      await fake.close();
    }
  });
});

describe('addresses', () => {
  it('follows an http redirect, and keeps the configured address as the account', async () => {
    const fake = await startFakeRss({ now: NOW });
    try {
      const channel = channelOf(fake, { feedUrl: `${fake.server.url}/verhuisd.xml` });
      const identity = await channel.identify();
      assert.equal(identity.platformUserId, `${fake.server.url}/verhuisd.xml`);
      const result = await drain(channel, null, 's1');
      assert.equal(messageIds(result.records).length, 24);
    } finally {
      await fake.close();
    }
  });

  it('refuses a redirect to a file: address', async () => {
    const fake = await startFakeRss({ now: NOW });
    try {
      const channel = channelOf(fake, { feedUrl: `${fake.server.url}/naar-bestand.xml` });
      await assert.rejects(channel.identify(), { name: 'ChannelError', kind: 'unknown' });
      const result = await drain(channel, null, 's1');
      assert.equal(result.error?.kind, 'unknown');
      assert.match(result.error?.message ?? '', /not http or https/);
    } finally {
      await fake.close();
    }
  });

  it('refuses a feed larger than the limit as malformed', async () => {
    const fake = await startFakeRss({ now: NOW });
    try {
      const result = await drain(channelOf(fake, { feedUrl: `${fake.server.url}/groot.xml` }), null, 's1');
      assert.equal(result.error?.kind, 'malformed');
      assert.match(result.error?.message ?? '', /bytes, more than/);
    } finally {
      await fake.close();
    }
  });

  it('classifies a feed that is gone as not_found', async () => {
    const fake = await startFakeRss({ now: NOW });
    try {
      const result = await drain(
        channelOf(fake, { feedUrl: `${fake.server.url}/bestaat-niet.xml` }),
        null,
        's1',
      );
      assert.equal(result.error?.kind, 'not_found');
    } finally {
      await fake.close();
    }
  });
});
