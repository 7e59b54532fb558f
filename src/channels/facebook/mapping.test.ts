import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { MessageInput } from '../../domain/message.ts';
import type { Parsed } from '../../ingest/records.ts';
import { formatsFile } from '../fakeServer.ts';
import {
  anonymousAuthorId,
  commentRecords,
  commentToMessage,
  type PageContext,
  postRecords,
  postToMessage,
} from './mapping.ts';

/** Real Graph answers of Meta's developer page (../shared/data/formats/facebook-graph). */
function real(...parts: string[]): { data: Record<string, unknown>[] } & Record<string, unknown> {
  return JSON.parse(readFileSync(formatsFile('facebook-graph', ...parts), 'utf8'));
}

const DEVELOPERS: PageContext = {
  pageId: '19292868552',
  handle: 'FacebookforDevelopers',
  name: 'Facebook for Developers',
};
const POST = { id: '19292868552_10158407654328553', authorId: '19292868552' };

function message(parsed: Parsed[]): MessageInput {
  const [first] = parsed;
  assert.ok(first?.ok, JSON.stringify(first));
  assert.equal(first.record.type, 'message');
  return first.record.type === 'message' ? first.record.message : (undefined as never);
}

describe('Facebook feed posts (real payloads)', () => {
  const feed = real('apidata', 'posts', 'feeds_default_fields_p1.json');

  it('maps the page’s own post with its tags, counts and address', () => {
    const item = feed.data[0] as Record<string, unknown>;
    const m = message(postRecords(item, DEVELOPERS, 'feed [0]'));
    assert.equal(m.platform, 'facebook');
    assert.equal(m.platformId, '19292868552_10158349356748553');
    assert.deepEqual(m.author, {
      id: '19292868552',
      handle: 'FacebookforDevelopers',
      name: 'Facebook for Developers',
    });
    assert.equal(m.createdAt.toISOString(), '2021-07-09T19:09:52.000Z');
    assert.equal(m.kind, 'post');
    assert.equal(m.inReplyTo, null);
    assert.equal(m.recipientId, null);
    assert.equal(m.text, item.message);
    // Tagged pages (Ninja Van Singapore, Messenger) by their ids: they have no handle in Graph.
    assert.deepEqual(m.mentions, ['957138134486129', '602814669838217']);
    assert.deepEqual(m.counts, { reposts: 10, likes: 125, replies: 13 });
    assert.equal(m.url, 'https://www.facebook.com/19292868552/posts/10158349356748553/');
    assert.equal(m.payload.format, 'facebook-api-json');
    assert.deepEqual(JSON.parse(m.payload.raw), item);
  });

  it('maps every post of both pages, newest first', () => {
    const second = real('apidata', 'posts', 'feeds_default_fields_p2.json');
    const all = [...feed.data, ...second.data].map((item, i) =>
      message(postRecords(item, DEVELOPERS, `[${i}]`)),
    );
    assert.equal(all.length, 10);
    assert.ok(all.every((m) => m.kind === 'post' && m.author.id === '19292868552'));
    const times = all.map((m) => m.createdAt.getTime());
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    assert.deepEqual(all[9]?.counts, { reposts: 183, likes: 26959, replies: 82 });
  });

  it('reads a mention of the page itself as its handle', () => {
    const item = {
      ...feed.data[0],
      message_tags: [{ id: '19292868552', name: 'Facebook for Developers', type: 'page' }],
    };
    assert.deepEqual(postToMessage(item, DEVELOPERS).mentions, ['FacebookforDevelopers']);
  });

  it('reads a visitor’s post as a comment addressed to the page, and a share as repost or quote', () => {
    const visitor = postToMessage(
      {
        id: '19292868552_1',
        created_time: '2021-07-01T10:00:00+0000',
        message: 'Hallo?',
        from: { id: '55', name: 'Ans' },
      },
      DEVELOPERS,
    );
    assert.equal(visitor.kind, 'comment');
    assert.equal(visitor.recipientId, '19292868552');
    assert.deepEqual(visitor.author, { id: '55', handle: null, name: 'Ans' });
    const base = { id: '19292868552_2', created_time: '2021-07-01T10:00:00+0000', parent_id: '9_8' };
    assert.equal(postToMessage(base, DEVELOPERS).kind, 'repost');
    assert.equal(postToMessage(base, DEVELOPERS).repostOf, '9_8');
    const quote = postToMessage({ ...base, message: 'Lees dit' }, DEVELOPERS);
    assert.equal(quote.kind, 'quote');
    assert.equal(quote.quoteOf, '9_8');
  });

  it('turns a post with a drifted or missing field into a reject naming it', () => {
    const { created_time: _, ...noTime } = feed.data[1] as Record<string, unknown>;
    const [missing] = postRecords({ ...noTime, created: '2021-07-08T15:30:19+0000' }, DEVELOPERS, 'feed [1]');
    assert.deepEqual(missing, {
      ok: false,
      location: 'feed [1]',
      code: 'missing_field',
      reason: 'created_time is missing',
    });
    const [bad] = postRecords(
      { ...feed.data[1], created_time: '2021-13-08T15:30:19+0000' },
      DEVELOPERS,
      'feed [1]',
    );
    assert.equal(bad?.ok, false);
    assert.match(
      bad?.ok === false ? bad.reason : '',
      /^created_time "2021-13-08T15:30:19\+0000" is not a valid date/,
    );
    const [noId] = postRecords({ ...feed.data[1], id: undefined }, DEVELOPERS, 'feed [1]');
    assert.equal(noId?.ok === false && noId.reason, 'id is missing');
  });
});

describe('Facebook comments (real payloads)', () => {
  const first = real('apidata', 'comments', 'comments_p1.json');

  it('keeps a comment without `from` as an inbound comment with a placeholder author', () => {
    const m = message(commentRecords(first.data[1], POST, DEVELOPERS, 'comments [1]'));
    // Graph left out `id` and `from` here: the id comes from the permalink's comment_id.
    assert.equal(m.platformId, '10158407654328553_10158407903973553');
    assert.deepEqual(m.author, {
      id: 'anonymous:10158407654328553_10158407903973553',
      handle: null,
      name: null,
    });
    assert.equal(m.kind, 'comment');
    assert.equal(m.recipientId, '19292868552');
    assert.deepEqual(m.inReplyTo, { id: POST.id, authorId: '19292868552' });
    assert.equal(m.createdAt.toISOString(), '2021-08-10T19:38:44.000Z');
    assert.deepEqual(m.counts, { reposts: null, likes: 0, replies: 2 });
    assert.match(m.text, /^Can someone from Instagram please assist me/);
  });

  it('threads an answer under the comment its permalink names', () => {
    const m = message(commentRecords(first.data[5], POST, DEVELOPERS, 'comments [5]'));
    assert.equal(m.platformId, '10158407654328553_10158409983033553');
    assert.deepEqual(m.inReplyTo, {
      id: '10158407654328553_10158407903973553',
      authorId: anonymousAuthorId('10158407654328553_10158407903973553'),
    });
    assert.equal(m.url, (first.data[5] as { permalink_url: string }).permalink_url);
  });

  it('maps all fifteen comments of both pages with distinct ids', () => {
    const second = real('apidata', 'comments', 'comments_p2.json');
    const all = [...first.data, ...second.data].map((c, i) =>
      message(commentRecords(c, POST, DEVELOPERS, `[${i}]`)),
    );
    assert.equal(new Set(all.map((m) => m.platformId)).size, 15);
    const answers = all.filter((m) => m.inReplyTo?.id !== POST.id);
    assert.equal(answers.length, 5);
  });

  it('uses the id and `from` when Graph gives them: the page’s own comment is its reply', () => {
    const info = real('apidata', 'comments', 'comment_info.json') as unknown as Record<string, unknown>;
    assert.equal(commentToMessage(info, POST, DEVELOPERS).platformId, '10158371815748553_10158371930463553');
    const model = real('models', 'comment.json') as unknown as Record<string, unknown>;
    const citizen = commentToMessage(
      model,
      { id: '2121008874780932_2954961744718970', authorId: '2121008874780932' },
      DEVELOPERS,
    );
    assert.equal(citizen.platformId, '2954961744718970_2966313500250461');
    assert.deepEqual(citizen.author, { id: '2711636948859886', handle: null, name: 'Kun Liu' });
    const own = commentToMessage(
      {
        ...model,
        from: { id: '19292868552', name: 'Facebook for Developers' },
        parent: { id: '1_2', from: { id: '77' } },
      },
      POST,
      DEVELOPERS,
    );
    assert.equal(own.kind, 'reply');
    assert.equal(own.recipientId, null);
    assert.deepEqual(own.author, {
      id: '19292868552',
      handle: 'FacebookforDevelopers',
      name: 'Facebook for Developers',
    });
    assert.deepEqual(own.inReplyTo, { id: '1_2', authorId: '77' });
  });

  it('rejects a comment with neither id nor permalink, naming the field', () => {
    const { permalink_url: _, ...bare } = first.data[0] as Record<string, unknown>;
    const [parsed] = commentRecords(bare, POST, DEVELOPERS, 'comments [0]');
    assert.equal(parsed?.ok, false);
    assert.match(parsed?.ok === false ? parsed.reason : '', /^id is missing/);
  });
});
