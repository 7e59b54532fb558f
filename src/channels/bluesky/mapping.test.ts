import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  type AppBskyFeedDefs,
  type AppBskyNotificationListNotifications,
  jsonStringToLex,
} from '@atproto/api';
import { RecordError } from '../../ingest/records.ts';
import { formatsFile } from '../fakeServer.ts';
import { feedItemToMessage, mentionsOf, notificationToMessage, repostId } from './mapping.ts';

/** The real getPostThread samples, parsed as the client parses them (CIDs and blobs as objects). */
interface Node {
  post: AppBskyFeedDefs.PostView;
  replies?: Node[];
}
function thread(file: string): { root: Node; all: { node: Node; parent: Node | null }[]; json: unknown } {
  const text = readFileSync(formatsFile('bluesky', 'samples', file), 'utf8');
  const root = (jsonStringToLex(text) as { thread: Node }).thread;
  const all: { node: Node; parent: Node | null }[] = [];
  const walk = (node: Node, parent: Node | null) => {
    all.push({ node, parent });
    for (const reply of node.replies ?? []) walk(reply, node);
  };
  walk(root, null);
  return { root, all, json: JSON.parse(text) };
}
const fallon = thread('getPostThread.response.json');
const simple = thread('getPostThread-simple.response.json');
const byUri = (uri: string) => {
  const found = [...fallon.all, ...simple.all].find((n) => n.node.post.uri === uri);
  assert.ok(found, uri);
  return found.node.post;
};
const ROOT = 'at://did:plc:liq6fguhetsghzyo4cmv5zd4/app.bsky.feed.post/3jvuuju3amj2i';

describe('Bluesky mapping of real posts', () => {
  it('maps Jimmy Fallon’s first post with its counts, url and verbatim payload', () => {
    const m = feedItemToMessage({ post: byUri(ROOT) }, null);
    assert.equal(m.platformId, ROOT);
    assert.deepEqual(m.author, {
      id: 'did:plc:liq6fguhetsghzyo4cmv5zd4',
      handle: 'jimmyfallon.bsky.social',
      name: 'Jimmy Fallon',
    });
    assert.equal(m.createdAt.toISOString(), '2023-05-16T21:55:03.191Z');
    assert.equal(m.text, 'Day one. Jumping in.');
    assert.equal(m.kind, 'post');
    assert.equal(m.language, null);
    assert.deepEqual(m.counts, { reposts: 199, likes: 2729, replies: 922 });
    assert.equal(m.url, 'https://bsky.app/profile/jimmyfallon.bsky.social/post/3jvuuju3amj2i');
    assert.deepEqual([m.mentions, m.hashtags, m.inReplyTo, m.quoteOf], [[], [], null, null]);
    // The payload is the JSON the API sent, blob refs included.
    const original = (fallon.json as { thread: { post: unknown } }).thread.post;
    assert.deepEqual(JSON.parse(m.payload.raw), { post: original });
    assert.equal(m.payload.format, 'bluesky-api-json');
  });

  it('reads a reply’s parent and a mention at its UTF-8 byte range', () => {
    const m = feedItemToMessage(
      { post: byUri('at://did:plc:yzr754dri7xcefigc6n34bx4/app.bsky.feed.post/3k3p5jqm4pz2z') },
      null,
    );
    assert.equal(m.kind, 'reply');
    assert.deepEqual(m.inReplyTo, { id: ROOT, authorId: 'did:plc:liq6fguhetsghzyo4cmv5zd4' });
    assert.equal(m.text, 'What about day 2? @jimmyfallon.bsky.social');
    assert.deepEqual(m.mentions, ['jimmyfallon.bsky.social']);
    assert.equal(m.language, 'en');
    assert.deepEqual(m.author, {
      id: 'did:plc:yzr754dri7xcefigc6n34bx4',
      handle: 'travvy.bsky.social',
      name: 'Sivart ',
    });
    const story = feedItemToMessage(
      { post: byUri('at://did:plc:u2mtcxqp7uzcg5xikrwexoc6/app.bsky.feed.post/3jvvk32ta3n2c') },
      null,
    );
    assert.deepEqual(story.mentions, ['jimmyfallon.bsky.social']);
  });

  it('takes hashtags from the tag facets, lower case', () => {
    const m = feedItemToMessage(
      { post: byUri('at://did:plc:wa775c4t36s7mdema2d27lri/app.bsky.feed.post/3lel6d44e5c25') },
      null,
    );
    assert.deepEqual(m.hashtags, [
      'constitutionmatters',
      'freedomandjustice',
      'powerofthepeople',
      'constitutionalrights',
      'libertyforall',
      'preservefreedom',
      'sacredconstitution',
    ]);
    assert.deepEqual(m.mentions, []);
  });

  it('gives an author whose handle no longer resolves no handle, and links the post by DID', () => {
    const m = feedItemToMessage(
      { post: byUri('at://did:plc:xum72mip7ti5niwqbgpvaqn4/app.bsky.feed.post/3jvuvromubj26') },
      null,
    );
    assert.equal(m.author.handle, null);
    assert.equal(m.author.name, 'Alison');
    assert.equal(m.url, 'https://bsky.app/profile/did%3Aplc%3Axum72mip7ti5niwqbgpvaqn4/post/3jvuvromubj26');
  });

  it('maps every real post, each reply naming the post it hangs from and its author', () => {
    for (const { node, parent } of [...fallon.all, ...simple.all]) {
      const m = feedItemToMessage({ post: node.post }, null);
      assert.equal(m.platformId, node.post.uri);
      assert.equal(m.author.id, node.post.author.did);
      if (parent) {
        assert.equal(m.kind, 'reply');
        assert.deepEqual(m.inReplyTo, { id: parent.post.uri, authorId: parent.post.author.did });
      } else {
        assert.equal(m.inReplyTo, null);
      }
    }
    assert.equal(fallon.all.length + simple.all.length, 173);
    const dan = feedItemToMessage({ post: simple.root.post }, null);
    assert.deepEqual([dan.text, dan.language, dan.author.handle], ['test', 'en', 'dancow.bsky.social']);
  });

  it('maps a repost as a message of the reposter, with the repost record’s URI or a formed id', () => {
    const by = {
      did: 'did:plc:4xmgijpbx7dxuzpaxivnc3k5',
      handle: 'Gemeente-Wolderveen.bsky.social',
      displayName: 'Gemeente Wolderveen',
    };
    const reason = {
      $type: 'app.bsky.feed.defs#reasonRepost' as const,
      by,
      indexedAt: '2026-10-13T09:00:00.000Z',
    };
    const formed = feedItemToMessage({ post: byUri(ROOT), reason }, null);
    assert.equal(formed.platformId, `repost:did:plc:4xmgijpbx7dxuzpaxivnc3k5:${ROOT}`);
    assert.deepEqual([formed.kind, formed.repostOf, formed.text], ['repost', ROOT, '']);
    assert.deepEqual(formed.author, {
      id: by.did,
      handle: 'gemeente-wolderveen.bsky.social',
      name: 'Gemeente Wolderveen',
    });
    assert.equal(formed.createdAt.toISOString(), '2026-10-13T09:00:00.000Z');
    const uri = 'at://did:plc:4xmgijpbx7dxuzpaxivnc3k5/app.bsky.feed.repost/3mxqnu5vck22a';
    assert.equal(repostId({ ...reason, uri }, ROOT), uri);
  });
});

describe('Bluesky mapping rules', () => {
  const post = (record: Record<string, unknown>): AppBskyFeedDefs.PostView => ({
    uri: 'at://did:plc:abc/app.bsky.feed.post/3mabc',
    cid: 'bafyreiam7dbdpcqr2nvyzk3j2czcrqn534v2uqauumaxy6gcvx4wpk5mo4',
    author: { did: 'did:plc:abc', handle: 'inwoner.bsky.social' },
    record,
    indexedAt: '2026-10-01T10:00:00.000Z',
  });
  const own = { did: 'did:plc:gemeente', handle: 'gemeente-wolderveen.bsky.social' };

  it('reads mentions at byte offsets after emoji, as written, lower case; the own DID as its handle', () => {
    const text = '🎉 Hé @Gemeente.BSKY.social en @oude-naam.bsky.social!';
    const at = (s: string) => Buffer.byteLength(text.slice(0, text.indexOf(s)));
    const facet = (s: string, did: string) => ({
      index: { byteStart: at(s), byteEnd: at(s) + Buffer.byteLength(s) },
      features: [{ $type: 'app.bsky.richtext.facet#mention', did }],
    });
    const facets = [facet('@Gemeente.BSKY.social', 'did:plc:x'), facet('@oude-naam.bsky.social', own.did)];
    assert.deepEqual(mentionsOf(text, facets, null), ['gemeente.bsky.social', 'oude-naam.bsky.social']);
    assert.deepEqual(mentionsOf(text, facets, own), ['gemeente.bsky.social', own.handle]);
    // Offsets that land beside the handle name nobody.
    assert.deepEqual(
      mentionsOf(text, [{ index: { byteStart: 0, byteEnd: 4 }, features: facets[0]?.features }], null),
      [],
    );
  });

  it('tells quotes from embeds of feeds, and keeps the quote of a reply', () => {
    const createdAt = '2026-10-01T09:59:59.000Z';
    const quoted = 'at://did:plc:gemeente/app.bsky.feed.post/3mq';
    const quote = feedItemToMessage(
      {
        post: post({
          text: 'Kijk!',
          createdAt,
          embed: { $type: 'app.bsky.embed.record', record: { uri: quoted, cid: 'x' } },
        }),
      },
      null,
    );
    assert.deepEqual([quote.kind, quote.quoteOf], ['quote', quoted]);
    const withMedia = feedItemToMessage(
      {
        post: post({
          text: 'Foto',
          createdAt,
          embed: {
            $type: 'app.bsky.embed.recordWithMedia',
            record: { record: { uri: quoted, cid: 'x' } },
            media: {},
          },
        }),
      },
      null,
    );
    assert.deepEqual([withMedia.kind, withMedia.quoteOf], ['quote', quoted]);
    const feed = feedItemToMessage(
      {
        post: post({
          text: 'Feed',
          createdAt,
          embed: {
            $type: 'app.bsky.embed.record',
            record: { uri: 'at://did:plc:x/app.bsky.feed.generator/nl', cid: 'x' },
          },
        }),
      },
      null,
    );
    assert.deepEqual([feed.kind, feed.quoteOf], ['post', null]);
    const reply = feedItemToMessage(
      {
        post: post({
          text: 'Ja',
          createdAt,
          reply: { root: { uri: quoted, cid: 'x' }, parent: { uri: quoted, cid: 'x' } },
          embed: { $type: 'app.bsky.embed.record', record: { uri: quoted, cid: 'x' } },
        }),
      },
      null,
    );
    assert.deepEqual(
      [reply.kind, reply.quoteOf, reply.inReplyTo?.authorId],
      ['reply', quoted, 'did:plc:gemeente'],
    );
  });

  it('turns away a post without text or with an impossible date, naming the field', () => {
    assert.throws(
      () => feedItemToMessage({ post: post({ createdAt: '2026-10-01T10:00:00Z' }) }, null),
      (e: unknown) =>
        e instanceof RecordError && e.code === 'missing_field' && /record\.text/.test(e.message),
    );
    assert.throws(
      () => feedItemToMessage({ post: post({ text: 'x', createdAt: '2026-02-30T10:00:00Z' }) }, null),
      (e: unknown) =>
        e instanceof RecordError && e.code === 'invalid_field' && /record\.createdAt/.test(e.message),
    );
    assert.throws(
      () =>
        feedItemToMessage(
          { post: post({ text: 'x', createdAt: '2026-10-01T10:00:00Z', reply: { root: {}, parent: {} } }) },
          null,
        ),
      /record\.reply\.parent\.uri is missing/,
    );
  });

  it('reads mentions, replies and quotes from notifications, and nothing from likes or follows', () => {
    const base = {
      uri: 'at://did:plc:abc/app.bsky.feed.post/3mabc',
      cid: 'x',
      author: { did: 'did:plc:abc', handle: 'inwoner.bsky.social' },
      isRead: false,
      indexedAt: '2026-10-01T10:00:00.000Z',
    };
    const record = {
      $type: 'app.bsky.feed.post',
      text: 'Vraag',
      createdAt: '2026-10-01T10:00:00.000Z',
      reply: {
        root: { uri: 'at://did:plc:gemeente/app.bsky.feed.post/1', cid: 'x' },
        parent: { uri: 'at://did:plc:gemeente/app.bsky.feed.post/1', cid: 'x' },
      },
    };
    const n = (
      reason: string,
      r: Record<string, unknown> = record,
    ): AppBskyNotificationListNotifications.Notification => ({ ...base, reason, record: r });
    const reply = notificationToMessage(n('reply'), own);
    assert.deepEqual(
      [reply?.kind, reply?.inReplyTo?.authorId, reply?.counts.likes],
      ['reply', 'did:plc:gemeente', null],
    );
    assert.equal(
      notificationToMessage(
        n('like', { $type: 'app.bsky.feed.like', subject: {}, createdAt: record.createdAt }),
        own,
      ),
      null,
    );
    assert.equal(
      notificationToMessage(
        n('follow', { $type: 'app.bsky.graph.follow', subject: own.did, createdAt: record.createdAt }),
        own,
      ),
      null,
    );
    assert.equal(notificationToMessage(n('repost'), own), null);
    assert.throws(
      () =>
        notificationToMessage(
          n('mention', { $type: 'app.bsky.feed.like', createdAt: record.createdAt }),
          own,
        ),
      /is not a post/,
    );
  });
});
