import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessageInput } from '../../domain/message.ts';
import { twcsSource } from '../../importers/twcs.ts';
import { xArchiveSource } from '../../importers/xArchive.ts';
import { RecordError } from '../../ingest/records.ts';
import { formatsFile } from '../fakeServer.ts';
import { ARCHIVE_OWNER, archiveWorld, twcsWorld } from './fakeRealData.ts';
import { GEMEENTE, gemeenteWorld } from './fakeScenario.ts';
import type { ApiPost, FakeWorld } from './fakeWorld.ts';
import { postToMessage, usersOf } from './mapping.ts';

function usersMap(world: FakeWorld) {
  return usersOf({ users: [...world.users.values()] });
}

function mapAll(world: FakeWorld): Map<string, MessageInput> {
  const users = usersMap(world);
  return new Map(world.posts.map((p) => [p.id, postToMessage(JSON.parse(JSON.stringify(p)), users)]));
}

async function imported(source: ReturnType<typeof xArchiveSource>): Promise<Map<string, MessageInput>> {
  const messages = new Map<string, MessageInput>();
  for await (const parsed of source.records()) {
    if (parsed.ok && parsed.record.type === 'message')
      messages.set(parsed.record.message.platformId, parsed.record.message);
  }
  return messages;
}

function rejectOf(post: unknown): RecordError {
  try {
    postToMessage(post, new Map());
  } catch (error) {
    if (error instanceof RecordError) return error;
    throw error;
  }
  assert.fail('the post was mapped');
}

describe('X API posts made from the real archive (formats/twitter-archive)', () => {
  const world = archiveWorld();
  const api = mapAll(world);

  it('are one message each with the identity the archive importer gives them', async () => {
    const archive = await imported(
      xArchiveSource(formatsFile('twitter-archive', 'data', 'tweets.js'), { handle: ARCHIVE_OWNER.username }),
    );
    assert.equal(api.size, 1986);
    assert.equal(archive.size, 1986);
    for (const [id, fromArchive] of archive) {
      const fromApi = api.get(id);
      assert.ok(fromApi, `post ${id} is missing`);
      const same = (m: MessageInput) => ({
        platformId: m.platformId,
        author: [m.author.id, m.author.handle],
        createdAt: m.createdAt.toISOString(),
        text: m.text,
        // The archive importer takes X's "mentions only" and "cashtags only" codes for languages.
        language: m.language === 'qam' || m.language === 'qct' ? null : m.language,
        kind: m.kind,
        inReplyTo: m.inReplyTo,
        quoteOf: m.kind === 'quote' ? m.quoteOf : null,
        mentions: m.mentions,
        hashtags: m.hashtags,
        reposts: m.counts.reposts,
        likes: m.counts.likes,
        url: m.url,
      });
      assert.deepEqual(same(fromApi), same(fromArchive), `post ${id}`);
    }
  });

  it('maps concrete posts: a photo post, a retweet, a reply, a quote, escaped text', () => {
    const photo = api.get('1588091220244369409') as MessageInput;
    assert.equal(photo.text, 'Good morning #LeadDevBerlin 👋 https://t.co/p5Z1ebhgmy');
    assert.deepEqual(photo.hashtags, ['LeadDevBerlin']);
    assert.deepEqual(
      [photo.kind, photo.language, photo.counts.likes, photo.counts.reposts],
      ['post', 'en', 5, 1],
    );
    assert.equal(photo.url, 'https://x.com/andreruffert/status/1588091220244369409');
    assert.equal(photo.payload.format, 'x-api-json');
    assert.equal(JSON.parse(photo.payload.raw).id, '1588091220244369409');

    const retweet = api.get('1471135073105858562') as MessageInput;
    assert.equal(retweet.kind, 'repost');
    assert.equal(retweet.text, 'RT @year_progress: ▓▓▓▓▓▓▓▓▓▓▓▓▓▓░ 95%');
    assert.equal(retweet.language, null, 'und is no language');
    assert.deepEqual(retweet.mentions, ['year_progress']);
    assert.ok(retweet.repostOf);

    const reply = api.get('1587920147083591680') as MessageInput;
    assert.equal(reply.kind, 'reply');
    assert.deepEqual(reply.inReplyTo, { id: '1587919612078739456', authorId: '117538605' });
    assert.deepEqual(reply.mentions, ['OleMchls']);

    const quote = api.get('1486721823299407877') as MessageInput;
    assert.equal(quote.kind, 'quote');
    assert.equal(quote.quoteOf, '1486023451584638980');

    const escaped = api.get('1244662305805275136') as MessageInput;
    assert.ok(escaped.text.includes('<progressive-image>'));
    assert.deepEqual(escaped.mentions, ['SaraSoueidan', 'CtrlBlog']);
  });
});

describe('X API posts made from the real customer-service conversations (twcs-sample)', () => {
  const world = twcsWorld();
  const api = mapAll(world);

  it('keep the twcs ids, texts, times and reply links; customers keep their ids', async () => {
    const csv = await imported(twcsSource(formatsFile('..', 'twcs-sample', 'twcs_sample.csv')));
    assert.equal(api.size, csv.size);
    for (const [id, row] of csv) {
      const m = api.get(id) as MessageInput;
      assert.equal(m.text, row.text, `text of ${id}`);
      assert.equal(m.createdAt.getTime(), row.createdAt.getTime());
      assert.equal(m.inReplyTo?.id ?? null, row.inReplyTo?.id ?? null);
      // twcs names a brand by its handle only; through the API it has a numeric id.
      assert.equal(m.author.handle, row.author.id);
      if (/^\d+$/.test(row.author.id)) assert.equal(m.author.id, row.author.id);
    }
  });

  it('gives a customer’s question to the brand as a mention and the brand’s answer its parent author', () => {
    const brand = world.account;
    const answer = world.posts.find((p) => p.author_id === brand.id && p.in_reply_to_user_id) as ApiPost;
    const m = api.get(answer.id) as MessageInput;
    assert.equal(m.kind, 'reply');
    assert.equal(m.inReplyTo?.authorId, answer.in_reply_to_user_id);
    assert.equal(m.author.handle, brand.username);
    const question = api.get(m.inReplyTo?.id as string) as MessageInput;
    assert.ok(question.mentions?.some((h) => h.toLowerCase() === brand.username.toLowerCase()));
  });
});

describe('the generated gemeente scenario', () => {
  const world = gemeenteWorld();
  const api = mapAll(world);
  const messages = [...api.values()];

  it('maps a long post from note_tweet, whole', () => {
    const long = messages.find((m) => m.text.includes('buslijn 4')) as MessageInput;
    assert.ok(long.text.length > 280);
    assert.ok(long.text.endsWith('#ov #lindenhof'));
    assert.deepEqual(long.hashtags, ['ov', 'lindenhof']);
    assert.deepEqual(long.mentions, [GEMEENTE.username]);
  });

  it('decodes what X escapes, and gives retweets and quotes their targets', () => {
    const escaped = world.posts.find((p) => p.text.includes('&amp;')) as ApiPost;
    assert.ok(escaped.text.includes('&lt;niet voor het eerst&gt;'));
    assert.ok(api.get(escaped.id)?.text.includes('blank & lopen de putten over <niet voor het eerst>'));
    const retweet = messages.find((m) => m.kind === 'repost') as MessageInput;
    assert.equal(retweet.author.id, GEMEENTE.id);
    assert.ok(world.posts.some((p) => p.id === retweet.repostOf && p.author_id !== GEMEENTE.id));
    const quote = messages.find((m) => m.kind === 'quote') as MessageInput;
    assert.ok(api.get(quote.quoteOf as string)?.text.includes('Complimenten'));
  });

  it('keeps a post whose author could not be expanded, without a handle', () => {
    const post = world.posts.find((p) => p.author_id !== GEMEENTE.id) as ApiPost;
    const m = postToMessage(post, new Map());
    assert.equal(m.author.id, post.author_id);
    assert.equal(m.author.handle, null);
    assert.equal(m.url, `https://x.com/i/web/status/${post.id}`);
  });
});

describe('a post object that drifted', () => {
  const post = gemeenteWorld().posts[5] as ApiPost;
  const without = (field: string) => Object.fromEntries(Object.entries(post).filter(([k]) => k !== field));

  it('is a reject naming the missing field', () => {
    for (const field of ['id', 'created_at', 'author_id', 'text']) {
      const e = rejectOf(without(field));
      assert.equal(e.code, 'missing_field');
      assert.match(e.message, new RegExp(field));
    }
  });

  it('is a reject naming the field that has an impossible value', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...post, id: Number('1588091220244369409') }, /^id /], // a JSON number: digits lost
      [{ ...post, created_at: '2026-02-30T10:00:00.000Z' }, /created_at/],
      [{ ...post, public_metrics: { like_count: -1 } }, /public_metrics\.like_count/],
      [{ ...post, referenced_tweets: { type: 'replied_to' } }, /referenced_tweets/],
      [
        { ...post, referenced_tweets: [{ type: 'replied_to', id: 12 }] },
        /referenced_tweets \(replied_to\)\.id/,
      ],
      [{ ...post, entities: { mentions: 'gemLindendaal' } }, /entities\.mentions/],
      [
        { ...post, in_reply_to_user_id: 42, referenced_tweets: [{ type: 'replied_to', id: '1' }] },
        /in_reply_to_user_id/,
      ],
    ];
    for (const [drifted, field] of cases) {
      const e = rejectOf(drifted);
      assert.equal(e.code, 'invalid_field');
      assert.match(e.message, field);
    }
    assert.equal(rejectOf(['not', 'a', 'post']).code, 'invalid_field');
  });
});
