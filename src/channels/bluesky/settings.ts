import type { JSONSchemaType } from 'ajv';
import { COMMON_SETTINGS_PROPERTIES, type CommonSettings, settingsParser } from '../settings.ts';

/** The settings of a Bluesky account: public, stored in the clear. */
export interface BlueskySettings extends CommonSettings {
  /**
   * The service the app password logs in to: `https://bsky.social` for accounts hosted by Bluesky,
   * else the account's own PDS. After the login the client follows the account's DID document to
   * its PDS.
   */
  serviceUrl: string;
  /** Items per page of a read (the API allows 1–100). */
  pageSize: number;
  /** Language tag put on replies and posts (`langs`), so Bluesky's feeds and filters know it. */
  language: string;
}

export const blueskySettingsSchema: JSONSchemaType<BlueskySettings> = {
  type: 'object',
  properties: {
    ...COMMON_SETTINGS_PROPERTIES,
    serviceUrl: { type: 'string', format: 'uri', pattern: '^https?://', default: 'https://bsky.social' },
    pageSize: { type: 'integer', minimum: 1, maximum: 100, default: 100 },
    language: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', default: 'nl' },
  },
  required: [],
  additionalProperties: false,
};

export const parseBlueskySettings = settingsParser(blueskySettingsSchema);
