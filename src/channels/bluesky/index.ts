import type { ChannelAdapter } from '../channel.ts';
import { BlueskyChannel } from './blueskyChannel.ts';
import { type BlueskySettings, parseBlueskySettings } from './settings.ts';

export { BLUESKY_CAPABILITIES, BlueskyChannel } from './blueskyChannel.ts';
export type { BlueskySettings } from './settings.ts';

/**
 * Bluesky: the account's author feed and notifications, replies and posts, follower counts. The
 * channel also keeps a `session` secret of its own (the login's tokens, renewed as they expire), so
 * it logs in with the app password only when that session has ended.
 */
export const blueskyAdapter: ChannelAdapter<BlueskySettings> = {
  platform: 'bluesky',
  label: 'Bluesky',
  // Reads are cheap (3,000 requests per 5 minutes per IP); a session lives about two hours.
  syncIntervalMinutes: 5,
  defaultRelation: 'owned',
  secrets: {
    identifier: 'De handle van het account (bijvoorbeeld gemeente.bsky.social) of zijn DID (did:plc:…)',
    appPassword:
      'Een app-wachtwoord (xxxx-xxxx-xxxx-xxxx), aan te maken in Bluesky onder Instellingen → Privacy en beveiliging → App-wachtwoorden; niet het wachtwoord van het account',
  },
  parseSettings: parseBlueskySettings,
  create: (settings, secrets, host) => new BlueskyChannel(settings, secrets, host),
};
