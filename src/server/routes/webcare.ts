import type { FastifyRequest } from 'fastify';
import { allows, type Permission, ROLE_PERMISSIONS, type Role } from '../../identity/roles.ts';
import { type ParsedQuery, parseQuery, type QueryError, SEARCH_PLATFORMS } from '../../search/query/index.ts';
import type { SentimentLabel } from '../../sentiment/analyse.ts';
import type { CaseActor } from '../../store/caseWork.ts';
import type { Queryable } from '../../store/db.ts';
import {
  INBOX_VIEWS,
  type InboxFilter,
  type InboxView,
  SLA_FILTERS,
  type SlaFilter,
} from '../../store/inbox.ts';
import { loadWebcareConfigs } from '../../store/webcareSettings.ts';
import type { MessageKey, Translate } from '../../web/i18n/index.ts';
import { DEFAULT_CATEGORIES } from '../../webcare/labels.ts';
import { CASE_STATUSES, type CaseStatus } from '../../webcare/placement.ts';
import type { ReplyAuthor, ReplyProblem } from '../../webcare/replies.ts';
import { HttpError } from '../errors.ts';
import { SENTIMENTS } from './listening.ts';
import { platformName } from './listeningView.ts';

/**
 * Webcare's rules, shared by its API and pages: who acts (the case trail's actor), the
 * organisation's categories and the members a case can be given to, the inbox's filters as asked
 * in a URL, and what a refused change says.
 */

export function caseActor(request: FastifyRequest): CaseActor {
  const viewer = request.viewer;
  if (!viewer) throw new HttpError(401, 'login');
  return { userId: viewer.user.id, name: viewer.user.name, email: viewer.user.email, ip: request.ip };
}

/** The viewer as the author of a reply: with the initials that sign it. */
export function replyAuthor(request: FastifyRequest): ReplyAuthor {
  const viewer = request.viewer;
  if (!viewer) throw new HttpError(401, 'login');
  return { ...caseActor(request), initials: viewer.user.initials };
}

/** Whether the viewer may do `permission` in the route's organisation (to show a link or a form). */
export function may(request: FastifyRequest, permission: Permission): boolean {
  const org = request.org;
  const viewer = request.viewer;
  return !!org && !!viewer && allows(org.role, viewer.user.superbeheerder, permission);
}

/** The organisation's categories. */
export async function categoriesOf(q: Queryable, organisationId: number): Promise<readonly string[]> {
  return (
    (await loadWebcareConfigs(q, [organisationId])).get(organisationId)?.categories ?? DEFAULT_CATEGORIES
  );
}

/** The members a case can be given to: those whose role works cases. */
export async function caseWorkers(
  q: Queryable,
  organisationId: number,
): Promise<{ id: number; name: string }[]> {
  const roles = (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) =>
    ROLE_PERMISSIONS[r].includes('cases.work'),
  );
  return q.query<{ id: number; name: string }>(
    `SELECT u.id, u.name FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.organisation_id = $1 AND m.role = ANY($2::text[]) AND NOT u.disabled ORDER BY u.name, u.id`,
    [organisationId, roles],
  );
}

/** The organisation's own accounts, for the account filter. */
export async function ownAccounts(
  q: Queryable,
  organisationId: number,
): Promise<{ id: number; platform: string; handle: string }[]> {
  return q.query(
    `SELECT id, platform, handle FROM accounts WHERE organisation_id = $1 AND relation = 'owned'
     ORDER BY platform, lower(handle)`,
    [organisationId],
  );
}

/** Cases per page of the inbox, in the app and the API. */
export const INBOX_PAGE_SIZE = 50;

/** The inbox as a URL asks for it: `weergave`, `kanaal`, `account`, `categorie`, `label`, `norm`, `sentiment`, `zoek`, `pagina`. */
export interface InboxQuery {
  weergave?: string;
  status?: string;
  kanaal?: string;
  account?: string;
  categorie?: string;
  label?: string;
  norm?: string;
  sentiment?: string;
  zoek?: string;
  pagina?: string;
}

export interface InboxRequest {
  view: InboxView;
  filter: InboxFilter;
  /** The search as typed, and why it cannot be read (null: it can, or there is none). */
  search: string;
  searchError: QueryError | null;
  page: number;
}

const pick = <T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined =>
  value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;

/** The view, filters and page of a URL; unknown values are left out rather than refused. */
export function inboxRequest(query: InboxQuery, defaultView: InboxView): InboxRequest {
  const filter: InboxFilter = {};
  const status = pick<CaseStatus>(query.status, CASE_STATUSES);
  if (status) filter.status = status;
  const platform = pick(query.kanaal, SEARCH_PLATFORMS);
  if (platform) filter.platform = platform;
  const account = Number(query.account);
  if (Number.isInteger(account) && account > 0) filter.accountId = account;
  if (query.categorie?.trim()) filter.category = query.categorie.trim();
  if (query.label?.trim()) filter.tag = query.label.trim().toLowerCase();
  const sla = pick<SlaFilter>(query.norm, SLA_FILTERS);
  if (sla) filter.sla = sla;
  const sentiment = pick<SentimentLabel>(query.sentiment, SENTIMENTS);
  if (sentiment) filter.sentiment = sentiment;
  const search = (query.zoek ?? '').trim();
  let searchError: QueryError | null = null;
  if (search !== '') {
    const parsed = parseQuery(search);
    if (parsed.ok) filter.query = parsed.query as ParsedQuery;
    else searchError = parsed.error;
  }
  const page = Math.max(1, Math.min(10_000, Math.floor(Number(query.pagina)) || 1));
  return { view: pick(query.weergave, INBOX_VIEWS) ?? defaultView, filter, search, searchError, page };
}

export const PROBLEM_KEYS: Readonly<Record<string, MessageKey>> = {
  unknownCategory: 'webcare.error.unknownCategory',
  tooManyTags: 'webcare.error.tooManyTags',
  tagTooLong: 'webcare.error.tagTooLong',
  tagInvalid: 'webcare.error.tagInvalid',
  noteEmpty: 'webcare.error.noteEmpty',
  noteTooLong: 'webcare.error.noteTooLong',
  notMember: 'webcare.error.notMember',
};

/** `:org` and a case's `:caseId`. */
export const caseParams = {
  type: 'object',
  properties: { org: { type: 'string' }, caseId: { type: 'integer', minimum: 1 } },
  required: ['org', 'caseId'],
} as const;

export function caseIdOf(request: FastifyRequest): number {
  return (request.params as { caseId: number }).caseId;
}

const REPLY_PROBLEM_KEYS = {
  not_found: 'webcare.error.not_found',
  no_initials: 'webcare.error.no_initials',
  empty: 'webcare.error.empty',
  unknown_variable: 'webcare.error.unknown_variable',
  too_long: 'webcare.error.too_long',
  no_channel: 'webcare.error.no_channel',
  no_reply: 'webcare.error.no_reply',
} as const satisfies Record<ReplyProblem['problem'], MessageKey>;

/** What stands in a reply's way, in words, for the composer and the API alike. */
export function replyProblemText(p: ReplyProblem, t: Translate): string {
  if (p.problem === 'too_long')
    return t(REPLY_PROBLEM_KEYS.too_long, {
      length: p.length,
      max: p.max,
      platform: platformName(p.platform),
    });
  if (p.problem === 'unknown_variable')
    return t(REPLY_PROBLEM_KEYS.unknown_variable, { names: p.names.map((n) => `{${n}}`).join(', ') });
  return t(REPLY_PROBLEM_KEYS[p.problem]);
}
