import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, beforeEach, describe, it } from 'node:test';
import type { Channel, ChannelHost } from '../channel.ts';
import { drainChannel } from '../drain.ts';
import { ChannelError } from '../errors.ts';
import { formatsFile } from '../fakeServer.ts';
import { messagesOf } from '../meta/testing.ts';
import { startFakeFacebook } from './fakeServer.ts';
import { facebookAdapter } from './index.ts';
import { GEMEENTE_PAGE } from './scenario.ts';

const host: ChannelHost = { saveSecrets: async () => {} };
type Fake = Awaited<ReturnType<typeof startFakeFacebook>>;

function channelOf(fake: Fake, secrets = fake.secrets): Channel {
  return facebookAdapter.create(facebookAdapter.parseSettings(fake.settings), secrets, host);
}

async function refused(promise: Promise<unknown>): Promise<ChannelError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ChannelError, String(error));
    return error;
  }
  assert.fail('expected a ChannelError');
}

describe('Facebook identify, snapshot, reply and publish', () => {
  let fake: Fake;
  beforeEach(async () => {
    await fake?.close();
    // Sends look back over the last day by the clock, so this scenario is anchored to now.
    fake = await startFakeFacebook();
  });
  after(() => fake.close());

  it('identifies the page and counts its followers', async () => {
    const channel = channelOf(fake);
    assert.deepEqual(await channel.identify(), {
      platformUserId: GEMEENTE_PAGE.id,
      handle: GEMEENTE_PAGE.username,
      displayName: GEMEENTE_PAGE.name,
    });
    const counts = await channel.snapshot?.();
    assert.equal(counts?.followers, GEMEENTE_PAGE.followers);
    assert.equal(counts?.following, null);
    assert.equal(counts?.posts, null);
  });

  it('answers a comment once, also when the answer is asked again after a lost reply', async () => {
    const question = fake.comments.find((c) => c.from?.name === 'Mehmet Yılmaz' && c.parentId === null);
    assert.ok(question);
    const text = 'Dag Mehmet, de bushaltes aan de Dorpsstraat verhuizen tijdelijk naar de Kerkweg.';
    const channel = channelOf(fake);
    const sent = await channel.reply?.({ platformId: question.id, authorHandle: null }, text, {
      idempotencyKey: 'k1',
    });
    assert.ok(sent);
    assert.match(sent.platformId, /^\d+_\d+$/);
    assert.match(sent.url ?? '', /reply_comment_id=/);
    assert.equal(fake.sent.length, 1);
    assert.equal(fake.sent[0]?.params.message, text);
    assert.doesNotMatch(fake.server.requestsTo(/\/comments$/).at(-1)?.url.search ?? '', /access_token/);
    // The same key again: no second comment.
    assert.deepEqual(
      await channel.reply?.({ platformId: question.id, authorHandle: null }, text, { idempotencyKey: 'k1' }),
      sent,
    );
    // Another run of the sync (a new channel) retrying after a lost answer finds the first one.
    const retried = await channelOf(fake).reply?.({ platformId: question.id, authorHandle: null }, text, {
      idempotencyKey: 'k1',
    });
    assert.equal(retried?.platformId, sent.platformId);
    assert.equal(fake.sent.length, 1);
    // Read back, it is the page's reply to Mehmet's comment.
    const { records } = await drainChannel(channelOf(fake), null, { syncId: 'x', now: new Date() });
    const mine = messagesOf(records).find((m) => m.platformId === sent.platformId);
    assert.equal(mine?.kind, 'reply');
    assert.deepEqual(mine?.inReplyTo, { id: question.id, authorId: question.from?.id });
  });

  it('publishes text, one photo, and several photos as one post', async () => {
    const channel = channelOf(fake);
    const text = await channel.publish?.(
      { text: 'Het gemeentehuis is maandag gesloten.' },
      { idempotencyKey: 'p1' },
    );
    assert.match(text?.platformId ?? '', new RegExp(`^${GEMEENTE_PAGE.id}_\\d+$`));
    assert.equal(fake.sent.at(-1)?.path, `/v26.0/${GEMEENTE_PAGE.id}/feed`);
    const photo = await channel.publish?.(
      {
        text: 'De nieuwe brug is open!',
        media: [{ url: 'https://zuidhoven.nl/brug.jpg', altText: 'Een brug', kind: 'image' }],
      },
      { idempotencyKey: 'p2' },
    );
    assert.equal(fake.sent.at(-1)?.path, `/v26.0/${GEMEENTE_PAGE.id}/photos`);
    assert.equal(fake.sent.at(-1)?.params.url, 'https://zuidhoven.nl/brug.jpg');
    assert.match(photo?.url ?? '', /\/posts\//);
    await channel.publish?.(
      {
        text: 'Beelden van de intocht van Sinterklaas.',
        media: [
          { url: 'https://zuidhoven.nl/a.jpg', altText: 'Boot', kind: 'image' },
          { url: 'https://zuidhoven.nl/b.jpg', altText: 'Paard', kind: 'image' },
        ],
      },
      { idempotencyKey: 'p3' },
    );
    const last = fake.sent.slice(-3);
    assert.deepEqual(
      last.map((s) => s.params.published ?? 'post'),
      ['false', 'false', 'post'],
    );
    assert.equal(last[2]?.params['attached_media[1]'], JSON.stringify({ media_fbid: last[1]?.id }));
    // A retry after a lost answer finds the post of the last day instead of posting it again.
    const count = fake.sent.length;
    const again = await channelOf(fake).publish?.(
      { text: 'Het gemeentehuis is maandag gesloten.' },
      { idempotencyKey: 'p1' },
    );
    assert.equal(again?.platformId, text?.platformId);
    assert.equal(fake.sent.length, count);
  });

  it('refuses what Graph cannot take before sending anything', async () => {
    const channel = channelOf(fake);
    const video = await refused(
      channel.publish?.(
        { text: 'Film', media: [{ url: 'https://x/a.mp4', altText: 'film', kind: 'video' }] },
        { idempotencyKey: 'v' },
      ) ?? Promise.resolve(),
    );
    assert.equal(video.kind, 'invalid_request');
    const long = await refused(
      channel.reply?.({ platformId: '1_2', authorHandle: null }, 'x'.repeat(63_207), {
        idempotencyKey: 'l',
      }) ?? Promise.resolve(),
    );
    assert.match(long.message, /63206/);
    assert.equal(fake.sent.length, 0);
    const noToken = await refused(channelOf(fake, {}).identify());
    assert.equal(noToken.kind, 'auth');
  });

  it('classifies failed sends', async () => {
    const question = fake.comments.find((c) => c.parentId === null && c.from?.id !== GEMEENTE_PAGE.id);
    assert.ok(question);
    const target = { platformId: question.id, authorHandle: null };
    fake.server.inject(/\/comments$/, { kind: 'revoked' });
    assert.equal(
      (
        await refused(
          channelOf(fake).reply?.(target, 'Dank u.', { idempotencyKey: 'r' }) ?? Promise.resolve(),
        )
      ).kind,
      'auth',
    );
    fake.server.inject(/\/comments$/, { kind: 'rate_limited' }, 2);
    const limited = await refused(
      channelOf(fake).reply?.(target, 'Dank u.', { idempotencyKey: 'r' }) ?? Promise.resolve(),
    );
    assert.equal(limited.kind, 'rate_limited');
    assert.ok(limited.retryAt && limited.retryAt.getTime() > Date.now());
    fake.server.clearFaults();
    const gone = await refused(
      channelOf(fake).reply?.({ platformId: '999_888', authorHandle: null }, 'Hallo', {
        idempotencyKey: 'g',
      }) ?? Promise.resolve(),
    );
    assert.equal(gone.kind, 'not_found');
    assert.equal(fake.sent.length, 0);
  });

  it('reads a created comment in the shape of Graph’s real answer', () => {
    // create_resp.json is what Graph answered to a POST asking `fields=id,message,permalink_url,created_time`.
    const real = JSON.parse(
      readFileSync(formatsFile('facebook-graph', 'apidata', 'comments', 'create_resp.json'), 'utf8'),
    );
    assert.equal(real.id, '245778718206154_229887283291835');
    assert.equal(typeof real.permalink_url, 'string');
    assert.match(real.created_time, /\+0000$/);
  });
});
