import { CONVERSATION_LIMIT, type OrganisationMessage, withCorrections } from '../search/messages.ts';
import { FOUND_COLUMNS, foundMessage } from '../search/search.ts';
import { type CaseSummary, listCases } from './caseList.ts';
import type { Queryable } from './db.ts';

/**
 * One case as an agent works it: the case, the whole conversation (the citizen's messages, the
 * organisation's answers, what others said in the thread), its trail with the internal notes, the
 * replies written in Meetlat with their state, and the citizen's earlier cases beside it.
 */

export interface CaseMessage extends OrganisationMessage {
  /** One of this case's inbound messages. */
  inCase: boolean;
  /** Written by one of the organisation's own accounts. */
  own: boolean;
}

export interface CaseEvent {
  id: number;
  at: Date;
  userId: number | null;
  actor: string;
  kind: string;
  details: Record<string, unknown>;
}

export interface CaseReply {
  id: number;
  state: 'sending' | 'sent' | 'failed';
  text: string;
  authorName: string;
  attempts: number;
  errorKind: string | null;
  errorText: string | null;
  url: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface CaseDetail {
  case: CaseSummary;
  conversation: CaseMessage[];
  /** The conversation had more messages than are shown. */
  more: boolean;
  events: CaseEvent[];
  replies: CaseReply[];
  /** The same citizen's other cases in this organisation, newest first. */
  earlier: CaseSummary[];
}

type FoundRow = Parameters<typeof foundMessage>[0];

/** At most this many of the citizen's other cases are shown beside a case. */
const EARLIER_LIMIT = 20;

/** The case with everything beside it, or null when the organisation has no such case. */
export async function loadCaseDetail(
  q: Queryable,
  organisationId: number,
  caseId: number,
): Promise<CaseDetail | null> {
  const [summary] = await listCases(q, { organisationId, caseId });
  if (!summary) return null;
  const rows = await q.query<FoundRow & { in_case: boolean; own: boolean }>(
    `SELECT ${FOUND_COLUMNS},
       EXISTS (SELECT 1 FROM case_messages cm WHERE cm.case_id = $3 AND cm.message_id = m.id) AS in_case,
       EXISTS (SELECT 1 FROM accounts a WHERE a.organisation_id = $4 AND a.relation = 'owned'
               AND a.platform = m.platform AND a.platform_user_id = m.author_id) AS own
     FROM messages m WHERE m.platform = $1 AND m.conversation_root = $2
     ORDER BY m.created_at, m.id LIMIT $5`,
    [summary.platform, summary.conversationRoot, caseId, organisationId, CONVERSATION_LIMIT + 1],
  );
  const shown = rows.slice(0, CONVERSATION_LIMIT);
  const corrected = await withCorrections(q, organisationId, shown.map(foundMessage));
  const conversation = corrected.map((m, i) => ({
    ...m,
    inCase: shown[i]?.in_case === true,
    own: shown[i]?.own === true,
  }));
  const [events, replies, earlier] = await Promise.all([
    q.query<{
      id: number;
      at: Date;
      user_id: number | null;
      actor: string;
      kind: string;
      details: Record<string, unknown>;
    }>('SELECT id, at, user_id, actor, kind, details FROM case_events WHERE case_id = $1 ORDER BY id', [
      caseId,
    ]),
    q.query<{
      id: number;
      state: CaseReply['state'];
      text: string;
      author_name: string;
      attempts: number;
      error_kind: string | null;
      error_text: string | null;
      url: string | null;
      created_at: Date;
      sent_at: Date | null;
    }>(
      `SELECT id, state, text, author_name, attempts, error_kind, error_text, url, created_at, sent_at
       FROM case_replies WHERE case_id = $1 ORDER BY id`,
      [caseId],
    ),
    summary.citizenId === null
      ? Promise.resolve([] as CaseSummary[])
      : listCases(q, {
          organisationId,
          citizen: { platform: summary.platform, citizenId: summary.citizenId, exceptCaseId: caseId },
          limit: EARLIER_LIMIT,
        }),
  ]);
  return {
    case: summary,
    conversation,
    more: rows.length > CONVERSATION_LIMIT,
    events: events.map((e) => ({
      id: e.id,
      at: e.at,
      userId: e.user_id,
      actor: e.actor,
      kind: e.kind,
      details: e.details,
    })),
    replies: replies.map((r) => ({
      id: r.id,
      state: r.state,
      text: r.text,
      authorName: r.author_name,
      attempts: r.attempts,
      errorKind: r.error_kind,
      errorText: r.error_text,
      url: r.url,
      createdAt: r.created_at,
      sentAt: r.sent_at,
    })),
    earlier,
  };
}
