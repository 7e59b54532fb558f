import { type AppBskyFeedDefs, type AppBskyNotificationListNotifications, lexicons } from '@atproto/api';
import type { MessageInput } from '../../domain/message.ts';
import { type Parsed, RecordError, rejectOf } from '../../ingest/records.ts';
import { ChannelError } from '../errors.ts';
import type { Stream, StreamPage } from '../streams.ts';
import type { BlueskyClient, UncheckedBody } from './client.ts';
import {
  feedItemToMessage,
  MESSAGE_REASONS,
  notificationToMessage,
  type OwnAccount,
  requireDate,
} from './mapping.ts';
import type { BlueskySettings } from './settings.ts';

/**
 * The two lists a Bluesky account is read from, both newest first and paged with `cursor`:
 *
 * - `author-feed`: `app.bsky.feed.getAuthorFeed` of the account (`posts_with_replies`): its posts,
 *   replies, quotes and reposts.
 * - `notifications`: `app.bsky.notification.listNotifications` with the reasons `mention`, `reply`
 *   and `quote`: what others addressed to the account. Likes, follows and reposts are not messages.
 *
 * Positions are ISO timestamps (`toISOString()`, so they compare as text), and they are the moment
 * the AppView sorts by: for a post the earlier of `record.createdAt` and `indexedAt` (its
 * `sortAt`, so a post dated in the future cannot jump the queue), for a repost the repost's
 * `indexedAt`, for a notification its `indexedAt` (which is that `sortAt`). The history horizon is
 * judged by the same moment, so a walk stops exactly where the list passes the horizon; a post
 * backdated (an imported archive) sorts where its date says and is read there.
 */

/** An item of a page, with what is wrong with it when the page failed the lexicon check. */
interface Item<T> {
  value: T;
  problem: string | null;
}

type FeedItem = Item<AppBskyFeedDefs.FeedViewPost>;
type NotificationItem = Item<AppBskyNotificationListNotifications.Notification>;

const AUTHOR_FEED = 'app.bsky.feed.getAuthorFeed';
const NOTIFICATIONS = 'app.bsky.notification.listNotifications';

export function authorFeedStream(client: BlueskyClient, settings: BlueskySettings): Stream<FeedItem> {
  let own: OwnAccount | null = null;
  return {
    name: 'author-feed',
    async fetch(next) {
      own = await client.account();
      const params = {
        actor: own.did,
        limit: settings.pageSize,
        filter: 'posts_with_replies',
        cursor: next ?? undefined,
      };
      const answer = await client.read(AUTHOR_FEED, (agent) => agent.app.bsky.feed.getAuthorFeed(params));
      return pageOf(answer, 'feed', 'app.bsky.feed.defs#feedViewPost', where(client, AUTHOR_FEED, params));
    },
    position: (item) => iso(sortMoment(checked(item))),
    createdAt: (item) => new Date(iso(sortMoment(checked(item)))),
    toRecords: (item, location) => recordsOf(location, () => feedItemToMessage(checked(item), own)),
  };
}

export function notificationStream(
  client: BlueskyClient,
  settings: BlueskySettings,
): Stream<NotificationItem> {
  let own: OwnAccount | null = null;
  return {
    name: 'notifications',
    async fetch(next) {
      own = await client.account();
      const params = { limit: settings.pageSize, reasons: [...MESSAGE_REASONS], cursor: next ?? undefined };
      const answer = await client.read(NOTIFICATIONS, (agent) =>
        agent.app.bsky.notification.listNotifications(params),
      );
      return pageOf(
        answer,
        'notifications',
        'app.bsky.notification.listNotifications#notification',
        where(client, NOTIFICATIONS, params),
      );
    },
    position: (item) => iso(checked(item).indexedAt),
    createdAt: (item) => new Date(iso(checked(item).indexedAt)),
    toRecords: (item, location) => recordsOf(location, () => notificationToMessage(checked(item), own)),
  };
}

/** The moment the AppView sorts a feed item by (see the module comment). */
function sortMoment(item: AppBskyFeedDefs.FeedViewPost): string {
  const reason = item.reason as { $type?: string; indexedAt?: unknown } | undefined;
  if (reason?.$type === 'app.bsky.feed.defs#reasonRepost') return String(reason.indexedAt);
  const indexed = iso(item.post.indexedAt);
  const createdAt = (item.post.record as { createdAt?: unknown }).createdAt;
  const created = typeof createdAt === 'string' ? new Date(createdAt) : null;
  if (created && !Number.isNaN(created.getTime()) && created.toISOString() < indexed) {
    return created.toISOString();
  }
  return indexed;
}

function pageOf<T>(
  answer: { data: unknown } | UncheckedBody,
  list: string,
  itemDef: string,
  at: string,
): StreamPage<Item<T>> {
  const body = 'unchecked' in answer ? answer.body : (answer.data as Record<string, unknown>);
  const values = body[list];
  const cursor = body.cursor;
  if (!Array.isArray(values) || (cursor !== undefined && typeof cursor !== 'string')) {
    throw new ChannelError('malformed', `the answer has no ${list} list and cursor as documented`, {
      where: at,
    });
  }
  const items = values.map((value): Item<T> => {
    if (!('unchecked' in answer)) return { value: value as T, problem: null };
    // Only a page that failed the lexicon check is checked item by item, to find the bad ones.
    const result = lexicons.validate(itemDef, value);
    return result.success
      ? { value: value as T, problem: null }
      : { value: value as T, problem: result.error.message.replace(/^Object\b/, list) };
  });
  return { items, next: cursor ?? null, where: at };
}

function checked<T>(item: Item<T>): T {
  if (item.problem === null) return item.value;
  const missing = /must have the property/.test(item.problem);
  throw new RecordError(missing ? 'missing_field' : 'invalid_field', item.problem);
}

function recordsOf(location: string, map: () => MessageInput | null): Parsed[] {
  try {
    const message = map();
    return message ? [{ ok: true, location, record: { type: 'message', message } }] : [];
  } catch (error) {
    return [{ ok: false, location, ...rejectOf(error) }];
  }
}

function iso(value: unknown): string {
  return requireDate(value, 'indexedAt').toISOString();
}

/** The request as it is named in reject locations: the method, address and query. */
function where(client: BlueskyClient, nsid: string, params: Record<string, unknown>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) query.append(key, String(v));
  }
  return `${client.where(nsid)}?${query.toString()}`;
}
