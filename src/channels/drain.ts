import type { MessageInput } from '../domain/message.ts';
import type { Parsed } from '../ingest/records.ts';
import type { Channel, ChannelCursor } from './channel.ts';
import { ChannelError } from './errors.ts';

/**
 * Reads a channel until it has nothing more for this sync, without a store: what the sync does,
 * minus the storing, for the adapters' tests.
 * Stops at the first error and returns it with the cursor of the last page read whole.
 */
export async function drainChannel(
  channel: Channel,
  cursor: ChannelCursor | null,
  options: { syncId: string; now?: Date; maxPages?: number },
): Promise<{ records: Parsed[]; cursor: ChannelCursor | null; pages: number; error: ChannelError | null }> {
  const records: Parsed[] = [];
  let pages = 0;
  let current = cursor;
  const maxPages = options.maxPages ?? 10_000;
  try {
    for (;;) {
      if (pages >= maxPages) break;
      const page = await channel.read(current, { syncId: options.syncId, now: options.now ?? new Date() });
      pages++;
      records.push(...page.records);
      current = page.cursor;
      if (!page.more) break;
    }
  } catch (error) {
    if (!(error instanceof ChannelError)) throw error;
    return { records, cursor: current, pages, error };
  }
  return { records, cursor: current, pages, error: null };
}

/** The messages among records read, in order. */
export function messagesOf(records: readonly Parsed[]): MessageInput[] {
  return records.flatMap((r) => (r.ok && r.record.type === 'message' ? [r.record.message] : []));
}

/** The rejects among records read, in order. */
export function rejectsOf(records: readonly Parsed[]): Extract<Parsed, { ok: false }>[] {
  return records.filter((r): r is Extract<Parsed, { ok: false }> => !r.ok);
}
