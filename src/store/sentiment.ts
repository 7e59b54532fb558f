import { analyseSentiment, type SentimentLabel } from '../sentiment/analyse.ts';
import type { Queryable } from './db.ts';

/**
 * Sentiment in the store (migration 005). Ingest scores every message as it stores it; messages
 * stored before sentiment existed are scored by `scoreUnscored`, which ingest and the server run
 * (a no-op, one look at a partial index, when there are none). A person's correction counts for
 * their organisation instead of the computed label.
 */

const BATCH = 2000;

/** Scores the messages that have no sentiment yet, in batches; returns how many it scored. */
export async function scoreUnscored(q: Queryable, onProgress?: (scored: number) => void): Promise<number> {
  let scored = 0;
  let after = 0;
  for (;;) {
    const rows = await q.query<{ id: number; text: string }>(
      'SELECT id, text FROM messages WHERE sentiment IS NULL AND id > $1 ORDER BY id LIMIT $2',
      [after, BATCH],
    );
    if (rows.length === 0) return scored;
    const ids = rows.map((r) => Number(r.id));
    const results = rows.map((r) => analyseSentiment(r.text));
    await q.execute(
      `UPDATE messages m SET sentiment = v.label, sentiment_score = v.score
       FROM unnest($1::bigint[], $2::text[], $3::real[]) AS v(id, label, score)
       WHERE m.id = v.id AND m.sentiment IS NULL`,
      [ids, results.map((r) => r.label), results.map((r) => r.score)],
    );
    scored += rows.length;
    after = ids[ids.length - 1] as number;
    onProgress?.(scored);
  }
}

/**
 * The sentiment that counts for an organisation, as SQL over `messages m`: its correction where
 * someone made one, else the computed label. `organisationParam` is the `$n` of its id.
 */
export function effectiveSentimentSql(organisationParam: string): string {
  return `coalesce((SELECT sc.sentiment FROM sentiment_corrections sc
    WHERE sc.organisation_id = ${organisationParam} AND sc.message_id = m.id), m.sentiment)`;
}

export interface SentimentCorrection {
  messageId: number;
  /** The label before this correction (the computed one, or an earlier correction). */
  previous: SentimentLabel | null;
  sentiment: SentimentLabel;
}

/** Sets an organisation's sentiment for a message; returns what it was. */
export async function correctSentiment(
  q: Queryable,
  organisationId: number,
  messageId: number,
  sentiment: SentimentLabel,
  userId: number | null,
): Promise<SentimentCorrection | null> {
  const [before] = await q.query<{ previous: SentimentLabel | null }>(
    `SELECT ${effectiveSentimentSql('$1')} AS previous FROM messages m WHERE m.id = $2`,
    [organisationId, messageId],
  );
  if (!before) return null;
  await q.execute(
    `INSERT INTO sentiment_corrections (organisation_id, message_id, sentiment, corrected_by)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (organisation_id, message_id) DO UPDATE
       SET sentiment = EXCLUDED.sentiment, corrected_by = EXCLUDED.corrected_by, corrected_at = now()`,
    [organisationId, messageId, sentiment, userId],
  );
  return { messageId, previous: before.previous, sentiment };
}
