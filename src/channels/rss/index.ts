import type { ChannelAdapter } from '../channel.ts';
import { RssChannel } from './rssChannel.ts';
import { parseRssSettings, type RssSettings } from './settings.ts';

/** RSS 2.0, Atom 1.0, RDF/RSS 1.0 and JSON Feed: a watched source, read only, without secrets. */
export const rssAdapter: ChannelAdapter<RssSettings> = {
  platform: 'rss',
  label: 'RSS/Atom-feed',
  syncIntervalMinutes: 30,
  defaultRelation: 'watched',
  secrets: {},
  parseSettings: parseRssSettings,
  create: (settings) => new RssChannel(settings),
};

export { RssChannel } from './rssChannel.ts';
export type { RssSettings } from './settings.ts';
