import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { decodeHTML } from 'entities';
import type { MessageInput, MessageKind } from '../domain/message.ts';
import {
  type Parsed,
  RecordError,
  type RecordSource,
  rejectOf,
  UnusableFileError,
} from '../ingest/records.ts';
import { at, ownAccountRecord } from './fileInfo.ts';
import type { ImportOptions } from './index.ts';
import { parseTwitterDate } from './twitterDate.ts';
import { ytdElements } from './ytd.ts';

/**
 * An X (Twitter) "download your data" archive: `tweets.js`, with `tweet-headers.js` (user id per
 * tweet) and `account.js` (username) beside it when present. Retweets are recognisable only by
 * `full_text` starting `RT @`. A tweet linking to another tweet's status URL (and not a reply) is
 * a quote post.
 */
interface ArchiveTweet {
  id_str?: unknown;
  created_at?: unknown;
  full_text?: unknown;
  lang?: unknown;
  in_reply_to_status_id_str?: unknown;
  in_reply_to_user_id_str?: unknown;
  retweet_count?: unknown;
  favorite_count?: unknown;
  entities?: {
    user_mentions?: { screen_name?: unknown }[];
    hashtags?: { text?: unknown }[];
    urls?: { expanded_url?: unknown }[];
  };
}

const STATUS_URL = /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/[A-Za-z0-9_]+\/status(?:es)?\/(\d+)/;

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
}

function countOf(value: unknown): number | null {
  const s = str(value);
  if (s === null) return null;
  if (!/^\d+$/.test(s)) throw new RecordError('invalid_field', `count ${JSON.stringify(s)} is not a number`);
  return Number(s);
}

interface Owner {
  id: string;
  handle: string | null;
}

function readOwner(dir: string, options: ImportOptions): Owner {
  let id = options.userId ?? null;
  let handle = options.handle?.replace(/^@/, '') ?? null;
  const account = join(dir, 'account.js');
  if (existsSync(account) && (!id || !handle)) {
    for (const el of ytdElements(account)) {
      if (!el.ok) continue;
      const acc = (el.value as { account?: { accountId?: unknown; username?: unknown } }).account;
      id ??= str(acc?.accountId);
      handle ??= str(acc?.username);
    }
  }
  const headers = join(dir, 'tweet-headers.js');
  if (!id && existsSync(headers)) {
    for (const el of ytdElements(headers)) {
      if (!el.ok) continue;
      id = str((el.value as { tweet?: { user_id?: unknown } }).tweet?.user_id);
      if (id) break;
    }
  }
  if (!id && handle) id = handle;
  if (!id) {
    throw new UnusableFileError(
      dir,
      `cannot tell whose archive this is: put account.js or tweet-headers.js beside tweets.js, or pass --user-id or --handle`,
    );
  }
  return { id, handle };
}

function tweetToMessage(tweet: ArchiveTweet, owner: Owner, raw: string): MessageInput {
  if (tweet.id_str === undefined || tweet.id_str === null || tweet.id_str === '') {
    throw new RecordError('missing_field', 'id_str is missing');
  }
  // A JSON number this long has already lost digits: only the string form is the tweet's id.
  const id = typeof tweet.id_str === 'string' ? tweet.id_str : null;
  if (!id || !/^\d+$/.test(id))
    throw new RecordError(
      'invalid_field',
      `id_str ${JSON.stringify(tweet.id_str)} is not a string of digits`,
    );
  const createdAt = typeof tweet.created_at === 'string' ? parseTwitterDate(tweet.created_at) : null;
  if (!createdAt)
    throw new RecordError(
      'invalid_field',
      `created_at ${JSON.stringify(tweet.created_at)} is not a valid Twitter date`,
    );
  if (tweet.full_text === undefined || tweet.full_text === null)
    throw new RecordError('missing_field', 'full_text is missing');
  if (typeof tweet.full_text !== 'string') throw new RecordError('invalid_field', 'full_text is not text');
  const text = decodeHTML(tweet.full_text);
  const replyTo = str(tweet.in_reply_to_status_id_str);
  const quoted = (tweet.entities?.urls ?? [])
    .map((u) => (typeof u.expanded_url === 'string' ? STATUS_URL.exec(u.expanded_url)?.[1] : undefined))
    .find((q): q is string => q !== undefined && q !== id);
  let kind: MessageKind = 'post';
  if (text.startsWith('RT @')) kind = 'repost';
  else if (replyTo) kind = 'reply';
  else if (quoted) kind = 'quote';
  const lang = str(tweet.lang);
  return {
    platform: 'x',
    platformId: id,
    author: { id: owner.id, handle: owner.handle, name: null },
    createdAt,
    text,
    language: lang && !['und', 'qme', 'qht', 'zxx', 'art'].includes(lang) ? lang : null,
    kind,
    inReplyTo:
      kind === 'reply' && replyTo ? { id: replyTo, authorId: str(tweet.in_reply_to_user_id_str) } : null,
    repostOf: null,
    quoteOf: kind === 'quote' ? (quoted ?? null) : null,
    recipientId: null,
    mentions: (tweet.entities?.user_mentions ?? [])
      .map((m) => str(m.screen_name))
      .filter((m): m is string => !!m),
    hashtags: (tweet.entities?.hashtags ?? []).map((h) => str(h.text)).filter((h): h is string => !!h),
    counts: { reposts: countOf(tweet.retweet_count), likes: countOf(tweet.favorite_count), replies: null },
    url: owner.handle ? `https://x.com/${owner.handle}/status/${id}` : `https://x.com/i/web/status/${id}`,
    payload: { format: 'x-archive-json', raw },
  };
}

export function xArchiveSource(path: string, options: ImportOptions): RecordSource {
  return {
    format: 'x-archive',
    async *records(): AsyncGenerator<Parsed> {
      const owner = readOwner(dirname(path), options);
      yield ownAccountRecord(path, {
        platform: 'x',
        platformUserId: owner.id,
        handle: owner.handle ?? owner.id,
        displayName: null,
        organisationCode: options.organisation ?? null,
      });
      for (const el of ytdElements(path)) {
        const location = `${at(path, el.line)} (item ${el.index + 1})`;
        if (!el.ok) {
          yield { ok: false, location, code: el.code ?? 'malformed', reason: el.reason };
          continue;
        }
        const tweet = (el.value as { tweet?: ArchiveTweet } | null)?.tweet;
        if (!tweet || typeof tweet !== 'object') {
          yield { ok: false, location, code: 'malformed', reason: 'not a {"tweet": {...}} record' };
          continue;
        }
        try {
          yield {
            ok: true,
            location,
            record: { type: 'message', message: tweetToMessage(tweet, owner, el.raw) },
          };
        } catch (error) {
          yield { ok: false, location, ...rejectOf(error) };
        }
      }
    },
  };
}
