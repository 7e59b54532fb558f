import type { ChannelCursor, ReadContext, ReadPage } from '../channel.ts';
import { readStreams, type StreamSpec, type StreamState, type StreamsCursor } from '../streams.ts';

/**
 * Reading a Meta account: its own lists (the page feed, Instagram media and tags) newest first,
 * and the comments under each recent post. Comments arrive on old posts long after them, so a
 * mark on the feed alone would never see them: every post younger than the comment window gets a
 * comment stream of its own (`comments:<post id>`, with its own mark, by `streams.ts`'s rules).
 *
 * The cursor is `streams.ts`'s (`{ streams }`) plus `parents`, the recent posts found in the
 * feed: `{ id, createdAt, authorId }`. Posts older than the window leave the list and their
 * streams leave the cursor, so it stays bounded (a few hundred bytes per recent post).
 */
export interface ParentRef {
  id: string;
  /** ISO time in UTC, so it compares as text. */
  createdAt: string;
  /** Who posted it: what a top-level comment replies to. */
  authorId: string;
}

export type FoundParent = Omit<ParentRef, 'createdAt'> & { createdAt: string | null };

export interface WindowedCursor extends StreamsCursor {
  parents: ParentRef[];
}

export interface WindowedSpec {
  /** Days back a post's comments are read again. */
  windowDays: number;
  /**
   * The account's own streams; `found` registers a post whose comments are to be read. A post
   * whose time cannot be read (a drifted field) is registered as new, so its comments are still
   * read while it is rejected itself.
   */
  main(found: (parent: FoundParent) => void): StreamSpec[];
  /** The comment stream of one post. */
  comments(parent: ParentRef): StreamSpec;
}

export function commentStreamName(parentId: string): string {
  return `comments:${parentId}`;
}

function parentsOf(cursor: ChannelCursor | null): ParentRef[] {
  const list = (cursor as Partial<WindowedCursor> | null)?.parents;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (p): p is ParentRef =>
      typeof p?.id === 'string' && typeof p.createdAt === 'string' && typeof p.authorId === 'string',
  );
}

/** One page of the account's streams, then of the comment streams of its recent posts. */
export async function readWindowed(
  cursor: ChannelCursor | null,
  context: ReadContext,
  spec: WindowedSpec,
): Promise<ReadPage> {
  const windowStart = new Date(context.now.getTime() - spec.windowDays * 24 * 3600 * 1000).toISOString();
  const parents = new Map<string, ParentRef>();
  for (const p of parentsOf(cursor)) if (p.createdAt >= windowStart) parents.set(p.id, p);
  const found: ParentRef[] = [];
  const main = spec.main((parent) =>
    found.push({ ...parent, createdAt: parent.createdAt ?? context.now.toISOString() }),
  );
  const specs = [...main, ...newestFirst(parents).map((p) => spec.comments(p))];
  const states = keepStreams((cursor as Partial<StreamsCursor> | null)?.streams, main, parents);
  const page = await readStreams({ streams: states }, context, specs);
  for (const parent of found) if (parent.createdAt >= windowStart) parents.set(parent.id, parent);
  const streams = keepStreams((page.cursor as StreamsCursor).streams, main, parents);
  // Posts found on this page have comment streams not yet read in this sync: keep going.
  const pendingComments = [...parents.keys()].some(
    (id) => streams[commentStreamName(id)]?.doneIn !== context.syncId,
  );
  const next: WindowedCursor = { streams, parents: newestFirst(parents) };
  return { ...page, cursor: next, more: page.more || pendingComments };
}

function newestFirst(parents: Map<string, ParentRef>): ParentRef[] {
  return [...parents.values()].sort((a, b) =>
    a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1,
  );
}

/** The stream states of the main streams and of the posts still in the window; the rest is dropped. */
function keepStreams(
  states: Record<string, StreamState> | undefined,
  main: StreamSpec[],
  parents: Map<string, ParentRef>,
): Record<string, StreamState> {
  const names = new Set([...main.map((s) => s.name), ...[...parents.keys()].map(commentStreamName)]);
  const kept: Record<string, StreamState> = {};
  for (const [name, state] of Object.entries(states ?? {})) if (names.has(name)) kept[name] = state;
  return kept;
}
