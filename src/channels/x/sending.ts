import { decodeHTML } from 'entities';
import type { ChannelIdentity, SentPost } from '../channel.ts';
import { ChannelError } from '../errors.ts';
import type { HttpResponse } from '../http.ts';
import type { XClient } from './client.ts';
import { referencesOf } from './mapping.ts';

/**
 * Posting to X (`POST /2/tweets`) without posting twice. X has no idempotency key, so:
 *
 * - when a post fails in a way that leaves its fate unknown (timeout, dropped connection, 5xx, an
 *   unreadable answer), its idempotency key is remembered with the moment of the attempt; before
 *   that key is posted again, the account's own timeline since that moment is read once (at most
 *   `LOOKBACK` posts, no expansions) for a post with the same text answering the same post, and
 *   when there is one, it is the result and nothing is posted;
 * - X itself refuses a post whose text repeats a recent one of the account (403 "duplicate
 *   content"), which also covers a retry after a restart (the memory above is per process): the
 *   same bounded look-up then finds the post that exists, and that is the result.
 */
const LOOKBACK = 20;
/** Keys remembered at most this long, and this many: a sync retries within hours, not days. */
const REMEMBER_MS = 24 * 3600 * 1000;
const REMEMBER_MAX = 1000;
/** Clocks differ: look a little before the first attempt. */
const SKEW_MS = 5 * 60_000;

interface Attempt {
  at: number;
}

/** Shared by every X channel of the process, so a channel made afresh for a retry still knows. */
const unclearAttempts = new Map<string, Attempt>();

function remember(key: string, at: number): void {
  const now = Date.now();
  // Oldest first: drop what is too old, and the oldest while there are too many.
  for (const [k, a] of unclearAttempts) {
    if (unclearAttempts.size < REMEMBER_MAX && a.at > now - REMEMBER_MS) break;
    unclearAttempts.delete(k);
  }
  unclearAttempts.set(key, { at });
}

export interface Draft {
  text: string;
  replyTo: string | null;
}

export class XSender {
  constructor(
    private readonly client: XClient,
    private readonly account: () => Promise<ChannelIdentity>,
  ) {}

  async send(draft: Draft, key: string): Promise<SentPost> {
    const earlier = unclearAttempts.get(key);
    if (earlier) {
      const found = await this.findSent(draft, new Date(earlier.at - SKEW_MS));
      if (found) {
        unclearAttempts.delete(key);
        return found;
      }
    }
    const attemptAt = Date.now();
    let response: HttpResponse;
    try {
      response = await this.client.post('/2/tweets', {
        text: draft.text,
        ...(draft.replyTo ? { reply: { in_reply_to_tweet_id: draft.replyTo } } : {}),
      });
    } catch (error) {
      if (isDuplicate(error)) {
        const found = await this.findSent(draft, null);
        if (found) return found;
      }
      if (error instanceof ChannelError && (error.kind === 'transient' || error.kind === 'malformed')) {
        remember(key, earlier?.at ?? attemptAt);
      }
      throw error;
    }
    unclearAttempts.delete(key);
    return this.sentPostOf(response);
  }

  private async sentPostOf(response: HttpResponse): Promise<SentPost> {
    const data = (response.body as { data?: { id?: unknown } } | undefined)?.data;
    const id = data?.id;
    if (typeof id !== 'string' || !/^\d+$/.test(id)) {
      // Posted, but we cannot say as what: the next attempt's look-up will find it.
      throw new ChannelError('malformed', 'X accepted the post but its answer names no post id', {
        where: 'POST /2/tweets',
        status: response.status,
      });
    }
    const { handle } = await this.account();
    return { platformId: id, url: `https://x.com/${handle}/status/${id}`, createdAt: snowflakeTime(id) };
  }

  /** The account's post with this text answering this post, among its latest (since `since`). */
  private async findSent(draft: Draft, since: Date | null): Promise<SentPost | null> {
    const account = await this.account();
    const response = await this.client.get(`/2/users/${account.platformUserId}/tweets`, {
      max_results: LOOKBACK,
      'tweet.fields': 'created_at,referenced_tweets,entities',
      ...(since ? { start_time: since.toISOString().replace(/\.\d{3}Z$/, 'Z') } : {}),
    });
    const posts = (response.body as { data?: unknown } | undefined)?.data;
    if (!Array.isArray(posts)) return null;
    const wanted = comparable(draft.text, []);
    for (const post of posts) {
      const p = post as { id?: unknown; text?: unknown; created_at?: unknown; entities?: { urls?: unknown } };
      if (typeof p.id !== 'string' || typeof p.text !== 'string') continue;
      let replyTo: string | null;
      try {
        replyTo = referencesOf((post as { referenced_tweets?: unknown }).referenced_tweets).replyTo;
      } catch {
        continue;
      }
      if (replyTo !== draft.replyTo) continue;
      if (comparable(p.text, Array.isArray(p.entities?.urls) ? p.entities.urls : []) !== wanted) continue;
      const created = typeof p.created_at === 'string' ? new Date(p.created_at) : snowflakeTime(p.id);
      return {
        platformId: p.id,
        url: `https://x.com/${account.handle}/status/${p.id}`,
        createdAt: Number.isNaN(created.getTime()) ? snowflakeTime(p.id) : created,
      };
    }
    return null;
  }
}

function isDuplicate(error: unknown): boolean {
  return error instanceof ChannelError && error.status === 403 && /duplicate content/i.test(error.message);
}

/**
 * A text as X may give it back: links wrapped as t.co (put back from `entities.urls`), the
 * mentions X puts before a reply, HTML escapes, runs of white space.
 */
export function comparable(text: string, urls: readonly unknown[]): string {
  let t = decodeHTML(text);
  for (const u of urls) {
    const { url, expanded_url } = (u ?? {}) as { url?: unknown; expanded_url?: unknown };
    if (typeof url === 'string' && typeof expanded_url === 'string') t = t.split(url).join(expanded_url);
  }
  return t
    .replace(/^(?:\s*@[A-Za-z0-9_]+)+\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** X ids are snowflakes: the moment they were made is in their high bits. */
export function snowflakeTime(id: string): Date {
  const ms = Number((BigInt(id) >> 22n) + 1288834974657n);
  return ms > Date.UTC(2010, 10, 4) && ms < Date.now() + 24 * 3600 * 1000 ? new Date(ms) : new Date();
}
