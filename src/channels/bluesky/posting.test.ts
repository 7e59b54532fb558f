import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChannelError } from '../errors.ts';
import { GEMEENTE, RESIDENTS } from './fakeScenario.ts';
import { type FakeBluesky, startFakeBluesky } from './fakeServer.ts';
import { rkeyFor } from './posting.ts';
import { channelOn } from './testSupport.ts';

const TID = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;

function postBy(fake: FakeBluesky, handle: string, startsWith: string): string {
  const post = [...fake.world.posts.values()].find(
    (p) => p.author.handle === handle && String(p.record.text).startsWith(startsWith),
  );
  assert.ok(post, startsWith);
  return post.uri;
}

describe('Bluesky replies, posts and snapshots', () => {
  let fake: FakeBluesky;
  before(async () => {
    fake = await startFakeBluesky();
  });
  after(() => fake.close());

  it('derives a valid TID record key from the idempotency key, the same every time', () => {
    assert.match(rkeyFor('reply-42'), TID);
    assert.equal(rkeyFor('reply-42'), rkeyFor('reply-42'));
    assert.notEqual(rkeyFor('reply-42'), rkeyFor('reply-43'));
  });

  it('replies to a resident with parent and root, a resolved mention facet and the language', async () => {
    const target = postBy(fake, 'fatima-elamrani.bsky.social', '@joostbakker');
    const root = postBy(fake, GEMEENTE.handle, '🎄');
    const text =
      '@fatima-elamrani.bsky.social @joostbakker.bsky.social Klopt! Beide milieustraten 🎄 @onbekend.bsky.social';
    const sent = await channelOn(fake).reply?.({ platformId: target, authorHandle: null }, text, {
      idempotencyKey: 'r-1',
    });
    const rkey = rkeyFor('r-1');
    assert.equal(sent?.platformId, `at://${GEMEENTE.did}/app.bsky.feed.post/${rkey}`);
    assert.equal(sent?.url, `https://bsky.app/profile/${GEMEENTE.handle}/post/${rkey}`);
    const record = fake.sent.at(-1)?.record as Record<string, unknown> & {
      reply: { root: { uri: string }; parent: { uri: string; cid: string } };
    };
    assert.equal(fake.sent.at(-1)?.rkey, rkey);
    assert.equal(record.reply.parent.uri, target);
    assert.equal(record.reply.parent.cid, fake.world.posts.get(target)?.cid);
    assert.equal(record.reply.root.uri, root);
    assert.deepEqual(record.langs, ['nl']);
    assert.equal(record.text, text);
    const facets = record.facets as {
      index: { byteStart: number; byteEnd: number };
      features: { did: string }[];
    }[];
    // Two residents resolved to their DIDs; the unknown handle stays plain text.
    assert.deepEqual(
      facets.map((f) => f.features[0]?.did),
      [RESIDENTS[3]?.did, RESIDENTS[2]?.did],
    );
    const second = Buffer.from(text)
      .subarray(facets[1]?.index.byteStart, facets[1]?.index.byteEnd)
      .toString();
    assert.equal(second, '@joostbakker.bsky.social');
  });

  it('never posts twice for one idempotency key, also from a new channel after a lost answer', async () => {
    const target = postBy(fake, 'mehmetyilmaz.bsky.social', '@gemeente');
    const count = fake.sent.length;
    const first = await channelOn(fake).reply?.({ platformId: target, authorHandle: null }, 'Opgelost!', {
      idempotencyKey: 'r-2',
    });
    const again = await channelOn(fake).reply?.({ platformId: target, authorHandle: null }, 'Opgelost!', {
      idempotencyKey: 'r-2',
    });
    assert.equal(again?.platformId, first?.platformId);
    assert.equal(fake.sent.length, count + 1);
    // An answer that arrives mangled after the post was made: the post found at its key is the answer.
    fake.server.inject(/createRecord$/, { kind: 'drift', change: () => '<html>Bad gateway</html>' });
    const mangled = await channelOn(fake).publish?.(
      { text: 'Nieuwe afvalkalender online.' },
      { idempotencyKey: 'p-lost' },
    );
    assert.equal(mangled?.platformId, `at://${GEMEENTE.did}/app.bsky.feed.post/${rkeyFor('p-lost')}`);
    assert.equal(fake.sent.length, count + 2);
    // Looked up twice: after the repeated reply and after the mangled answer.
    assert.equal(fake.server.requestsTo(/getRecord$/).length, 2);
  });

  it('retries a reply that timed out without a second post', async () => {
    const target = postBy(fake, 'lottesmit.bsky.social', 'Dank voor de snelle');
    const count = fake.sent.length;
    fake.server.inject(/createRecord$/, { kind: 'timeout' });
    const slow = channelOn(fake, { settings: { timeoutMs: 1000 } });
    await assert.rejects(
      slow.reply?.({ platformId: target, authorHandle: null }, 'Graag gedaan!', { idempotencyKey: 'r-3' }) ??
        Promise.reject(),
      (e: unknown) => e instanceof ChannelError && e.kind === 'transient',
    );
    const sent = await slow.reply?.({ platformId: target, authorHandle: null }, 'Graag gedaan!', {
      idempotencyKey: 'r-3',
    });
    assert.equal(sent?.platformId, `at://${GEMEENTE.did}/app.bsky.feed.post/${rkeyFor('r-3')}`);
    assert.equal(fake.sent.length, count + 1);
  });

  it('publishes a post, with images uploaded as blobs', async () => {
    const sent = await channelOn(fake).publish?.(
      {
        text: 'Het nieuwe stadhuis is geopend! #wolderveen',
        media: [{ url: `${fake.server.url}/media/stadhuis.png`, altText: 'Het stadhuis', kind: 'image' }],
      },
      { idempotencyKey: 'p-1' },
    );
    const record = fake.sent.at(-1)?.record as Record<string, unknown>;
    assert.equal(sent?.platformId, fake.sent.at(-1)?.uri);
    assert.equal(record.reply, undefined);
    const embed = record.embed as {
      $type: string;
      images: { alt: string; image: { $type: string; mimeType: string } }[];
    };
    assert.equal(embed.$type, 'app.bsky.embed.images');
    assert.deepEqual(
      embed.images.map((i) => [i.alt, i.image.$type, i.image.mimeType]),
      [['Het stadhuis', 'blob', 'image/png']],
    );
    assert.deepEqual(
      (record.facets as { features: { tag?: string }[] }[]).map((f) => f.features[0]?.tag),
      ['wolderveen'],
    );
    // The post is read back as the gemeente's own.
    assert.ok(fake.messageIds().includes(sent?.platformId ?? ''));
  });

  it('refuses what Bluesky cannot take before asking it', async () => {
    const channel = channelOn(fake);
    const count = fake.server.requestsTo(/createRecord$/).length;
    const refused = async (p: Promise<unknown> | undefined, kind: string, message: RegExp) =>
      assert.rejects(
        p ?? Promise.reject(),
        (e: unknown) => e instanceof ChannelError && e.kind === kind && message.test(e.message),
      );
    await refused(
      channel.publish?.({ text: 'é'.repeat(301) }, { idempotencyKey: 'x1' }),
      'invalid_request',
      /301 characters/,
    );
    await refused(
      channel.publish?.({ text: 'Alleen volgers', visibility: 'followers' }, { idempotencyKey: 'x2' }),
      'invalid_request',
      /followers/,
    );
    await refused(
      channel.publish?.(
        { text: 'Video', media: [{ url: `${fake.server.url}/media/a.png`, altText: 'x', kind: 'video' }] },
        { idempotencyKey: 'x3' },
      ),
      'invalid_request',
      /videos/,
    );
    await refused(
      channel.reply?.({ platformId: `repost:${GEMEENTE.did}:at://x`, authorHandle: null }, 'Hoi', {
        idempotencyKey: 'x4',
      }),
      'not_found',
      /repost/,
    );
    await refused(
      channel.reply?.(
        { platformId: `at://${GEMEENTE.did}/app.bsky.feed.post/3zzzzzzzzzzzz`, authorHandle: null },
        'Hoi',
        { idempotencyKey: 'x5' },
      ),
      'not_found',
      /no longer exists/,
    );
    assert.equal(fake.server.requestsTo(/createRecord$/).length, count);
    // 300 characters of two bytes each is within both limits.
    const long = await channel.publish?.({ text: 'é'.repeat(300) }, { idempotencyKey: 'x6' });
    assert.ok(long?.platformId);
  });

  it('classifies a refused or limited post', async () => {
    const channel = channelOn(fake);
    fake.server.inject(/createRecord$/, { kind: 'rate_limited' });
    const limited = await channel
      .publish?.({ text: 'Eén' }, { idempotencyKey: 'e-1' })
      .catch((e: unknown) => e);
    assert.ok(limited instanceof ChannelError);
    assert.equal(limited.kind, 'rate_limited');
    assert.equal(limited.retryAt?.getTime(), (fake.lastRateLimitReset ?? 0) * 1000);
    fake.server.inject(/createRecord$/, { kind: 'revoked' });
    await assert.rejects(
      channel.publish?.({ text: 'Twee' }, { idempotencyKey: 'e-2' }) ?? Promise.reject(),
      (e: unknown) => e instanceof ChannelError && e.kind === 'auth',
    );
  });

  it('takes a snapshot of the counts', async () => {
    const counts = await channelOn(fake).snapshot?.();
    const own = [...fake.world.posts.values()].filter((p) => p.author.did === GEMEENTE.did).length;
    assert.deepEqual([counts?.followers, counts?.following, counts?.posts], [1843, 96, own]);
    assert.ok(counts && Math.abs(counts.takenAt.getTime() - Date.now()) < 60_000);
  });
});
