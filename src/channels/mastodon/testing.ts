import type { Parsed } from '../../ingest/records.ts';
import type { Channel } from '../channel.ts';
import { messagesOf, rejectsOf } from '../drain.ts';
import type { FakeMastodon } from './fakeServer.ts';
import { mastodonAdapter } from './index.ts';

export { messagesOf, rejectsOf };

/** Test helpers: a channel pointed at a fake, and the messages and rejects of a read. */
export function channelFor(
  fake: FakeMastodon,
  settings: Record<string, unknown> = {},
  token?: string,
): Channel {
  const parsed = mastodonAdapter.parseSettings({ ...fake.settings, ...settings });
  const secrets = token === undefined ? fake.secrets : { accessToken: token };
  return mastodonAdapter.create(parsed, secrets, { saveSecrets: async () => {} });
}

export function idsOf(records: readonly Parsed[]): Set<string> {
  return new Set(messagesOf(records).map((m) => m.platformId));
}
