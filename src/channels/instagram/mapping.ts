import type { Author, MessageInput } from '../../domain/message.ts';
import { type Parsed, RecordError, rejectOf } from '../../ingest/records.ts';
import {
  asItem,
  optionalCount,
  optionalString,
  requiredId,
  requiredString,
  requiredTime,
} from '../meta/fields.ts';
import type { ParentRef } from '../meta/windowed.ts';

/**
 * Instagram items (the account's media, media others tagged it in, comments and their replies)
 * as Meetlat messages. Pure: the account the channel reads is passed in.
 *
 * Identity: Instagram's ids; the account is its professional account id (`user_id` of `/me`) and
 * its handle its username. Commenters are their Instagram-scoped id (`from.id`); people known only
 * by a username (the authors of media the account is tagged in) are their username.
 * What is inbound: comments and replies by others on the account's media (kind `comment`,
 * addressed to the account), and media others tagged it in (a post mentioning its handle). The
 * account's own comments are replies to what they answer.
 */
export const INSTAGRAM_FORMAT = 'instagram-api-json';

export interface AccountContext {
  accountId: string;
  username: string;
  name: string | null;
}

/** The media a comment stream reads: what a top-level comment replies to. */
export type MediaRef = Pick<ParentRef, 'id' | 'authorId'>;

/** A comment whose author Instagram left out: a stable author of its own (see facebook/mapping.ts). */
export function anonymousAuthorId(commentId: string): string {
  return `anonymous:${commentId}`;
}

/**
 * Mentions in a caption or comment by Instagram's username rule (letters, digits, `.` and `_`,
 * at most 30; a final `.` ends the sentence, not the name). METRICS.md's general rule stops at a
 * `.`, which would read `@gemeente.zuidhoven` as `gemeente`; these are given as the platform's
 * structured mentions instead, in the form of the account's handle.
 */
const MENTION = /(?<![\p{L}\p{N}_.@])@([A-Za-z0-9._]{1,30})/gu;

export function instagramMentions(text: string): string[] {
  const names = [...text.matchAll(MENTION)].map((m) => (m[1] as string).replace(/\.+$/, ''));
  return [...new Set(names.filter((n) => n !== ''))];
}

function own(account: AccountContext): Author {
  return { id: account.accountId, handle: account.username, name: account.name };
}

function sameName(a: string | null, b: string): boolean {
  return a !== null && a.toLowerCase() === b.toLowerCase();
}

function base(item: Record<string, unknown>, value: unknown) {
  return {
    platform: 'instagram',
    language: null,
    repostOf: null,
    quoteOf: null,
    hashtags: null,
    payload: { format: INSTAGRAM_FORMAT, raw: JSON.stringify(value) },
    url: optionalString(item, 'permalink'),
  };
}

/** One of the account's own media (photo, video, reel, album). */
export function mediaToMessage(value: unknown, account: AccountContext): MessageInput {
  const item = asItem(value);
  const text = optionalString(item, 'caption') ?? '';
  return {
    ...base(item, value),
    platformId: requiredId(item),
    author: own(account),
    createdAt: requiredTime(item, 'timestamp'),
    text,
    kind: 'post',
    inReplyTo: null,
    recipientId: null,
    mentions: instagramMentions(text),
    counts: {
      reposts: null,
      likes: optionalCount(item.like_count),
      replies: optionalCount(item.comments_count),
    },
  };
}

/** Media someone else tagged the account in: their post, mentioning the account's handle. */
export function taggedToMessage(value: unknown, account: AccountContext): MessageInput {
  const item = asItem(value);
  const username = requiredString(item, 'username');
  if (sameName(username, account.username)) return mediaToMessage(value, account);
  const message = mediaToMessage(value, account);
  return {
    ...message,
    author: { id: username, handle: username, name: null },
    mentions: [...new Set([...(message.mentions ?? []), account.username])],
  };
}

/** A comment's author: the account itself, or the commenter by `from` (else the username). */
function commenter(
  item: Record<string, unknown>,
  id: string,
  account: AccountContext,
): { author: Author; own: boolean } {
  const from = item.from;
  if (from !== undefined && from !== null && typeof from !== 'object') {
    throw new RecordError('invalid_field', 'from must be an object');
  }
  const f = (from ?? {}) as Record<string, unknown>;
  const fromId = optionalString(f, 'id');
  const username = optionalString(f, 'username') ?? optionalString(item, 'username');
  if (fromId === account.accountId || (username !== null && sameName(username, account.username))) {
    return { author: own(account), own: true };
  }
  return { author: { id: fromId ?? anonymousAuthorId(id), handle: username, name: null }, own: false };
}

/** A comment (or a reply, under `parent`) on the account's media `media`. */
export function commentToMessage(
  value: unknown,
  media: MediaRef,
  account: AccountContext,
  parent: { id: string; authorId: string } | null,
): MessageInput {
  const item = asItem(value);
  const id = requiredId(item);
  const { author, own: isOwn } = commenter(item, id, account);
  const text = optionalString(item, 'text') ?? '';
  const parentId = optionalString(item, 'parent_id') ?? parent?.id ?? null;
  return {
    ...base(item, value),
    platformId: id,
    author,
    createdAt: requiredTime(item, 'timestamp'),
    text,
    kind: isOwn ? 'reply' : 'comment',
    inReplyTo: parentId
      ? { id: parentId, authorId: parent?.id === parentId ? parent.authorId : null }
      : { id: media.id, authorId: media.authorId },
    recipientId: isOwn ? null : account.accountId,
    mentions: instagramMentions(text),
    counts: { reposts: null, likes: optionalCount(item.like_count), replies: null },
  };
}

function record(message: MessageInput, location: string): Parsed {
  return { ok: true, location, record: { type: 'message', message } };
}

/** A top-level comment and the replies Graph nested in it (`replies.data`), each its own record. */
export function commentRecords(
  value: unknown,
  media: MediaRef,
  account: AccountContext,
  location: string,
): Parsed[] {
  const records: Parsed[] = [];
  let parent: { id: string; authorId: string } | null = null;
  try {
    const message = commentToMessage(value, media, account, null);
    parent = { id: message.platformId, authorId: message.author.id };
    records.push(record(message, location));
  } catch (error) {
    records.push({ ok: false, location, ...rejectOf(error) });
  }
  const replies = (value as { replies?: { data?: unknown } } | null)?.replies?.data;
  if (Array.isArray(replies)) {
    replies.forEach((reply, index) => {
      const at = `${location}.replies[${index}]`;
      try {
        records.push(record(commentToMessage(reply, media, account, parent), at));
      } catch (error) {
        records.push({ ok: false, location: at, ...rejectOf(error) });
      }
    });
  }
  return records;
}

export function mediaRecords(
  value: unknown,
  account: AccountContext,
  location: string,
  tagged = false,
): Parsed[] {
  try {
    return [record(tagged ? taggedToMessage(value, account) : mediaToMessage(value, account), location)];
  } catch (error) {
    return [{ ok: false, location, ...rejectOf(error) }];
  }
}
