import type { Queryable } from '../store/db.ts';
import { compileQuery, type ParsedQuery } from './query/index.ts';

/**
 * Search: the messages a query matches, newest first, with the number of them. An organisation
 * searches the conversations of its own accounts, owned and watched (`account_conversations`, kept
 * by `store/activity.ts`), and nothing else; without an organisation (the CLI, an administrator)
 * every stored message is searched.
 */

export interface SearchScope {
  /** The organisation whose conversations are searched; null: every message. */
  organisationId: number | null;
  /** Only these platforms; empty: all. */
  platforms?: readonly string[];
  /** Half-open period [from, to). */
  from?: Date | null;
  to?: Date | null;
  /** Only messages stored after the one with this id (what is new since a search was opened). */
  storedAfter?: number;
}

export interface FoundMessage {
  id: number;
  platform: string;
  platformId: string;
  authorId: string;
  authorHandle: string | null;
  authorName: string | null;
  createdAt: Date;
  text: string;
  kind: string;
  language: string | null;
  url: string | null;
  hashtags: string[];
  mentions: string[];
  conversationRoot: string;
  sentiment: 'positive' | 'neutral' | 'negative' | null;
}

export interface SearchResult {
  total: number;
  /** The query's words are all stop words (`de het`), which match nothing. */
  onlyStopWords: boolean;
  messages: FoundMessage[];
}

export interface MatchClause {
  /** A condition on `messages m`, with `$n` placeholders. */
  where: string;
  params: unknown[];
  /** The query's positive text as a tsquery expression over the same parameters; null: none. */
  text: string | null;
}

/**
 * The condition "m belongs to a conversation of one of the organisation's accounts" (what the
 * organisation may see of the messages); `organisationParam` is the `$n` of its id.
 */
export function inOrganisationSql(organisationParam: string): string {
  // The organisation's accounts once (an init plan), then one index probe per candidate message.
  return `EXISTS (SELECT 1 FROM account_conversations ac
    WHERE ac.platform = m.platform AND ac.conversation_root = m.conversation_root
      AND ac.account_id = ANY(ARRAY(SELECT id FROM accounts WHERE organisation_id = ${organisationParam})))`;
}

/** The condition for "m matches `query` within `scope`", its parameters numbered from `first`. */
export function matchClause(query: ParsedQuery, scope: SearchScope, first = 1): MatchClause {
  const compiled = compileQuery(query, first);
  const params = [...compiled.params];
  const parts = [`(${compiled.where})`];
  const param = (value: unknown) => {
    params.push(value);
    return `$${first + params.length - 1}`;
  };
  if (scope.organisationId !== null) parts.push(inOrganisationSql(param(scope.organisationId)));
  if (scope.platforms && scope.platforms.length > 0) {
    parts.push(`m.platform = ANY(${param([...scope.platforms])}::text[])`);
  }
  if (scope.from) parts.push(`m.created_at >= ${param(scope.from)}`);
  if (scope.to) parts.push(`m.created_at < ${param(scope.to)}`);
  if (scope.storedAfter !== undefined) parts.push(`m.id > ${param(scope.storedAfter)}`);
  return { where: parts.join(' AND '), params, text: compiled.text };
}

export const FOUND_COLUMNS = `m.id, m.platform, m.platform_id, m.author_id, m.author_handle, m.author_name,
  m.created_at, m.text, m.kind, m.language, m.url, m.hashtags, m.mentions, m.conversation_root, m.sentiment`;

interface FoundRow {
  id: number;
  platform: string;
  platform_id: string;
  author_id: string;
  author_handle: string | null;
  author_name: string | null;
  created_at: Date;
  text: string;
  kind: string;
  language: string | null;
  url: string | null;
  hashtags: string[];
  mentions: string[];
  conversation_root: string;
  sentiment: FoundMessage['sentiment'];
}

export function foundMessage(row: FoundRow): FoundMessage {
  return {
    id: Number(row.id),
    platform: row.platform,
    platformId: row.platform_id,
    authorId: row.author_id,
    authorHandle: row.author_handle,
    authorName: row.author_name,
    createdAt: row.created_at,
    text: row.text,
    kind: row.kind,
    language: row.language,
    url: row.url,
    hashtags: row.hashtags,
    mentions: row.mentions,
    conversationRoot: row.conversation_root,
    sentiment: row.sentiment,
  };
}

/** How many messages `query` matches in `scope`, and whether its words were all stop words. */
export async function countMatches(
  q: Queryable,
  query: ParsedQuery,
  scope: SearchScope,
): Promise<{ total: number; onlyStopWords: boolean }> {
  const match = matchClause(query, scope);
  const [counted] = await q.query<{ total: number; only_stop_words: boolean | null }>(
    `SELECT count(*)::integer AS total,
       ${match.text ? `(SELECT numnode(${match.text}) = 0)` : 'false'} AS only_stop_words
     FROM messages m WHERE ${match.where}`,
    match.params,
  );
  return { total: counted?.total ?? 0, onlyStopWords: counted?.only_stop_words === true };
}

/**
 * The messages `query` matches in `scope`, newest first: `limit` of them from `offset`, and how
 * many in all. One statement finds the matches once for both: materialised (id and time only), so
 * the planner finds them by the text index whatever it guesses of their number, then counts them
 * and sorts them for the page. (A plain `ORDER BY … LIMIT` with `count(*) OVER ()` let PostgreSQL
 * walk the time index through every message whenever it guessed too few matches: 1.7 s instead of
 * 0.15 s at a million messages.) Only a page past the end asks for the count on its own.
 */
export async function searchMessages(
  q: Queryable,
  query: ParsedQuery,
  scope: SearchScope,
  page: { limit: number; offset?: number },
): Promise<SearchResult> {
  const match = matchClause(query, scope);
  const n = match.params.length;
  const rows = await q.query<FoundRow & { total: number; only_stop_words: boolean | null }>(
    `WITH hits AS MATERIALIZED (SELECT m.id, m.created_at FROM messages m WHERE ${match.where}),
     page AS (SELECT id, created_at FROM hits ORDER BY created_at DESC, id DESC LIMIT $${n + 1} OFFSET $${n + 2})
     SELECT ${FOUND_COLUMNS}, (SELECT count(*) FROM hits)::integer AS total,
       ${match.text ? `(SELECT numnode(${match.text}) = 0)` : 'false'} AS only_stop_words
     FROM page p JOIN messages m ON m.id = p.id
     ORDER BY p.created_at DESC, p.id DESC`,
    [...match.params, page.limit, page.offset ?? 0],
  );
  const [first] = rows;
  if (!first) return { ...(await countMatches(q, query, scope)), messages: [] };
  return {
    total: first.total,
    onlyStopWords: first.only_stop_words === true,
    messages: rows.map(foundMessage),
  };
}
