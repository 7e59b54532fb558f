import type { ParsedQuery } from '../search/query/index.ts';
import { matchClause } from '../search/search.ts';
import type { SentimentLabel } from '../sentiment/analyse.ts';
import type { CaseStatus } from '../webcare/placement.ts';
import { CASE_COLUMNS, type CaseRow, type CaseSummary, summaryOf } from './caseList.ts';
import type { Queryable } from './db.ts';
import { effectiveSentimentSql } from './sentiment.ts';

/**
 * The webcare inbox of one organisation: its views (new cases, mine, the team's, waiting for the
 * citizen, all), filters and search, a page at a time with the number in all, and the count per
 * view for the tabs.
 *
 * Views that are work (new, mine, team) show the longest-waiting citizen first; the others show
 * the latest message first. The service-level filter is about the answer that is due now: a case
 * waits for an answer since `waiting_since`, due at `response_due_at`.
 */

export const INBOX_VIEWS = ['nieuw', 'mijn', 'team', 'wacht', 'alles'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export const SLA_FILTERS = ['breached', 'at_risk', 'on_track', 'answered'] as const;
export type SlaFilter = (typeof SLA_FILTERS)[number];

export interface InboxFilter {
  platform?: string;
  accountId?: number;
  category?: string;
  tag?: string;
  sla?: SlaFilter;
  sentiment?: SentimentLabel;
  status?: CaseStatus;
  /** A query in the query language, over the case's messages. */
  query?: ParsedQuery;
}

export interface InboxPage {
  total: number;
  cases: CaseSummary[];
}

const ACTIVE = "('nieuw', 'open', 'wacht')";
/** Statuses in which a citizen can be waiting for an answer. */
const WAITING = "('nieuw', 'open')";

function viewCondition(view: InboxView, viewer: () => string): string {
  switch (view) {
    case 'nieuw':
      return "c.status = 'nieuw'";
    case 'mijn':
      return `c.assignee_id = ${viewer()} AND c.status IN ${ACTIVE}`;
    case 'team':
      return `c.assignee_id IS NOT NULL AND c.status IN ${ACTIVE}`;
    case 'wacht':
      return "c.status = 'wacht'";
    case 'alles':
      return 'true';
  }
}

const SLA_CONDITIONS: Readonly<Record<SlaFilter, string>> = {
  breached: `c.status IN ${WAITING} AND c.waiting_since IS NOT NULL AND c.response_due_at < $now`,
  at_risk: `c.status IN ${WAITING} AND c.waiting_since IS NOT NULL AND c.response_at_risk_at <= $now AND c.response_due_at >= $now`,
  on_track: `c.status IN ${WAITING} AND c.waiting_since IS NOT NULL AND c.response_at_risk_at > $now`,
  answered: 'c.waiting_since IS NULL',
};

/** The WHERE of a view with its filters, and its parameters (`$1` the organisation). */
function inboxWhere(
  organisationId: number,
  viewerId: number,
  now: Date,
  view: InboxView,
  filter: InboxFilter,
): { where: string; params: unknown[] } {
  const params: unknown[] = [organisationId];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const parts = ['c.organisation_id = $1', viewCondition(view, () => param(viewerId))];
  if (filter.status) parts.push(`c.status = ${param(filter.status)}`);
  if (filter.platform) parts.push(`c.platform = ${param(filter.platform)}`);
  if (filter.accountId !== undefined) parts.push(`c.account_id = ${param(filter.accountId)}`);
  if (filter.category) parts.push(`c.category = ${param(filter.category)}`);
  if (filter.tag) parts.push(`${param(filter.tag)} = ANY(c.tags)`);
  if (filter.sla) {
    const condition = SLA_CONDITIONS[filter.sla];
    parts.push(
      condition.includes('$now') ? condition.replaceAll('$now', `${param(now)}::timestamptz`) : condition,
    );
  }
  if (filter.sentiment) {
    parts.push(`EXISTS (SELECT 1 FROM case_messages cm JOIN messages m ON m.id = cm.message_id
      WHERE cm.case_id = c.id AND ${effectiveSentimentSql('$1')} = ${param(filter.sentiment)})`);
  }
  if (filter.query) {
    const match = matchClause(filter.query, { organisationId: null }, params.length + 1);
    params.push(...match.params);
    parts.push(`EXISTS (SELECT 1 FROM case_messages cm JOIN messages m ON m.id = cm.message_id
      WHERE cm.case_id = c.id AND ${match.where})`);
  }
  return { where: parts.join(' AND '), params };
}

export async function listInbox(
  q: Queryable,
  options: {
    organisationId: number;
    viewerId: number;
    view: InboxView;
    filter?: InboxFilter;
    limit: number;
    offset?: number;
    now?: Date;
  },
): Promise<InboxPage> {
  const now = options.now ?? new Date();
  const { where, params } = inboxWhere(
    options.organisationId,
    options.viewerId,
    now,
    options.view,
    options.filter ?? {},
  );
  const work = options.view === 'nieuw' || options.view === 'mijn' || options.view === 'team';
  const order = work
    ? 'c.waiting_since ASC NULLS LAST, c.last_inbound_at DESC, c.id DESC'
    : 'c.last_inbound_at DESC, c.id DESC';
  const n = params.length;
  const rows = await q.query<CaseRow & { total: number }>(
    `SELECT ${CASE_COLUMNS}, count(*) OVER ()::integer AS total
     FROM cases c
     JOIN organisations o ON o.id = c.organisation_id
     LEFT JOIN accounts a ON a.id = c.account_id
     LEFT JOIN users u ON u.id = c.assignee_id
     WHERE ${where}
     ORDER BY ${order} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...params, options.limit, options.offset ?? 0],
  );
  if (rows.length === 0 && (options.offset ?? 0) > 0) {
    const [counted] = await q.query<{ total: number }>(
      `SELECT count(*)::integer AS total FROM cases c WHERE ${where}`,
      params,
    );
    return { total: counted?.total ?? 0, cases: [] };
  }
  return { total: rows[0]?.total ?? 0, cases: rows.map(summaryOf) };
}

/** How many cases each view holds, for the tabs (without filters). */
export async function inboxCounts(
  q: Queryable,
  organisationId: number,
  viewerId: number,
): Promise<Record<InboxView, number>> {
  const [row] = await q.query<Record<InboxView, number>>(
    `SELECT count(*) FILTER (WHERE ${viewCondition('nieuw', () => '$2')})::integer AS nieuw,
       count(*) FILTER (WHERE ${viewCondition('mijn', () => '$2')})::integer AS mijn,
       count(*) FILTER (WHERE ${viewCondition('team', () => '$2')})::integer AS team,
       count(*) FILTER (WHERE ${viewCondition('wacht', () => '$2')})::integer AS wacht,
       count(*)::integer AS alles
     FROM cases c WHERE c.organisation_id = $1`,
    [organisationId, viewerId],
  );
  return row ?? { nieuw: 0, mijn: 0, team: 0, wacht: 0, alles: 0 };
}
