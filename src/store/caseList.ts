import type { CaseStatus } from '../webcare/placement.ts';
import type { Queryable } from './db.ts';

/** A case as lists show it: its number, where it stands, its clock and who has it. */
export interface CaseSummary {
  id: number;
  number: string;
  status: CaseStatus;
  organisation: string;
  platform: string;
  conversationRoot: string;
  accountId: number | null;
  accountHandle: string | null;
  citizenId: string | null;
  citizenHandle: string | null;
  openedAt: Date;
  lastInboundAt: Date;
  firstResponseAt: Date | null;
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
  responseDueAt: Date | null;
  responseAtRiskAt: Date | null;
  waitingSince: Date | null;
  resolvedAt: Date | null;
  assignee: { id: number; name: string; email: string } | null;
  category: string | null;
  tags: string[];
  messages: number;
  version: number;
}

export interface CaseFilter {
  organisationId?: number;
  caseId?: number;
  /** A citizen's cases on a platform, but for one (their other cases beside it). */
  citizen?: { platform: string; citizenId: string; exceptCaseId: number };
  status?: CaseStatus;
  limit?: number;
}

export interface CaseRow {
  id: number;
  number: string;
  status: CaseStatus;
  organisation: string;
  platform: string;
  conversation_root: string;
  account_id: number | null;
  account_handle: string | null;
  citizen_id: string | null;
  citizen_handle: string | null;
  opened_at: Date;
  last_inbound_at: Date;
  first_response_at: Date | null;
  first_response_due_at: Date;
  resolution_due_at: Date;
  response_due_at: Date | null;
  response_at_risk_at: Date | null;
  waiting_since: Date | null;
  resolved_at: Date | null;
  assignee_id: number | null;
  assignee_name: string | null;
  assignee_email: string | null;
  category: string | null;
  tags: string[];
  messages: number;
  version: number;
}

/** The columns of a `CaseRow`, over `cases c`, `organisations o`, `accounts a` and `users u`. */
export const CASE_COLUMNS = `c.id, c.number, c.status, o.code AS organisation, c.platform, c.conversation_root, c.account_id,
  a.handle AS account_handle, c.citizen_id, c.citizen_handle, c.opened_at, c.last_inbound_at,
  c.first_response_at, c.first_response_due_at, c.resolution_due_at, c.response_due_at,
  c.response_at_risk_at, c.waiting_since, c.resolved_at, c.assignee_id, u.name AS assignee_name,
  u.email AS assignee_email, c.category, c.tags, c.version,
  (SELECT count(*)::integer FROM case_messages cm WHERE cm.case_id = c.id) AS messages`;

/** Cases newest first (by their last inbound message), within an organisation and status if given. */
export async function listCases(q: Queryable, filter: CaseFilter = {}): Promise<CaseSummary[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.organisationId !== undefined) {
    params.push(filter.organisationId);
    where.push(`c.organisation_id = $${params.length}`);
  }
  if (filter.caseId !== undefined) {
    params.push(filter.caseId);
    where.push(`c.id = $${params.length}`);
  }
  if (filter.citizen !== undefined) {
    params.push(filter.citizen.platform, filter.citizen.citizenId, filter.citizen.exceptCaseId);
    const n = params.length;
    where.push(`c.platform = $${n - 2} AND c.citizen_id = $${n - 1} AND c.id <> $${n}`);
  }
  if (filter.status !== undefined) {
    params.push(filter.status);
    where.push(`c.status = $${params.length}`);
  }
  params.push(filter.limit ?? null);
  const rows = await q.query<CaseRow>(
    `SELECT ${CASE_COLUMNS}
     FROM cases c
     JOIN organisations o ON o.id = c.organisation_id
     LEFT JOIN accounts a ON a.id = c.account_id
     LEFT JOIN users u ON u.id = c.assignee_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY c.last_inbound_at DESC, c.id DESC
     LIMIT $${params.length}`,
    params,
  );
  return rows.map(summaryOf);
}

export function summaryOf(r: CaseRow): CaseSummary {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    organisation: r.organisation,
    platform: r.platform,
    conversationRoot: r.conversation_root,
    accountId: r.account_id,
    accountHandle: r.account_handle,
    citizenId: r.citizen_id,
    citizenHandle: r.citizen_handle,
    openedAt: r.opened_at,
    lastInboundAt: r.last_inbound_at,
    firstResponseAt: r.first_response_at,
    firstResponseDueAt: r.first_response_due_at,
    resolutionDueAt: r.resolution_due_at,
    responseDueAt: r.response_due_at,
    responseAtRiskAt: r.response_at_risk_at,
    waitingSince: r.waiting_since,
    resolvedAt: r.resolved_at,
    assignee:
      r.assignee_id !== null
        ? { id: r.assignee_id, name: r.assignee_name ?? '', email: r.assignee_email ?? '' }
        : null,
    category: r.category,
    tags: r.tags,
    messages: r.messages,
    version: r.version,
  };
}
