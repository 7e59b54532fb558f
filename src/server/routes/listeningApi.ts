import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dashboard } from '../../search/dashboard.ts';
import { conversationOf } from '../../search/messages.ts';
import { describeQueryNotice, type ParsedQuery, parseQuery } from '../../search/query/index.ts';
import type { SentimentLabel } from '../../sentiment/analyse.ts';
import { listSavedSearches, type SavedSearch } from '../../store/savedSearches.ts';
import { localeOf, translate } from '../../web/render.ts';
import { routes } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { errorSchema } from '../schemas.ts';
import { orgOf, orgParams } from './audit.ts';
import {
  apiBound,
  askedPeriod,
  changeSearch,
  correctFor,
  createSearch,
  DEFAULT_DAYS,
  dashboardOf,
  type Filters,
  loadSearch,
  messageJson,
  messageParams,
  newSinceViewed,
  organisationMessages,
  problemText,
  querySyntaxJson,
  removeSearch,
  resolveFilters,
  type SaveOutcome,
  SENTIMENTS,
  type SearchInput,
  scopeOf,
  searchJson,
  searchParams,
  storedQuery,
} from './listening.ts';
import {
  boundQuery,
  dashboardSchema,
  errors,
  messageSchema,
  pageQuery,
  periodSchema,
  platformQuery,
  savedSearchSchema,
  searchBody,
  sentimentSchema,
} from './listeningSchemas.ts';

/**
 * Listening's API: ad-hoc search, saved searches (list with what is new since the user last
 * opened each, create, read, change, delete), a search's dashboard and its messages, a message's
 * conversation, and sentiment corrections. Everything within the organisation of the URL: what
 * its accounts' conversations hold. A query the language cannot read is a 400 `query_syntax`
 * with the position and a hint.
 */

// ---------------------------------------------------------------------------------------------
// Helpers

/** Reads a query for the API, or answers the 400 `query_syntax`. */
function queryOrAnswer(request: FastifyRequest, reply: FastifyReply, text: string): ParsedQuery | null {
  const parsed = parseQuery(text);
  if (parsed.ok) return parsed.query;
  void reply.code(400).send(querySyntaxJson(parsed.error, localeOf(request)));
  return null;
}

/** A refused save as the API answers it. */
function refusal(request: FastifyRequest, reply: FastifyReply, outcome: Extract<SaveOutcome, { ok: false }>) {
  const locale = localeOf(request);
  const t = translate(request);
  const fields = Object.fromEntries(outcome.problems.map((p) => [p.field, problemText(p, t, locale)]));
  const syntax = outcome.problems.find((p) => 'error' in p);
  const base =
    syntax && 'error' in syntax
      ? querySyntaxJson(syntax.error, locale)
      : { error: 'invalid', message: Object.values(fields).join(' ') };
  return reply.code(400).send({ ...base, fields });
}

function bodyInput(body: {
  name: string;
  query: string;
  platforms?: string[];
  shared?: boolean;
}): SearchInput {
  return { name: body.name, query: body.query, platforms: body.platforms ?? [], shared: body.shared ?? true };
}

async function searchOut(request: FastifyRequest, context: ServerContext, search: SavedSearch) {
  const viewer = request.viewer;
  if (!viewer) throw new HttpError(401, 'login');
  return searchJson(
    request,
    search,
    await newSinceViewed(context, orgOf(request).id, viewer.user.id, search),
  );
}

interface DashboardQuery {
  from?: string;
  to?: string;
  platform?: string[];
}

async function apiFilters(
  request: FastifyRequest,
  context: ServerContext,
  search: SavedSearch,
  query: ParsedQuery,
): Promise<Filters> {
  const asked = request.query as DashboardQuery;
  return resolveFilters(context, orgOf(request).id, search, query, {
    period: askedPeriod(apiBound('from', asked.from), apiBound('to', asked.to)),
    platforms: asked.platform ?? [],
  });
}

export function periodJson(filters: Filters) {
  return {
    from: filters.period.from.toISOString(),
    to: filters.period.to.toISOString(),
    basis: filters.basis,
  };
}

export function dashboardJson(search: SavedSearch, filters: Filters, d: Dashboard) {
  return {
    search: { id: search.id, name: search.name, query: search.query, platforms: search.platforms },
    period: periodJson(filters),
    previousPeriod: { from: d.previousPeriod.from.toISOString(), to: d.previousPeriod.to.toISOString() },
    filter: { platforms: filters.platforms },
    unit: d.unit,
    total: d.total,
    previousTotal: d.previousTotal,
    volume: d.volume,
    platforms: d.platforms,
    kinds: d.kinds,
    authors: d.authors,
    mentions: d.mentions,
    hashtags: d.hashtags,
    sentiment: d.sentiment,
    tagCloud: d.tagCloud,
    tagCloudOf: d.tagCloudOf,
  };
}

// ---------------------------------------------------------------------------------------------
// Routes

export const listeningApiRoutes = routes([
  {
    method: 'GET',
    url: '/api/orgs/:org/search',
    kind: 'api',
    access: { kind: 'org', permission: 'messages.read' },
    schema: {
      summary: "Searches the organisation's conversations with the query language, newest first",
      tags: ['listening'],
      params: orgParams,
      querystring: {
        type: 'object',
        properties: {
          q: { type: 'string', maxLength: 10_000, description: 'the query (see the README)' },
          platform: platformQuery,
          ...boundQuery,
          ...pageQuery,
        },
        required: ['q'],
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'object',
          properties: {
            total: { type: 'integer' },
            onlyStopWords: {
              type: 'boolean',
              description: 'the words are all stop words, which match nothing',
            },
            notices: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  position: { type: 'integer' },
                  length: { type: 'integer' },
                  message: { type: 'string' },
                },
                required: ['position', 'length', 'message'],
              },
            },
            messages: { type: 'array', items: messageSchema },
          },
          required: ['total', 'onlyStopWords', 'notices', 'messages'],
        },
        ...errors,
      },
    },
    async handler(request, reply, context) {
      const asked = request.query as DashboardQuery & { q: string; limit: number; offset: number };
      const query = queryOrAnswer(request, reply, asked.q);
      if (!query) return reply;
      const from = apiBound('from', asked.from);
      const to = apiBound('to', asked.to);
      if (from && to && from >= to) throw new HttpError(400, 'invalid', 'to must come after from');
      const scoped = await organisationMessages(
        context,
        orgOf(request).id,
        query,
        { platforms: asked.platform ?? [], from, to },
        { limit: asked.limit, offset: asked.offset },
      );
      const locale = localeOf(request);
      return {
        total: scoped.total,
        onlyStopWords: scoped.onlyStopWords,
        notices: query.notices.map((n) => ({
          position: n.position,
          length: n.length,
          message: describeQueryNotice(n, locale),
        })),
        messages: scoped.messages.map(messageJson),
      };
    },
  },
  {
    method: 'GET',
    url: '/api/orgs/:org/searches',
    kind: 'api',
    access: { kind: 'org', permission: 'messages.read' },
    schema: {
      summary:
        "The organisation's saved searches the user may see (shared ones and their own private ones), with what is new since they last opened each",
      tags: ['listening'],
      params: orgParams,
      response: {
        200: {
          type: 'object',
          properties: { searches: { type: 'array', items: savedSearchSchema } },
          required: ['searches'],
        },
      },
    },
    async handler(request, _reply, context) {
      const viewer = request.viewer;
      if (!viewer) throw new HttpError(401, 'login');
      const list = await listSavedSearches(context.db, orgOf(request).id, viewer.user.id);
      const searches = [];
      for (const search of list) searches.push(await searchOut(request, context, search));
      return { searches };
    },
  },
  {
    method: 'POST',
    url: '/api/orgs/:org/searches',
    kind: 'api',
    access: { kind: 'org', permission: 'searches.manage' },
    schema: {
      summary: 'Saves a search (audited); the user is its owner',
      tags: ['listening'],
      params: orgParams,
      body: searchBody,
      response: { 201: savedSearchSchema, ...errors },
    },
    async handler(request, reply, context) {
      const outcome = await createSearch(request, context, bodyInput(request.body as SearchInput));
      if (!outcome.ok) return refusal(request, reply, outcome);
      return reply.code(201).send(await searchOut(request, context, outcome.search));
    },
  },
  {
    method: 'GET',
    url: '/api/orgs/:org/searches/:id',
    kind: 'api',
    access: { kind: 'org', permission: 'messages.read' },
    schema: {
      summary: 'One saved search (a private one only for its owner)',
      tags: ['listening'],
      params: searchParams,
      response: { 200: savedSearchSchema, 404: errorSchema },
    },
    async handler(request, _reply, context) {
      const search = await loadSearch(request, context, (request.params as { id: number }).id);
      return searchOut(request, context, search);
    },
  },
  {
    method: 'PUT',
    url: '/api/orgs/:org/searches/:id',
    kind: 'api',
    access: { kind: 'org', permission: 'searches.manage' },
    schema: {
      summary:
        'Changes a saved search (audited, before and after): a shared one by anyone who manages searches, a private one by its owner; only the owner makes a shared search private',
      tags: ['listening'],
      params: searchParams,
      body: searchBody,
      response: { 200: savedSearchSchema, 403: errorSchema, ...errors },
    },
    async handler(request, reply, context) {
      const id = (request.params as { id: number }).id;
      const outcome = await changeSearch(request, context, id, bodyInput(request.body as SearchInput));
      if (!outcome.ok) return refusal(request, reply, outcome);
      return searchOut(request, context, outcome.search);
    },
  },
  {
    method: 'DELETE',
    url: '/api/orgs/:org/searches/:id',
    kind: 'api',
    access: { kind: 'org', permission: 'searches.manage' },
    schema: {
      summary:
        'Deletes a saved search (audited): a shared one by anyone who manages searches, a private one by its owner',
      tags: ['listening'],
      params: searchParams,
      response: { 204: { type: 'null' }, 403: errorSchema, 404: errorSchema },
    },
    async handler(request, reply, context) {
      await removeSearch(request, context, (request.params as { id: number }).id);
      return reply.code(204).send();
    },
  },
  {
    method: 'GET',
    url: '/api/orgs/:org/searches/:id/dashboard',
    kind: 'api',
    access: { kind: 'org', permission: 'messages.read' },
    schema: {
      summary:
        "A saved search's dashboard: volume per hour, day or week beside the period before, per platform and kind, top authors, mentions and hashtags, sentiment and its trend, a tag cloud",
      description: `Without from and to: the ${DEFAULT_DAYS} Dutch days up to today, or, when the newest matching message is older, the 30 days up to its day (period.basis says which). Reading it does not mark the search as seen (the page does).`,
      tags: ['listening'],
      params: searchParams,
      querystring: {
        type: 'object',
        properties: { ...boundQuery, platform: platformQuery },
        additionalProperties: false,
      },
      response: { 200: dashboardSchema, ...errors },
    },
    async handler(request, _reply, context) {
      const org = orgOf(request);
      const search = await loadSearch(request, context, (request.params as { id: number }).id);
      const query = storedQuery(search, localeOf(request));
      const filters = await apiFilters(request, context, search, query);
      return dashboardJson(search, filters, await dashboardOf(context, org.id, query, filters));
    },
  },
  {
    method: 'GET',
    url: '/api/orgs/:org/searches/:id/messages',
    kind: 'api',
    access: { kind: 'org', permission: 'messages.read' },
    schema: {
      summary: "A saved search's messages in the dashboard's period and platforms, newest first",
      tags: ['listening'],
      params: searchParams,
      querystring: {
        type: 'object',
        properties: { ...boundQuery, platform: platformQuery, ...pageQuery },
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'object',
          properties: {
            total: { type: 'integer' },
            period: periodSchema,
            messages: { type: 'array', items: messageSchema },
          },
          required: ['total', 'period', 'messages'],
        },
        ...errors,
      },
    },
    async handler(request, _reply, context) {
      const org = orgOf(request);
      const search = await loadSearch(request, context, (request.params as { id: number }).id);
      const query = storedQuery(search, localeOf(request));
      const filters = await apiFilters(request, context, search, query);
      const page = request.query as { limit: number; offset: number };
      const found = await organisationMessages(context, org.id, query, scopeOf(filters), page);
      return { total: found.total, period: periodJson(filters), messages: found.messages.map(messageJson) };
    },
  },
  {
    method: 'GET',
    url: '/api/orgs/:org/messages/:messageId/conversation',
    kind: 'api',
    access: { kind: 'org', permission: 'messages.read' },
    schema: {
      summary:
        'The conversation a message belongs to, oldest first (a message the organisation may see only)',
      tags: ['listening'],
      params: messageParams,
      response: {
        200: {
          type: 'object',
          properties: {
            messageId: { type: 'integer' },
            messages: { type: 'array', items: messageSchema },
            more: { type: 'boolean', description: 'the conversation is longer than the messages given' },
          },
          required: ['messageId', 'messages', 'more'],
        },
        404: errorSchema,
      },
    },
    async handler(request, _reply, context) {
      const { messageId } = request.params as { messageId: number };
      const conversation = await conversationOf(context.db, orgOf(request).id, messageId);
      if (!conversation) throw new HttpError(404, 'not_found');
      return { messageId, messages: conversation.messages.map(messageJson), more: conversation.more };
    },
  },
  {
    method: 'PUT',
    url: '/api/orgs/:org/messages/:messageId/sentiment',
    kind: 'api',
    access: { kind: 'org', permission: 'sentiment.correct' },
    schema: {
      summary:
        "Corrects a message's sentiment for the organisation's figures (audited; a message the organisation may see only)",
      tags: ['listening'],
      params: messageParams,
      body: {
        type: 'object',
        properties: { sentiment: { enum: [...SENTIMENTS] } },
        required: ['sentiment'],
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'object',
          properties: {
            messageId: { type: 'integer' },
            sentiment: { enum: [...SENTIMENTS] },
            previous: sentimentSchema,
          },
          required: ['messageId', 'sentiment', 'previous'],
        },
        404: errorSchema,
      },
    },
    async handler(request, _reply, context) {
      const { messageId } = request.params as { messageId: number };
      const { sentiment } = request.body as { sentiment: SentimentLabel };
      const correction = await correctFor(request, context, messageId, sentiment);
      return { messageId, sentiment: correction.sentiment, previous: correction.previous };
    },
  },
]);
