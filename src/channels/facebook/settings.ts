import type { JSONSchemaType } from 'ajv';
import { COMMON_SETTINGS_PROPERTIES, type CommonSettings, settingsParser } from '../settings.ts';

/** The Graph API version the adapter is built and tested against (v26.0, July 2026). */
export const GRAPH_API_VERSION = 'v26.0';

export interface FacebookSettings extends CommonSettings {
  /** The page's numeric id (Page settings → Page transparency, or `/me` with the page token). */
  pageId: string;
  graphBaseUrl: string;
  apiVersion: string;
  /** How many days back posts get their comments read again (comments arrive long after a post). */
  commentWindowDays: number;
}

export const facebookSettingsSchema: JSONSchemaType<FacebookSettings> = {
  type: 'object',
  properties: {
    ...COMMON_SETTINGS_PROPERTIES,
    pageId: { type: 'string', pattern: '^[0-9]{1,30}$' },
    graphBaseUrl: {
      type: 'string',
      format: 'uri',
      pattern: '^https?://',
      default: 'https://graph.facebook.com',
    },
    apiVersion: { type: 'string', pattern: '^v[0-9]{1,3}\\.[0-9]{1,2}$', default: GRAPH_API_VERSION },
    commentWindowDays: { type: 'integer', minimum: 1, maximum: 365, default: 14 },
  },
  required: ['pageId', 'graphBaseUrl', 'apiVersion', 'commentWindowDays', 'historyDays', 'timeoutMs'],
  additionalProperties: false,
};

export const parseFacebookSettings = settingsParser(facebookSettingsSchema);
