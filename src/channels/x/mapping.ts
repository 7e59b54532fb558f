import { decodeHTML } from 'entities';
import type { MessageInput, MessageKind } from '../../domain/message.ts';
import { parseIsoDateTime } from '../../importers/isoDate.ts';
import { RecordError } from '../../ingest/records.ts';

/**
 * X API v2 post objects (`data[]` of a timeline, with `includes.users`) as messages. Identity is
 * the archive importer's (`src/importers/xArchive.ts`), so a post imported from an archive and read
 * later through the API is one message: the post id, the author's user id, the username (no `@`)
 * as handle, mentions from `entities.mentions[].username`, hashtags from `entities.hashtags[].tag`.
 * X escapes `&`, `<` and `>` in `text` as in archives; both decode them the same way.
 */
export const X_PAYLOAD_FORMAT = 'x-api-json';

export interface XUser {
  id: string;
  username: string | null;
  name: string | null;
}

interface Entities {
  mentions?: { username?: unknown }[];
  hashtags?: { tag?: unknown }[];
  urls?: unknown[];
}

interface ApiPost {
  id?: unknown;
  text?: unknown;
  created_at?: unknown;
  author_id?: unknown;
  in_reply_to_user_id?: unknown;
  referenced_tweets?: unknown;
  entities?: Entities;
  note_tweet?: { text?: unknown; entities?: Entities };
  public_metrics?: Record<string, unknown>;
  lang?: unknown;
}

/** Language codes X uses for "no language". */
const NO_LANGUAGE = ['und', 'qme', 'qht', 'qam', 'qct', 'zxx', 'art'];

function digits(value: unknown, field: string): string {
  if (value === undefined || value === null || value === '') {
    throw new RecordError('missing_field', `${field} is missing`);
  }
  // X sends ids as strings: a number this long has already lost digits.
  if (typeof value !== 'string' || !/^\d+$/.test(value)) {
    throw new RecordError('invalid_field', `${field} ${JSON.stringify(value)} is not a string of digits`);
  }
  return value;
}

function optionalDigits(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : digits(value, field);
}

function countOf(metrics: Record<string, unknown> | undefined, field: string): number | null {
  const value = metrics?.[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RecordError('invalid_field', `public_metrics.${field} ${JSON.stringify(value)} is not a count`);
  }
  return value;
}

function strings(list: unknown, key: string, field: string): string[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new RecordError('invalid_field', `${field} is not a list`);
  return list
    .map((item) => (item as Record<string, unknown> | null)?.[key])
    .filter((v): v is string => typeof v === 'string' && v !== '');
}

export interface References {
  kind: MessageKind;
  repostOf: string | null;
  quoteOf: string | null;
  replyTo: string | null;
}

/** The kind from `referenced_tweets`: a repost before a reply before a quote, as the archive importer. */
export function referencesOf(value: unknown): References {
  if (value === undefined || value === null)
    return { kind: 'post', repostOf: null, quoteOf: null, replyTo: null };
  if (!Array.isArray(value)) throw new RecordError('invalid_field', 'referenced_tweets is not a list');
  const find = (type: string) => {
    const ref = value.find((r) => (r as { type?: unknown } | null)?.type === type) as
      | { id?: unknown }
      | undefined;
    return ref ? digits(ref.id, `referenced_tweets (${type}).id`) : null;
  };
  const repostOf = find('retweeted');
  const replyTo = find('replied_to');
  const quoteOf = find('quoted');
  const kind: MessageKind = repostOf ? 'repost' : replyTo ? 'reply' : quoteOf ? 'quote' : 'post';
  return { kind, repostOf, quoteOf, replyTo };
}

/** The post's text: the whole text of a long post (`note_tweet`), else `text` as X gives it. */
function textOf(post: ApiPost): { text: string; entities: Entities | undefined } {
  const note = post.note_tweet;
  if (note && typeof note.text === 'string' && note.text !== '') {
    return { text: decodeHTML(note.text), entities: note.entities ?? post.entities };
  }
  if (post.text === undefined || post.text === null)
    throw new RecordError('missing_field', 'text is missing');
  if (typeof post.text !== 'string') throw new RecordError('invalid_field', 'text is not text');
  return { text: decodeHTML(post.text), entities: post.entities };
}

/** A post object of a page as a message; `users` are the page's `includes.users` by id. */
export function postToMessage(item: unknown, users: ReadonlyMap<string, XUser>): MessageInput {
  if (!item || typeof item !== 'object' || Array.isArray(item)) {
    throw new RecordError('invalid_field', 'the item is not a post object');
  }
  const post = item as ApiPost;
  const id = digits(post.id, 'id');
  if (post.created_at === undefined || post.created_at === null) {
    throw new RecordError('missing_field', 'created_at is missing');
  }
  const createdAt = typeof post.created_at === 'string' ? parseIsoDateTime(post.created_at) : null;
  if (!createdAt) {
    throw new RecordError(
      'invalid_field',
      `created_at ${JSON.stringify(post.created_at)} is not a date-time`,
    );
  }
  const authorId = digits(post.author_id, 'author_id');
  const { text, entities } = textOf(post);
  const refs = referencesOf(post.referenced_tweets);
  const author = users.get(authorId);
  const handle = author?.username ?? null;
  const lang = typeof post.lang === 'string' && post.lang !== '' ? post.lang : null;
  const metrics = post.public_metrics;
  return {
    platform: 'x',
    platformId: id,
    author: { id: authorId, handle, name: author?.name ?? null },
    createdAt,
    text,
    language: lang && !NO_LANGUAGE.includes(lang) ? lang : null,
    kind: refs.kind,
    inReplyTo: refs.replyTo
      ? { id: refs.replyTo, authorId: optionalDigits(post.in_reply_to_user_id, 'in_reply_to_user_id') }
      : null,
    repostOf: refs.repostOf,
    quoteOf: refs.quoteOf,
    recipientId: null,
    mentions: strings(entities?.mentions, 'username', 'entities.mentions'),
    hashtags: strings(entities?.hashtags, 'tag', 'entities.hashtags'),
    counts: {
      reposts: countOf(metrics, 'retweet_count'),
      likes: countOf(metrics, 'like_count'),
      replies: countOf(metrics, 'reply_count'),
    },
    url: handle ? `https://x.com/${handle}/status/${id}` : `https://x.com/i/web/status/${id}`,
    payload: { format: X_PAYLOAD_FORMAT, raw: JSON.stringify(item) },
  };
}

/** `includes.users` of a page by id; users that cannot be read are left out (their posts keep an id). */
export function usersOf(includes: unknown): Map<string, XUser> {
  const users = new Map<string, XUser>();
  const list = (includes as { users?: unknown } | null | undefined)?.users;
  if (!Array.isArray(list)) return users;
  for (const u of list) {
    const user = u as { id?: unknown; username?: unknown; name?: unknown } | null;
    if (typeof user?.id !== 'string') continue;
    users.set(user.id, {
      id: user.id,
      username: typeof user.username === 'string' && user.username !== '' ? user.username : null,
      name: typeof user.name === 'string' && user.name !== '' ? user.name : null,
    });
  }
  return users;
}
