import type { Message } from '../domain/message.ts';
import { type CopyValue, csvRow } from './csv.ts';
import type { Queryable } from './db.ts';

/** Messages are identified by platform and the platform's id; this joins the two for maps. */
export function messageKey(platform: string, platformId: string): string {
  return `${platform}\u0000${platformId}`;
}

function splitKeys(keys: Iterable<string>): [string[], string[]] {
  const platforms: string[] = [];
  const ids: string[] = [];
  for (const key of keys) {
    const at = key.indexOf('\u0000');
    platforms.push(key.slice(0, at));
    ids.push(key.slice(at + 1));
  }
  return [platforms, ids];
}

/** Which of these messages are stored already. */
export async function storedMessageKeys(q: Queryable, keys: Iterable<string>): Promise<Set<string>> {
  const [platforms, ids] = splitKeys(keys);
  if (ids.length === 0) return new Set();
  const rows = await q.query<{ platform: string; platform_id: string }>(
    `SELECT m.platform, m.platform_id FROM messages m
     JOIN unnest($1::text[], $2::text[]) AS k(platform, platform_id)
       ON m.platform = k.platform AND m.platform_id = k.platform_id`,
    [platforms, ids],
  );
  return new Set(rows.map((r) => messageKey(r.platform, r.platform_id)));
}

/** The conversation roots of these messages, for those that are stored. */
export async function storedConversationRoots(
  q: Queryable,
  keys: Iterable<string>,
): Promise<Map<string, string>> {
  const [platforms, ids] = splitKeys(keys);
  if (ids.length === 0) return new Map();
  const rows = await q.query<{ platform: string; platform_id: string; conversation_root: string }>(
    `SELECT m.platform, m.platform_id, m.conversation_root FROM messages m
     JOIN unnest($1::text[], $2::text[]) AS k(platform, platform_id)
       ON m.platform = k.platform AND m.platform_id = k.platform_id`,
    [platforms, ids],
  );
  return new Map(rows.map((r) => [messageKey(r.platform, r.platform_id), r.conversation_root]));
}

const COLUMNS = [
  'platform',
  'platform_id',
  'author_id',
  'author_handle',
  'author_name',
  'created_at',
  'text',
  'language',
  'kind',
  'in_reply_to_platform_id',
  'in_reply_to_author_id',
  'repost_of_platform_id',
  'quote_of_platform_id',
  'recipient_id',
  'conversation_root',
  'mentions',
  'mentions_from_platform',
  'hashtags',
  'repost_count',
  'like_count',
  'reply_count',
  'url',
  'payload_format',
  'payload',
] as const;

function columnValues(m: Message): CopyValue[] {
  return [
    m.platform,
    m.platformId,
    m.author.id,
    m.author.handle,
    m.author.name,
    m.createdAt,
    m.text,
    m.language,
    m.kind,
    m.inReplyTo?.id ?? null,
    m.inReplyTo?.authorId ?? null,
    m.repostOf,
    m.quoteOf,
    m.recipientId,
    m.conversationRoot,
    m.mentions,
    m.mentionsFromPlatform,
    m.hashtags,
    m.counts.reposts,
    m.counts.likes,
    m.counts.replies,
    m.url,
    m.payload.format,
    m.payload.raw,
  ];
}

/**
 * Stores new messages in one go: COPY into a transaction-local staging table, then into
 * `messages`, skipping any that another import stored meanwhile. Then threads that hung from a
 * message that has now arrived move to the root of its thread (`rootMoves`: old root → new).
 * Call inside a transaction. Returns the number of messages stored.
 */
export async function storeMessages(
  q: Queryable,
  runId: number,
  messages: readonly Message[],
  rootMoves: ReadonlyMap<string, string>,
): Promise<number> {
  let stored = 0;
  if (messages.length > 0) {
    await q.exec(
      `CREATE TEMP TABLE IF NOT EXISTS ingest_stage ON COMMIT DELETE ROWS AS
       SELECT ${COLUMNS.join(', ')} FROM messages WITH NO DATA`,
    );
    await q.copyCsv('ingest_stage', COLUMNS, messages.map((m) => csvRow(columnValues(m))).join(''));
    stored = await q.execute(
      `INSERT INTO messages (${COLUMNS.join(', ')}, ingest_run_id)
       SELECT ${COLUMNS.join(', ')}, $1 FROM ingest_stage
       ON CONFLICT ON CONSTRAINT messages_identity DO NOTHING`,
      [runId],
    );
  }
  if (rootMoves.size > 0) {
    const [platforms, oldRoots] = splitKeys(rootMoves.keys());
    await q.execute(
      `UPDATE messages m SET conversation_root = t.new_root
       FROM unnest($1::text[], $2::text[], $3::text[]) AS t(platform, old_root, new_root)
       WHERE m.platform = t.platform AND m.conversation_root = t.old_root`,
      [platforms, oldRoots, [...rootMoves.values()]],
    );
  }
  return stored;
}

export interface MessageCounts {
  messages: number;
  conversations: number;
  byPlatform: Record<string, number>;
  byKind: Record<string, number>;
}

export async function messageCounts(q: Queryable): Promise<MessageCounts> {
  const [totals] = await q.query<{ messages: number; conversations: number }>(
    `SELECT count(*) AS messages,
            count(DISTINCT (platform, conversation_root)) AS conversations
     FROM messages`,
  );
  const platforms = await q.query<{ platform: string; n: number }>(
    'SELECT platform, count(*) AS n FROM messages GROUP BY platform ORDER BY platform',
  );
  const kinds = await q.query<{ kind: string; n: number }>(
    'SELECT kind, count(*) AS n FROM messages GROUP BY kind ORDER BY kind',
  );
  return {
    messages: totals?.messages ?? 0,
    conversations: totals?.conversations ?? 0,
    byPlatform: Object.fromEntries(platforms.map((r) => [r.platform, r.n])),
    byKind: Object.fromEntries(kinds.map((r) => [r.kind, r.n])),
  };
}
