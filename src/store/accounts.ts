import type { AccountInput, SnapshotInput } from '../ingest/records.ts';
import type { Queryable } from './db.ts';

/**
 * Creates or updates accounts by (platform, platform user id). The organisation is looked up by
 * code; an unknown code is an error naming it. A null organisation leaves the stored one.
 * Returns how many accounts were created or changed.
 */
export async function upsertAccounts(q: Queryable, accounts: readonly AccountInput[]): Promise<number> {
  if (accounts.length === 0) return 0;
  const codes = [...new Set(accounts.map((a) => a.organisationCode).filter((c): c is string => c !== null))];
  const orgRows = await q.query<{ id: number; code: string }>(
    'SELECT id, code FROM organisations WHERE code = ANY($1::text[])',
    [codes],
  );
  const orgIds = new Map(orgRows.map((r) => [r.code, r.id]));
  const missing = codes.filter((c) => !orgIds.has(c));
  if (missing.length > 0) throw new Error(`unknown organisation code(s): ${missing.join(', ')}`);
  return q.execute(
    `INSERT INTO accounts AS a (organisation_id, platform, platform_user_id, handle, display_name, relation)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
     ON CONFLICT (platform, platform_user_id) DO UPDATE SET
       organisation_id = COALESCE(EXCLUDED.organisation_id, a.organisation_id),
       handle = EXCLUDED.handle,
       display_name = COALESCE(EXCLUDED.display_name, a.display_name),
       relation = EXCLUDED.relation
     WHERE (a.organisation_id, a.handle, a.display_name, a.relation)
       IS DISTINCT FROM (COALESCE(EXCLUDED.organisation_id, a.organisation_id), EXCLUDED.handle,
                         COALESCE(EXCLUDED.display_name, a.display_name), EXCLUDED.relation)`,
    [
      accounts.map((a) => (a.organisationCode === null ? null : orgIds.get(a.organisationCode))),
      accounts.map((a) => a.platform),
      accounts.map((a) => a.platformUserId),
      accounts.map((a) => a.handle),
      accounts.map((a) => a.displayName),
      accounts.map((a) => a.relation),
    ],
  );
}

export function accountKey(platform: string, platformUserId: string): string {
  return `${platform}\u0000${platformUserId}`;
}

/**
 * Stores snapshots; a second snapshot of the same account at the same moment replaces the first.
 * Returns how many were added or changed, and the snapshots of accounts that do not exist
 * (those are not stored).
 */
export async function addSnapshots(
  q: Queryable,
  snapshots: readonly SnapshotInput[],
): Promise<{ changed: number; unknown: SnapshotInput[] }> {
  if (snapshots.length === 0) return { changed: 0, unknown: [] };
  const rows = await q.query<{ id: number; platform: string; platform_user_id: string }>(
    `SELECT id, platform, platform_user_id FROM accounts
     WHERE (platform, platform_user_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [snapshots.map((s) => s.platform), snapshots.map((s) => s.platformUserId)],
  );
  const ids = new Map(rows.map((r) => [accountKey(r.platform, r.platform_user_id), r.id]));
  const known = snapshots.filter((s) => ids.has(accountKey(s.platform, s.platformUserId)));
  let changed = 0;
  if (known.length > 0) {
    changed = await q.execute(
      `INSERT INTO account_snapshots AS s (account_id, taken_at, followers, following, posts, source)
       SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::int[], $4::int[], $5::int[], $6::text[])
       ON CONFLICT (account_id, taken_at) DO UPDATE SET
         followers = EXCLUDED.followers, following = EXCLUDED.following,
         posts = EXCLUDED.posts, source = EXCLUDED.source
       WHERE (s.followers, s.following, s.posts, s.source)
         IS DISTINCT FROM (EXCLUDED.followers, EXCLUDED.following, EXCLUDED.posts, EXCLUDED.source)`,
      [
        known.map((s) => ids.get(accountKey(s.platform, s.platformUserId))),
        known.map((s) => s.takenAt.toISOString()),
        known.map((s) => s.followers),
        known.map((s) => s.following),
        known.map((s) => s.posts),
        known.map((s) => s.source),
      ],
    );
  }
  return { changed, unknown: snapshots.filter((s) => !ids.has(accountKey(s.platform, s.platformUserId))) };
}
