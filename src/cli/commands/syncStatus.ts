import { adapterFor } from '../../channels/registry.ts';
import { FAILURE_DUTCH, type Failure } from '../../ingest/sync.ts';
import { loadConnection } from '../../store/connections.ts';
import type { Db } from '../../store/db.ts';
import { loadSecretBox } from '../../store/secretBox.ts';
import { connectionStatuses } from '../../store/syncRuns.ts';

/**
 * How the connected accounts stand, as `sync status` and `accounts list` print it: the last
 * success, the last error in plain words (Dutch, with the platform's own words after it),
 * messages read, the next sync, and the read budget left where a platform bills reads.
 */
export async function connectionList(db: Db, ids?: readonly number[]) {
  const rows = await connectionStatuses(db, ids);
  if (rows.length === 0) return [];
  const box = loadSecretBox(db.location);
  const now = new Date();
  const list = [];
  for (const row of rows) {
    const failing =
      row.last_error_at !== null && (row.last_success_at === null || row.last_error_at > row.last_success_at);
    list.push({
      account_id: row.account_id,
      account: `${row.platform}:${row.handle}`,
      platform: row.platform,
      handle: row.handle,
      platform_user_id: row.platform_user_id,
      display_name: row.display_name,
      relation: row.relation,
      organisation: row.organisation,
      enabled: row.enabled,
      state: !row.enabled
        ? 'uit'
        : failing
          ? 'fout'
          : row.last_success_at
            ? 'ok'
            : 'nog niet gesynchroniseerd',
      sync_interval_minutes: row.sync_interval_minutes,
      last_attempt_at: row.last_attempt_at?.toISOString() ?? null,
      last_success_at: row.last_success_at?.toISOString() ?? null,
      last_error_at: row.last_error_at?.toISOString() ?? null,
      last_error_kind: row.last_error_kind,
      last_error: row.last_error_kind
        ? `${FAILURE_DUTCH[row.last_error_kind as Failure['kind']] ?? row.last_error_kind}: ${row.last_error}`
        : null,
      failures_in_a_row: row.failures,
      next_sync_at: row.next_sync_at.toISOString(),
      messages_read: row.messages_read,
      messages_stored: row.messages_stored,
      messages_sent_in_store: row.messages_in_store,
      last_sync: row.last_sync,
      budget: await budgetOf(db, box, row.account_id, row.platform, now),
    });
  }
  return list;
}

async function budgetOf(
  db: Db,
  box: ReturnType<typeof loadSecretBox>,
  accountId: number,
  platform: string,
  now: Date,
) {
  const adapter = adapterFor(platform);
  const connection = await loadConnection(db, box, accountId).catch(() => null);
  if (!connection) return null;
  try {
    const channel = adapter.create(adapter.parseSettings(connection.settings), connection.openSecrets(), {
      async saveSecrets() {},
    });
    const budget = channel.budget?.(connection.cursor, now) ?? null;
    return budget
      ? { ...budget, left: Math.max(0, budget.limit - budget.used), resetsAt: budget.resetsAt.toISOString() }
      : null;
  } catch {
    return null;
  }
}
