import type { AccountInput } from '../ingest/records.ts';
import { upsertAccounts } from './accounts.ts';
import type { Db, Queryable } from './db.ts';
import type { SecretBox } from './secretBox.ts';

/**
 * Channel connections (migration 003): which accounts are read through an adapter, with what
 * settings and (sealed) secrets, where their cursor stands, and how their syncs went.
 */
export interface Connection {
  accountId: number;
  platform: string;
  platformUserId: string;
  handle: string;
  organisationCode: string | null;
  settings: unknown;
  /** Opens the sealed secrets; a `SecretKeyError` when the key now set cannot. */
  openSecrets(): Record<string, string>;
  cursor: Record<string, unknown> | null;
  enabled: boolean;
  syncIntervalMinutes: number;
  nextSyncAt: Date;
  nextSnapshotAt: Date;
  failures: number;
}

/** Creates or updates the account and connects it; a reconnected account starts afresh. */
export async function connectAccount(
  db: Db,
  box: SecretBox,
  input: {
    account: AccountInput;
    settings: unknown;
    secrets: Record<string, string>;
    syncIntervalMinutes: number;
  },
): Promise<number> {
  return db.transaction(async (tx) => {
    await upsertAccounts(tx, [input.account]);
    const [row] = await tx.query<{ id: number }>(
      'SELECT id FROM accounts WHERE platform = $1 AND platform_user_id = $2',
      [input.account.platform, input.account.platformUserId],
    );
    if (!row) throw new Error(`account ${input.account.platform}:${input.account.handle} was not stored`);
    await tx.execute(
      `INSERT INTO channel_connections (account_id, settings, secrets, secrets_key, sync_interval_minutes)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account_id) DO UPDATE SET settings = EXCLUDED.settings, secrets = EXCLUDED.secrets,
         secrets_key = EXCLUDED.secrets_key, sync_interval_minutes = EXCLUDED.sync_interval_minutes,
         enabled = true, failures = 0, next_sync_at = now(), next_snapshot_at = now(),
         last_error_at = NULL, last_error_kind = NULL, last_error = NULL`,
      [
        row.id,
        JSON.stringify(input.settings),
        box.seal(input.secrets, row.id),
        box.keyId,
        input.syncIntervalMinutes,
      ],
    );
    return row.id;
  });
}

interface ConnectionRow {
  account_id: number;
  platform: string;
  platform_user_id: string;
  handle: string;
  organisation_code: string | null;
  settings: unknown;
  secrets: Uint8Array | null;
  secrets_key: string | null;
  cursor: Record<string, unknown> | null;
  enabled: boolean;
  sync_interval_minutes: number;
  next_sync_at: Date;
  next_snapshot_at: Date;
  failures: number;
}

/** One connection; its secrets are opened when asked for. */
export async function loadConnection(
  q: Queryable,
  box: SecretBox,
  accountId: number,
): Promise<Connection | null> {
  const [row] = await q.query<ConnectionRow>(
    `SELECT c.account_id, a.platform, a.platform_user_id, a.handle, o.code AS organisation_code, c.settings,
       c.secrets, c.secrets_key, c.cursor, c.enabled, c.sync_interval_minutes, c.next_sync_at,
       c.next_snapshot_at, c.failures
     FROM channel_connections c JOIN accounts a ON a.id = c.account_id
     LEFT JOIN organisations o ON o.id = a.organisation_id
     WHERE c.account_id = $1`,
    [accountId],
  );
  if (!row) return null;
  return {
    accountId: row.account_id,
    platform: row.platform,
    platformUserId: row.platform_user_id,
    handle: row.handle,
    organisationCode: row.organisation_code,
    settings: row.settings,
    openSecrets: () => (row.secrets ? box.open(row.secrets, row.secrets_key, row.account_id) : {}),
    cursor: row.cursor,
    enabled: row.enabled,
    syncIntervalMinutes: row.sync_interval_minutes,
    nextSyncAt: row.next_sync_at,
    nextSnapshotAt: row.next_snapshot_at,
    failures: row.failures,
  };
}

/**
 * Connected accounts named by `platform:handle`, a handle, or an account id; all when none given.
 * Returns their ids, and the names that matched nothing.
 */
export async function findConnections(
  q: Queryable,
  names: readonly string[],
): Promise<{ ids: number[]; unknown: string[] }> {
  const rows = await q.query<{ account_id: number; platform: string; handle: string }>(
    `SELECT c.account_id, a.platform, a.handle FROM channel_connections c
     JOIN accounts a ON a.id = c.account_id ORDER BY c.account_id`,
  );
  if (names.length === 0) return { ids: rows.map((r) => r.account_id), unknown: [] };
  const ids = new Set<number>();
  const unknown: string[] = [];
  for (const name of names) {
    const wanted = name.toLowerCase().replace(/^@/, '');
    const hits = rows.filter(
      (r) =>
        String(r.account_id) === wanted ||
        r.handle.toLowerCase() === wanted ||
        `${r.platform}:${r.handle.toLowerCase()}` === wanted,
    );
    if (hits.length === 0) unknown.push(name);
    for (const hit of hits) ids.add(hit.account_id);
  }
  return { ids: [...ids], unknown };
}

/** Enabled connections whose next sync is due, with the slot (the moment it was due). */
export async function dueConnections(q: Queryable, now: Date): Promise<{ accountId: number; slot: Date }[]> {
  const rows = await q.query<{ account_id: number; next_sync_at: Date }>(
    `SELECT account_id, next_sync_at FROM channel_connections
     WHERE enabled AND next_sync_at <= $1 ORDER BY next_sync_at, account_id`,
    [now],
  );
  return rows.map((r) => ({ accountId: r.account_id, slot: r.next_sync_at }));
}

/** The earliest next sync of any enabled connection. */
export async function nextDue(q: Queryable): Promise<Date | null> {
  const [row] = await q.query<{ at: Date | null }>(
    'SELECT min(next_sync_at) AS at FROM channel_connections WHERE enabled',
  );
  return row?.at ?? null;
}

/**
 * Takes the scheduled slot of an account: only when its next sync is still exactly `slot`, so of
 * several workers offered the same slot one takes it. The next sync moves to `leaseUntil` (should
 * the process die mid-sync, the account is due again then); the sync sets the real next moment.
 */
export async function claimSlot(
  q: Queryable,
  accountId: number,
  slot: Date,
  leaseUntil: Date,
): Promise<boolean> {
  // The database keeps microseconds, a JavaScript Date milliseconds: the slot as read is within a
  // millisecond of the one stored.
  const n = await q.execute(
    `UPDATE channel_connections SET next_sync_at = $3, last_attempt_at = now()
     WHERE account_id = $1 AND enabled
       AND next_sync_at > $2::timestamptz - interval '1 millisecond'
       AND next_sync_at < $2::timestamptz + interval '1 millisecond'`,
    [accountId, slot, leaseUntil],
  );
  return n === 1;
}

export async function saveCursor(q: Queryable, accountId: number, cursor: unknown): Promise<void> {
  await q.execute('UPDATE channel_connections SET cursor = $2 WHERE account_id = $1', [
    accountId,
    JSON.stringify(cursor),
  ]);
}

export async function saveSecrets(
  q: Queryable,
  box: SecretBox,
  accountId: number,
  secrets: Record<string, string>,
): Promise<void> {
  await q.execute('UPDATE channel_connections SET secrets = $2, secrets_key = $3 WHERE account_id = $1', [
    accountId,
    box.seal(secrets, accountId),
    box.keyId,
  ]);
}

export interface SyncOutcomeRow {
  ok: boolean;
  nextSyncAt: Date;
  nextSnapshotAt: Date | null;
  failures: number;
  errorKind: string | null;
  error: string | null;
  recordsRead: number;
  stored: number;
}

/** What a sync leaves on the connection: success or the error in plain words, and the next sync. */
export async function recordOutcome(q: Queryable, accountId: number, outcome: SyncOutcomeRow): Promise<void> {
  await q.execute(
    `UPDATE channel_connections SET
       next_sync_at = $2, next_snapshot_at = coalesce($3, next_snapshot_at), failures = $4,
       last_success_at = CASE WHEN $5 THEN now() ELSE last_success_at END,
       last_error_at = CASE WHEN $5 THEN last_error_at ELSE now() END,
       last_error_kind = CASE WHEN $5 THEN last_error_kind ELSE $6 END,
       last_error = CASE WHEN $5 THEN last_error ELSE $7 END,
       messages_read = messages_read + $8, messages_stored = messages_stored + $9
     WHERE account_id = $1`,
    [
      accountId,
      outcome.nextSyncAt,
      outcome.nextSnapshotAt,
      outcome.failures,
      outcome.ok,
      outcome.errorKind,
      outcome.error,
      outcome.recordsRead,
      outcome.stored,
    ],
  );
}

/** Who an account belongs to (by the platform's id), when it is stored at all. */
export async function accountOwner(
  q: Queryable,
  platform: string,
  platformUserId: string,
): Promise<{ accountId: number; organisationCode: string | null } | null> {
  const [row] = await q.query<{ id: number; code: string | null }>(
    `SELECT a.id, o.code FROM accounts a LEFT JOIN organisations o ON o.id = a.organisation_id
     WHERE a.platform = $1 AND a.platform_user_id = $2`,
    [platform, platformUserId],
  );
  return row ? { accountId: Number(row.id), organisationCode: row.code } : null;
}

/** The ids of the connected accounts that belong to an organisation. */
export async function organisationConnectionIds(q: Queryable, organisationId: number): Promise<number[]> {
  const rows = await q.query<{ account_id: number }>(
    `SELECT c.account_id FROM channel_connections c JOIN accounts a ON a.id = c.account_id
     WHERE a.organisation_id = $1 ORDER BY c.account_id`,
    [organisationId],
  );
  return rows.map((r) => Number(r.account_id));
}

/**
 * Pauses (false) or resumes (true) the syncs of an organisation's connected account. Null when
 * the organisation has no such connection; else the account and whether it was enabled before.
 */
export async function setConnectionEnabled(
  q: Queryable,
  organisationId: number,
  accountId: number,
  enabled: boolean,
): Promise<{ platform: string; handle: string; before: boolean } | null> {
  const [row] = await q.query<{ platform: string; handle: string; before: boolean }>(
    `UPDATE channel_connections c SET enabled = $3
     FROM accounts a, (SELECT enabled AS before FROM channel_connections WHERE account_id = $2) old
     WHERE c.account_id = a.id AND a.id = $2 AND a.organisation_id = $1
     RETURNING a.platform, a.handle, old.before`,
    [organisationId, accountId, enabled],
  );
  return row ?? null;
}

/**
 * Makes an organisation's connected account due now, so the worker syncs it at its next look.
 * `queued` when it is; `paused` for a paused account; `running` while a sync of it runs (its
 * lease is the next sync; moving that would start a second sync beside it); null when the
 * organisation has no such connection.
 */
export async function requestSyncNow(
  q: Queryable,
  organisationId: number,
  accountId: number,
): Promise<{ platform: string; handle: string; status: 'queued' | 'paused' | 'running' } | null> {
  const [row] = await q.query<{ platform: string; handle: string; enabled: boolean; running: boolean }>(
    `SELECT a.platform, a.handle, c.enabled,
       EXISTS (SELECT 1 FROM sync_runs r WHERE r.account_id = c.account_id AND r.status = 'running'
               AND r.started_at > now() - interval '1 hour') AS running
     FROM channel_connections c JOIN accounts a ON a.id = c.account_id
     WHERE a.id = $2 AND a.organisation_id = $1`,
    [organisationId, accountId],
  );
  if (!row) return null;
  const account = { platform: row.platform, handle: row.handle };
  if (!row.enabled) return { ...account, status: 'paused' };
  if (row.running) return { ...account, status: 'running' };
  await q.execute(
    'UPDATE channel_connections SET next_sync_at = LEAST(next_sync_at, now()) WHERE account_id = $1',
    [accountId],
  );
  return { ...account, status: 'queued' };
}
