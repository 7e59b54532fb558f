import { SEARCH_PLATFORMS } from '../../search/query/index.ts';
import { errorSchema } from '../schemas.ts';
import { SENTIMENTS } from './listening.ts';

/** The JSON schemas of listening's API (for validation and the OpenAPI document). */

export const platformQuery = {
  type: 'array',
  items: { enum: [...SEARCH_PLATFORMS] },
  maxItems: SEARCH_PLATFORMS.length,
  description: 'only these platforms (repeat the parameter for more); within a saved search: within its own',
} as const;

export const boundQuery = {
  from: {
    type: 'string',
    maxLength: 40,
    description: 'start, included: a date (its start in Dutch time) or a moment with a time zone',
  },
  to: {
    type: 'string',
    maxLength: 40,
    description: 'end, excluded: a date (its start in Dutch time) or a moment with a time zone',
  },
} as const;

export const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
} as const;

export const sentimentSchema = { enum: [...SENTIMENTS, null] } as const;

export const messageSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer', description: "Meetlat's id: for the conversation and corrections" },
    platform: { type: 'string' },
    platformId: { type: 'string' },
    authorId: { type: 'string' },
    authorHandle: { type: ['string', 'null'] },
    authorName: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    text: { type: 'string' },
    kind: { type: 'string' },
    language: { type: ['string', 'null'] },
    url: { type: ['string', 'null'] },
    hashtags: { type: 'array', items: { type: 'string' } },
    mentions: { type: 'array', items: { type: 'string' } },
    conversationRoot: { type: 'string' },
    sentiment: { ...sentimentSchema, description: "the organisation's correction where there is one" },
    sentimentCorrected: { type: 'boolean' },
  },
  required: [
    'id',
    'platform',
    'platformId',
    'authorId',
    'authorHandle',
    'authorName',
    'createdAt',
    'text',
    'kind',
    'language',
    'url',
    'hashtags',
    'mentions',
    'conversationRoot',
    'sentiment',
    'sentimentCorrected',
  ],
} as const;

export const savedSearchSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    query: { type: 'string' },
    platforms: { type: 'array', items: { type: 'string' }, description: 'empty: all' },
    ownerId: { type: ['integer', 'null'] },
    ownerName: { type: ['string', 'null'] },
    shared: { type: 'boolean', description: 'false: private, seen by its owner only' },
    mayChange: { type: 'boolean', description: 'the user may change and delete it' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    newSinceViewed: {
      type: ['integer', 'null'],
      description: 'messages stored since the user last opened its dashboard page (all, if never)',
    },
  },
  required: [
    'id',
    'name',
    'query',
    'platforms',
    'ownerId',
    'ownerName',
    'shared',
    'mayChange',
    'createdAt',
    'updatedAt',
    'newSinceViewed',
  ],
} as const;

export const searchBody = {
  type: 'object',
  properties: {
    name: { type: 'string', maxLength: 400 },
    query: { type: 'string', maxLength: 10_000, description: 'in the query language (see the README)' },
    platforms: { type: 'array', items: { enum: [...SEARCH_PLATFORMS] }, maxItems: 20, default: [] },
    shared: { type: 'boolean', default: true, description: 'false: private to its owner' },
  },
  required: ['name', 'query'],
  additionalProperties: false,
} as const;

/** A 400: a query the language cannot read (`query_syntax`, with position and hint), or another problem. */
const problemSchema = {
  type: 'object',
  properties: {
    ...errorSchema.properties,
    position: { type: 'integer', description: '1-based character position of the problem in the query' },
    length: { type: 'integer', description: 'characters the problem covers' },
    hint: { type: 'string', description: 'what to do about it' },
    code: { type: 'string', description: 'the kind of syntax error' },
  },
  required: ['error', 'message'],
} as const;

export const periodSchema = {
  type: 'object',
  description:
    'the half-open period [from, to); basis: asked, recent (default: the 30 Dutch days up to today) or latest (default when the newest matching message is older: the 30 days up to its day)',
  properties: {
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    basis: { enum: ['asked', 'recent', 'latest'] },
  },
  required: ['from', 'to', 'basis'],
} as const;

const rankedSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { key: { type: 'string' }, count: { type: 'integer' } },
    required: ['key', 'count'],
  },
} as const;

const countsSchema = {
  type: 'object',
  properties: {
    positive: { type: 'integer' },
    neutral: { type: 'integer' },
    negative: { type: 'integer' },
  },
  required: ['positive', 'neutral', 'negative'],
} as const;

export const dashboardSchema = {
  type: 'object',
  properties: {
    search: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        name: { type: 'string' },
        query: { type: 'string' },
        platforms: { type: 'array', items: { type: 'string' } },
      },
      required: ['id', 'name', 'query', 'platforms'],
    },
    period: periodSchema,
    previousPeriod: {
      type: 'object',
      description: 'the period before, as long',
      properties: {
        from: { type: 'string', format: 'date-time' },
        to: { type: 'string', format: 'date-time' },
      },
      required: ['from', 'to'],
    },
    filter: {
      type: 'object',
      properties: { platforms: { type: 'array', items: { type: 'string' }, description: 'empty: all' } },
      required: ['platforms'],
    },
    unit: { enum: ['hour', 'day', 'week'], description: 'hours up to 3 days, days up to 92, weeks beyond' },
    total: { type: 'integer' },
    previousTotal: { type: 'integer' },
    volume: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          start: { type: 'string', description: 'the bucket start in Dutch local time: 2025-05-01T09:00' },
          count: { type: 'integer' },
          previous: { type: 'integer', description: 'the same bucket of the period before' },
          sentiment: countsSchema,
        },
        required: ['start', 'count', 'previous', 'sentiment'],
      },
    },
    platforms: rankedSchema,
    kinds: rankedSchema,
    authors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string' },
          name: { type: ['string', 'null'] },
          count: { type: 'integer' },
        },
        required: ['key', 'name', 'count'],
      },
    },
    mentions: rankedSchema,
    hashtags: rankedSchema,
    sentiment: { ...countsSchema, description: "with the organisation's corrections" },
    tagCloud: {
      type: 'array',
      items: {
        type: 'object',
        properties: { word: { type: 'string' }, count: { type: 'integer' } },
        required: ['word', 'count'],
      },
    },
    tagCloudOf: { type: 'integer', description: 'the newest messages the tag cloud is made of' },
  },
  required: [
    'search',
    'period',
    'previousPeriod',
    'filter',
    'unit',
    'total',
    'previousTotal',
    'volume',
    'platforms',
    'kinds',
    'authors',
    'mentions',
    'hashtags',
    'sentiment',
    'tagCloud',
    'tagCloudOf',
  ],
} as const;

export const errors = { 400: problemSchema, 404: errorSchema } as const;
