import type { ChannelAdapter } from '../channel.ts';
import { MastodonChannel } from './mastodonChannel.ts';
import { type MastodonSettings, parseMastodonSettings } from './settings.ts';

export type { MastodonSettings } from './settings.ts';

/** Mastodon: one account on one instance, through the instance's REST API and an application token. */
export const mastodonAdapter: ChannelAdapter<MastodonSettings> = {
  platform: 'mastodon',
  label: 'Mastodon',
  // Mastodon allows 300 requests per 5 minutes per account; a sync costs a handful.
  syncIntervalMinutes: 15,
  defaultRelation: 'owned',
  secrets: {
    accessToken:
      'Toegangscode van een applicatie met de rechten read en write:statuses, aangemaakt op de ' +
      'eigen server onder Voorkeuren → Ontwikkeling → Nieuwe applicatie',
  },
  parseSettings: parseMastodonSettings,
  create: (settings, secrets) => new MastodonChannel(settings, secrets.accessToken ?? ''),
};
