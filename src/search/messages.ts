import type { SentimentLabel } from '../sentiment/analyse.ts';
import type { Queryable } from '../store/db.ts';
import type { ParsedQuery } from './query/index.ts';
import {
  FOUND_COLUMNS,
  type FoundMessage,
  foundMessage,
  inOrganisationSql,
  matchClause,
  type SearchScope,
} from './search.ts';

/**
 * One organisation's messages beyond a search's list: a message it may see, the whole
 * conversation it belongs to, the sentiment that counts for the organisation (its correction
 * where someone made one), and the newest message a query matches (for a dashboard's default
 * period). What an organisation may see is what search sees: the conversations of its accounts.
 */

/** A message as the organisation sees it: `sentiment` is its correction where there is one. */
export interface OrganisationMessage extends FoundMessage {
  /** Someone of the organisation corrected the computed sentiment. */
  corrected: boolean;
}

type FoundRow = Parameters<typeof foundMessage>[0];

/** The messages with the organisation's corrections of their sentiment laid over them. */
export async function withCorrections(
  q: Queryable,
  organisationId: number,
  messages: readonly FoundMessage[],
): Promise<OrganisationMessage[]> {
  if (messages.length === 0) return [];
  const rows = await q.query<{ message_id: number; sentiment: SentimentLabel }>(
    `SELECT message_id, sentiment FROM sentiment_corrections
     WHERE organisation_id = $1 AND message_id = ANY($2::bigint[])`,
    [organisationId, messages.map((m) => m.id)],
  );
  const corrections = new Map(rows.map((r) => [Number(r.message_id), r.sentiment]));
  return messages.map((m) => {
    const correction = corrections.get(m.id);
    return correction === undefined
      ? { ...m, corrected: false }
      : { ...m, sentiment: correction, corrected: true };
  });
}

/** A message the organisation may see, or null (none with this id, or not in its conversations). */
export async function findOrganisationMessage(
  q: Queryable,
  organisationId: number,
  messageId: number,
): Promise<OrganisationMessage | null> {
  const rows = await q.query<FoundRow>(
    `SELECT ${FOUND_COLUMNS} FROM messages m WHERE m.id = $1 AND ${inOrganisationSql('$2')}`,
    [messageId, organisationId],
  );
  const [found] = await withCorrections(q, organisationId, rows.map(foundMessage));
  return found ?? null;
}

/** At most this many messages of one conversation are shown. */
export const CONVERSATION_LIMIT = 1000;

/**
 * The conversation a message belongs to (same platform and root), oldest first, or null when the
 * organisation may not see the message.
 */
export async function conversationOf(
  q: Queryable,
  organisationId: number,
  messageId: number,
): Promise<{ message: OrganisationMessage; messages: OrganisationMessage[]; more: boolean } | null> {
  const message = await findOrganisationMessage(q, organisationId, messageId);
  if (!message) return null;
  const rows = await q.query<FoundRow>(
    `SELECT ${FOUND_COLUMNS} FROM messages m WHERE m.platform = $1 AND m.conversation_root = $2
     ORDER BY m.created_at, m.id LIMIT $3`,
    [message.platform, message.conversationRoot, CONVERSATION_LIMIT + 1],
  );
  const messages = await withCorrections(
    q,
    organisationId,
    rows.slice(0, CONVERSATION_LIMIT).map(foundMessage),
  );
  return { message, messages, more: rows.length > CONVERSATION_LIMIT };
}

/** When the newest message `query` matches in `scope` was written; null when none matches. */
export async function newestMatch(
  q: Queryable,
  query: ParsedQuery,
  scope: SearchScope,
): Promise<Date | null> {
  const match = matchClause(query, scope);
  const [row] = await q.query<{ newest: Date | null }>(
    `SELECT max(m.created_at) AS newest FROM messages m WHERE ${match.where}`,
    match.params,
  );
  return row?.newest ?? null;
}
