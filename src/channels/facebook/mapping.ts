import type { Author, MessageInput, MessageKind } from '../../domain/message.ts';
import { type Parsed, RecordError, rejectOf } from '../../ingest/records.ts';
import {
  asItem,
  optionalCount,
  optionalString,
  requiredId,
  requiredTime,
  summaryCount,
  timeOf,
} from '../meta/fields.ts';
import type { FoundParent, ParentRef } from '../meta/windowed.ts';

/**
 * Facebook Graph items (page feed posts and comments) as Meetlat messages. Pure: the page the
 * channel reads is passed in.
 *
 * Identity: a post is `<page id>_<post id>`, a comment `<post object id>_<comment id>` (Graph's
 * own ids); the page's account id is its page id and its handle its username (else its id).
 * What is inbound: every comment on the page's posts that the page did not write (kind `comment`,
 * recipient the page), and posts others put on the page's feed (visitor posts: kind `comment`,
 * addressed to the page, since they are written to it). The page's own comments are replies
 * (kind `reply`) to the comment or post they answer, so they count as its answers.
 */
export const FACEBOOK_FORMAT = 'facebook-api-json';

export interface PageContext {
  pageId: string;
  /** The page's username, else its id: the form mentions of the page take. */
  handle: string;
  name: string | null;
}

/** The post a comment stream reads: what a top-level comment replies to. */
export type PostRef = Pick<ParentRef, 'id' | 'authorId'>;

/**
 * Meta leaves `from` out of comments (and posts) by people who have not allowed apps to see them.
 * Such a comment is still someone else's, addressed to the page: it gets an author id of its own,
 * `anonymous:<comment id>`. Stable (the same comment always gets the same id, and a reply to it
 * names the same parent author), never the page's id (so it stays inbound), and never shared by
 * two comments (two unknown people are not merged into one).
 */
export function anonymousAuthorId(messageId: string): string {
  return `anonymous:${messageId}`;
}

function record(message: MessageInput, location: string): Parsed {
  return { ok: true, location, record: { type: 'message', message } };
}

function reject(error: unknown, location: string): Parsed {
  return { ok: false, location, ...rejectOf(error) };
}

/** `from` as `{ id, name }`, or null when Meta left it out. */
function fromOf(item: Record<string, unknown>, field = 'from'): { id: string; name: string | null } | null {
  const from = item[field];
  if (from === undefined || from === null) return null;
  if (typeof from !== 'object') throw new RecordError('invalid_field', `${field} must be an object`);
  const f = from as Record<string, unknown>;
  const id = optionalString(f, 'id');
  if (id === null) throw new RecordError('missing_field', `${field}.id is missing`);
  return { id, name: optionalString(f, 'name') };
}

/** Structured mentions: `message_tags`, the page itself as its handle, others by their id. */
function mentionsOf(item: Record<string, unknown>, page: PageContext): string[] {
  const tags = item.message_tags;
  if (tags === undefined || tags === null) return [];
  if (!Array.isArray(tags)) throw new RecordError('invalid_field', 'message_tags must be a list');
  const mentions: string[] = [];
  for (const tag of tags) {
    const id = tag && typeof tag === 'object' ? optionalString(tag as Record<string, unknown>, 'id') : null;
    if (id === null) throw new RecordError('invalid_field', 'message_tags has a tag without id');
    mentions.push(id === page.pageId ? page.handle : id);
  }
  return [...new Set(mentions)];
}

function pageAuthor(page: PageContext): Author {
  return { id: page.pageId, handle: page.handle, name: page.name };
}

function textOf(item: Record<string, unknown>): string {
  return optionalString(item, 'message') ?? '';
}

/** A feed item: the page's own post (or share), or a visitor's post addressed to the page. */
export function postToMessage(value: unknown, page: PageContext): MessageInput {
  const item = asItem(value);
  const id = requiredId(item);
  const createdAt = requiredTime(item, 'created_time');
  const from = fromOf(item);
  // The page's feed without `from` (not asked, or hidden) is read as the page's own: visitors'
  // posts come with `from` when the page token may see them.
  const own = from === null || from.id === page.pageId;
  const text = textOf(item);
  const shared = optionalString(item, 'parent_id');
  let kind: MessageKind = 'post';
  if (!own) kind = 'comment';
  else if (shared) kind = text.trim() === '' ? 'repost' : 'quote';
  // Meta leaves `shares` out when a post has none; with the other engagement summaries present
  // (asked for together) that means 0, not unknown.
  const engagementAsked = item.reactions !== undefined || item.comments !== undefined;
  const shares = optionalCount((item.shares as { count?: unknown } | undefined)?.count);
  return {
    platform: 'facebook',
    platformId: id,
    author: own ? pageAuthor(page) : { id: from.id, handle: null, name: from.name },
    createdAt,
    text,
    language: null,
    kind,
    inReplyTo: null,
    repostOf: kind === 'repost' ? shared : null,
    quoteOf: kind === 'quote' ? shared : null,
    recipientId: own ? null : page.pageId,
    mentions: mentionsOf(item, page),
    hashtags: null,
    counts: {
      reposts: shares ?? (engagementAsked ? 0 : null),
      likes: summaryCount(item.reactions),
      replies: summaryCount(item.comments),
    },
    url: optionalString(item, 'permalink_url'),
    payload: { format: FACEBOOK_FORMAT, raw: JSON.stringify(value) },
  };
}

export function postRecords(value: unknown, page: PageContext, location: string): Parsed[] {
  try {
    return [record(postToMessage(value, page), location)];
  } catch (error) {
    return [reject(error, location)];
  }
}

/**
 * A comment's id and its parent's, from `id` and `parent`, or (for answers that left `id` out)
 * from its permalink: `…/posts/<post>/?comment_id=<c>&reply_comment_id=<r>` is comment
 * `<post>_<r>` answering `<post>_<c>`, Graph's own id form.
 */
export function commentIds(item: Record<string, unknown>): { id: string; parentId: string | null } {
  const parent =
    item.parent && typeof item.parent === 'object' ? (item.parent as Record<string, unknown>) : null;
  const fromLink = idsFromPermalink(item);
  const id = optionalString(item, 'id') !== null ? requiredId(item) : fromLink?.id;
  if (!id) throw new RecordError('missing_field', 'id is missing (and permalink_url names no comment)');
  return { id, parentId: parent ? requiredId(parent, 'id') : (fromLink?.parentId ?? null) };
}

function idsFromPermalink(item: Record<string, unknown>): { id: string; parentId: string | null } | null {
  const permalink = optionalString(item, 'permalink_url');
  if (permalink === null) return null;
  let url: URL;
  try {
    url = new URL(permalink);
  } catch {
    return null;
  }
  const post = /\/posts\/(\d+)/.exec(url.pathname)?.[1] ?? url.searchParams.get('story_fbid');
  const comment = url.searchParams.get('comment_id');
  const reply = url.searchParams.get('reply_comment_id');
  if (!post || !comment || !/^\d+$/.test(post) || !/^\d+$/.test(comment) || (reply && !/^\d+$/.test(reply))) {
    return null;
  }
  return reply
    ? { id: `${post}_${reply}`, parentId: `${post}_${comment}` }
    : { id: `${post}_${comment}`, parentId: null };
}

/** A comment under `post`: a citizen's (inbound, kind `comment`) or the page's own answer (`reply`). */
export function commentToMessage(value: unknown, post: PostRef, page: PageContext): MessageInput {
  const item = asItem(value);
  const { id, parentId } = commentIds(item);
  const createdAt = requiredTime(item, 'created_time');
  const from = fromOf(item);
  const own = from?.id === page.pageId;
  const parent =
    item.parent && typeof item.parent === 'object' ? (item.parent as Record<string, unknown>) : null;
  const parentFrom = parent ? fromOf(parent) : null;
  const inReplyTo = parentId
    ? { id: parentId, authorId: parentFrom?.id ?? anonymousAuthorId(parentId) }
    : { id: post.id, authorId: post.authorId };
  return {
    platform: 'facebook',
    platformId: id,
    author: own
      ? pageAuthor(page)
      : { id: from?.id ?? anonymousAuthorId(id), handle: null, name: from?.name ?? null },
    createdAt,
    text: textOf(item),
    language: null,
    kind: own ? 'reply' : 'comment',
    inReplyTo,
    repostOf: null,
    quoteOf: null,
    recipientId: own ? null : page.pageId,
    mentions: mentionsOf(item, page),
    hashtags: null,
    counts: {
      reposts: null,
      likes: optionalCount(item.like_count),
      replies: optionalCount(item.comment_count),
    },
    url: optionalString(item, 'permalink_url'),
    payload: { format: FACEBOOK_FORMAT, raw: JSON.stringify(value) },
  };
}

export function commentRecords(value: unknown, post: PostRef, page: PageContext, location: string): Parsed[] {
  try {
    return [record(commentToMessage(value, post, page), location)];
  } catch (error) {
    return [reject(error, location)];
  }
}

/** A feed item as a post whose comments are to be read (its time null when unreadable), or null. */
export function postRef(value: unknown, page: PageContext): FoundParent | null {
  try {
    const item = asItem(value);
    const from = fromOf(item);
    const created = timeOf(item, 'created_time');
    return {
      id: requiredId(item),
      createdAt: created?.toISOString() ?? null,
      authorId: from?.id ?? page.pageId,
    };
  } catch {
    return null;
  }
}
