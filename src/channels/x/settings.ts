import type { JSONSchemaType } from 'ajv';
import { COMMON_SETTINGS_PROPERTIES, type CommonSettings, settingsParser } from '../settings.ts';

/**
 * Settings of an X account. X bills every resource a read returns (pay-per-use), so a channel has
 * a monthly read budget, counted in "reads": one read is what X bills for one post ("Posts: Read",
 * $0.005 at list price in November 2026). The costs say what each kind of resource weighs in those
 * reads; the defaults follow X's documented prices: a user object ("User: Read", $0.010) weighs two
 * posts, and X documents no surcharge for reading a post with a link (the higher price for links,
 * "Content: Create (with URL)", is for writing), so a link post weighs one unless set otherwise.
 */
export interface XSettings extends CommonSettings {
  /** `https://api.x.com`; tests point it at the fake. */
  apiBaseUrl: string;
  /** Billable reads allowed per calendar month (UTC), in the units of the costs below. */
  monthlyReadBudget: number;
  costPerPostRead: number;
  /** A post with a link (`entities.urls`). */
  costPerLinkPostRead: number;
  /** A user object returned by an expansion or a lookup. */
  costPerUserRead: number;
  /** Posts asked per page (X allows 5 to 100); fewer when the budget left is small. */
  maxResults: number;
}

export const X_SETTINGS_SCHEMA: JSONSchemaType<XSettings> = {
  type: 'object',
  properties: {
    ...COMMON_SETTINGS_PROPERTIES,
    apiBaseUrl: { type: 'string', format: 'uri', pattern: '^https?://', default: 'https://api.x.com' },
    monthlyReadBudget: { type: 'integer', minimum: 1 },
    costPerPostRead: { type: 'number', minimum: 0, maximum: 1000, default: 1 },
    costPerLinkPostRead: { type: 'number', minimum: 0, maximum: 1000, default: 1 },
    costPerUserRead: { type: 'number', minimum: 0, maximum: 1000, default: 2 },
    maxResults: { type: 'integer', minimum: 5, maximum: 100, default: 100 },
  },
  required: ['monthlyReadBudget'],
  additionalProperties: false,
};

export const parseXSettings = settingsParser(X_SETTINGS_SCHEMA);
