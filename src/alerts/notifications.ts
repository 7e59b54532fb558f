import type { Queryable } from '../store/db.ts';
import type { NotificationMessage } from './texts.ts';

/**
 * Notifications in the app: an organisation's, as one user may see them (those of shared saved
 * searches and of their own private ones), newest first, with whether they read each and how
 * many they have not. `message` gives the figures to show a notification in another language
 * (`notificationText` in texts.ts); `title` and `body` are the Dutch text as made.
 */
export interface NotificationItem {
  id: number;
  createdAt: Date;
  title: string;
  body: string;
  message: NotificationMessage;
  read: boolean;
  searchId: number;
  searchName: string;
  ruleId: number;
  episode: { id: number; startedAt: Date; lastSeenAt: Date; endedAt: Date | null; messageCount: number };
}

interface Row {
  id: number;
  created_at: Date;
  title: string;
  body: string;
  message: NotificationMessage;
  read: boolean;
  search_id: number;
  search_name: string;
  rule_id: number;
  episode_id: number;
  started_at: Date;
  last_seen_at: Date;
  ended_at: Date | null;
  message_count: number;
}

/** Who may see a notification of `n`'s organisation: `$2` is the user. */
const VISIBLE = `JOIN alert_episodes e ON e.id = n.episode_id JOIN alert_rules r ON r.id = e.rule_id
  JOIN saved_searches s ON s.id = r.search_id
  WHERE n.organisation_id = $1 AND s.organisation_id = $1 AND (s.shared OR s.owner_id = $2)`;

export async function listNotifications(
  q: Queryable,
  organisationId: number,
  userId: number,
  page: { limit: number; beforeId?: number } = { limit: 50 },
): Promise<{ unread: number; notifications: NotificationItem[] }> {
  const rows = await q.query<Row>(
    `SELECT n.id, n.created_at, n.title, n.body, n.message,
       EXISTS (SELECT 1 FROM notification_reads nr WHERE nr.notification_id = n.id AND nr.user_id = $2) AS read,
       s.id AS search_id, s.name AS search_name, r.id AS rule_id, e.id AS episode_id, e.started_at,
       e.last_seen_at, e.ended_at, e.message_count
     FROM notifications n ${VISIBLE} AND ($4::bigint IS NULL OR n.id < $4)
     ORDER BY n.id DESC LIMIT $3`,
    [organisationId, userId, page.limit, page.beforeId ?? null],
  );
  return {
    unread: await unreadNotifications(q, organisationId, userId),
    notifications: rows.map((r) => ({
      id: Number(r.id),
      createdAt: r.created_at,
      title: r.title,
      body: r.body,
      message: r.message,
      read: r.read,
      searchId: Number(r.search_id),
      searchName: r.search_name,
      ruleId: Number(r.rule_id),
      episode: {
        id: Number(r.episode_id),
        startedAt: r.started_at,
        lastSeenAt: r.last_seen_at,
        endedAt: r.ended_at,
        messageCount: r.message_count,
      },
    })),
  };
}

/** How many notifications the user may see and has not read (for a badge). */
export async function unreadNotifications(
  q: Queryable,
  organisationId: number,
  userId: number,
): Promise<number> {
  const [row] = await q.query<{ n: number }>(
    `SELECT count(*)::integer AS n FROM notifications n ${VISIBLE}
       AND NOT EXISTS (SELECT 1 FROM notification_reads nr WHERE nr.notification_id = n.id AND nr.user_id = $2)`,
    [organisationId, userId],
  );
  return row?.n ?? 0;
}

/** Marks one notification read for the user; false when they may not see it (or it does not exist). */
export async function markNotificationRead(
  q: Queryable,
  organisationId: number,
  userId: number,
  notificationId: number,
): Promise<boolean> {
  const [row] = await q.query<{ id: number }>(`SELECT n.id FROM notifications n ${VISIBLE} AND n.id = $3`, [
    organisationId,
    userId,
    notificationId,
  ]);
  if (!row) return false;
  await q.execute(
    `INSERT INTO notification_reads (notification_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [notificationId, userId],
  );
  return true;
}

/** Marks every notification the user may see read; returns how many were unread. */
export async function markAllNotificationsRead(
  q: Queryable,
  organisationId: number,
  userId: number,
): Promise<number> {
  return q.execute(
    `INSERT INTO notification_reads (notification_id, user_id)
     SELECT n.id, $2 FROM notifications n ${VISIBLE}
     ON CONFLICT DO NOTHING`,
    [organisationId, userId],
  );
}
