import type { Message } from '../domain/message.ts';
import { type CopyValue, csvRow } from './csv.ts';
import type { Queryable } from './db.ts';

/** Messages are identified by platform and the platform's id; this joins the two for maps. */
export function messageKey(platform: string, platformId: string): string {
  return `${platform}\u0000${platformId}`;
}

/** Keys grouped by platform: lookups then use the indexes as `platform = $1 AND … = ANY($2)`. */
function byPlatform(keys: Iterable<string>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const at = key.indexOf('\u0000');
    const platform = key.slice(0, at);
    let ids = groups.get(platform);
    if (!ids) {
      ids = [];
      groups.set(platform, ids);
    }
    ids.push(key.slice(at + 1));
  }
  return groups;
}

/** Which of these messages stored threads hang from (as their conversation root). */
export async function storedThreadRoots(q: Queryable, keys: Iterable<string>): Promise<Set<string>> {
  const found = new Set<string>();
  for (const [platform, ids] of byPlatform(keys)) {
    const rows = await q.query<{ conversation_root: string }>(
      `SELECT DISTINCT conversation_root FROM messages
       WHERE platform = $1 AND conversation_root = ANY($2::text[])`,
      [platform, ids],
    );
    for (const r of rows) found.add(messageKey(platform, r.conversation_root));
  }
  return found;
}

/** The conversation roots of these messages, for those that are stored. */
export async function storedConversationRoots(
  q: Queryable,
  keys: Iterable<string>,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const [platform, ids] of byPlatform(keys)) {
    const rows = await q.query<{ platform_id: string; conversation_root: string }>(
      `SELECT platform_id, conversation_root FROM messages
       WHERE platform = $1 AND platform_id = ANY($2::text[])`,
      [platform, ids],
    );
    for (const r of rows) found.set(messageKey(platform, r.platform_id), r.conversation_root);
  }
  return found;
}

export const MESSAGE_COLUMNS = [
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
  'sentiment',
  'sentiment_score',
] as const;

/** A message as one CSV row in `MESSAGE_COLUMNS` order, for COPY. */
export function messageCsvRow(m: Message, runId?: number): string {
  return csvRow(runId === undefined ? columnValues(m) : [...columnValues(m), runId]);
}

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
    m.sentiment.label,
    m.sentiment.score,
  ];
}

/**
 * Stores new messages in one go, inside the caller's transaction. The caller has checked that
 * none is stored yet, so they are COPY'd straight into `messages`; should another import have
 * stored one meanwhile (the unique key says so), the batch goes through a staging table instead
 * and skips those. Then threads that hung from a message that has now arrived move to the root
 * of its thread (`rootMoves`: old root key → new root). Returns the number of messages stored.
 */
export async function storeMessages(
  q: Queryable,
  runId: number,
  messages: readonly Message[],
  rootMoves: ReadonlyMap<string, string>,
): Promise<number> {
  let stored = 0;
  if (messages.length > 0) {
    const csv = messages.map((m) => messageCsvRow(m, runId)).join('');
    await q.exec('SAVEPOINT store_messages');
    try {
      await q.copyCsv('messages', [...MESSAGE_COLUMNS, 'ingest_run_id'], csv);
      await q.exec('RELEASE SAVEPOINT store_messages');
      stored = messages.length;
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
      await q.exec('ROLLBACK TO SAVEPOINT store_messages');
      stored = await storeSkippingStored(q, csv);
    }
  }
  for (const [platform, moves] of byPlatform(rootMoves.keys())) {
    const params = [platform, moves, moves.map((id) => rootMoves.get(messageKey(platform, id)))];
    await q.execute(
      `UPDATE messages m SET conversation_root = t.new_root
       FROM unnest($2::text[], $3::text[]) AS t(old_root, new_root)
       WHERE m.platform = $1 AND m.conversation_root = t.old_root`,
      params,
    );
    // A case follows its conversation into the thread it joined.
    await q.execute(
      `UPDATE cases c SET conversation_root = t.new_root
       FROM unnest($2::text[], $3::text[]) AS t(old_root, new_root)
       WHERE c.platform = $1 AND c.conversation_root = t.old_root`,
      params,
    );
    // The accounts taking part in a thread that moved take part in the thread it joined.
    await q.execute(
      `WITH moved AS (
         DELETE FROM account_conversations c USING unnest($2::text[], $3::text[]) AS t(old_root, new_root)
         WHERE c.platform = $1 AND c.conversation_root = t.old_root
         RETURNING c.account_id, t.new_root
       )
       INSERT INTO account_conversations (account_id, platform, conversation_root)
       SELECT DISTINCT account_id, $1, new_root FROM moved ON CONFLICT DO NOTHING`,
      params,
    );
  }
  return stored;
}

async function storeSkippingStored(q: Queryable, csv: string): Promise<number> {
  const columns = [...MESSAGE_COLUMNS, 'ingest_run_id'].join(', ');
  await q.exec(
    `CREATE TEMP TABLE IF NOT EXISTS ingest_stage ON COMMIT DELETE ROWS AS
     SELECT ${columns} FROM messages WITH NO DATA`,
  );
  await q.exec('TRUNCATE ingest_stage');
  await q.copyCsv('ingest_stage', [...MESSAGE_COLUMNS, 'ingest_run_id'], csv);
  return q.execute(
    `INSERT INTO messages (${columns}) SELECT ${columns} FROM ingest_stage
     ON CONFLICT ON CONSTRAINT messages_identity DO NOTHING`,
  );
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
