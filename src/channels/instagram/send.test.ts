import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import type { Channel, ChannelHost, PostDraft } from '../channel.ts';
import { drainChannel } from '../drain.ts';
import { ChannelError } from '../errors.ts';
import { messagesOf } from '../meta/testing.ts';
import { startFakeInstagram } from './fakeServer.ts';
import { instagramAdapter } from './index.ts';
import { GEMEENTE_ACCOUNT } from './scenario.ts';

type Fake = Awaited<ReturnType<typeof startFakeInstagram>>;
const host: ChannelHost = { saveSecrets: async () => {} };

function channelOf(fake: Fake, secrets: Record<string, string> = fake.secrets): Channel {
  const fresh = { ...secrets, accessTokenRefreshedAt: new Date().toISOString() };
  return instagramAdapter.create(instagramAdapter.parseSettings(fake.settings), fresh, host);
}

async function refused(promise: Promise<unknown> | undefined): Promise<ChannelError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ChannelError, String(error));
    return error;
  }
  assert.fail('expected a ChannelError');
}

const image = (url: string, altText: string) => ({ url, altText, kind: 'image' as const });

describe('Instagram identify, snapshot, reply and publish', () => {
  let fake: Fake;
  beforeEach(async () => {
    await fake?.close();
    // Sends look back over the last day by the clock, so this scenario is anchored to now.
    fake = await startFakeInstagram();
  });
  after(() => fake.close());

  it('identifies the professional account by user_id and counts it', async () => {
    const channel = channelOf(fake);
    assert.deepEqual(await channel.identify(), {
      platformUserId: GEMEENTE_ACCOUNT.userId,
      handle: GEMEENTE_ACCOUNT.username,
      displayName: GEMEENTE_ACCOUNT.name,
    });
    assert.deepEqual(
      { ...(await channel.snapshot?.()), takenAt: null },
      {
        takenAt: null,
        followers: GEMEENTE_ACCOUNT.followers,
        following: GEMEENTE_ACCOUNT.follows,
        posts: fake.media.length,
      },
    );
    assert.equal(channel.capabilities.publishNeedsMedia, true);
    assert.equal(channel.capabilities.maxLength, 2200);
  });

  it('answers a comment once, also when a new channel retries after a lost answer', async () => {
    const question = fake.comments.find((c) => c.text.startsWith('Worden er ook fruitbomen'));
    assert.ok(question);
    const text = '@ruud.smit Ja, langs de Parklaan komen twintig appel- en perenbomen.';
    const sent = await channelOf(fake).reply?.({ platformId: question.id, authorHandle: 'ruud.smit' }, text, {
      idempotencyKey: 'r1',
    });
    assert.ok(sent?.platformId);
    assert.equal(fake.sent.length, 1);
    assert.equal(fake.sent[0]?.path, `/v26.0/${question.id}/replies`);
    assert.equal(fake.sent[0]?.params.message, text);
    const retried = await channelOf(fake).reply?.(
      { platformId: question.id, authorHandle: 'ruud.smit' },
      text,
      { idempotencyKey: 'r1' },
    );
    assert.equal(retried?.platformId, sent.platformId);
    assert.equal(fake.sent.length, 1);
    const { records } = await drainChannel(channelOf(fake), null, { syncId: 'x', now: new Date() });
    const mine = messagesOf(records).find((m) => m.platformId === sent.platformId);
    assert.equal(mine?.kind, 'reply');
    assert.deepEqual(mine?.inReplyTo, { id: question.id, authorId: question.from.id });
  });

  it('publishes an image with its alt text in two steps, and an album of three', async () => {
    const channel = channelOf(fake);
    const post = await channel.publish?.(
      {
        text: 'De nieuwe fietsbrug is open! #zuidhoven',
        media: [image('https://zuidhoven.nl/brug.jpg', 'Fietsers op een witte brug')],
      },
      { idempotencyKey: 'p1' },
    );
    const [container, published] = fake.sent;
    assert.equal(container?.path, `/v26.0/${GEMEENTE_ACCOUNT.userId}/media`);
    assert.equal(container?.params.image_url, 'https://zuidhoven.nl/brug.jpg');
    assert.equal(container?.params.alt_text, 'Fietsers op een witte brug');
    assert.equal(container?.params.caption, 'De nieuwe fietsbrug is open! #zuidhoven');
    assert.equal(published?.path, `/v26.0/${GEMEENTE_ACCOUNT.userId}/media_publish`);
    assert.equal(published?.params.creation_id, container?.id);
    assert.equal(post?.platformId, published?.id);
    assert.match(post?.url ?? '', /^https:\/\/www\.instagram\.com\/p\//);
    const album = await channel.publish?.(
      {
        text: 'Sfeerbeelden van de intocht.',
        media: [
          image('https://x/1.jpg', 'Boot'),
          image('https://x/2.jpg', 'Paard'),
          { url: 'https://x/3.mp4', altText: 'Film', kind: 'video' },
        ],
      },
      { idempotencyKey: 'p2' },
    );
    const steps = fake.sent.slice(2);
    assert.deepEqual(
      steps.map((s) => s.params.is_carousel_item ?? s.params.media_type ?? 'publish'),
      ['true', 'true', 'true', 'CAROUSEL', 'publish'],
    );
    assert.equal(steps[2]?.params.media_type, 'VIDEO');
    assert.equal(
      steps[3]?.params.children,
      steps
        .slice(0, 3)
        .map((s) => s.id)
        .join(','),
    );
    assert.equal(album?.platformId, steps[4]?.id);
    // A retry in a new channel finds the post of the last day with the same caption.
    const count = fake.sent.length;
    const again = await channelOf(fake).publish?.(
      {
        text: 'De nieuwe fietsbrug is open! #zuidhoven',
        media: [image('https://zuidhoven.nl/brug.jpg', 'Fietsers')],
      },
      { idempotencyKey: 'p1' },
    );
    assert.equal(again?.platformId, post?.platformId);
    assert.equal(fake.sent.length, count);
  });

  it('refuses a post without media, too much media or too long a text before any request', async () => {
    const channel = channelOf(fake);
    const asked = fake.server.requests.length;
    const drafts: PostDraft[] = [
      { text: 'Alleen tekst' },
      {
        text: 'Te veel',
        media: Array.from({ length: 11 }, (_, i) => image(`https://x/${i}.jpg`, `foto ${i}`)),
      },
      { text: 'x'.repeat(2201), media: [image('https://x/1.jpg', 'foto')] },
    ];
    for (const draft of drafts) {
      const error = await refused(channel.publish?.(draft, { idempotencyKey: 'n' }));
      assert.equal(error.kind, 'invalid_request');
    }
    assert.match(
      (await refused(channel.publish?.(drafts[0] as PostDraft, { idempotencyKey: 'n' }))).message,
      /at least one image/,
    );
    assert.equal(fake.server.requests.length, asked);
  });

  it('classifies failed sends and media Instagram cannot use', async () => {
    const question = fake.comments.find((c) => c.parentId === null && c.from.id !== GEMEENTE_ACCOUNT.userId);
    assert.ok(question);
    fake.server.inject(/\/replies$/, { kind: 'revoked' });
    assert.equal(
      (
        await refused(
          channelOf(fake).reply?.({ platformId: question.id, authorHandle: null }, 'Dank!', {
            idempotencyKey: 'a',
          }),
        )
      ).kind,
      'auth',
    );
    fake.server.inject(/\/replies$/, { kind: 'rate_limited' });
    assert.equal(
      (
        await refused(
          channelOf(fake).reply?.({ platformId: question.id, authorHandle: null }, 'Dank!', {
            idempotencyKey: 'b',
          }),
        )
      ).kind,
      'rate_limited',
    );
    const gone = await refused(
      channelOf(fake).reply?.({ platformId: '17999999999999999', authorHandle: null }, 'Dank!', {
        idempotencyKey: 'c',
      }),
    );
    assert.equal(gone.kind, 'not_found');
    const broken = await refused(
      channelOf(fake).publish?.(
        { text: 'Foto', media: [image('https://x/kapot.jpg', 'kapot')] },
        { idempotencyKey: 'd' },
      ),
    );
    assert.equal(broken.kind, 'unknown');
    assert.match(broken.message, /status ERROR/);
    assert.ok(!fake.sent.some((s) => s.path.endsWith('media_publish')));
    assert.equal((await refused(channelOf(fake, {}).identify())).kind, 'auth');
  });
});
