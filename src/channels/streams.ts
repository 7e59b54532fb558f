import type { Parsed } from '../ingest/records.ts';
import type { ChannelCursor, ReadContext, ReadPage } from './channel.ts';

/**
 * Reading a platform's lists that page from the newest item backwards (statuses, notifications,
 * feeds, timelines: nearly every platform API), with a cursor that never passes what was stored.
 *
 * A stream keeps a `mark`: the position of the newest item that is stored with everything after
 * the history horizon below it. A sync walks down from the newest page until it meets the mark
 * (or the horizon, the first time), one page per `read`. Only when the walk is complete does the
 * mark move up to where the walk began; meanwhile the cursor holds the walk (where it began, the
 * next page), so a sync killed half-way resumes the walk where it stopped, and then starts a
 * fresh one from the top for what came in meanwhile. Items at or just around the mark are read
 * again at worst, which costs nothing: reads are idempotent.
 */
export interface StreamState {
  mark: string | null;
  walk: { top: string; next: string; syncId: string } | null;
  /** The sync in which this stream last completed a walk. */
  doneIn: string | null;
}

export interface StreamPage<T> {
  /** Newest first. */
  items: T[];
  /** The token of the next (older) page; null when this was the last. */
  next: string | null;
  /** The request, for reject locations: `GET https://…/api/v1/notifications?max_id=…`. */
  where: string;
  /** Billable reads of this page (X). */
  billedReads?: number;
}

/** One list of a platform, newest first. */
export interface Stream<T> {
  name: string;
  /** The newest page for `next` null, else the page that token names. */
  fetch(next: string | null): Promise<StreamPage<T>>;
  /**
   * Where an item stands in the list; positions compare as whole numbers when both are digits
   * (Mastodon and X ids), else as text (ISO timestamps in UTC, `toISOString()`).
   */
  position(item: T): string;
  /** When the item was made, for the history horizon; null when it cannot be read (kept). */
  createdAt(item: T): Date | null;
  /** The item as a record for the pipeline, or a reject at `location`. */
  toRecords(item: T, location: string): Parsed[];
}

export function comparePositions(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = a.replace(/^0+(?=\d)/, '');
    const y = b.replace(/^0+(?=\d)/, '');
    if (x.length !== y.length) return x.length - y.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function emptyState(): StreamState {
  return { mark: null, walk: null, doneIn: null };
}

/** Reads one page of a stream and says where the stream stands after it. */
export async function readStreamPage<T>(
  stream: Stream<T>,
  state: StreamState,
  context: ReadContext,
  horizon: Date | null,
): Promise<{ records: Parsed[]; state: StreamState; more: boolean; billedReads: number }> {
  const page = await stream.fetch(state.walk?.next ?? null);
  let top = state.walk?.top ?? null;
  let reachedEnd = page.next === null || page.items.length === 0;
  const records: Parsed[] = [];
  page.items.forEach((item, index) => {
    const location = `${page.where} [${index}]`;
    let position: string;
    try {
      position = stream.position(item);
    } catch {
      // An item without a readable position is still mapped (its reject says what is wrong).
      records.push(...stream.toRecords(item, location));
      return;
    }
    if (state.walk === null && (top === null || comparePositions(position, top) > 0)) top = position;
    if (state.mark !== null && comparePositions(position, state.mark) < 0) {
      reachedEnd = true;
      return;
    }
    const created = stream.createdAt(item);
    if (state.mark === null && horizon !== null && created !== null && created < horizon) {
      reachedEnd = true;
      return;
    }
    records.push(...stream.toRecords(item, location));
  });
  const billedReads = page.billedReads ?? 0;
  if (!reachedEnd && top !== null && page.next !== null) {
    return {
      records,
      state: {
        mark: state.mark,
        walk: { top, next: page.next, syncId: state.walk?.syncId ?? context.syncId },
        doneIn: null,
      },
      more: true,
      billedReads,
    };
  }
  const mark =
    top === null || (state.mark !== null && comparePositions(state.mark, top) > 0) ? state.mark : top;
  // A walk begun in an earlier sync is now complete; what came in since it began is read next.
  const resumed = state.walk !== null && state.walk.syncId !== context.syncId;
  return {
    records,
    state: { mark, walk: null, doneIn: resumed ? null : context.syncId },
    more: resumed,
    billedReads,
  };
}

/** A channel's cursor over several streams: `{ streams: { [name]: StreamState } }`. */
export interface StreamsCursor extends ChannelCursor {
  streams: Record<string, StreamState>;
}

/** One stream of a channel, as `readStreams` drives it. */
export interface StreamSpec {
  name: string;
  read(state: StreamState, context: ReadContext): ReturnType<typeof readStreamPage>;
}

/**
 * A channel's `read` over several streams, one page at a time: each stream in turn walks until it
 * is done for this sync; `more` stays true until every stream is.
 */
export async function readStreams(
  cursor: ChannelCursor | null,
  context: ReadContext,
  streams: readonly StreamSpec[],
): Promise<ReadPage> {
  const states: Record<string, StreamState> = { ...((cursor as StreamsCursor | null)?.streams ?? {}) };
  const pending = streams.filter((s) => (states[s.name] ?? emptyState()).doneIn !== context.syncId);
  const current = pending[0];
  if (!current) return { records: [], cursor: { streams: states }, more: false, billedReads: 0 };
  const result = await current.read(states[current.name] ?? emptyState(), context);
  states[current.name] = result.state;
  return {
    records: result.records,
    cursor: { streams: states },
    more: result.more || pending.length > 1,
    billedReads: result.billedReads,
  };
}

/** A `StreamSpec` for a `Stream` with the history horizon of the settings. */
export function streamSpec<T>(stream: Stream<T>, horizon: (now: Date) => Date | null): StreamSpec {
  return {
    name: stream.name,
    read: (state, context) => readStreamPage(stream, state, context, horizon(context.now)),
  };
}
