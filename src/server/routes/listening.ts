import type { FastifyRequest } from 'fastify';
import { addDays, dutchDay, isDay, startOfDutchDay } from '../../domain/dutchTime.ts';
import { allows } from '../../identity/roles.ts';
import { computeDashboard, type Dashboard } from '../../search/dashboard.ts';
import { newestMatch, type OrganisationMessage, withCorrections } from '../../search/messages.ts';
import {
  describeQueryError,
  type ParsedQuery,
  parseQuery,
  type QueryError,
  queryErrorParts,
  SEARCH_PLATFORMS,
} from '../../search/query/index.ts';
import { countMatches, inOrganisationSql, searchMessages } from '../../search/search.ts';
import type { SentimentLabel } from '../../sentiment/analyse.ts';
import { appendAudit } from '../../store/audit.ts';
import {
  createSavedSearch,
  deleteSavedSearch,
  findSavedSearch,
  lastViewed,
  type SavedSearch,
  type SavedSearchInput,
  updateSavedSearch,
} from '../../store/savedSearches.ts';
import { correctSentiment, type SentimentCorrection } from '../../store/sentiment.ts';
import type { Locale, MessageKey, Translate } from '../../web/i18n/index.ts';
import { parseMoment } from '../../yardstick/periods.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { actorOf, orgOf } from './audit.ts';

/**
 * Listening's rules, shared by its API, pages and exports: saved searches (checked, saved,
 * changed and deleted with an audit entry; a private search is its owner's alone), sentiment
 * corrections (audited, only of a message the organisation may see), and the filters of a
 * dashboard: the period (default: the 30 Dutch days up to today, or up to the day of the newest
 * matching message when that is older) and the platforms (within the search's own).
 */

export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const satisfies readonly SentimentLabel[];
export const PLATFORMS: readonly string[] = SEARCH_PLATFORMS;

/** The API's answer to a query it cannot read: where, what, and what to do about it. */
export function querySyntaxJson(error: QueryError, locale: Locale) {
  const { message, hint } = queryErrorParts(error, locale);
  return {
    error: 'query_syntax',
    message,
    position: error.position,
    length: error.length,
    hint,
    code: error.code,
  };
}

// ---------------------------------------------------------------------------------------------
// Saved searches

export interface SearchInput {
  name: string;
  query: string;
  platforms: string[];
  shared: boolean;
}

export type SearchProblem =
  | { field: 'name' | 'platforms' | 'shared'; key: MessageKey }
  | { field: 'query'; error: QueryError };

export const NAME_MAX = 200;

/** A problem in words: a query's with its position and hint. */
export function problemText(problem: SearchProblem, t: Translate, locale: Locale): string {
  return 'error' in problem ? describeQueryError(problem.error, locale) : t(problem.key);
}

/** What is wrong with a search as given (trimmed): each field's first problem. */
function checkSearchInput(input: SearchInput): SearchProblem[] {
  const problems: SearchProblem[] = [];
  if (input.name.length < 1 || input.name.length > NAME_MAX)
    problems.push({ field: 'name', key: 'listening.error.name' });
  const parsed = parseQuery(input.query);
  if (!parsed.ok) problems.push({ field: 'query', error: parsed.error });
  if (input.platforms.some((p) => !PLATFORMS.includes(p)))
    problems.push({ field: 'platforms', key: 'listening.error.platforms' });
  return problems;
}

function trimmedInput(input: SearchInput): SearchInput {
  return {
    name: input.name.trim(),
    query: input.query.trim(),
    platforms: [...new Set(input.platforms)].sort(),
    shared: input.shared,
  };
}

/** The logged-in user's id (401 without one). */
export function viewerId(request: FastifyRequest): number {
  const viewer = request.viewer;
  if (!viewer) throw new HttpError(401, 'login');
  return viewer.user.id;
}

/** A search of the route's organisation the viewer may see, or 404. */
export async function loadSearch(
  request: FastifyRequest,
  context: ServerContext,
  searchId: number,
): Promise<SavedSearch> {
  const found = await findSavedSearch(context.db, orgOf(request).id, searchId, viewerId(request));
  if (!found) throw new HttpError(404, 'not_found');
  return found;
}

/** Whether the viewer may change or delete the search: a shared one with the right, a private one as its owner. */
export function mayChange(request: FastifyRequest, search: SavedSearch): boolean {
  const org = orgOf(request);
  const viewer = request.viewer;
  if (!viewer || !allows(org.role, viewer.user.superbeheerder, 'searches.manage')) return false;
  return search.shared || search.ownerId === viewer.user.id;
}

export type SaveOutcome = { ok: true; search: SavedSearch } | { ok: false; problems: SearchProblem[] };

function stored(input: SearchInput): SavedSearchInput {
  return { name: input.name, query: input.query, platforms: input.platforms, shared: input.shared };
}

/** Who and where an audit entry of the route's organisation names. */
export function auditOf(request: FastifyRequest) {
  const actor = actorOf(request);
  return { userId: actor.userId, actor: actor.name, organisationId: orgOf(request).id, ip: actor.ip };
}

export async function createSearch(
  request: FastifyRequest,
  context: ServerContext,
  raw: SearchInput,
): Promise<SaveOutcome> {
  const input = trimmedInput(raw);
  const problems = checkSearchInput(input);
  if (problems.length > 0) return { ok: false, problems };
  const org = orgOf(request);
  const search = await context.db.transaction(async (tx) => {
    const created = await createSavedSearch(tx, org.id, viewerId(request), stored(input));
    await appendAudit(tx, {
      ...auditOf(request),
      action: 'search.create',
      target: `search:${created.id}`,
      details: { ...stored(input) },
    });
    return created;
  });
  return { ok: true, search };
}

export async function changeSearch(
  request: FastifyRequest,
  context: ServerContext,
  searchId: number,
  raw: SearchInput,
): Promise<SaveOutcome> {
  const current = await loadSearch(request, context, searchId);
  if (!mayChange(request, current)) throw new HttpError(403, 'forbidden');
  const input = trimmedInput(raw);
  const problems = checkSearchInput(input);
  // Making someone else's shared search private would hide it from the one who did it.
  if (current.shared && !input.shared && current.ownerId !== viewerId(request))
    problems.push({ field: 'shared', key: 'listening.error.onlyOwnerPrivate' });
  if (problems.length > 0) return { ok: false, problems };
  const org = orgOf(request);
  await context.db.transaction(async (tx) => {
    const before = await updateSavedSearch(tx, org.id, searchId, stored(input));
    if (!before) throw new HttpError(404, 'not_found');
    await appendAudit(tx, {
      ...auditOf(request),
      action: 'search.update',
      target: `search:${searchId}`,
      details: {
        before: {
          name: before.name,
          query: before.query,
          platforms: before.platforms,
          shared: before.shared,
        },
        after: stored(input),
      },
    });
  });
  return { ok: true, search: await loadSearch(request, context, searchId) };
}

export async function removeSearch(
  request: FastifyRequest,
  context: ServerContext,
  searchId: number,
): Promise<SavedSearch> {
  const current = await loadSearch(request, context, searchId);
  if (!mayChange(request, current)) throw new HttpError(403, 'forbidden');
  const org = orgOf(request);
  return context.db.transaction(async (tx) => {
    const before = await deleteSavedSearch(tx, org.id, searchId);
    if (!before) throw new HttpError(404, 'not_found');
    await appendAudit(tx, {
      ...auditOf(request),
      action: 'search.delete',
      target: `search:${searchId}`,
      details: { name: before.name, query: before.query, platforms: before.platforms, shared: before.shared },
    });
    return before;
  });
}

/** Messages stored since the user last opened the search, within its platforms; null for a query that no longer parses. */
export async function newSinceViewed(
  context: ServerContext,
  organisationId: number,
  userId: number,
  search: SavedSearch,
): Promise<number | null> {
  const parsed = parseQuery(search.query);
  if (!parsed.ok) return null;
  const storedAfter = await lastViewed(context.db, search.id, userId);
  const { total } = await countMatches(context.db, parsed.query, {
    organisationId,
    platforms: search.platforms,
    storedAfter,
  });
  return total;
}

export function searchJson(request: FastifyRequest, search: SavedSearch, fresh: number | null) {
  return {
    id: search.id,
    name: search.name,
    query: search.query,
    platforms: search.platforms,
    ownerId: search.ownerId,
    ownerName: search.ownerName,
    shared: search.shared,
    mayChange: mayChange(request, search),
    createdAt: search.createdAt.toISOString(),
    updatedAt: search.updatedAt.toISOString(),
    newSinceViewed: fresh,
  };
}

// ---------------------------------------------------------------------------------------------
// Sentiment corrections

/** Corrects a message's sentiment for the organisation (audited); 404 for a message it may not see. */
export async function correctFor(
  request: FastifyRequest,
  context: ServerContext,
  messageId: number,
  sentiment: SentimentLabel,
): Promise<SentimentCorrection> {
  const org = orgOf(request);
  return context.db.transaction(async (tx) => {
    const visible = await tx.query<{ id: number }>(
      `SELECT m.id FROM messages m WHERE m.id = $1 AND ${inOrganisationSql('$2')}`,
      [messageId, org.id],
    );
    if (visible.length === 0) throw new HttpError(404, 'not_found');
    const correction = await correctSentiment(tx, org.id, messageId, sentiment, viewerId(request));
    if (!correction) throw new HttpError(404, 'not_found');
    await appendAudit(tx, {
      ...auditOf(request),
      action: 'sentiment.correct',
      target: `message:${messageId}`,
      details: { before: correction.previous, after: correction.sentiment },
    });
    return correction;
  });
}

// ---------------------------------------------------------------------------------------------
// Messages as JSON

export function messageJson(m: OrganisationMessage) {
  return {
    id: m.id,
    platform: m.platform,
    platformId: m.platformId,
    authorId: m.authorId,
    authorHandle: m.authorHandle,
    authorName: m.authorName,
    createdAt: m.createdAt.toISOString(),
    text: m.text,
    kind: m.kind,
    language: m.language,
    url: m.url,
    hashtags: m.hashtags,
    mentions: m.mentions,
    conversationRoot: m.conversationRoot,
    sentiment: m.sentiment,
    sentimentCorrected: m.corrected,
  };
}

/** A link to the message on its platform, when its address is a web address (never `javascript:`). */
export function webAddress(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Filters: period and platforms

export interface Period {
  from: Date;
  to: Date;
}

/** How the period came about: asked for, the last 30 days, or the 30 days up to the newest match. */
export type PeriodBasis = 'asked' | 'recent' | 'latest';

export interface Filters {
  period: Period;
  basis: PeriodBasis;
  /** The platforms to count: the asked ones within the search's; empty: all. */
  platforms: string[];
}

export const DEFAULT_DAYS = 30;
const MAX_DAYS = 1830;

/** The 30 Dutch days that end with `lastDay`. */
function daysUpTo(lastDay: string): Period {
  return {
    from: startOfDutchDay(addDays(lastDay, -(DEFAULT_DAYS - 1))),
    to: startOfDutchDay(addDays(lastDay, 1)),
  };
}

/**
 * The period without one asked for: the 30 Dutch days up to and including today; but when the
 * newest message the search matches is older than that, the 30 days up to and including its day.
 */
async function recentOrLatest(
  context: ServerContext,
  query: ParsedQuery,
  organisationId: number,
  platforms: readonly string[],
  now: Date,
): Promise<{ period: Period; basis: PeriodBasis }> {
  const recent = daysUpTo(dutchDay(now));
  const newest = await newestMatch(context.db, query, { organisationId, platforms });
  if (newest === null || newest >= recent.from) return { period: recent, basis: 'recent' };
  return { period: daysUpTo(dutchDay(newest)), basis: 'latest' };
}

/** The asked platforms within the search's own (all of them when it has none). */
function platformsWithin(asked: readonly string[], own: readonly string[]): string[] {
  const unique = [...new Set(asked)].sort();
  const outside = own.length === 0 ? [] : unique.filter((p) => !own.includes(p));
  if (outside.length > 0) {
    throw new HttpError(
      400,
      'invalid',
      `platform ${outside.join(', ')} is not one of the search's platforms`,
    );
  }
  return unique.length > 0 ? unique : [...own];
}

/** A bound of the API: a Dutch day (`2025-05-01`, its start) or a moment with a time zone. */
export function apiBound(name: string, value: string | undefined): Date | null {
  const text = value?.trim();
  if (!text) return null;
  if (isDay(text)) return startOfDutchDay(text);
  const moment = /^\d{4}-\d{2}-\d{2}$/.test(text) ? null : parseMoment(text);
  if (!moment) {
    throw new HttpError(
      400,
      'invalid',
      `${name} must be a date (2025-05-01, the start of that day in Dutch time) or a moment with a time zone (2025-05-01T09:00:00+02:00)`,
    );
  }
  return moment;
}

/** A period from asked bounds: one missing is 30 days from the other; both missing: null. */
export function askedPeriod(from: Date | null, to: Date | null): Period | null {
  if (!from && !to) return null;
  const span = DEFAULT_DAYS * 86_400_000;
  const period = {
    from: from ?? new Date((to as Date).getTime() - span),
    to: to ?? new Date((from as Date).getTime() + span),
  };
  if (period.from >= period.to)
    throw new HttpError(400, 'invalid', 'the end of the period must come after its start');
  if (period.to.getTime() - period.from.getTime() > MAX_DAYS * 86_400_000)
    throw new HttpError(400, 'invalid', `a period is at most ${MAX_DAYS} days`);
  return period;
}

/** The filters of a dashboard request: the asked period or the default one, and the platforms. */
export async function resolveFilters(
  context: ServerContext,
  organisationId: number,
  search: SavedSearch,
  query: ParsedQuery,
  asked: { period: Period | null; platforms: readonly string[] },
  now = new Date(),
): Promise<Filters> {
  const platforms = platformsWithin(asked.platforms, search.platforms);
  if (asked.period) return { period: asked.period, basis: 'asked', platforms };
  return { ...(await recentOrLatest(context, query, organisationId, platforms, now)), platforms };
}

/** A saved search's query, parsed; one that no longer parses (the language changed) is a 400. */
export function storedQuery(search: SavedSearch, locale: Locale): ParsedQuery {
  const parsed = parseQuery(search.query);
  if (!parsed.ok) throw new HttpError(400, 'invalid', describeQueryError(parsed.error, locale));
  return parsed.query;
}

/** What a dashboard's filters ask of search. */
export function scopeOf(filters: Filters): { platforms: string[]; from: Date; to: Date } {
  return { platforms: filters.platforms, from: filters.period.from, to: filters.period.to };
}

/** One page of the messages a query matches in the organisation, newest first, with its corrections. */
export async function organisationMessages(
  context: ServerContext,
  organisationId: number,
  query: ParsedQuery,
  scope: { platforms: readonly string[]; from?: Date | null; to?: Date | null },
  page: { limit: number; offset: number },
): Promise<{ total: number; onlyStopWords: boolean; messages: OrganisationMessage[] }> {
  const found = await searchMessages(context.db, query, { organisationId, ...scope }, page);
  return { ...found, messages: await withCorrections(context.db, organisationId, found.messages) };
}

/** The dashboard of a query with the filters resolved. */
export function dashboardOf(
  context: ServerContext,
  organisationId: number,
  query: ParsedQuery,
  filters: Filters,
): Promise<Dashboard> {
  return computeDashboard(context.db, query, {
    organisationId,
    platforms: filters.platforms,
    period: filters.period,
  });
}

// ---------------------------------------------------------------------------------------------
// Route parameters

/** `:org` and a saved search's `:id`. */
export const searchParams = {
  type: 'object',
  properties: { org: { type: 'string' }, id: { type: 'integer', minimum: 1 } },
  required: ['org', 'id'],
} as const;

/** `:org` and a message's `:messageId` (Meetlat's id). */
export const messageParams = {
  type: 'object',
  properties: { org: { type: 'string' }, messageId: { type: 'integer', minimum: 1 } },
  required: ['org', 'messageId'],
} as const;
