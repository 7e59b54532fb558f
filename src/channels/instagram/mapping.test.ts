import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessageInput } from '../../domain/message.ts';
import type { Parsed } from '../../ingest/records.ts';
import {
  type AccountContext,
  anonymousAuthorId,
  commentRecords,
  instagramMentions,
  mediaRecords,
  mediaToMessage,
  taggedToMessage,
} from './mapping.ts';

/**
 * There are no real Instagram payloads in ../shared/data: these are the shapes of Meta's
 * Instagram Platform reference (IG Media fields, IG Comment fields with `from` and `parent_id`
 * since October 2021, the comment moderation guide's sample answer).
 */
const ACCOUNT: AccountContext = {
  accountId: '17841400000000001',
  username: 'gemeente.zuidhoven',
  name: 'Gemeente Zuidhoven',
};
const MEDIA = { id: '18040000000000001', authorId: ACCOUNT.accountId };

function messages(parsed: Parsed[]): MessageInput[] {
  return parsed.map((p) => {
    assert.ok(p.ok, JSON.stringify(p));
    assert.equal(p.record.type, 'message');
    return p.record.type === 'message' ? p.record.message : (undefined as never);
  });
}

describe('Instagram mentions', () => {
  it('reads usernames with dots and underscores, and not e-mail addresses', () => {
    assert.deepEqual(instagramMentions('Goed gedaan @gemeente.zuidhoven! Ook @ivn.zuidhoven.'), [
      'gemeente.zuidhoven',
      'ivn.zuidhoven',
    ]);
    assert.deepEqual(instagramMentions('Mail info@zuidhoven.nl of @kees_janssen'), ['kees_janssen']);
    assert.deepEqual(instagramMentions('geen vermelding'), []);
  });
});

describe('Instagram media', () => {
  const media = {
    id: '18040000000000001',
    caption: 'Vandaag planten we bomen met @ivn.zuidhoven #bomenplantdag',
    media_type: 'IMAGE',
    media_url: 'https://scontent.cdninstagram.com/v/1.jpg',
    permalink: 'https://www.instagram.com/p/CABC/',
    timestamp: '2026-11-20T09:00:00+0000',
    username: 'gemeente.zuidhoven',
    like_count: 212,
    comments_count: 4,
  };

  it('maps the account’s own media as its post', () => {
    const m = mediaToMessage(media, ACCOUNT);
    assert.equal(m.platform, 'instagram');
    assert.equal(m.platformId, '18040000000000001');
    assert.deepEqual(m.author, {
      id: ACCOUNT.accountId,
      handle: 'gemeente.zuidhoven',
      name: 'Gemeente Zuidhoven',
    });
    assert.equal(m.kind, 'post');
    assert.equal(m.createdAt.toISOString(), '2026-11-20T09:00:00.000Z');
    assert.deepEqual(m.mentions, ['ivn.zuidhoven']);
    assert.equal(m.hashtags, null);
    assert.deepEqual(m.counts, { reposts: null, likes: 212, replies: 4 });
    assert.equal(m.url, 'https://www.instagram.com/p/CABC/');
    assert.equal(m.payload.format, 'instagram-api-json');
    assert.deepEqual(JSON.parse(m.payload.raw), media);
  });

  it('maps media another account tagged it in as that account’s post mentioning it', () => {
    const m = taggedToMessage({ ...media, username: 'joke.bakker', caption: 'Mooie wandeling!' }, ACCOUNT);
    assert.deepEqual(m.author, { id: 'joke.bakker', handle: 'joke.bakker', name: null });
    assert.deepEqual(m.mentions, ['gemeente.zuidhoven']);
    assert.equal(m.recipientId, null);
  });

  it('rejects media with a missing or drifted field, naming it', () => {
    const { timestamp: _, ...noTime } = media;
    assert.deepEqual(mediaRecords({ ...noTime, taken_at: media.timestamp }, ACCOUNT, 'media [0]'), [
      { ok: false, location: 'media [0]', code: 'missing_field', reason: 'timestamp is missing' },
    ]);
    const [badId] = mediaRecords({ ...media, id: 'abc' }, ACCOUNT, 'media [0]');
    assert.equal(badId?.ok === false && badId.reason, 'id "abc" is not a Graph id');
    const [noUser] = mediaRecords({ ...media, username: undefined }, ACCOUNT, 'tags [0]', true);
    assert.equal(noUser?.ok === false && noUser.reason, 'username is missing');
  });
});

describe('Instagram comments', () => {
  const comment = {
    id: '17900000000000001',
    text: 'Wat mooi! Mogen bewoners ook helpen?',
    timestamp: '2026-11-20T09:15:00+0000',
    from: { id: '6200000000000001', username: 'sannedevries_' },
    username: 'sannedevries_',
    like_count: 3,
    replies: {
      data: [
        {
          id: '17900000000000002',
          text: '@sannedevries_ Ja! Zaterdag om 10.00 uur.',
          timestamp: '2026-11-20T09:40:00+0000',
          from: { id: ACCOUNT.accountId, username: 'gemeente.zuidhoven' },
          username: 'gemeente.zuidhoven',
          parent_id: '17900000000000001',
        },
        {
          id: '17900000000000003',
          text: 'top, ik kom!',
          timestamp: '2026-11-20T09:55:00+0000',
          from: { id: '6200000000000001', username: 'sannedevries_' },
          username: 'sannedevries_',
          parent_id: '17900000000000001',
        },
      ],
    },
  };

  it('maps a comment and its nested replies: citizens inbound, the account’s answer its reply', () => {
    const [top, answer, thanks] = messages(commentRecords(comment, MEDIA, ACCOUNT, 'comments [0]'));
    assert.equal(top?.kind, 'comment');
    assert.equal(top?.recipientId, ACCOUNT.accountId);
    assert.deepEqual(top?.author, { id: '6200000000000001', handle: 'sannedevries_', name: null });
    assert.deepEqual(top?.inReplyTo, { id: MEDIA.id, authorId: ACCOUNT.accountId });
    assert.equal(top?.counts.likes, 3);
    assert.equal(answer?.kind, 'reply');
    assert.equal(answer?.recipientId, null);
    assert.equal(answer?.author.id, ACCOUNT.accountId);
    assert.deepEqual(answer?.inReplyTo, { id: '17900000000000001', authorId: '6200000000000001' });
    assert.deepEqual(answer?.mentions, ['sannedevries_']);
    assert.equal(thanks?.kind, 'comment');
    assert.deepEqual(thanks?.inReplyTo, { id: '17900000000000001', authorId: '6200000000000001' });
  });

  it('keeps a comment without `from` (the reference’s sample answer) with a placeholder author', () => {
    const [m] = messages(
      commentRecords(
        { timestamp: '2017-08-31T18:10:30+0000', text: 'I love this!', id: '17873440459141021' },
        MEDIA,
        ACCOUNT,
        'c',
      ),
    );
    assert.deepEqual(m?.author, { id: anonymousAuthorId('17873440459141021'), handle: null, name: null });
    assert.equal(m?.kind, 'comment');
    assert.equal(m?.recipientId, ACCOUNT.accountId);
  });

  it('rejects a drifted reply by itself and keeps its comment', () => {
    const drifted = structuredClone(comment);
    const reply = drifted.replies.data[1] as Record<string, unknown>;
    delete reply.timestamp;
    const parsed = commentRecords(drifted, MEDIA, ACCOUNT, 'comments [0]');
    assert.equal(parsed.length, 3);
    assert.deepEqual(parsed[2], {
      ok: false,
      location: 'comments [0].replies[1]',
      code: 'missing_field',
      reason: 'timestamp is missing',
    });
    assert.ok(parsed[0]?.ok && parsed[1]?.ok);
  });
});
