import { type AppBskyFeedDefs, type AppBskyNotificationListNotifications, lexToJson } from '@atproto/api';
import type { MessageInput, MessageKind } from '../../domain/message.ts';
import { parseIsoDateTime } from '../../importers/isoDate.ts';
import { RecordError } from '../../ingest/records.ts';

/**
 * Bluesky payloads (`app.bsky.*` views) as messages, without any I/O.
 *
 * - `platformId` is the post's at:// URI (`at://<did>/app.bsky.feed.post/<rkey>`), the same in
 *   every API and in the repository, so a post read twice is stored once.
 * - The author is the DID (stable); the handle (lower case) can change.
 * - A reply names its parent's URI and, as its author, the DID inside that URI.
 * - Mentions and hashtags are Bluesky's facets (its structured mentions): the handle as written at
 *   the facet's UTF-8 byte range, without `@`, lower case. Text that merely looks like `@name`
 *   without a facet is no mention on Bluesky (nobody is notified), so the lists are given even when
 *   empty.
 * - A repost of the author feed is a message of its own, by the reposter.
 */
export const PAYLOAD_FORMAT = 'bluesky-api-json';
const POST_COLLECTION = 'app.bsky.feed.post';
const REPOST = 'app.bsky.feed.defs#reasonRepost';
const MENTION = 'app.bsky.richtext.facet#mention';
const TAG = 'app.bsky.richtext.facet#tag';

/** The account being read: a mention of its DID is a mention of its current handle. */
export interface OwnAccount {
  did: string;
  handle: string;
}

type FeedViewPost = AppBskyFeedDefs.FeedViewPost;
type Notification = AppBskyNotificationListNotifications.Notification;

/** The reasons of a notification that are messages to read; likes, follows and reposts are not. */
export const MESSAGE_REASONS = ['mention', 'reply', 'quote'] as const;

/** An item as kept in the archive: the JSON the API sent (blob refs and CIDs as JSON again). */
export function rawJson(item: unknown): string {
  return JSON.stringify(lexToJson(item as Parameters<typeof lexToJson>[0]));
}

/** A feed item of `getAuthorFeed`: a post, a reply, a quote, or a repost by the account. */
export function feedItemToMessage(item: FeedViewPost, own: OwnAccount | null): MessageInput {
  const raw = rawJson(item);
  const reason = item.reason as { $type?: string } | undefined;
  if (reason?.$type === REPOST) return repostToMessage(item, reason as AppBskyFeedDefs.ReasonRepost, raw);
  const post = item.post;
  const parentAuthor = item.reply && isPostView(item.reply.parent) ? item.reply.parent.author.did : null;
  return postToMessage(
    {
      uri: post.uri,
      author: post.author,
      record: post.record,
      counts: {
        reposts: post.repostCount ?? null,
        likes: post.likeCount ?? null,
        replies: post.replyCount ?? null,
      },
      parentAuthor,
    },
    own,
    raw,
  );
}

/** A notification: the post of a mention, reply or quote; null for the other reasons. */
export function notificationToMessage(item: Notification, own: OwnAccount | null): MessageInput | null {
  if (!(MESSAGE_REASONS as readonly string[]).includes(item.reason)) return null;
  return postToMessage(
    {
      uri: item.uri,
      author: item.author,
      record: item.record,
      counts: { reposts: null, likes: null, replies: null },
      parentAuthor: null,
    },
    own,
    rawJson(item),
  );
}

/**
 * The id of a repost: the repost record's URI when the API gives it (`reason.uri`), else one formed
 * from the reposter's DID and the post's URI. That form is no at:// URI, so it never collides with a
 * record, and one person reposts one post at most once at a time.
 */
export function repostId(reason: AppBskyFeedDefs.ReasonRepost, postUri: string): string {
  return reason.uri ?? `repost:${reason.by.did}:${postUri}`;
}

function repostToMessage(
  item: FeedViewPost,
  reason: AppBskyFeedDefs.ReasonRepost,
  raw: string,
): MessageInput {
  return {
    platform: 'bluesky',
    platformId: repostId(reason, item.post.uri),
    author: { id: reason.by.did, handle: handleOf(reason.by.handle), name: reason.by.displayName || null },
    createdAt: requireDate(reason.indexedAt, 'reason.indexedAt'),
    text: '',
    language: null,
    kind: 'repost',
    inReplyTo: null,
    repostOf: item.post.uri,
    quoteOf: null,
    recipientId: null,
    mentions: [],
    hashtags: [],
    counts: { reposts: null, likes: null, replies: null },
    url: null,
    payload: { format: PAYLOAD_FORMAT, raw },
  };
}

interface PostSource {
  uri: string;
  author: { did: string; handle: string; displayName?: string };
  record: unknown;
  counts: MessageInput['counts'];
  /** The parent's author as the view gives it, for a parent URI that names no DID. */
  parentAuthor: string | null;
}

function postToMessage(source: PostSource, own: OwnAccount | null, raw: string): MessageInput {
  const record = requireObject(source.record, 'record');
  if (record.$type !== undefined && record.$type !== POST_COLLECTION) {
    throw new RecordError('invalid_field', `record.$type ${JSON.stringify(record.$type)} is not a post`);
  }
  if (record.text === undefined || record.text === null) {
    throw new RecordError('missing_field', 'record.text is missing');
  }
  if (typeof record.text !== 'string') throw new RecordError('invalid_field', 'record.text is not a string');
  const text = record.text;
  const createdAt = requireDate(record.createdAt, 'record.createdAt');
  const parent = replyParent(record.reply);
  const quoteOf = quotedPost(record.embed);
  let kind: MessageKind = 'post';
  if (parent) kind = 'reply';
  else if (quoteOf) kind = 'quote';
  const facets = Array.isArray(record.facets) ? record.facets : [];
  const handle = handleOf(source.author.handle);
  return {
    platform: 'bluesky',
    platformId: source.uri,
    author: { id: source.author.did, handle, name: source.author.displayName || null },
    createdAt,
    text,
    language: firstLanguage(record.langs),
    kind,
    inReplyTo: parent ? { id: parent, authorId: didOfUri(parent) ?? source.parentAuthor } : null,
    repostOf: null,
    quoteOf,
    recipientId: null,
    mentions: mentionsOf(text, facets, own),
    hashtags: tagsOf(facets, record.tags),
    counts: source.counts,
    url: postUrl(source.uri, handle ?? source.author.did),
    payload: { format: PAYLOAD_FORMAT, raw },
  };
}

function replyParent(reply: unknown): string | null {
  if (reply === undefined || reply === null) return null;
  const parent = requireObject(requireObject(reply, 'record.reply').parent, 'record.reply.parent');
  if (typeof parent.uri !== 'string' || !parent.uri.startsWith('at://')) {
    throw new RecordError(
      parent.uri === undefined ? 'missing_field' : 'invalid_field',
      `record.reply.parent.uri ${parent.uri === undefined ? 'is missing' : 'is not an at:// URI'}`,
    );
  }
  return parent.uri;
}

/** The post a record embeds (a quote), from `app.bsky.embed.record` or `…recordWithMedia`. */
function quotedPost(embed: unknown): string | null {
  if (!isObject(embed)) return null;
  let ref: unknown = null;
  if (embed.$type === 'app.bsky.embed.record') ref = embed.record;
  else if (embed.$type === 'app.bsky.embed.recordWithMedia' && isObject(embed.record))
    ref = embed.record.record;
  const uri = isObject(ref) ? ref.uri : null;
  // Embedding a feed, a list or a starter pack is no quote of a message.
  return typeof uri === 'string' && collectionOf(uri) === POST_COLLECTION ? uri : null;
}

/**
 * The handles a post mentions: the text at each mention facet's UTF-8 byte range. A mention of the
 * account read is its current handle whatever the text says, so a mention written before a change
 * of handle still reaches it.
 */
export function mentionsOf(text: string, facets: unknown[], own: OwnAccount | null): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const found: string[] = [];
  for (const facet of facets) {
    const range = byteRange(facet);
    for (const feature of featuresOf(facet)) {
      if (feature.$type !== MENTION) continue;
      if (own && feature.did === own.did) {
        found.push(own.handle);
        continue;
      }
      if (!range) continue;
      const written = bytes.subarray(range.start, range.end).toString('utf8').trim().replace(/^@/, '');
      // Offsets that do not land on a handle (a client's mistake) name nobody.
      if (/^[a-z0-9.-]+\.[a-z0-9-]+$/i.test(written)) found.push(written.toLowerCase());
    }
  }
  return [...new Set(found)];
}

/** Hashtags: the `#tag` facets, and the record's `tags` (tags not shown in the text). */
export function tagsOf(facets: unknown[], extra: unknown): string[] {
  const tags = facets.flatMap((facet) =>
    featuresOf(facet)
      .filter((f) => f.$type === TAG && typeof f.tag === 'string')
      .map((f) => f.tag as string),
  );
  if (Array.isArray(extra)) tags.push(...extra.filter((t): t is string => typeof t === 'string'));
  return [...new Set(tags.map((t) => t.replace(/^#/, '').toLowerCase()).filter(Boolean))];
}

function featuresOf(facet: unknown): Record<string, unknown>[] {
  return isObject(facet) && Array.isArray(facet.features) ? facet.features.filter(isObject) : [];
}

function byteRange(facet: unknown): { start: number; end: number } | null {
  const index = isObject(facet) && isObject(facet.index) ? facet.index : null;
  const start = index?.byteStart;
  const end = index?.byteEnd;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return null;
  if ((start as number) < 0 || (end as number) <= (start as number)) return null;
  return { start: start as number, end: end as number };
}

function firstLanguage(langs: unknown): string | null {
  const first = Array.isArray(langs) ? langs[0] : null;
  return typeof first === 'string' && first.trim() !== '' ? first.trim() : null;
}

/** `at://did:plc:x/app.bsky.feed.post/3k…` → `did:plc:x`; null when the authority is a handle. */
export function didOfUri(uri: string): string | null {
  const authority = /^at:\/\/([^/]+)/.exec(uri)?.[1];
  return authority?.startsWith('did:') ? authority : null;
}

function collectionOf(uri: string): string | null {
  return /^at:\/\/[^/]+\/([^/]+)\//.exec(uri)?.[1] ?? null;
}

export function rkeyOf(uri: string): string | null {
  return /^at:\/\/[^/]+\/[^/]+\/([^/?#]+)$/.exec(uri)?.[1] ?? null;
}

/** The post's page on bsky.app: `https://bsky.app/profile/<handle>/post/<rkey>`. */
export function postUrl(uri: string, profile: string): string | null {
  const rkey = rkeyOf(uri);
  if (!rkey || collectionOf(uri) !== POST_COLLECTION) return null;
  return `https://bsky.app/profile/${encodeURIComponent(profile)}/post/${encodeURIComponent(rkey)}`;
}

/** A handle in the form accounts use; `handle.invalid` (no longer verified) is no handle. */
function handleOf(handle: string): string | null {
  const lower = handle.trim().toLowerCase();
  return lower === '' || lower === 'handle.invalid' ? null : lower;
}

function isPostView(value: unknown): value is AppBskyFeedDefs.PostView {
  return isObject(value) && typeof value.uri === 'string' && isObject(value.author);
}

export function requireDate(value: unknown, field: string): Date {
  if (value === undefined || value === null || value === '') {
    throw new RecordError('missing_field', `${field} is missing`);
  }
  const date = typeof value === 'string' ? parseIsoDateTime(value) : null;
  if (!date) throw new RecordError('invalid_field', `${field} ${JSON.stringify(value)} is not a valid date`);
  return date;
}

function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined || value === null) throw new RecordError('missing_field', `${field} is missing`);
  if (!isObject(value)) throw new RecordError('invalid_field', `${field} is not an object`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
