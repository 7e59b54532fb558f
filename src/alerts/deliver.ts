import type { Mailer } from '../server/mail.ts';
import type { Db } from '../store/db.ts';
import type { SecretBox } from '../store/secretBox.ts';
import { webhookBinding } from './ruleStore.ts';
import { alertEmail } from './texts.ts';
import { callWebhook } from './webhook.ts';

/**
 * Sends the deliveries that are due: each e-mail through the `Mailer`, each webhook as a signed
 * JSON POST (webhook.ts). A delivery is claimed first (its next attempt moved on by `LEASE_MS`,
 * in a statement that skips deliveries another sender holds), so two senders never send the
 * same one at once; one that dies mid-send leaves it to be tried again after the lease. A failure
 * is retried with exponential backoff (30 s, 1 min, 2 min … at most 6 h apart) until it succeeds:
 * a notification is never lost. A receiver sees the same event id on every attempt (so a
 * repeat after a lost answer can be recognised); after a success it is never sent again.
 *
 * Without a mailer (no `MEETLAT_SMTP_URL`) e-mails are marked `skipped`. A webhook call goes to
 * the rule's address as it is when sent, signed with its secret then; one whose webhook was
 * removed from the rule since is `cancelled`.
 */
export interface DeliveryOptions {
  box: SecretBox;
  mailer: Mailer | null;
  now?: Date;
  /** Only this organisation's deliveries. */
  organisationId?: number | null;
  /** The address of the web app, for links in e-mails (`MEETLAT_PUBLIC_URL`). */
  publicUrl?: string | null;
  timeoutMs?: number;
  /** Deliveries claimed at a time. */
  batch?: number;
}

export interface DeliverySummary {
  sent: number;
  failed: number;
  skipped: number;
}

export const LEASE_MS = 10 * 60_000;
const BACKOFF_FIRST_MS = 30_000;
const BACKOFF_MAX_MS = 6 * 3_600_000;

/** The wait after the `attempts`-th failed attempt. */
export function backoff(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, Math.min(attempts - 1, 20)));
}

interface Claimed {
  id: number;
  channel: 'email' | 'webhook';
  target: string;
  event_id: string;
  payload: string | null;
  attempts: number;
  title: string;
  body: string;
  organisation_id: number;
  organisation_name: string;
  organisation_code: string;
  search_id: number;
  search_name: string;
  rule_id: number;
  webhook_url: string | null;
  webhook_secret: Uint8Array | null;
}

export async function deliverPending(db: Db, options: DeliveryOptions): Promise<DeliverySummary> {
  const summary: DeliverySummary = { sent: 0, failed: 0, skipped: 0 };
  const now = options.now ?? new Date();
  for (;;) {
    const claimed = await claim(db, now, options.organisationId ?? null, options.batch ?? 20);
    for (const delivery of claimed) {
      const outcome = await send(delivery, options, now);
      await record(db, delivery, outcome, now);
      summary[outcome.status === 'sent' ? 'sent' : outcome.status === 'retry' ? 'failed' : 'skipped']++;
    }
    if (claimed.length < (options.batch ?? 20)) return summary;
  }
}

async function claim(db: Db, now: Date, organisationId: number | null, batch: number): Promise<Claimed[]> {
  return db.query<Claimed>(
    `WITH due AS (
       SELECT d.id FROM alert_deliveries d JOIN notifications n ON n.id = d.notification_id
       WHERE d.status = 'pending' AND d.next_attempt_at <= $1
         AND ($2::bigint IS NULL OR n.organisation_id = $2)
       ORDER BY d.next_attempt_at, d.id LIMIT $3
       FOR UPDATE OF d SKIP LOCKED
     ), claimed AS (
       UPDATE alert_deliveries d SET attempts = d.attempts + 1, last_attempt_at = $1,
         next_attempt_at = $1::timestamptz + make_interval(secs => $4)
       FROM due WHERE d.id = due.id
       RETURNING d.id, d.channel, d.target, d.event_id::text AS event_id, d.payload, d.attempts, d.notification_id
     )
     SELECT c.id, c.channel, c.target, c.event_id, c.payload, c.attempts, n.title, n.body,
       n.organisation_id, coalesce(o.display_name, o.name) AS organisation_name, o.code AS organisation_code,
       s.id AS search_id, s.name AS search_name, r.id AS rule_id, r.webhook_url, r.webhook_secret
     FROM claimed c JOIN notifications n ON n.id = c.notification_id
       JOIN alert_episodes e ON e.id = n.episode_id JOIN alert_rules r ON r.id = e.rule_id
       JOIN saved_searches s ON s.id = r.search_id JOIN organisations o ON o.id = n.organisation_id
     ORDER BY c.id`,
    [now, organisationId, batch, LEASE_MS / 1000],
  );
}

type Outcome =
  | { status: 'sent' }
  | { status: 'retry'; error: string }
  | { status: 'skipped' | 'cancelled'; error: string };

async function send(delivery: Claimed, options: DeliveryOptions, now: Date): Promise<Outcome> {
  try {
    if (delivery.channel === 'email') {
      if (!options.mailer) return { status: 'skipped', error: 'no mail server set (MEETLAT_SMTP_URL)' };
      // The saved search's dashboard (src/server/routes/listeningDashboard.ts).
      const url = options.publicUrl
        ? `${options.publicUrl}/o/${encodeURIComponent(delivery.organisation_code)}/luisteren/${delivery.search_id}`
        : null;
      const mail = alertEmail(
        { title: delivery.title, body: delivery.body },
        { organisation: delivery.organisation_name, search: delivery.search_name, url },
      );
      await options.mailer.send({ to: delivery.target, subject: mail.subject, text: mail.text });
      return { status: 'sent' };
    }
    if (!delivery.webhook_url || !delivery.webhook_secret || !delivery.payload) {
      return { status: 'cancelled', error: 'the webhook was removed from the alert' };
    }
    const secret = options.box.openBound(
      delivery.webhook_secret,
      webhookBinding(Number(delivery.rule_id)),
      `the webhook secret of alert ${delivery.rule_id}`,
    );
    // The rule's address now: a corrected address gets what is still to be delivered.
    await callWebhook(delivery.webhook_url, delivery.payload, {
      secret,
      eventId: delivery.event_id,
      now,
      timeoutMs: options.timeoutMs ?? 10_000,
    });
    return { status: 'sent' };
  } catch (error) {
    return { status: 'retry', error: (error as Error).message.slice(0, 500) };
  }
}

async function record(db: Db, delivery: Claimed, outcome: Outcome, now: Date): Promise<void> {
  if (outcome.status === 'sent') {
    await db.execute(
      `UPDATE alert_deliveries SET status = 'sent', sent_at = $2, last_error = NULL WHERE id = $1`,
      [delivery.id, now],
    );
  } else if (outcome.status === 'retry') {
    await db.execute(
      `UPDATE alert_deliveries SET next_attempt_at = $2, last_error = $3 WHERE id = $1 AND status = 'pending'`,
      [delivery.id, new Date(now.getTime() + backoff(delivery.attempts)), outcome.error],
    );
  } else {
    await db.execute(`UPDATE alert_deliveries SET status = $2, last_error = $3 WHERE id = $1`, [
      delivery.id,
      outcome.status,
      outcome.error,
    ]);
  }
}
