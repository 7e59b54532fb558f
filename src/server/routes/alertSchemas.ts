import { ALERT_KINDS, RULE_LIMITS } from '../../alerts/rules.ts';
import { errorSchema } from '../schemas.ts';

/** The JSON schemas of the alerts' API (for validation and the OpenAPI document). */

const settingsSchema = {
  type: 'object',
  description:
    'spike: windowMinutes (5 to 1440, dividing a day; default 60), baselineWindows (2 to 1000; 24), zScore (0 to 50; 4), factor (1 to 100; 2), minCount (1 or more; 10). term: terms (1 to 50 expressions in the query language) and quietHours (0.25 to 720; 6). Missing settings take their default.',
  properties: {
    windowMinutes: { type: 'number' },
    baselineWindows: { type: 'number' },
    zScore: { type: 'number' },
    factor: { type: 'number' },
    minCount: { type: 'number' },
    terms: {
      type: 'array',
      items: { type: 'string', maxLength: 1000 },
      maxItems: 1000,
    },
    quietHours: { type: 'number' },
  },
  additionalProperties: false,
} as const;

const recipientProperties = {
  emailTo: {
    type: 'array',
    items: { type: 'string', maxLength: 1000 },
    maxItems: 1000,
    description: `e-mail addresses to tell (at most ${RULE_LIMITS.emails})`,
  },
  webhookUrl: {
    type: ['string', 'null'],
    maxLength: 4000,
    description: 'an http(s) address to POST each notification to, signed; null: none',
  },
} as const;

export const ruleSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    searchId: { type: 'integer' },
    searchName: { type: 'string' },
    kind: { enum: [...ALERT_KINDS] },
    settings: { ...settingsSchema, description: "the rule's settings, defaults filled in" },
    enabled: { type: 'boolean' },
    emailTo: { type: 'array', items: { type: 'string' } },
    webhookUrl: { type: ['string', 'null'] },
    mayChange: { type: 'boolean', description: 'the user may change and delete it' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    webhookSecret: {
      type: 'string',
      description:
        "the webhook's HMAC-SHA256 secret, only in the answer that set it (a new webhook, or newWebhookSecret); never given again. Each call carries X-Meetlat-Signature: sha256=<hex HMAC of the raw body>",
    },
  },
  required: [
    'id',
    'searchId',
    'searchName',
    'kind',
    'settings',
    'enabled',
    'emailTo',
    'webhookUrl',
    'mayChange',
    'createdAt',
    'updatedAt',
  ],
} as const;

export const ruleBody = {
  type: 'object',
  properties: {
    kind: { enum: [...ALERT_KINDS] },
    settings: settingsSchema,
    ...recipientProperties,
  },
  required: ['kind'],
  additionalProperties: false,
} as const;

export const ruleChangeBody = {
  type: 'object',
  description:
    'What changes; what is left out stays as it is (settings are merged with the current ones, unless the kind changes). New settings start the rule again.',
  properties: {
    kind: { enum: [...ALERT_KINDS] },
    settings: settingsSchema,
    ...recipientProperties,
    enabled: { type: 'boolean', description: 'switches the rule on or off' },
    newWebhookSecret: {
      type: 'boolean',
      description: 'makes a new webhook secret (given once in the answer); the old one stops working',
    },
  },
  additionalProperties: false,
} as const;

export const notificationSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
    read: { type: 'boolean', description: 'the user has read it' },
    kind: { enum: [...ALERT_KINDS] },
    title: { type: 'string', description: "in the user's language" },
    body: { type: 'string', description: "in the user's language" },
    searchId: { type: 'integer' },
    searchName: { type: 'string' },
    ruleId: { type: 'integer' },
    episode: {
      type: 'object',
      description: 'what the notification is about: from its start until it ended (null: still going on)',
      properties: {
        id: { type: 'integer' },
        startedAt: { type: 'string', format: 'date-time' },
        lastSeenAt: { type: 'string', format: 'date-time' },
        endedAt: { type: ['string', 'null'], format: 'date-time' },
        messageCount: { type: 'integer' },
      },
      required: ['id', 'startedAt', 'lastSeenAt', 'endedAt', 'messageCount'],
    },
  },
  required: [
    'id',
    'createdAt',
    'read',
    'kind',
    'title',
    'body',
    'searchId',
    'searchName',
    'ruleId',
    'episode',
  ],
} as const;

export const unreadSchema = {
  type: 'integer',
  description: 'notifications the user may see and has not read',
} as const;

/** A 400: what is wrong, in words, per field and one by one. */
export const ruleProblemSchema = {
  type: 'object',
  properties: {
    ...errorSchema.properties,
    problems: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string' },
          problem: { type: 'string', description: 'the kind of problem' },
          message: { type: 'string' },
        },
        required: ['field', 'problem', 'message'],
      },
    },
  },
  required: ['error', 'message'],
} as const;

export const alertErrors = { 400: ruleProblemSchema, 404: errorSchema } as const;
