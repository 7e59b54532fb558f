import type { JSONSchemaType } from 'ajv';
import { SettingsError } from '../channel.ts';
import { COMMON_SETTINGS_PROPERTIES, type CommonSettings, settingsParser } from '../settings.ts';

/** A watched feed: its address and the common settings. A public feed needs no secrets. */
export interface RssSettings extends CommonSettings {
  /** The feed's address (RSS 2.0, Atom 1.0, RDF/RSS 1.0 or JSON Feed), http or https. */
  feedUrl: string;
}

export const rssSettingsSchema: JSONSchemaType<RssSettings> = {
  type: 'object',
  properties: {
    feedUrl: { type: 'string', format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://', maxLength: 2000 },
    ...COMMON_SETTINGS_PROPERTIES,
  },
  required: ['feedUrl'],
  additionalProperties: false,
};

const validate = settingsParser(rssSettingsSchema);

/** Checks the settings, fills in the defaults and stores the feed's address in its normal form. */
export function parseRssSettings(input: unknown): RssSettings {
  const settings = validate(input);
  return { ...settings, feedUrl: normaliseFeedUrl(settings.feedUrl) };
}

/**
 * The feed's address as the watched account's id: the WHATWG URL form (scheme and host in lower
 * case, default port dropped), without a fragment, which the server never sees anyway.
 */
export function normaliseFeedUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new SettingsError(`feedUrl ${JSON.stringify(value)} is not an address`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SettingsError(`feedUrl must be an http or https address, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new SettingsError(
      'feedUrl must not hold a user name or password (they would be shown as the handle)',
    );
  }
  url.hash = '';
  return url.href;
}

/**
 * The watched account's handle: host and path (and the query, when the site names its feeds by
 * one: two category feeds of one site must not share a handle), without a trailing slash.
 */
export function feedHandle(feedUrl: string): string {
  const url = new URL(feedUrl);
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.host}${path}${url.search}`;
}
