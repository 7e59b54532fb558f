import type { Parsed } from '../../ingest/records.ts';
import { rejectOf } from '../../ingest/records.ts';
import type {
  Channel,
  ChannelCapabilities,
  ChannelCursor,
  ChannelIdentity,
  ReadContext,
  ReadPage,
} from '../channel.ts';
import { asChannelError } from '../errors.ts';
import { historyHorizon } from '../settings.ts';
import { fetchFeed, type Validators } from './client.ts';
import type { FeedDocument } from './feed.ts';
import { entryToMessage, type FeedAccount, feedTitle, RSS_PLATFORM, webAddress } from './mapping.ts';
import { feedHandle, type RssSettings } from './settings.ts';

/**
 * A watched feed as a channel: read only (no replies, posts or counts), nothing inbound.
 *
 * A feed has no paging to walk down to a mark: it is one document of its latest items, in no
 * promised order. So the cursor keeps:
 * - the HTTP validators of the last read (`etag`, `lastModified`): an unchanged feed is a 304 and
 *   reads nothing;
 * - `newest`: the newest item date returned, and `recent`: the ids of the returned items dated
 *   within `OVERLAP` of it. A read returns the items dated after `newest − OVERLAP` (the history
 *   horizon the first time) that are not in `recent`: an item a site publishes with an earlier
 *   date (a draft's creation time, a fixed time zone) is still caught within the overlap, and an
 *   unchanged item is not returned twice. A repeat would be harmless anyway (ingest dedupes).
 * - `walk`: a paged feed (RFC 5005 `rel="next"`, JSON Feed `next_url`) is followed to older pages
 *   while every item of a page is still new, as on a first sync back to the horizon. The walk is
 *   in the cursor, so a sync stopped half-way resumes it; `since` keeps the bound it began with.
 *
 * Items dated in the future (more than `FUTURE_SKEW` ahead: event feeds date items by the event)
 * are returned but move neither `newest` nor `recent`, so they cannot hide the items after them.
 */
export const OVERLAP_MS = 24 * 3600 * 1000;
const FUTURE_SKEW_MS = 5 * 60 * 1000;
const MAX_RECENT = 1000;
/** Pages of one walk at most: a paged archive can be years deep, and a loop of links endless. */
export const MAX_WALK_PAGES = 20;

export const RSS_CAPABILITIES: ChannelCapabilities = {
  reply: false,
  publish: false,
  snapshot: false,
  directMessages: false,
  maxLength: null,
  publishNeedsMedia: false,
};

export interface FeedCursor extends ChannelCursor, Validators {
  newest: string | null;
  /** `[id, ISO date]` of returned items dated within the overlap of `newest`. */
  recent: [string, string][];
  walk: { next: string; since: string; pages: number; syncId: string } | null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The stored cursor, checked field by field (an unreadable field counts as absent). */
export function readCursor(cursor: ChannelCursor | null): FeedCursor {
  const c = cursor ?? {};
  const walk = c.walk as Record<string, unknown> | null | undefined;
  const recent = Array.isArray(c.recent)
    ? c.recent.filter(
        (r): r is [string, string] =>
          Array.isArray(r) && typeof r[0] === 'string' && typeof r[1] === 'string',
      )
    : [];
  return {
    etag: str(c.etag),
    lastModified: str(c.lastModified),
    newest: str(c.newest),
    recent,
    walk:
      walk && str(walk.next) && str(walk.since) && str(walk.syncId)
        ? {
            next: walk.next as string,
            since: walk.since as string,
            pages: typeof walk.pages === 'number' ? walk.pages : 1,
            syncId: walk.syncId as string,
          }
        : null,
  };
}

interface Taken {
  records: Parsed[];
  /** Returned items, id and date. */
  returned: [string, Date][];
  /** Whether an item dated before `since` was met (the walk need go no further). */
  reachedOld: boolean;
}

/** The page's items newer than `since` and not returned before, and the page's rejects. */
function takeNew(
  feed: FeedDocument,
  account: FeedAccount,
  where: string,
  since: Date,
  seen: Set<string>,
): Taken {
  const taken: Taken = { records: [], returned: [], reachedOld: false };
  feed.entries.forEach((entry, index) => {
    const location = `${where} [${index}]`;
    try {
      const message = entryToMessage(entry, feed, account);
      if (message.createdAt < since) {
        taken.reachedOld = true;
        return;
      }
      if (seen.has(message.platformId)) return;
      taken.records.push({ ok: true, location, record: { type: 'message', message } });
      taken.returned.push([message.platformId, message.createdAt]);
    } catch (error) {
      taken.records.push({ ok: false, location, ...rejectOf(error) });
    }
  });
  return taken;
}

/** `newest` and `recent` after the returned items are stored. */
function advance(
  state: FeedCursor,
  returned: [string, Date][],
  now: Date,
): Pick<FeedCursor, 'newest' | 'recent'> {
  const latest = now.getTime() + FUTURE_SKEW_MS;
  const kept = returned.filter(([, date]) => date.getTime() <= latest);
  let newest = state.newest ? Date.parse(state.newest) : Number.NEGATIVE_INFINITY;
  for (const [, date] of kept) newest = Math.max(newest, date.getTime());
  if (!Number.isFinite(newest)) return { newest: null, recent: [] };
  const byId = new Map<string, string>(state.recent);
  for (const [id, date] of kept) byId.set(id, date.toISOString());
  const recent = [...byId]
    .filter(([, date]) => Date.parse(date) >= newest - OVERLAP_MS)
    .sort((a, b) => (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0))
    .slice(0, MAX_RECENT);
  return { newest: new Date(newest).toISOString(), recent };
}

export class RssChannel implements Channel {
  readonly platform = RSS_PLATFORM;
  readonly capabilities = RSS_CAPABILITIES;
  private readonly account: FeedAccount;

  constructor(private readonly settings: RssSettings) {
    this.account = { feedUrl: settings.feedUrl, handle: feedHandle(settings.feedUrl) };
  }

  async identify(): Promise<ChannelIdentity> {
    try {
      const fetched = await fetchFeed(this.settings.feedUrl, {
        timeoutMs: this.settings.timeoutMs,
        now: new Date(),
      });
      const displayName = fetched.changed ? feedTitle(fetched.feed) : null;
      return { platformUserId: this.account.feedUrl, handle: this.account.handle, displayName };
    } catch (error) {
      throw asChannelError(error, `GET ${this.settings.feedUrl}`);
    }
  }

  async read(cursor: ChannelCursor | null, context: ReadContext): Promise<ReadPage> {
    try {
      return await this.readPage(readCursor(cursor), context);
    } catch (error) {
      throw asChannelError(error, `GET ${this.settings.feedUrl}`);
    }
  }

  private async readPage(state: FeedCursor, context: ReadContext): Promise<ReadPage> {
    const walk = state.walk;
    const url = walk?.next ?? this.account.feedUrl;
    const fetched = await fetchFeed(url, {
      validators: walk ? null : state,
      timeoutMs: this.settings.timeoutMs,
      now: context.now,
    });
    const resumed = walk !== null && walk.syncId !== context.syncId;
    if (!fetched.changed) {
      return { records: [], cursor: { ...state, walk: null }, more: resumed, billedReads: 0 };
    }
    const since = walk
      ? new Date(walk.since)
      : state.newest
        ? new Date(Date.parse(state.newest) - OVERLAP_MS)
        : historyHorizon(this.settings, context.now);
    const seen = new Set(state.recent.map(([id]) => id));
    const taken = takeNew(fetched.feed, this.account, fetched.where, since, seen);
    const validators = walk ? { etag: state.etag, lastModified: state.lastModified } : fetched.validators;
    const next = webAddress(fetched.feed.next, url);
    const pages = (walk?.pages ?? 0) + 1;
    const goOn =
      next !== null &&
      next !== url &&
      next !== this.account.feedUrl &&
      !taken.reachedOld &&
      fetched.feed.entries.length > 0 &&
      pages < MAX_WALK_PAGES;
    const cursor: FeedCursor = {
      ...validators,
      ...advance(state, taken.returned, context.now),
      walk: goOn ? { next, since: since.toISOString(), pages, syncId: walk?.syncId ?? context.syncId } : null,
    };
    // A walk begun in an earlier sync is complete: what came in since is read next, in this sync.
    return { records: taken.records, cursor, more: goOn || resumed, billedReads: 0 };
  }
}
