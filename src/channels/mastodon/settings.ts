import type { JSONSchemaType } from 'ajv';
import { COMMON_SETTINGS_PROPERTIES, type CommonSettings, settingsParser } from '../settings.ts';

/** Where the gemeente's Mastodon account lives; the access token is a secret, not a setting. */
export interface MastodonSettings extends CommonSettings {
  /** The instance's address, e.g. `https://social.overheid.nl` (plain http only on 127.0.0.1, for tests). */
  instanceUrl: string;
}

export const mastodonSettingsSchema: JSONSchemaType<MastodonSettings> = {
  type: 'object',
  properties: {
    instanceUrl: {
      type: 'string',
      format: 'uri',
      // A token travels with every request: never over plain http to anything but this machine.
      pattern: '^(https://[^/?#]+|http://127\\.0\\.0\\.1(:[0-9]+)?)/?$',
    },
    ...COMMON_SETTINGS_PROPERTIES,
  },
  required: ['instanceUrl'],
  additionalProperties: false,
};

export const parseMastodonSettings = settingsParser(mastodonSettingsSchema);
