import { htmlToText } from '../../domain/htmlText.ts';
import type { MessageInput, MessageKind } from '../../domain/message.ts';
import { parseIsoDateTime } from '../../importers/isoDate.ts';
import { RecordError } from '../../ingest/records.ts';

/**
 * Mastodon REST payloads (Status, Account) as Meetlat messages, with the identity the outbox
 * importer gives the same status (`importers/mastodonOutbox.ts`), so an archive import and a sync
 * of one account merge: the status `uri` (its ActivityPub id) is the message id, the actor URI is
 * the author id, and `username@host` the handle (the host of the actor URI for local accounts).
 */
export const PAYLOAD_FORMAT = 'mastodon-api-json';

type Json = Record<string, unknown>;

/** An account known by its local id: its actor URI and whether it lives on this instance. */
export interface KnownAccount {
  uri: string;
  local: boolean;
}

/** What a reply answers. */
export interface ParentRef {
  id: string;
  authorId: string | null;
}

/**
 * What the mapping needs besides the status itself. The API names parents and recipients by the
 * instance's local ids only; the channel resolves them to URIs before mapping (links.ts).
 */
export interface MappingContext {
  /** The channel's own account. */
  own: { id: string; uri: string };
  /** The host local accounts are named with (`username@host`): the own actor URI's host. */
  localHost: string;
  /** A status this instance showed, by local id: its URI and its author's URI. */
  parent(localId: string): ParentRef | null;
  /** An account this instance showed, by local id. */
  account(localId: string): KnownAccount | null;
}

export function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function obj(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}

/** A required string field; a reject names it (`account.uri is missing`). */
function need(item: Json, field: string, path = field): string {
  const value = item[field];
  if (value === undefined || value === null || value === '')
    throw new RecordError('missing_field', `${path} is missing`);
  if (typeof value !== 'string')
    throw new RecordError('invalid_field', `${path} ${JSON.stringify(value)} is not text`);
  return value;
}

/**
 * An account's ActivityPub actor URI: `uri` (Mastodon 4.2+), else the URI Mastodon gives its
 * actors, `<origin of the profile url>/users/<username>`.
 */
export function actorUri(account: Json, path = 'account'): string {
  const uri = str(account.uri);
  if (uri) return uri;
  const url = str(account.url);
  const username = str(account.username);
  if (!url || !username) throw new RecordError('missing_field', `${path}.uri is missing`);
  try {
    return `${new URL(url).origin}/users/${username}`;
  } catch {
    throw new RecordError('invalid_field', `${path}.url ${JSON.stringify(url)} is not a URL`);
  }
}

/** Whether the account lives on this instance: its `acct` has no domain. */
export function isLocal(account: Json): boolean {
  const acct = str(account.acct) ?? '';
  return !acct.includes('@');
}

/** `username@host`, as the outbox importer names the account (case kept). */
export function accountHandle(account: Json, localHost: string, path = 'account'): string {
  const acct = need(account, 'acct', `${path}.acct`);
  return acct.includes('@') ? acct : `${acct}@${localHost}`;
}

function parseCreated(item: Json, path: string): Date {
  const raw = need(item, 'created_at', path);
  const date = parseIsoDateTime(raw);
  if (!date) throw new RecordError('invalid_field', `${path} ${JSON.stringify(raw)} is not a valid date`);
  return date;
}

function countOf(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

function listOf(status: Json, field: 'mentions' | 'tags'): Json[] {
  const value = status[field];
  if (value === undefined || value === null) throw new RecordError('missing_field', `${field} is missing`);
  if (!Array.isArray(value)) throw new RecordError('invalid_field', `${field} is not a list`);
  return value.map((v) => obj(v) ?? {});
}

/** The URI of the quoted status (Mastodon 4.4+ `quote.quoted_status`; older forks put a Status there). */
function quotedUri(status: Json): string | null {
  const quote = obj(status.quote);
  if (!quote) return null;
  return str(obj(quote.quoted_status)?.uri) ?? str(quote.uri);
}

/**
 * The message a reply answers. Resolved parents are used as they are; for a parent the instance
 * no longer shows (deleted: 404) the best id that can be formed: a local author's statuses have
 * URIs `<actor URI>/statuses/<id>` (exactly as Mastodon mints them), else the status's API address
 * on this instance, which stays the same across syncs so replies to it still share a thread.
 */
export function replyTarget(status: Json, ctx: MappingContext): ParentRef | null {
  const parentId = str(status.in_reply_to_id);
  if (!parentId) return null;
  const known = ctx.parent(parentId);
  if (known) return known;
  const authorLocalId = str(status.in_reply_to_account_id);
  const author = authorLocalId ? ctx.account(authorLocalId) : null;
  if (author?.local) return { id: `${author.uri}/statuses/${parentId}`, authorId: author.uri };
  return { id: `${new URL(ctx.own.uri).origin}/api/v1/statuses/${parentId}`, authorId: author?.uri ?? null };
}

/**
 * Whom a direct message is addressed to: the own account for anyone else's (the instance shows a
 * DM only to those it names), else the first other account it mentions.
 */
function recipientOf(authorLocalId: string, mentions: Json[], ctx: MappingContext): string | null {
  if (authorLocalId !== ctx.own.id) return ctx.own.uri;
  const other = mentions.find((m) => str(m.id) !== ctx.own.id);
  if (!other) return null;
  const id = str(other.id);
  return (id ? ctx.account(id)?.uri : null) ?? actorUri(other, 'mentions[]');
}

function kindOf(status: Json, quote: string | null): MessageKind {
  if (status.visibility === 'direct') return 'dm';
  if (str(status.in_reply_to_id)) return 'reply';
  return quote ? 'quote' : 'post';
}

type MessageBase = Pick<MessageInput, 'platform' | 'platformId' | 'author' | 'createdAt' | 'url' | 'payload'>;

/** A boost: no text or counts of its own, as the outbox importer stores an Announce. */
function boostToMessage(base: MessageBase, reblog: unknown): MessageInput {
  const boosted = obj(reblog);
  if (!boosted) throw new RecordError('invalid_field', 'reblog is not a status');
  return {
    ...base,
    text: '',
    language: null,
    kind: 'repost',
    inReplyTo: null,
    repostOf: need(boosted, 'uri', 'reblog.uri'),
    quoteOf: null,
    recipientId: null,
    mentions: [],
    hashtags: [],
    counts: { reposts: null, likes: null, replies: null },
  };
}

/** A Status as a message; a drifted or missing field throws a RecordError naming it. */
export function statusToMessage(item: unknown, ctx: MappingContext): MessageInput {
  const status = obj(item);
  if (!status) throw new RecordError('invalid_field', 'the status is not an object');
  need(status, 'id');
  const uri = need(status, 'uri');
  const createdAt = parseCreated(status, 'created_at');
  const account = obj(status.account);
  if (!account) throw new RecordError('missing_field', 'account is missing');
  const accountLocalId = need(account, 'id', 'account.id');
  const author = {
    id: actorUri(account),
    handle: accountHandle(account, ctx.localHost),
    name: str(account.display_name),
  };
  const base: MessageBase = {
    platform: 'mastodon',
    platformId: uri,
    author,
    createdAt,
    url: str(status.url),
    payload: { format: PAYLOAD_FORMAT, raw: JSON.stringify(item) },
  };
  if (status.reblog !== undefined && status.reblog !== null) return boostToMessage(base, status.reblog);
  const mentions = listOf(status, 'mentions');
  const tags = listOf(status, 'tags');
  const quote = quotedUri(status);
  const kind = kindOf(status, quote);
  const content = status.content;
  if (typeof content !== 'string') throw new RecordError('missing_field', 'content is missing');
  return {
    ...base,
    text: htmlToText(content),
    language: str(status.language),
    kind,
    inReplyTo: replyTarget(status, ctx),
    repostOf: null,
    quoteOf: quote,
    recipientId: kind === 'dm' ? recipientOf(accountLocalId, mentions, ctx) : null,
    mentions: mentions.map((m, i) => accountHandle(m, ctx.localHost, `mentions[${i}]`).toLowerCase()),
    hashtags: tags.map((t) => str(t.name) ?? '').filter(Boolean),
    counts: {
      reposts: countOf(status.reblogs_count),
      likes: countOf(status.favourites_count),
      replies: countOf(status.replies_count),
    },
  };
}
