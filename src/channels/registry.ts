import { blueskyAdapter } from './bluesky/index.ts';
import type { ChannelAdapter } from './channel.ts';
import { facebookAdapter } from './facebook/index.ts';
import { instagramAdapter } from './instagram/index.ts';
import { mastodonAdapter } from './mastodon/index.ts';
import { rssAdapter } from './rss/index.ts';
import { xAdapter } from './x/index.ts';

/**
 * The adapters Meetlat has, by platform name. Generic code finds an account's adapter here by
 * the account's platform and then asks the adapter, never the name, what it can do.
 */
export const ADAPTERS: readonly ChannelAdapter<unknown>[] = [
  mastodonAdapter,
  blueskyAdapter,
  facebookAdapter,
  instagramAdapter,
  xAdapter,
  rssAdapter,
];

export class UnknownPlatformError extends Error {}

export function adapterFor(platform: string): ChannelAdapter<unknown> {
  const adapter = ADAPTERS.find((a) => a.platform === platform);
  if (!adapter) {
    throw new UnknownPlatformError(
      `no channel for platform ${JSON.stringify(platform)}; known: ${ADAPTERS.map((a) => a.platform).join(', ')}`,
    );
  }
  return adapter;
}
