import type { ChannelAdapter } from '../channel.ts';
import { InstagramChannel } from './instagramChannel.ts';
import { type InstagramSettings, parseInstagramSettings } from './settings.ts';

export { INSTAGRAM_CAPABILITIES, InstagramChannel } from './instagramChannel.ts';
export type { InstagramSettings } from './settings.ts';

/** An Instagram professional account of the organisation (Instagram API with Instagram Login). */
export const instagramAdapter: ChannelAdapter<InstagramSettings> = {
  platform: 'instagram',
  label: 'Instagram',
  // Each sync reads the media, the tags and the comments of every media of the comment window.
  syncIntervalMinutes: 15,
  defaultRelation: 'owned',
  secrets: {
    accessToken:
      'Langlopend Instagram-toegangstoken (60 dagen geldig; Meetlat vernieuwt het zelf) van het zakelijke account, met de rechten instagram_business_basic, instagram_business_manage_comments en instagram_business_content_publish',
  },
  parseSettings: parseInstagramSettings,
  create: (settings, secrets, host) => new InstagramChannel(settings, secrets, host),
};
