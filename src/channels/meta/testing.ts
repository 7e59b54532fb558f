import assert from 'node:assert/strict';
import type { MessageInput } from '../../domain/message.ts';
import type { Parsed } from '../../ingest/records.ts';
import type { Channel, ChannelCursor } from '../channel.ts';
import { drainChannel, messagesOf, rejectsOf } from '../drain.ts';
import type { ChannelError } from '../errors.ts';

export { messagesOf, rejectsOf };

/**
 * Test helpers shared by the Facebook and Instagram adapter tests (no store: records are
 * collected as the sync would hand them over).
 */
export function idsOf(records: Parsed[]): string[] {
  return [...new Set(messagesOf(records).map((m) => m.platformId))].sort();
}

/** METRICS.md's "inbound to A" over the mapped messages, as store/activity.ts decides it. */
export function inboundTo(messages: MessageInput[], account: { id: string; handle: string }): string[] {
  const byId = new Map(messages.map((m) => [m.platformId, m]));
  const handle = account.handle.toLowerCase();
  return messages
    .filter((m) => {
      if (m.author.id === account.id) return false;
      const parentAuthor = m.inReplyTo ? (byId.get(m.inReplyTo.id)?.author.id ?? m.inReplyTo.authorId) : null;
      const addressed = (m.kind === 'comment' || m.kind === 'dm') && m.recipientId === account.id;
      const mentioned = (m.mentions ?? []).some((h) => h.toLowerCase().replace(/^@/, '') === handle);
      return parentAuthor === account.id || addressed || mentioned;
    })
    .map((m) => m.platformId)
    .sort();
}

/** Drains with a fault in the way, then again from the cursor the error left: nothing is lost. */
export async function drainThroughFault(
  channel: Channel,
  now: Date,
  cursor: ChannelCursor | null = null,
): Promise<{ error: ChannelError; records: Parsed[]; cursor: ChannelCursor | null }> {
  const first = await drainChannel(channel, cursor, { syncId: 'with-fault', now });
  assert.ok(first.error, 'the fault should have stopped the drain');
  const second = await drainChannel(channel, first.cursor, { syncId: 'after-fault', now });
  assert.equal(second.error, null, `the drain after the fault failed: ${second.error?.message}`);
  return { error: first.error, records: [...first.records, ...second.records], cursor: second.cursor };
}

/**
 * Reads page by page (one `read` each), calling `beforePage` before every read: a test injects a
 * fault there when the walk stands where it wants it to fail (page 2 of a list).
 */
export async function drainStepping(
  channel: Channel,
  cursor: ChannelCursor | null,
  options: { syncId: string; now: Date; beforePage: (pages: number) => void },
): Promise<{ records: Parsed[]; cursor: ChannelCursor | null; error: ChannelError | null }> {
  const records: Parsed[] = [];
  let current = cursor;
  for (let pages = 0; pages < 1_000; pages++) {
    options.beforePage(pages);
    try {
      const page = await channel.read(current, { syncId: options.syncId, now: options.now });
      records.push(...page.records);
      current = page.cursor;
      if (!page.more) break;
    } catch (error) {
      return { records, cursor: current, error: error as ChannelError };
    }
  }
  return { records, cursor: current, error: null };
}
