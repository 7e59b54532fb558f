import { randomUUID } from 'node:crypto';
import { appendAudit } from '../store/audit.ts';
import type { Queryable } from '../store/db.ts';
import type { RuleSettings } from './rules.ts';
import { type NotificationMessage, notificationText } from './texts.ts';

/**
 * Episodes in the store: loaded for a rule's evaluation, and written back when they changed. An
 * episode that is new gets its one notification and its deliveries (an e-mail per address, the
 * webhook call) in the same transaction, so an episode is never told twice nor left untold. The
 * system's changes are audited (`alert.episode.start`, `alert.episode.end`, actor `system`).
 */
export interface RuleContext {
  id: number;
  organisationId: number;
  organisationCode: string;
  organisationName: string;
  searchId: number;
  searchName: string;
  query: string;
  platforms: string[];
  settings: RuleSettings;
  emailTo: string[];
  webhookUrl: string | null;
  createdAt: Date;
}

export interface EpisodeRecord {
  id: number | null;
  startedAt: Date;
  lastSeenAt: Date;
  endedAt: Date | null;
  startCount: number;
  startBaseline: number | null;
  startThreshold: number | null;
  peakCount: number;
  messageCount: number;
  /** Spike: the count of each spike window, by window number. */
  windowCounts: Record<string, number>;
  /** Term: the terms that matched. */
  terms: string[];
}

interface Row {
  id: number;
  started_at: Date;
  last_seen_at: Date;
  ended_at: Date | null;
  start_count: number;
  start_baseline: number | null;
  start_threshold: number | null;
  peak_count: number;
  message_count: number;
  window_counts: Record<string, number>;
  terms: string[];
}

export async function loadOpenEpisode(q: Queryable, ruleId: number): Promise<EpisodeRecord | null> {
  const [row] = await q.query<Row>(
    `SELECT id, started_at, last_seen_at, ended_at, start_count, start_baseline, start_threshold,
       peak_count, message_count, window_counts, terms
     FROM alert_episodes WHERE rule_id = $1 AND ended_at IS NULL FOR UPDATE`,
    [ruleId],
  );
  if (!row) return null;
  return {
    id: Number(row.id),
    startedAt: row.started_at,
    lastSeenAt: row.last_seen_at,
    endedAt: row.ended_at,
    startCount: row.start_count,
    startBaseline: row.start_baseline,
    startThreshold: row.start_threshold,
    peakCount: row.peak_count,
    messageCount: row.message_count,
    windowCounts: row.window_counts,
    terms: row.terms,
  };
}

/** When the rule's last episode ended (null: it has had none, or one is open). */
export async function lastEnded(q: Queryable, ruleId: number): Promise<Date | null> {
  const [row] = await q.query<{ at: Date | null }>(
    'SELECT max(ended_at) AS at FROM alert_episodes WHERE rule_id = $1',
    [ruleId],
  );
  return row?.at ?? null;
}

export interface Written {
  opened: number;
  closed: number;
  notifications: number;
  deliveries: number;
}

export const NOTHING: Written = { opened: 0, closed: 0, notifications: 0, deliveries: 0 };

export function addWritten(total: Written, more: Written): void {
  total.opened += more.opened;
  total.closed += more.closed;
  total.notifications += more.notifications;
  total.deliveries += more.deliveries;
}

/** How far a rule has looked (`alert_state`, migration 006). */
export interface State {
  started_at: Date;
  evaluated_at: Date;
  next_window: number | null;
  baseline_mean: number | null;
  baseline_variance: number | null;
  baseline_slots: [number, number][];
  excluded_run: number;
  through_message_id: number | null;
}

/**
 * Writes an episode: a new one (id null) with its notification `message`, or the changes to an
 * open one (`before` as loaded).
 */
export async function saveEpisode(
  q: Queryable,
  rule: RuleContext,
  episode: EpisodeRecord,
  before: EpisodeRecord | null,
  message: NotificationMessage,
  now: Date,
): Promise<Written> {
  const written: Written = { opened: 0, closed: 0, notifications: 0, deliveries: 0 };
  if (episode.id === null) {
    const [row] = await q.query<{ id: number }>(
      `INSERT INTO alert_episodes (rule_id, started_at, last_seen_at, ended_at, opened_at, start_count,
         start_baseline, start_threshold, peak_count, message_count, window_counts, terms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12) RETURNING id`,
      [
        rule.id,
        episode.startedAt,
        episode.lastSeenAt,
        episode.endedAt,
        now,
        episode.startCount,
        episode.startBaseline,
        episode.startThreshold,
        episode.peakCount,
        episode.messageCount,
        JSON.stringify(episode.windowCounts),
        episode.terms,
      ],
    );
    episode.id = Number(row?.id);
    written.opened = 1;
    await audit(q, rule, 'alert.episode.start', episode, message);
    written.deliveries = await notify(q, rule, episode, message, now);
    written.notifications = 1;
  } else if (before && JSON.stringify(episode) !== JSON.stringify(before)) {
    await q.execute(
      `UPDATE alert_episodes SET last_seen_at = $2, ended_at = $3, peak_count = $4, message_count = $5,
         window_counts = $6::jsonb, terms = $7
       WHERE id = $1`,
      [
        episode.id,
        episode.lastSeenAt,
        episode.endedAt,
        episode.peakCount,
        episode.messageCount,
        JSON.stringify(episode.windowCounts),
        episode.terms,
      ],
    );
  }
  if (episode.endedAt !== null && before?.endedAt == null) {
    written.closed = 1;
    await audit(q, rule, 'alert.episode.end', episode, null);
  }
  return written;
}

async function audit(
  q: Queryable,
  rule: RuleContext,
  action: string,
  episode: EpisodeRecord,
  message: NotificationMessage | null,
): Promise<void> {
  await appendAudit(q, {
    userId: null,
    actor: 'system',
    organisationId: rule.organisationId,
    action,
    target: `alert:${rule.id}`,
    details: {
      episode: episode.id,
      search: rule.searchId,
      started_at: episode.startedAt.toISOString(),
      ...(message ? { message } : {}),
      ...(episode.endedAt
        ? { ended_at: episode.endedAt.toISOString(), peak: episode.peakCount, messages: episode.messageCount }
        : {}),
    },
  });
}

/** The episode's notification and its deliveries; returns how many deliveries were made. */
async function notify(
  q: Queryable,
  rule: RuleContext,
  episode: EpisodeRecord,
  message: NotificationMessage,
  now: Date,
): Promise<number> {
  const text = notificationText('nl', message);
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO notifications (organisation_id, episode_id, created_at, title, body, message)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING id`,
    [rule.organisationId, episode.id, now, text.title, text.body, JSON.stringify(message)],
  );
  const notificationId = Number(row?.id);
  const deliveries: {
    channel: 'email' | 'webhook';
    target: string;
    payload: string | null;
    event: string;
  }[] = rule.emailTo.map((address) => ({
    channel: 'email',
    target: address,
    payload: null,
    event: randomUUID(),
  }));
  if (rule.webhookUrl) {
    const event = randomUUID();
    const payload = {
      id: event,
      type: 'alert.episode.started',
      created_at: now.toISOString(),
      organisation: { code: rule.organisationCode, name: rule.organisationName },
      search: { id: rule.searchId, name: rule.searchName },
      rule: { id: rule.id, kind: rule.settings.kind },
      episode: {
        id: episode.id,
        started_at: episode.startedAt.toISOString(),
        count: episode.startCount,
        baseline: episode.startBaseline,
        threshold: episode.startThreshold,
        ...(rule.settings.kind === 'spike'
          ? { window_minutes: rule.settings.windowMinutes }
          : { terms: episode.terms }),
      },
      notification: { id: notificationId, title: text.title, body: text.body },
    };
    deliveries.push({ channel: 'webhook', target: rule.webhookUrl, payload: JSON.stringify(payload), event });
  }
  for (const d of deliveries) {
    await q.execute(
      `INSERT INTO alert_deliveries (notification_id, channel, target, event_id, payload, created_at, next_attempt_at)
       VALUES ($1, $2, $3, $4::uuid, $5, $6, $6) ON CONFLICT (notification_id, channel, target) DO NOTHING`,
      [notificationId, d.channel, d.target, d.event, d.payload, now],
    );
  }
  return deliveries.length;
}
