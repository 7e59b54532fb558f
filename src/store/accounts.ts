import type { AccountInput, SnapshotInput } from '../ingest/records.ts';
import type { Queryable } from './db.ts';

/**
 * Creates or updates accounts by (platform, platform user id), the organisation found by its
 * code (callers reject accounts naming an unknown one first: such a code is stored as none). A
 * null organisation leaves the stored one. The same account twice in one call: the last wins.
 * Returns how many accounts were created or changed.
 */
export async function upsertAccounts(q: Queryable, input: readonly AccountInput[]): Promise<number> {
  const accounts = lastOfEach(input, (a) => accountKey(a.platform, a.platformUserId));
  if (accounts.length === 0) return 0;
  return q.execute(
    `INSERT INTO accounts AS a (organisation_id, platform, platform_user_id, handle, display_name, relation)
     SELECT o.id, t.platform, t.platform_user_id, t.handle, t.display_name, t.relation
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       AS t(organisation_code, platform, platform_user_id, handle, display_name, relation)
     LEFT JOIN organisations o ON o.code = t.organisation_code
     ON CONFLICT (platform, platform_user_id) DO UPDATE SET
       organisation_id = COALESCE(EXCLUDED.organisation_id, a.organisation_id),
       handle = EXCLUDED.handle,
       display_name = COALESCE(EXCLUDED.display_name, a.display_name),
       relation = EXCLUDED.relation
     WHERE (a.organisation_id, a.handle, a.display_name, a.relation)
       IS DISTINCT FROM (COALESCE(EXCLUDED.organisation_id, a.organisation_id), EXCLUDED.handle,
                         COALESCE(EXCLUDED.display_name, a.display_name), EXCLUDED.relation)`,
    [
      accounts.map((a) => a.organisationCode),
      accounts.map((a) => a.platform),
      accounts.map((a) => a.platformUserId),
      accounts.map((a) => a.handle),
      accounts.map((a) => a.displayName),
      accounts.map((a) => a.relation),
    ],
  );
}

/**
 * One item per key, the last given: an upsert may not touch a row twice in one statement, and a
 * file may well name the same account (or organisation, or snapshot) twice.
 */
export function lastOfEach<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
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
  const unique = lastOfEach(
    snapshots,
    (s) => `${accountKey(s.platform, s.platformUserId)}\u0000${s.takenAt.toISOString()}`,
  );
  const rows = await q.query<{ id: number; platform: string; platform_user_id: string }>(
    `SELECT id, platform, platform_user_id FROM accounts
     WHERE (platform, platform_user_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [snapshots.map((s) => s.platform), snapshots.map((s) => s.platformUserId)],
  );
  const ids = new Map(rows.map((r) => [accountKey(r.platform, r.platform_user_id), r.id]));
  const known = unique.filter((s) => ids.has(accountKey(s.platform, s.platformUserId)));
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
