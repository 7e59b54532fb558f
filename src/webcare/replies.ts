import { randomUUID } from 'node:crypto';
import type { ChannelCapabilities, SentPost } from '../channels/channel.ts';
import { asChannelError, type ChannelErrorKind, ERROR_KIND_DUTCH } from '../channels/errors.ts';
import type { MessageInput } from '../domain/message.ts';
import { ingest } from '../ingest/pipeline.ts';
import type { Parsed } from '../ingest/records.ts';
import { openChannel, recordsSource } from '../ingest/sync.ts';
import { type CaseActor, recordCaseEvent, setCaseStatus } from '../store/caseWork.ts';
import { loadConnection } from '../store/connections.ts';
import type { Db, Queryable } from '../store/db.ts';
import { formatSignature } from '../store/organisationSettings.ts';
import type { SecretBox } from '../store/secretBox.ts';
import { fillVariables, signedText, unknownVariables } from './compose.ts';
import { textLength } from './length.ts';

/**
 * Replying to a citizen from a case, through the channel of the account the case came in to:
 * the text with its variables filled in and the agent's signature, checked against the platform's
 * length, kept as a reply (`case_replies`) before the platform is asked, then sent with an
 * idempotency key that stays the same for every attempt. A reply that fails stays visible as
 * failed with the platform's reason and can be tried again; a retry never sends twice (the key,
 * and one attempt at a time). What was sent is stored as the organisation's own message in the
 * thread (so the case is answered, and the yardstick counts it), and the next sync finds it again
 * without storing it twice (it has the platform's id).
 *
 * A channel that cannot reply through its API (a feed, or a platform that forbids it): the agent
 * answers on the platform itself, and the sync links that answer to the case when it arrives.
 */

export interface ReplyAuthor extends CaseActor {
  initials: string | null;
}

export type ReplyProblem =
  | { problem: 'not_found' }
  | { problem: 'no_initials' }
  | { problem: 'empty' }
  | { problem: 'unknown_variable'; names: string[] }
  | { problem: 'too_long'; length: number; max: number; platform: string }
  | { problem: 'no_channel' }
  | { problem: 'no_reply' };

export interface Draft {
  /** The text as it will be sent. */
  text: string;
  signature: string;
  length: number;
  maxLength: number | null;
  platform: string;
}

interface ReplyContext {
  caseId: number;
  number: string;
  platform: string;
  accountId: number | null;
  accountPlatformUserId: string | null;
  accountHandle: string | null;
  signatureConvention: string;
  target: {
    messageId: number;
    platformId: string;
    authorId: string;
    authorHandle: string | null;
    authorName: string | null;
  } | null;
}

async function replyContext(
  q: Queryable,
  organisationId: number,
  caseId: number,
): Promise<ReplyContext | null> {
  const [row] = await q.query<{
    id: number;
    number: string;
    platform: string;
    account_id: number | null;
    platform_user_id: string | null;
    handle: string | null;
    signature_convention: string;
    message_id: number | null;
    platform_id: string | null;
    author_id: string | null;
    author_handle: string | null;
    author_name: string | null;
  }>(
    `SELECT c.id, c.number, c.platform, c.account_id, a.platform_user_id, a.handle, o.signature_convention,
       t.id AS message_id, t.platform_id, t.author_id, t.author_handle, t.author_name
     FROM cases c
     JOIN organisations o ON o.id = c.organisation_id
     LEFT JOIN accounts a ON a.id = c.account_id
     LEFT JOIN LATERAL (
       SELECT m.id, m.platform_id, m.author_id, m.author_handle, m.author_name
       FROM case_messages cm JOIN messages m ON m.id = cm.message_id
       WHERE cm.case_id = c.id ORDER BY m.created_at DESC, m.id DESC LIMIT 1
     ) t ON true
     WHERE c.id = $1 AND c.organisation_id = $2`,
    [caseId, organisationId],
  );
  if (!row) return null;
  return {
    caseId: row.id,
    number: row.number,
    platform: row.platform,
    accountId: row.account_id,
    accountPlatformUserId: row.platform_user_id,
    accountHandle: row.handle,
    signatureConvention: row.signature_convention,
    target:
      row.message_id !== null && row.platform_id !== null && row.author_id !== null
        ? {
            messageId: row.message_id,
            platformId: row.platform_id,
            authorId: row.author_id,
            authorHandle: row.author_handle,
            authorName: row.author_name,
          }
        : null,
  };
}

/** What the account's channel can do, without asking the platform; null when it has no channel. */
async function capabilitiesOf(
  db: Db,
  box: SecretBox,
  accountId: number | null,
): Promise<ChannelCapabilities | null> {
  if (accountId === null) return null;
  const connection = await loadConnection(db, box, accountId);
  return connection ? openChannel(db, box, connection).capabilities : null;
}

function draftOf(context: ReplyContext, text: string, author: ReplyAuthor, maxLength: number | null) {
  const signature = author.initials
    ? formatSignature(context.signatureConvention, { initials: author.initials, name: author.name })
    : '';
  const citizen = context.target?.authorName || context.target?.authorHandle || '';
  const filled = fillVariables(text, { naam: citizen, zaaknummer: context.number });
  const final = signedText(filled, signature);
  return {
    text: final,
    signature,
    length: textLength(context.platform, final),
    maxLength,
    platform: context.platform,
  };
}

/**
 * The reply as it would go out, and what stands in its way. The composer shows this; `sendReply`
 * refuses what it refuses.
 */
export async function draftReply(
  db: Db,
  box: SecretBox,
  organisationId: number,
  caseId: number,
  text: string,
  author: ReplyAuthor,
): Promise<{ draft: Draft | null; problems: ReplyProblem[] }> {
  const { draft, problems } = await prepareReply(db, box, organisationId, caseId, text, author);
  return { draft, problems };
}

/** The draft with the case it answers (what `sendReply` goes on with). */
async function prepareReply(
  db: Db,
  box: SecretBox,
  organisationId: number,
  caseId: number,
  text: string,
  author: ReplyAuthor,
): Promise<{ context: ReplyContext | null; draft: Draft | null; problems: ReplyProblem[] }> {
  const context = await replyContext(db, organisationId, caseId);
  if (!context) return { context: null, draft: null, problems: [{ problem: 'not_found' }] };
  const capabilities = await capabilitiesOf(db, box, context.accountId);
  const draft = draftOf(context, text, author, capabilities?.maxLength ?? null);
  const problems: ReplyProblem[] = [];
  if (!capabilities) problems.push({ problem: 'no_channel' });
  else if (!capabilities.reply) problems.push({ problem: 'no_reply' });
  if (!author.initials) problems.push({ problem: 'no_initials' });
  if (text.trim() === '') problems.push({ problem: 'empty' });
  const unknown = unknownVariables(text);
  if (unknown.length > 0) problems.push({ problem: 'unknown_variable', names: unknown });
  if (draft.maxLength !== null && draft.length > draft.maxLength)
    problems.push({
      problem: 'too_long',
      length: draft.length,
      max: draft.maxLength,
      platform: context.platform,
    });
  return { context, draft, problems };
}

export type SendOutcome =
  | { ok: true; replyId: number; url: string | null }
  | { ok: false; problems: ReplyProblem[] }
  | { ok: false; failed: { replyId: number; kind: ChannelErrorKind; message: string } }
  /** Another attempt at the same reply is under way. */
  | { ok: false; busy: true };

/** Where the case goes once the reply is sent: waiting for the citizen (the default) or resolved. */
export type AfterReply = 'wacht' | 'opgelost';

export async function sendReply(
  db: Db,
  box: SecretBox,
  request: { organisationId: number; caseId: number; text: string; author: ReplyAuthor; after?: AfterReply },
): Promise<SendOutcome> {
  const { context, draft, problems } = await prepareReply(
    db,
    box,
    request.organisationId,
    request.caseId,
    request.text,
    request.author,
  );
  if (!context || !draft || problems.length > 0) return { ok: false, problems };
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO case_replies (case_id, in_reply_to_message_id, account_id, author_id, author_name, text,
       idempotency_key, state)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'sending') RETURNING id`,
    [
      request.caseId,
      context.target?.messageId ?? null,
      context.accountId,
      request.author.userId,
      request.author.name,
      draft.text,
      randomUUID(),
    ],
  );
  return attempt(db, box, request.organisationId, Number(row?.id), request.author, request.after ?? 'wacht');
}

/**
 * Tries a failed reply again (or one whose attempt was cut off), with the same text and key.
 * Only one attempt runs at a time: a second click while one is under way changes nothing.
 */
export async function retryReply(
  db: Db,
  box: SecretBox,
  request: {
    organisationId: number;
    caseId: number;
    replyId: number;
    author: ReplyAuthor;
    after?: AfterReply;
  },
): Promise<SendOutcome> {
  const [found] = await db.query<{ state: string }>(
    `SELECT r.state FROM case_replies r JOIN cases c ON c.id = r.case_id
     WHERE r.id = $1 AND r.case_id = $2 AND c.organisation_id = $3`,
    [request.replyId, request.caseId, request.organisationId],
  );
  if (!found) return { ok: false, problems: [{ problem: 'not_found' }] };
  if (found.state === 'sent') return { ok: true, replyId: request.replyId, url: null };
  return attempt(db, box, request.organisationId, request.replyId, request.author, request.after ?? 'wacht');
}

/** A reply whose attempt has said nothing for this long is taken to be cut off (a crash). */
const ATTEMPT_LEASE_SECONDS = 120;

async function attempt(
  db: Db,
  box: SecretBox,
  organisationId: number,
  replyId: number,
  author: ReplyAuthor,
  after: AfterReply,
): Promise<SendOutcome> {
  // Claim the attempt: a new reply (no attempt yet), a failed one, or one cut off.
  const [claimed] = await db.query<{
    case_id: number;
    text: string;
    idempotency_key: string;
    account_id: number | null;
  }>(
    `UPDATE case_replies SET attempts = attempts + 1, state = 'sending', updated_at = now()
     WHERE id = $1 AND (state = 'failed' OR (state = 'sending' AND (attempts = 0
       OR updated_at < now() - make_interval(secs => $2))))
     RETURNING case_id, text, idempotency_key, account_id`,
    [replyId, ATTEMPT_LEASE_SECONDS],
  );
  if (!claimed) return { ok: false, busy: true };
  const context = (await replyContext(db, organisationId, claimed.case_id)) as ReplyContext;
  const connection = claimed.account_id !== null ? await loadConnection(db, box, claimed.account_id) : null;
  let sent: SentPost;
  try {
    if (!connection || !context.target) throw new Error('the case has no channel to reply through');
    const channel = openChannel(db, box, connection);
    if (!channel.reply) throw new Error(`${connection.platform} does not allow replies through its API`);
    sent = await channel.reply(
      { platformId: context.target.platformId, authorHandle: context.target.authorHandle },
      claimed.text,
      { idempotencyKey: claimed.idempotency_key },
    );
  } catch (error) {
    const failure = asChannelError(error, 'reply');
    await db.transaction(async (tx) => {
      await tx.execute(
        `UPDATE case_replies SET state = 'failed', error_kind = $2, error_text = $3, updated_at = now() WHERE id = $1`,
        [replyId, failure.kind, failure.message.slice(0, 2000)],
      );
      await recordCaseEvent(tx, organisationId, caseRef(context), author, 'reply_failed', {
        replyId,
        kind: failure.kind,
        reason: ERROR_KIND_DUTCH[failure.kind],
        message: failure.message.slice(0, 500),
      });
    });
    return { ok: false, failed: { replyId, kind: failure.kind, message: failure.message } };
  }
  await db.transaction(async (tx) => {
    await tx.execute(
      `UPDATE case_replies SET state = 'sent', platform_id = $2, url = $3, sent_at = $4, error_kind = NULL,
         error_text = NULL, updated_at = now() WHERE id = $1`,
      [replyId, sent.platformId, sent.url, sent.createdAt],
    );
    await recordCaseEvent(tx, organisationId, caseRef(context), author, 'replied', {
      replyId,
      url: sent.url,
    });
  });
  // The answer as the organisation's own message in the thread: the case is answered by it.
  await storeSent(db, {
    ok: true,
    location: `reply ${replyId}`,
    record: { type: 'message', message: sentMessage(context, claimed.text, sent) },
  });
  await db.execute(
    'UPDATE case_replies r SET message_id = m.id FROM messages m WHERE r.id = $1 AND m.platform = $2 AND m.platform_id = $3',
    [replyId, context.platform, sent.platformId],
  );
  if (after === 'opgelost') {
    const [current] = await db.query<{ version: number; status: string }>(
      'SELECT version, status FROM cases WHERE id = $1',
      [context.caseId],
    );
    if (current && current.status !== 'opgelost' && current.status !== 'gesloten')
      await setCaseStatus(db, organisationId, context.caseId, 'opgelost', current.version, author);
  }
  return { ok: true, replyId, url: sent.url };
}

/**
 * Stores sent replies through the ingest pipeline, many at a time: a reply waits for the batch
 * under way and then goes with every reply that came meanwhile (group commit). The pipeline
 * stores one batch at a time anyway; one run for twenty replies costs about what one costs.
 */
interface StoreQueue {
  waiting: { record: Parsed; done: (error?: unknown) => void }[];
  running: boolean;
}
const queues = new WeakMap<Db, StoreQueue>();

function storeSent(db: Db, record: Parsed): Promise<void> {
  let queue = queues.get(db);
  if (!queue) {
    queue = { waiting: [], running: false };
    queues.set(db, queue);
  }
  const q = queue;
  return new Promise<void>((resolve, reject) => {
    q.waiting.push({ record, done: (error) => (error === undefined ? resolve() : reject(error)) });
    if (!q.running) void drain(db, q);
  });
}

async function drain(db: Db, queue: StoreQueue): Promise<void> {
  queue.running = true;
  try {
    while (queue.waiting.length > 0) {
      const batch = queue.waiting.splice(0);
      try {
        await ingest(db, recordsSource(batch.map((b) => b.record)), {
          sourceKind: 'sync',
          source: 'replies from Meetlat',
          sourceSha256: null,
        });
        for (const b of batch) b.done();
      } catch (error) {
        for (const b of batch) b.done(error ?? new Error('storing the reply failed'));
      }
    }
  } finally {
    queue.running = false;
  }
}

function sentMessage(context: ReplyContext, text: string, sent: SentPost): MessageInput {
  return {
    platform: context.platform,
    platformId: sent.platformId,
    author: { id: context.accountPlatformUserId ?? '', handle: context.accountHandle, name: null },
    createdAt: sent.createdAt,
    text,
    language: 'nl',
    kind: 'reply',
    inReplyTo: context.target ? { id: context.target.platformId, authorId: context.target.authorId } : null,
    repostOf: null,
    quoteOf: null,
    recipientId: null,
    mentions: null,
    hashtags: null,
    counts: { reposts: null, likes: null, replies: null },
    url: sent.url,
    payload: { format: 'meetlat-reply', raw: JSON.stringify({ ...sent, text }) },
  };
}

const caseRef = (context: ReplyContext) => ({ id: context.caseId, number: context.number });
