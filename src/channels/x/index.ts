import type { ChannelAdapter } from '../channel.ts';
import { parseXSettings, type XSettings } from './settings.ts';
import { XChannel } from './xChannel.ts';

export type { XSettings } from './settings.ts';

/** X (formerly Twitter) through API v2, with a monthly read budget because X bills every read. */
export const xAdapter: ChannelAdapter<XSettings> = {
  platform: 'x',
  label: 'X (Twitter)',
  // Each sync costs at least the posts that came in; every 15 minutes keeps webcare timely.
  syncIntervalMinutes: 15,
  defaultRelation: 'owned',
  secrets: {
    accessToken:
      'OAuth 2.0-toegangstoken (gebruikerscontext) van het X-account, met de rechten tweet.read, users.read en tweet.write',
    refreshToken:
      'optioneel: het vernieuwingstoken (recht offline.access), waarmee Meetlat het toegangstoken zelf ververst',
    clientId: 'optioneel, nodig bij een vernieuwingstoken: de OAuth 2.0-client-ID van de X-app',
    clientSecret:
      'optioneel: het OAuth 2.0-clientgeheim, alleen als de X-app een vertrouwelijke client (Web App) is',
  },
  parseSettings: (input) => parseXSettings(input),
  create: (settings, secrets, host) => new XChannel(settings, secrets, host),
};
