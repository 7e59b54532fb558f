import type { Queryable } from './db.ts';

/**
 * The record of syncs: one `sync_runs` row per sync (who ran it, for which slot, how it ended),
 * and how each connection stands now, for `meetlat sync status` and the channels page.
 */
export async function startSyncRun(
  q: Queryable,
  run: { accountId: number; trigger: 'manual' | 'schedule'; slot: Date | null; worker: string },
): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO sync_runs (account_id, trigger, slot, worker, status) VALUES ($1, $2, $3, $4, 'running')
     RETURNING id`,
    [run.accountId, run.trigger, run.slot, run.worker],
  );
  return row?.id ?? 0;
}

export async function finishSyncRun(
  q: Queryable,
  id: number,
  result: {
    ok: boolean;
    pages: number;
    recordsRead: number;
    stored: number;
    rejected: number;
    billedReads: number;
    errorKind: string | null;
    error: string | null;
  },
): Promise<void> {
  await q.execute(
    `UPDATE sync_runs SET finished_at = now(), status = $2, pages = $3, records_read = $4, stored = $5,
       rejected = $6, billed_reads = $7, error_kind = $8, error = $9
     WHERE id = $1`,
    [
      id,
      result.ok ? 'ok' : 'failed',
      result.pages,
      result.recordsRead,
      result.stored,
      result.rejected,
      result.billedReads,
      result.errorKind,
      result.error,
    ],
  );
}

export interface ConnectionStatusRow {
  account_id: number;
  platform: string;
  handle: string;
  platform_user_id: string;
  display_name: string | null;
  relation: string;
  organisation: string | null;
  enabled: boolean;
  sync_interval_minutes: number;
  next_sync_at: Date;
  failures: number;
  last_attempt_at: Date | null;
  last_success_at: Date | null;
  last_error_at: Date | null;
  last_error_kind: string | null;
  last_error: string | null;
  messages_read: number;
  messages_stored: number;
  messages_in_store: number;
  /** The latest sync run: when, how it ended, what it read, stored and turned away. */
  last_sync: {
    started_at: string;
    finished_at: string | null;
    status: string;
    trigger: string;
    pages: number;
    records_read: number;
    stored: number;
    rejected: number;
    billed_reads: number;
  } | null;
}

/** How each connection (or those named by id) stands, with how many of its messages are stored. */
export async function connectionStatuses(
  q: Queryable,
  ids?: readonly number[],
): Promise<ConnectionStatusRow[]> {
  return q.query<ConnectionStatusRow>(
    `SELECT c.account_id, a.platform, a.handle, a.platform_user_id, a.display_name, a.relation,
       o.code AS organisation, c.enabled, c.sync_interval_minutes, c.next_sync_at, c.failures,
       c.last_attempt_at, c.last_success_at, c.last_error_at, c.last_error_kind, c.last_error,
       c.messages_read, c.messages_stored,
       (SELECT count(*)::integer FROM messages m
        WHERE m.platform = a.platform AND m.author_id = a.platform_user_id) AS messages_in_store,
       (SELECT to_jsonb(r) FROM (
          SELECT started_at, finished_at, status, trigger, pages, records_read, stored, rejected, billed_reads
          FROM sync_runs WHERE account_id = c.account_id ORDER BY id DESC LIMIT 1) r) AS last_sync
     FROM channel_connections c JOIN accounts a ON a.id = c.account_id
     LEFT JOIN organisations o ON o.id = a.organisation_id
     WHERE $1::bigint[] IS NULL OR c.account_id = ANY($1::bigint[])
     ORDER BY a.platform, lower(a.handle)`,
    [ids ? [...ids] : null],
  );
}
