import { type Db, LOCKS, type Queryable, WHOLE_STORE_PLANNING } from './db.ts';

/**
 * Account activity: the facts METRICS.md's figures are made of, kept beside the messages (see
 * migration 002). `sent_messages` holds each message an account sent, as a broadcast, reply or
 * repost; `inbound_messages` each message inbound to an account, with the account's first
 * response and the anomalies (its replies dated before the message); `account_conversations`
 * the conversations an account takes part in by either (what its organisation listens to, see
 * migration 005). These are METRICS.md's definitions, and this module is the one place that applies them to messages; the yardstick
 * only counts and times the facts.
 *
 * The facts follow the messages by `updateActivity`, which ingest runs after every import and the
 * yardstick before it reads. It works on what changed since it last ran:
 *
 * - accounts that are new or whose identity or handle changed (`activity_current` is false; a
 *   trigger clears it) are rebuilt from all messages;
 * - for the other accounts, the messages added since (ids above `activity_progress`), the stored
 *   replies to those (their parent's author is now known) and the stored messages those answer
 *   (their first response may be earlier now) are worked out again.
 *
 * Messages never change once stored (a repeat keeps the stored version; only a thread's root moves
 * up when the message it hung from arrives, and `storeMessages` moves the account conversations
 * along), and a deleted message
 * marks every account for rebuilding (trigger), so this is all that can change the facts. "Every
 * id up to N" is well defined because messages are written only by ingest, one batch (one
 * transaction) at a time, so ids are committed in order; anything else that stores messages must
 * go through ingest too.
 */

export interface ActivityUpdate {
  /** Accounts rebuilt from all messages. */
  rebuiltAccounts: number;
  /** Messages worked out again for the up-to-date accounts (all of them on a first update). */
  messages: number;
}

/** Brings the facts up to date; a no-op (one indexed look) when they are. */
export async function updateActivity(db: Db): Promise<ActivityUpdate> {
  return db.transaction(async (tx) => {
    // One snapshot for the whole update, and one update at a time.
    await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.activity]);
    const [state] = await tx.query<{ done: number; last: number | null; stale: number }>(
      `SELECT coalesce((SELECT through_message_id FROM activity_progress), 0) AS done,
        (SELECT max(id) FROM messages) AS last,
        (SELECT count(*)::integer FROM accounts WHERE NOT activity_current) AS stale`,
    );
    const done = state?.done ?? 0;
    const last = state?.last ?? 0;
    const stale = state?.stale ?? 0;
    if (last <= done && stale === 0) return { rebuiltAccounts: 0, messages: 0 };

    let messages = 0;
    if (done === 0 && last > 0) {
      await rebuild(tx, 'all', last);
      const [all] = await tx.query<{ n: number }>('SELECT count(*)::integer AS n FROM messages');
      messages = all?.n ?? 0;
    } else {
      // The changed messages first: planned for their number, before a rebuild of stale accounts
      // sets the planner up for whole-table work for the rest of the transaction.
      if (last > done) {
        messages = await changedSince(tx, done, last);
        await rebuild(tx, 'changed', last, messages > 50_000);
      }
      if (stale > 0) await rebuild(tx, 'stale', last);
    }
    if (last > done) {
      await tx.execute(
        `INSERT INTO activity_progress (through_message_id) VALUES ($1)
         ON CONFLICT (single) DO UPDATE SET through_message_id = EXCLUDED.through_message_id`,
        [last],
      );
    }
    if (stale > 0) await tx.execute('UPDATE accounts SET activity_current = true WHERE NOT activity_current');
    return { rebuiltAccounts: stale, messages };
  });
}

/**
 * The messages whose facts a batch of new messages (ids in `(done, last]`) can change, into the
 * temporary table `activity_scope`: the new ones, stored replies to them, and stored messages
 * they reply to. Returns how many.
 */
async function changedSince(tx: Queryable, done: number, last: number): Promise<number> {
  await tx.exec('CREATE TEMP TABLE activity_scope (id bigint PRIMARY KEY) ON COMMIT DROP');
  let count = await tx.execute(
    'INSERT INTO activity_scope SELECT id FROM messages WHERE id > $1 AND id <= $2',
    [done, last],
  );
  count += await tx.execute(
    `INSERT INTO activity_scope
     SELECT c.id FROM messages n
     JOIN messages c ON c.platform = n.platform AND c.in_reply_to_platform_id = n.platform_id
     WHERE n.id > $1 AND n.id <= $2 AND c.id <= $1
     UNION
     SELECT p.id FROM messages n
     JOIN messages p ON p.platform = n.platform AND p.platform_id = n.in_reply_to_platform_id
     WHERE n.id > $1 AND n.id <= $2 AND p.id <= $1`,
    [done, last],
  );
  await tx.exec('ANALYZE activity_scope');
  return count;
}

/**
 * Which accounts and messages a rebuild covers: stale accounts over all messages, or every
 * account over all messages (the first update), or the up-to-date accounts over the changed
 * messages in `activity_scope`.
 */
type Scope = 'stale' | 'all' | 'changed';

async function rebuild(tx: Queryable, scope: Scope, last: number, large = true): Promise<void> {
  const accounts =
    scope === 'stale' ? 'WHERE NOT activity_current' : scope === 'changed' ? 'WHERE activity_current' : '';
  const messages = scope === 'changed' ? 'id IN (SELECT id FROM activity_scope) AND ' : '';
  // Over many messages these are whole-table hash work; the planner's guesses for a few hundred
  // accounts that author half of all messages would pick lookups per row instead.
  if (large) await tx.exec(WHOLE_STORE_PLANNING);
  if (scope === 'all') {
    await tx.exec('TRUNCATE sent_messages, inbound_messages, account_conversations');
  } else {
    // An account's conversations only grow while its identity stays (messages never change), so
    // only a stale account loses its own.
    const tables = [
      'sent_messages',
      'inbound_messages',
      ...(scope === 'stale' ? ['account_conversations'] : []),
    ];
    for (const table of tables) {
      await tx.execute(
        `DELETE FROM ${table} f USING accounts a WHERE f.account_id = a.id AND ${
          scope === 'stale'
            ? 'NOT a.activity_current'
            : 'a.activity_current AND f.message_id IN (SELECT id FROM activity_scope)'
        }`,
      );
    }
  }
  // The changed messages are gathered first (a few, usually, found by id); all messages are
  // scanned where they are used.
  const context = `acc AS MATERIALIZED (
      SELECT id, platform, platform_user_id AS uid, lower(handle) AS handle FROM accounts ${accounts}
    ),
    m AS ${scope === 'changed' ? '' : 'NOT '}MATERIALIZED (SELECT ${FACT_COLUMNS} FROM messages WHERE ${messages}id <= $1)`;
  // Over all messages, \`replied\` holds every reply there is; over the changed ones, the answers
  // to them may be any stored reply.
  await tx.execute(`WITH ${context}, ${facts(scope === 'changed' ? 'messages' : 'replied')}`, [last]);
  if (large) await tx.exec('ANALYZE sent_messages; ANALYZE inbound_messages; ANALYZE account_conversations;');
}

/** What the facts are made of. */
const FACT_COLUMNS = `id, platform, platform_id, author_id, created_at, kind, in_reply_to_platform_id,
  in_reply_to_author_id, recipient_id, mentions, repost_count, conversation_root`;

/**
 * Both kinds of facts in one statement, so every reply is joined to its parent once (`replied`:
 * the parent's author is the stored parent's, else the one the reply names itself).
 *
 * Sending behaviour: a repost (kind repost), a reply (its parent's author is someone else or
 * unknown) or a broadcast (everything else: posts, quotes, threads).
 *
 * Inbound to account A: a message of another author that replies to A's message, mentions A's
 * handle, or is a dm or comment addressed to A; once per (account, message). Its first response:
 * A's earliest reply to it dated at or after it (from all stored replies, not only the changed
 * ones); A's replies dated before it are anomalies.
 */
function facts(answersFrom: 'replied' | 'messages'): string {
  return `replied AS MATERIALIZED (
    SELECT m.id, m.platform, m.platform_id, m.author_id, m.created_at, m.in_reply_to_platform_id,
      m.conversation_root, coalesce(parent.author_id, m.in_reply_to_author_id) AS parent_author
    FROM m
    LEFT JOIN messages parent ON parent.platform = m.platform AND parent.platform_id = m.in_reply_to_platform_id
    WHERE m.in_reply_to_platform_id IS NOT NULL
  ),
  sent AS (
    INSERT INTO sent_messages (account_id, message_id, created_at, kind, repost_count)
    SELECT acc.id, s.id, s.created_at,
      CASE
        WHEN s.kind = 'repost' THEN 'repost'
        WHEN r.id IS NOT NULL AND r.parent_author IS DISTINCT FROM s.author_id THEN 'reply'
        ELSE 'broadcast'
      END,
      s.repost_count
    FROM m s
    JOIN acc ON acc.platform = s.platform AND acc.uid = s.author_id
    LEFT JOIN replied r ON r.id = s.id
  ),
  target AS (
    SELECT acc.id AS account_id, acc.uid, r.id AS message_id, r.platform, r.platform_id, r.created_at,
      r.conversation_root
    FROM replied r JOIN acc ON acc.platform = r.platform AND acc.uid = r.parent_author
    WHERE r.author_id <> acc.uid
    UNION
    SELECT acc.id, acc.uid, m.id, m.platform, m.platform_id, m.created_at, m.conversation_root
    FROM m JOIN acc ON acc.platform = m.platform AND acc.uid = m.recipient_id
    WHERE m.kind IN ('dm', 'comment') AND m.author_id <> acc.uid
    UNION
    SELECT acc.id, acc.uid, x.id, x.platform, x.platform_id, x.created_at, x.conversation_root
    FROM (SELECT id, platform, platform_id, author_id, created_at, conversation_root, unnest(mentions) AS handle
          FROM m WHERE cardinality(mentions) > 0) x
    JOIN acc ON acc.platform = x.platform AND acc.handle = x.handle
    WHERE x.author_id <> acc.uid
  ),
  linked AS (
    INSERT INTO account_conversations (account_id, platform, conversation_root)
    SELECT acc.id, s.platform, s.conversation_root FROM m s JOIN acc ON acc.platform = s.platform AND acc.uid = s.author_id
    UNION
    SELECT account_id, platform, conversation_root FROM target
    ON CONFLICT DO NOTHING
  ),
  answers AS (
    SELECT t.account_id, t.message_id,
      min(r.created_at) FILTER (WHERE r.created_at >= t.created_at) AS first_at,
      count(*) FILTER (WHERE r.created_at < t.created_at)::integer AS anomalies
    FROM target t
    JOIN ${answersFrom} r
      ON r.platform = t.platform AND r.in_reply_to_platform_id = t.platform_id AND r.author_id = t.uid
    GROUP BY t.account_id, t.message_id
  )
  INSERT INTO inbound_messages (account_id, message_id, created_at, first_response_at, anomalies)
  SELECT t.account_id, t.message_id, t.created_at, a.first_at, coalesce(a.anomalies, 0)
  FROM target t LEFT JOIN answers a ON a.account_id = t.account_id AND a.message_id = t.message_id`;
}
