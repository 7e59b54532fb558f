import type { JSONSchemaType } from 'ajv';
import { GRAPH_API_VERSION } from '../facebook/settings.ts';
import { COMMON_SETTINGS_PROPERTIES, type CommonSettings, settingsParser } from '../settings.ts';

export interface InstagramSettings extends CommonSettings {
  graphBaseUrl: string;
  apiVersion: string;
  /** How many days back media get their comments read again (comments arrive long after a post). */
  commentWindowDays: number;
}

export const instagramSettingsSchema: JSONSchemaType<InstagramSettings> = {
  type: 'object',
  properties: {
    ...COMMON_SETTINGS_PROPERTIES,
    graphBaseUrl: {
      type: 'string',
      format: 'uri',
      pattern: '^https?://',
      default: 'https://graph.instagram.com',
    },
    apiVersion: { type: 'string', pattern: '^v[0-9]{1,3}\\.[0-9]{1,2}$', default: GRAPH_API_VERSION },
    commentWindowDays: { type: 'integer', minimum: 1, maximum: 365, default: 14 },
  },
  required: ['graphBaseUrl', 'apiVersion', 'commentWindowDays', 'historyDays', 'timeoutMs'],
  additionalProperties: false,
};

export const parseInstagramSettings = settingsParser(instagramSettingsSchema);
