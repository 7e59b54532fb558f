import type { ChannelAdapter } from '../channel.ts';
import { FacebookChannel } from './facebookChannel.ts';
import { type FacebookSettings, parseFacebookSettings } from './settings.ts';

export { FACEBOOK_CAPABILITIES, FacebookChannel } from './facebookChannel.ts';
export type { FacebookSettings } from './settings.ts';

/** A Facebook page of the organisation, read and answered through the Graph API. */
export const facebookAdapter: ChannelAdapter<FacebookSettings> = {
  platform: 'facebook',
  label: 'Facebook-pagina',
  // Every sync reads the feed and the comments of each post of the comment window: one call per
  // recent post, well within a page token's hourly allowance at this pace.
  syncIntervalMinutes: 15,
  defaultRelation: 'owned',
  secrets: {
    pageAccessToken:
      'Pagina-toegangstoken (langlopend) van de Facebook-pagina, met de rechten pages_read_engagement, pages_read_user_content, pages_manage_posts en pages_manage_engagement',
  },
  parseSettings: parseFacebookSettings,
  create: (settings, secrets) => new FacebookChannel(settings, secrets),
};
