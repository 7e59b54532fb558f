import { type Parsed, RecordError, rejectOf } from '../../ingest/records.ts';
import { comparePositions, readStreamPage, type Stream, type StreamSpec } from '../streams.ts';
import type { MastodonClient } from './client.ts';
import type { Links } from './links.ts';
import { str } from './mapping.ts';

/**
 * The three lists a Mastodon account is read from, newest first, each paged by the `Link`
 * header's `max_id`:
 *
 * - `notifications` (`types[]=mention`): what others address to the account: mentions, replies
 *   (Mastodon mentions the author it replies to) and direct messages. Notification ids are the
 *   instance's own sequence, so a status that federates in late still sorts above the mark.
 * - `conversations`: direct-message threads. Each conversation shows only its last status, so for
 *   every conversation with something new the thread is read whole (`/statuses/:id/context`):
 *   the gemeente's own DM answers in it are what answer an inbound DM.
 * - `statuses` (`/accounts/:id/statuses`): everything the account sent: posts, replies, boosts,
 *   quotes (and its DMs: Mastodon shows an author all of its own statuses).
 *
 * Notifications are read first so the citizens' statuses the gemeente answers are already known
 * when its replies are mapped (no lookups for them).
 */
export interface StreamDeps {
  client: MastodonClient;
  links: Links;
  /** Maps a status to a record (or a reject at `location`); a status already given in this sync is left out. */
  emit(status: unknown, location: string): Parsed[];
}

type Json = Record<string, unknown>;

const STATUSES_LIMIT = '40';
const NOTIFICATIONS_LIMIT = '80';
const CONVERSATIONS_LIMIT = '40';

function asJson(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}

/** An item's place in its list: its numeric id. */
function idPosition(value: unknown): string {
  const id = str(asJson(value)?.id);
  if (!id || !/^\d+$/.test(id)) throw new RecordError('missing_field', 'id is missing');
  return id;
}

function createdAt(value: unknown): Date | null {
  const raw = str(asJson(value)?.created_at);
  const date = raw ? new Date(raw) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

function reject(location: string, error: unknown): Parsed[] {
  return [{ ok: false, location, ...rejectOf(error) }];
}

export function ownStatusesStream(deps: StreamDeps): Stream<unknown> {
  const path = `/api/v1/accounts/${encodeURIComponent(deps.links.own.id)}/statuses`;
  return {
    name: 'statuses',
    async fetch(next) {
      const page = await deps.client.page(path, { limit: STATUSES_LIMIT }, next);
      await deps.links.resolve(page.items, deps.client);
      return page;
    },
    position: idPosition,
    createdAt,
    toRecords: (item, location) => deps.emit(item, location),
  };
}

export function mentionsStream(deps: StreamDeps): Stream<unknown> {
  return {
    name: 'notifications',
    async fetch(next) {
      // include_filtered: DMs from people the gemeente does not follow are filtered into
      // "notification requests" by default (4.3+); they are inbound all the same.
      const query = { 'types[]': 'mention', include_filtered: 'true', limit: NOTIFICATIONS_LIMIT };
      const page = await deps.client.page('/api/v1/notifications', query, next);
      for (const n of page.items) deps.links.rememberAccount(asJson(n)?.account);
      await deps.links.resolve(
        page.items.map((n) => asJson(n)?.status),
        deps.client,
      );
      return page;
    },
    position: idPosition,
    createdAt,
    toRecords(item, location) {
      const notification = asJson(item);
      // Older instances ignore types[]; only mentions are messages addressed to the account.
      if (notification && str(notification.type) !== null && notification.type !== 'mention') return [];
      if (!notification?.status)
        return reject(location, new RecordError('missing_field', 'status is missing'));
      return deps.emit(notification.status, location);
    },
  };
}

/** A conversation with its direct-message thread, when it was read. */
export interface ConversationItem {
  conversation: unknown;
  thread: unknown[] | null;
}

function lastStatus(conversation: unknown): Json | null {
  return asJson(asJson(conversation)?.last_status);
}

/**
 * Conversations, by their last status's id (the order and the `max_id` Mastodon pages them by).
 * `mark` and `horizon` spare the thread lookups of conversations the walk will not keep.
 */
export function conversationsStream(
  deps: StreamDeps,
  mark: string | null,
  horizon: Date | null,
): Stream<ConversationItem> {
  const wanted = (conversation: unknown): string | null => {
    const last = lastStatus(conversation);
    const id = str(last?.id);
    if (!id || !/^\d+$/.test(id)) return null;
    if (mark !== null && comparePositions(id, mark) <= 0) return null;
    const created = createdAt(last);
    if (mark === null && horizon !== null && created !== null && created < horizon) return null;
    return id;
  };
  return {
    name: 'conversations',
    async fetch(next) {
      const page = await deps.client.page('/api/v1/conversations', { limit: CONVERSATIONS_LIMIT }, next);
      const items: ConversationItem[] = [];
      for (const conversation of page.items) {
        for (const account of (asJson(conversation)?.accounts as unknown[] | undefined) ?? [])
          deps.links.rememberAccount(account);
        const id = wanted(conversation);
        const thread = id ? await readThread(deps, id, lastStatus(conversation)) : null;
        items.push({ conversation, thread });
      }
      await deps.links.resolve(
        items.flatMap((i) => i.thread ?? [lastStatus(i.conversation)]),
        deps.client,
      );
      return { ...page, items };
    },
    position: (item) => {
      const last = lastStatus(item.conversation);
      if (!last) throw new RecordError('missing_field', 'last_status is missing');
      return idPosition(last);
    },
    createdAt: (item) => createdAt(lastStatus(item.conversation)),
    toRecords(item, location) {
      const last = lastStatus(item.conversation);
      if (!last) return reject(location, new RecordError('missing_field', 'last_status is missing'));
      const thread = item.thread ?? [last];
      return thread.flatMap((status) =>
        status === last
          ? deps.emit(status, location)
          : deps.emit(status, `${location} (thread: status ${str(asJson(status)?.id) ?? '?'})`),
      );
    },
  };
}

/** The direct statuses of the thread a conversation's last status is in, oldest first. */
async function readThread(deps: StreamDeps, lastId: string, last: Json | null): Promise<unknown[]> {
  let context: Json;
  try {
    context = await deps.client.context(lastId);
  } catch (error) {
    // Deleted since the list was read: the conversation's own copy is all there is.
    if ((error as { kind?: string }).kind === 'not_found') return [last];
    throw error;
  }
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const direct = (s: unknown) => asJson(s)?.visibility === 'direct';
  return [...list(context.ancestors).filter(direct), last, ...list(context.descendants).filter(direct)];
}

/** The conversations stream as `readStreams` drives it, knowing the stream's mark. */
export function conversationsSpec(deps: StreamDeps, horizon: (now: Date) => Date | null): StreamSpec {
  return {
    name: 'conversations',
    read: (state, context) => {
      const h = horizon(context.now);
      return readStreamPage(conversationsStream(deps, state.mark, h), state, context, h);
    },
  };
}
