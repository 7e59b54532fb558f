import type { Parsed } from '../../ingest/records.ts';
import type { Channel, ChannelCursor } from '../channel.ts';
import { drainChannel, messagesOf } from '../drain.ts';
import type { FakeX } from './fakeServer.ts';
import { xAdapter } from './index.ts';

export { messagesOf };

/** Helpers for this folder's tests (not used by the adapter). */
export const NOW = new Date('2026-11-23T12:00:00Z');

export interface SavedSecrets {
  saved: Record<string, string>[];
  saveSecrets(secrets: Record<string, string>): Promise<void>;
}

export function recordingHost(): SavedSecrets {
  const saved: Record<string, string>[] = [];
  return {
    saved,
    saveSecrets: async (secrets) => {
      saved.push(secrets);
    },
  };
}

export function channelFor(
  fake: FakeX,
  settings: Record<string, unknown> = {},
  secrets: Record<string, string> = fake.secrets,
  host = recordingHost(),
): Channel {
  return xAdapter.create(xAdapter.parseSettings({ ...fake.settings, ...settings }), secrets, host);
}

export function idsOf(records: readonly Parsed[]): Set<string> {
  return new Set(messagesOf(records).map((m) => m.platformId));
}

export function sorted(ids: Iterable<string>): string[] {
  return [...ids].sort();
}

/** Drains until done (or `maxAttempts` errors), collecting records and errors over the attempts. */
export async function drainToEnd(
  channel: Channel,
  cursor: ChannelCursor | null,
  options: { syncId: string; now?: Date; maxAttempts?: number },
) {
  const records: Parsed[] = [];
  const errors = [];
  let current = cursor;
  for (let attempt = 0; attempt < (options.maxAttempts ?? 5); attempt++) {
    const result = await drainChannel(channel, current, { syncId: options.syncId, now: options.now ?? NOW });
    records.push(...result.records);
    current = result.cursor;
    if (!result.error) return { records, cursor: current, errors };
    errors.push(result.error);
  }
  throw new Error(`still failing after ${options.maxAttempts ?? 5} attempts: ${errors.at(-1)?.message}`);
}
