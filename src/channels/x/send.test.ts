import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Channel } from '../channel.ts';
import { drainChannel } from '../drain.ts';
import { ChannelError } from '../errors.ts';
import { type FakeX, startFakeX } from './fakeServer.ts';
import type { ApiPost } from './fakeWorld.ts';
import { comparable, snowflakeTime } from './sending.ts';
import { channelFor, messagesOf, NOW } from './testkit.ts';

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ChannelError, `a ChannelError, not ${String(error)}`);
    return error;
  }
  assert.fail('it did not fail');
}

function question(fake: FakeX, n: number): ApiPost {
  const asked = fake.world.posts.filter((p) => p.author_id !== fake.account.id && !p.referenced_tweets);
  return asked[n] as ApiPost;
}

describe('replying, publishing and counting on X', () => {
  let fake: FakeX;
  let channel: Channel;
  before(async () => {
    fake = await startFakeX();
    channel = channelFor(fake, { timeoutMs: 1000 });
  });
  after(() => fake.close());

  it('replies to a citizen: the reply threads under the question, and a read finds it', async () => {
    const asked = question(fake, 0);
    const text = 'Dank voor uw vraag! We zoeken het uit en komen er vandaag op terug. ^MK';
    const sent = await channel.reply?.({ platformId: asked.id, authorHandle: null }, text, {
      idempotencyKey: 'k1',
    });
    assert.ok(sent);
    assert.deepEqual(fake.posted.at(-1)?.body, { text, reply: { in_reply_to_tweet_id: asked.id } });
    assert.equal(sent.platformId, fake.posted.at(-1)?.id);
    assert.equal(sent.url, `https://x.com/gemLindendaal/status/${sent.platformId}`);
    assert.ok(Math.abs(sent.createdAt.getTime() - Date.now()) < 5000);
    const read = await drainChannel(channel, null, { syncId: 'after-reply', now: new Date() });
    const reply = messagesOf(read.records).find((m) => m.platformId === sent.platformId);
    assert.equal(reply?.kind, 'reply');
    assert.deepEqual(reply?.inReplyTo, { id: asked.id, authorId: asked.author_id });
    assert.equal(reply?.author.id, fake.account.id);
  });

  it('publishes a post, and refuses what X cannot take without posting', async () => {
    const text = 'Vanaf 1 december is het Stadskantoor op donderdag open tot 20.00 uur. #service';
    const sent = await channel.publish?.({ text }, { idempotencyKey: 'p1' });
    assert.deepEqual(fake.posted.at(-1)?.body, { text });
    assert.equal(sent?.platformId, fake.posted.at(-1)?.id);
    const count = fake.posted.length;
    const media = [
      { url: 'https://www.lindendaal.nl/foto.jpg', altText: 'Het Stadskantoor', kind: 'image' as const },
    ];
    assert.equal(
      (
        await failure(
          channel.publish?.({ text: 'Kijk!', media }, { idempotencyKey: 'p2' }) ?? Promise.resolve(),
        )
      ).kind,
      'invalid_request',
    );
    assert.equal(
      (
        await failure(
          channel.publish?.(
            { text: 'Alleen voor volgers', visibility: 'followers' },
            { idempotencyKey: 'p3' },
          ) ?? Promise.resolve(),
        )
      ).kind,
      'invalid_request',
    );
    assert.equal(fake.posted.length, count);
  });

  it('takes a snapshot of the counts', async () => {
    const counts = await channel.snapshot?.();
    const posts = fake.world.posts.filter((p) => p.author_id === fake.account.id).length;
    assert.deepEqual(
      { followers: counts?.followers, following: counts?.following, posts: counts?.posts },
      { followers: 18_431, following: 412, posts },
    );
    assert.equal(
      fake.server
        .requestsTo(/users\/me/)
        .at(-1)
        ?.url.searchParams.get('user.fields'),
      'public_metrics',
    );
  });

  it('classifies what goes wrong', async () => {
    const reply = (id: string, text: string, key: string) =>
      channel.reply?.({ platformId: id, authorHandle: null }, text, { idempotencyKey: key }) ??
      Promise.resolve();
    assert.equal((await failure(reply('1234567890123456789', 'Hallo', 'e1'))).kind, 'not_found');
    assert.equal((await failure(reply(question(fake, 1).id, 'x'.repeat(281), 'e2'))).kind, 'unknown');
    fake.server.inject(/^\/2\/tweets$/, { kind: 'rate_limited' });
    const limited = await failure(reply(question(fake, 1).id, 'Even geduld a.u.b.', 'e3'));
    assert.equal(limited.kind, 'rate_limited');
    assert.equal(limited.retryAt?.getTime(), (fake.lastRateLimitReset ?? 0) * 1000);
    fake.server.inject(/^\/2\/users\/me$/, { kind: 'revoked' });
    assert.equal((await failure(channel.snapshot?.() ?? Promise.resolve())).kind, 'auth');
    fake.server.inject(/^\/2\/users\/me$/, { kind: 'garbage' });
    assert.equal((await failure(channel.identify())).kind, 'malformed');
  });
});

describe('a reply whose answer was lost', () => {
  let fake: FakeX;
  let channel: Channel;
  before(async () => {
    fake = await startFakeX();
    channel = channelFor(fake, { timeoutMs: 1000 });
  });
  after(() => fake.close());

  const made = (f: FakeX) => f.posted.filter((p) => p.id !== null).length;

  it('after a 503, is found on the retry instead of posted again', async () => {
    const asked = question(fake, 2);
    const text = 'De storingsdienst komt morgen langs. ^JB';
    fake.loseNextPostAnswer();
    const lost = await failure(
      channel.reply?.({ platformId: asked.id, authorHandle: null }, text, { idempotencyKey: 'lost-1' }) ??
        Promise.resolve(),
    );
    assert.equal(lost.kind, 'transient');
    assert.equal(made(fake), 1);
    const posts = fake.server.requestsTo(/^\/2\/tweets$/).length;
    const again = await channel.reply?.({ platformId: asked.id, authorHandle: null }, text, {
      idempotencyKey: 'lost-1',
    });
    assert.equal(again?.platformId, fake.posted[0]?.id);
    assert.equal(fake.server.requestsTo(/^\/2\/tweets$/).length, posts, 'nothing was posted again');
    const lookup = fake.server.requestsTo(/\/tweets$/).at(-1);
    assert.equal(lookup?.url.searchParams.get('max_results'), '20');
    assert.ok(lookup?.url.searchParams.get('start_time'), 'the look-up reads only since the first attempt');
  });

  it('after a timeout, the same', async () => {
    const asked = question(fake, 3);
    const text = 'We hebben uw melding doorgezet naar de buitendienst. ^SR';
    fake.loseNextPostAnswer({ delayMs: 1600 });
    const send = () =>
      channel.reply?.({ platformId: asked.id, authorHandle: null }, text, { idempotencyKey: 'lost-2' }) ??
      Promise.resolve();
    assert.equal((await failure(send())).kind, 'transient');
    // The post is made at 1.6 s, after the client gave up at 1 s.
    await sleep(800);
    const before = made(fake);
    const again = await send();
    assert.equal(again?.platformId, fake.posted.find((p) => (p.body as { text: string }).text === text)?.id);
    assert.equal(made(fake), before);
  });

  it('when this process no longer knows, X’s duplicate refusal leads to the post that exists', async () => {
    const asked = question(fake, 2);
    const text = 'De storingsdienst komt morgen langs. ^JB';
    const again = await channel.reply?.({ platformId: asked.id, authorHandle: null }, text, {
      idempotencyKey: 'new-key',
    });
    assert.equal(again?.platformId, fake.posted[0]?.id);
    assert.match(JSON.stringify(fake.posted.at(-1)), /duplicate|null/);
  });

  it('a reply that really failed is posted on the retry', async () => {
    const asked = question(fake, 4);
    const text = 'Dank voor het melden, we pakken het op. ^LV';
    fake.server.inject(/^\/2\/tweets$/, { kind: 'server_error' });
    const key = { idempotencyKey: 'failed-1' };
    assert.equal(
      (
        await failure(
          channel.reply?.({ platformId: asked.id, authorHandle: null }, text, key) ?? Promise.resolve(),
        )
      ).kind,
      'transient',
    );
    const sent = await channel.reply?.({ platformId: asked.id, authorHandle: null }, text, key);
    assert.equal(sent?.platformId, fake.posted.at(-1)?.id);
  });
});

describe('comparing a sent text with what X gives back', () => {
  it('puts links back, drops the reply mentions X adds, decodes escapes', () => {
    const urls = [{ url: 'https://t.co/abc', expanded_url: 'https://www.lindendaal.nl/afval' }];
    assert.equal(
      comparable('@jdevries @gemLindendaal Zie https://t.co/abc &amp; bel  14 0999', urls),
      comparable('Zie https://www.lindendaal.nl/afval & bel 14 0999', []),
    );
    assert.notEqual(comparable('Zie de website', []), comparable('Zie de website!', []));
  });

  it('reads the moment from a snowflake id', () => {
    assert.equal(snowflakeTime('1588091220244369409').toISOString(), '2022-11-03T08:50:26.871Z');
  });
});

describe('budget and capabilities', () => {
  it('says what X allows', async () => {
    const fake = await startFakeX();
    try {
      const channel = channelFor(fake);
      assert.deepEqual(channel.capabilities, {
        reply: true,
        publish: true,
        snapshot: true,
        directMessages: false,
        maxLength: 280,
        publishNeedsMedia: false,
      });
      assert.deepEqual(channel.budget?.(null, NOW), {
        period: '2026-11',
        limit: 1_000_000,
        used: 0,
        resetsAt: new Date('2026-12-01T00:00:00Z'),
      });
    } finally {
      await fake.close();
    }
  });
});
