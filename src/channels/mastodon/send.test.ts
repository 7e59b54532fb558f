import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';
import { drainChannel } from '../drain.ts';
import { ChannelError, type ChannelErrorKind } from '../errors.ts';
import { type FakeMastodon, startFakeMastodon } from './fakeServer.ts';
import type { FakeStatus } from './fakeWorld.ts';
import { withMention } from './mastodonChannel.ts';
import { channelFor, messagesOf } from './testing.ts';

const NOW = new Date();

function isKind(kind: ChannelErrorKind) {
  return (e: unknown) => e instanceof ChannelError && e.kind === kind;
}

describe('replying, publishing and counting', () => {
  let fake: FakeMastodon;
  const statusBy = (prefix: string): FakeStatus => {
    const found = fake.world.statuses.find((s) => s.text.startsWith(prefix));
    assert.ok(found, prefix);
    return found;
  };

  beforeEach(async () => {
    await fake?.close();
    fake = await startFakeMastodon({ now: NOW, maxCharacters: 1000 });
  });
  after(() => fake.close());

  test('a reply: the target found by its URI, its author mentioned, the idempotency key sent', async () => {
    const question = statusBy('@gemeentelindewaard Tot wanneer');
    const channel = channelFor(fake);
    const sent = await channel.reply?.(
      { platformId: question.uri, authorHandle: 'pieter@toot.example' },
      'Reageren kan tot en met 1 december; de functie is ook in deeltijd (32 uur) mogelijk.',
      { idempotencyKey: 'antwoord-1' },
    );
    assert.ok(sent);
    const search = fake.server.requestsTo(/^\/api\/v2\/search$/)[0];
    assert.equal(search?.url.searchParams.get('q'), question.uri);
    assert.equal(search?.url.searchParams.get('resolve'), 'true');
    const post = fake.server.requestsTo(/^\/api\/v1\/statuses$/)[0];
    assert.equal(post?.headers['idempotency-key'], 'antwoord-1');
    assert.equal(fake.sent.length, 1);
    const created = fake.sent[0]?.status;
    assert.equal(created?.inReplyTo, question);
    assert.equal(created?.visibility, 'public');
    assert.match(created?.text ?? '', /^@pieter@toot\.example Reageren kan/);
    assert.equal(sent.platformId, created?.uri);
    assert.equal(sent.url, created?.url);
    assert.equal(sent.createdAt.getTime(), created?.createdAt.getTime());
    // The next sync stores the answer as a reply to the question.
    const read = await drainChannel(channelFor(fake), null, { syncId: 's', now: NOW });
    const stored = messagesOf(read.records).find((m) => m.platformId === sent.platformId);
    assert.deepEqual(stored?.inReplyTo, { id: question.uri, authorId: question.account.uri });
  });

  test('the same idempotency key twice posts once; another key posts again', async () => {
    const question = statusBy('Lantaarnpaal kapot');
    const channel = channelFor(fake);
    const target = { platformId: question.uri, authorHandle: null };
    const a = await channel.reply?.(target, 'Dank voor je melding!', { idempotencyKey: 'k1' });
    const b = await channel.reply?.(target, 'Dank voor je melding!', { idempotencyKey: 'k1' });
    assert.equal(a?.platformId, b?.platformId);
    assert.equal(fake.sent.length, 1);
    const c = await channel.reply?.(target, 'Dank voor je melding!', { idempotencyKey: 'k2' });
    assert.notEqual(c?.platformId, a?.platformId);
    assert.equal(fake.sent.length, 2);
  });

  test('an answer to a DM is a DM, to the gemeente itself mentions nobody', async () => {
    const dm = statusBy('@gemeentelindewaard Mijn buurman');
    const channel = channelFor(fake);
    await channel.reply?.({ platformId: dm.uri, authorHandle: null }, 'We sturen een handhaver langs.', {
      idempotencyKey: 'dm-1',
    });
    assert.equal(fake.sent[0]?.status.visibility, 'direct');
    assert.deepEqual(fake.sent[0]?.status.mentions, [dm.account]);
    const own = statusBy('Het afvalrooster');
    await channel.reply?.({ platformId: own.uri, authorHandle: null }, 'Ook als pdf te downloaden.', {
      idempotencyKey: 'thread-1',
    });
    assert.equal(fake.sent[1]?.status.text, 'Ook als pdf te downloaden.');
    assert.equal(fake.sent[1]?.params.in_reply_to_id, own.id);
  });

  test('publish: public or for followers only; media is refused before anything is sent', async () => {
    const channel = channelFor(fake);
    const post = await channel.publish?.(
      { text: 'De gemeente is morgen gesloten. #Lindewaard' },
      { idempotencyKey: 'p1' },
    );
    assert.equal(fake.sent[0]?.params.visibility, 'public');
    assert.equal(fake.sent[0]?.params.in_reply_to_id, undefined);
    assert.equal(post?.platformId, fake.sent[0]?.status.uri);
    await channel.publish?.(
      { text: 'Alleen voor volgers.', visibility: 'followers' },
      { idempotencyKey: 'p2' },
    );
    assert.equal(fake.sent[1]?.params.visibility, 'private');
    const before = fake.server.requests.length;
    await assert.rejects(
      channel.publish?.(
        {
          text: 'Met foto',
          media: [{ url: 'https://example.org/a.jpg', altText: 'Het plein', kind: 'image' }],
        },
        { idempotencyKey: 'p3' },
      ) ?? Promise.resolve(),
      isKind('invalid_request'),
    );
    assert.equal(fake.server.requests.length, before);
  });

  test('snapshot and the instance length come from the instance', async () => {
    const channel = channelFor(fake);
    const counts = await channel.snapshot?.();
    assert.equal(counts?.followers, 4210);
    assert.equal(counts?.following, 30);
    assert.equal(counts?.posts, fake.world.statuses.filter((s) => s.account === fake.world.gemeente).length);
    assert.equal(channel.capabilities.maxLength, 500, 'the default before the instance is asked');
    await channel.identify();
    assert.equal(channel.capabilities.maxLength, 1000);
  });

  test('errors of sending are classified', async () => {
    const channel = channelFor(fake);
    const question = statusBy('Lantaarnpaal kapot');
    const target = { platformId: question.uri, authorHandle: null };
    await assert.rejects(
      channel.reply?.(
        { platformId: 'https://toot.example/users/pieter/statuses/1', authorHandle: null },
        'x',
        {
          idempotencyKey: 'e1',
        },
      ) ?? Promise.resolve(),
      isKind('not_found'),
    );
    await assert.rejects(
      channel.publish?.({ text: '   ' }, { idempotencyKey: 'e2' }) ?? Promise.resolve(),
      (e) => {
        return isKind('unknown')(e) && /Text can't be blank/.test((e as Error).message);
      },
    );
    await assert.rejects(
      channel.publish?.({ text: 'x'.repeat(1001) }, { idempotencyKey: 'e3' }) ?? Promise.resolve(),
      isKind('unknown'),
    );
    fake.server.inject(/^\/api\/v1\/statuses$/, { kind: 'rate_limited' });
    await assert.rejects(
      channel.reply?.(target, 'Dank!', { idempotencyKey: 'e4' }) ?? Promise.resolve(),
      (e) =>
        isKind('rate_limited')(e) &&
        (e as ChannelError).retryAt?.getTime() === fake.lastRateLimitReset?.getTime(),
    );
    fake.server.inject(/^\/api\/v1\/statuses$/, { kind: 'revoked' });
    await assert.rejects(
      channel.reply?.(target, 'Dank!', { idempotencyKey: 'e5' }) ?? Promise.resolve(),
      isKind('auth'),
    );
    fake.server.inject(/^\/api\/v1\/statuses$/, { kind: 'server_error' });
    await assert.rejects(
      channel.reply?.(target, 'Dank!', { idempotencyKey: 'e6' }) ?? Promise.resolve(),
      isKind('transient'),
    );
    assert.equal(fake.sent.length, 0);
  });

  test('the mention is added only when the text lacks it', () => {
    assert.equal(withMention('Dank je!', 'anouk@mastodon.example'), '@anouk@mastodon.example Dank je!');
    assert.equal(withMention('Dank je @Anouk!', 'anouk@mastodon.example'), 'Dank je @Anouk!');
    assert.equal(withMention('Dank je!', null), 'Dank je!');
  });
});
