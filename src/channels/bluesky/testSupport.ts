import type { Parsed } from '../../ingest/records.ts';
import type { Channel, ChannelHost } from '../channel.ts';
import { messagesOf, rejectsOf } from '../drain.ts';
import type { FakeBluesky } from './fakeServer.ts';
import { blueskyAdapter } from './index.ts';

export { messagesOf, rejectsOf };

/** Helpers for the Bluesky tests (not a test itself). */

/** A host that keeps what the channel asks it to store. */
export function memoryHost(): ChannelHost & { saved: Record<string, string>[] } {
  const saved: Record<string, string>[] = [];
  return {
    saved,
    async saveSecrets(secrets) {
      saved.push({ ...secrets });
    },
  };
}

export function channelOn(
  fake: FakeBluesky,
  options: {
    settings?: Record<string, unknown>;
    secrets?: Record<string, string>;
    host?: ChannelHost;
  } = {},
): Channel {
  const settings = blueskyAdapter.parseSettings({ ...fake.settings, ...options.settings });
  return blueskyAdapter.create(settings, options.secrets ?? fake.secrets, options.host ?? memoryHost());
}

export function idsOf(records: readonly Parsed[]): string[] {
  return messagesOf(records).map((m) => m.platformId);
}
