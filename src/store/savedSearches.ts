import type { Queryable } from './db.ts';

/**
 * Saved searches (migration 005): an organisation's searches with a name, a query in the query
 * language (`src/search/query/`), the platforms they are limited to, an owner, and whether the
 * rest of the organisation sees them (shared) or only the owner (private). Checking the query is
 * the caller's job; this module stores what it is given.
 */
export interface SavedSearch {
  id: number;
  organisationId: number;
  name: string;
  query: string;
  platforms: string[];
  ownerId: number | null;
  ownerName: string | null;
  shared: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface SavedSearchInput {
  name: string;
  query: string;
  platforms: readonly string[];
  shared: boolean;
}

interface Row {
  id: number;
  organisation_id: number;
  name: string;
  query: string;
  platforms: string[];
  owner_id: number | null;
  owner_name: string | null;
  shared: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `s.id, s.organisation_id, s.name, s.query, s.platforms, s.owner_id, u.name AS owner_name,
  s.shared, s.created_at, s.updated_at`;

function savedSearch(row: Row): SavedSearch {
  return {
    id: Number(row.id),
    organisationId: Number(row.organisation_id),
    name: row.name,
    query: row.query,
    platforms: row.platforms,
    ownerId: row.owner_id === null ? null : Number(row.owner_id),
    ownerName: row.owner_name,
    shared: row.shared,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The searches of an organisation that `userId` may see: the shared ones and their own. */
export async function listSavedSearches(
  q: Queryable,
  organisationId: number,
  userId: number,
): Promise<SavedSearch[]> {
  const rows = await q.query<Row>(
    `SELECT ${COLUMNS} FROM saved_searches s LEFT JOIN users u ON u.id = s.owner_id
     WHERE s.organisation_id = $1 AND (s.shared OR s.owner_id = $2)
     ORDER BY lower(s.name), s.id`,
    [organisationId, userId],
  );
  return rows.map(savedSearch);
}

/** One search of the organisation, if `userId` may see it. */
export async function findSavedSearch(
  q: Queryable,
  organisationId: number,
  searchId: number,
  userId: number,
): Promise<SavedSearch | null> {
  const [row] = await q.query<Row>(
    `SELECT ${COLUMNS} FROM saved_searches s LEFT JOIN users u ON u.id = s.owner_id
     WHERE s.organisation_id = $1 AND s.id = $2 AND (s.shared OR s.owner_id = $3)`,
    [organisationId, searchId, userId],
  );
  return row ? savedSearch(row) : null;
}

export async function createSavedSearch(
  q: Queryable,
  organisationId: number,
  ownerId: number,
  input: SavedSearchInput,
): Promise<SavedSearch> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO saved_searches (organisation_id, name, query, platforms, owner_id, shared)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [organisationId, input.name, input.query, [...input.platforms], ownerId, input.shared],
  );
  const created = await findSavedSearch(q, organisationId, Number(row?.id), ownerId);
  if (!created) throw new Error('the saved search was not stored');
  return created;
}

/** Changes a search; returns it as it was before, or null when there is no such search. */
export async function updateSavedSearch(
  q: Queryable,
  organisationId: number,
  searchId: number,
  input: SavedSearchInput,
): Promise<SavedSearch | null> {
  const [before] = await q.query<Row>(
    `SELECT ${COLUMNS} FROM saved_searches s LEFT JOIN users u ON u.id = s.owner_id
     WHERE s.organisation_id = $1 AND s.id = $2 FOR UPDATE OF s`,
    [organisationId, searchId],
  );
  if (!before) return null;
  await q.execute(
    `UPDATE saved_searches SET name = $3, query = $4, platforms = $5, shared = $6, updated_at = now()
     WHERE organisation_id = $1 AND id = $2`,
    [organisationId, searchId, input.name, input.query, [...input.platforms], input.shared],
  );
  return savedSearch(before);
}

/** Deletes a search; returns it as it was, or null when there is no such search. */
export async function deleteSavedSearch(
  q: Queryable,
  organisationId: number,
  searchId: number,
): Promise<SavedSearch | null> {
  const [before] = await q.query<Row>(
    `SELECT ${COLUMNS} FROM saved_searches s LEFT JOIN users u ON u.id = s.owner_id
     WHERE s.organisation_id = $1 AND s.id = $2`,
    [organisationId, searchId],
  );
  if (!before) return null;
  await q.execute('DELETE FROM saved_searches WHERE organisation_id = $1 AND id = $2', [
    organisationId,
    searchId,
  ]);
  return savedSearch(before);
}

/** What `userId` saw of a search last: the highest message id then (0: never opened). */
export async function lastViewed(q: Queryable, searchId: number, userId: number): Promise<number> {
  const [row] = await q.query<{ through: number }>(
    'SELECT through_message_id AS through FROM saved_search_views WHERE search_id = $1 AND user_id = $2',
    [searchId, userId],
  );
  return row ? Number(row.through) : 0;
}

/** Records that `userId` opened the search now, having seen every message stored so far. */
export async function markViewed(q: Queryable, searchId: number, userId: number): Promise<void> {
  await q.execute(
    `INSERT INTO saved_search_views (search_id, user_id, viewed_at, through_message_id)
     VALUES ($1, $2, now(), coalesce((SELECT max(id) FROM messages), 0))
     ON CONFLICT (search_id, user_id) DO UPDATE
       SET viewed_at = EXCLUDED.viewed_at, through_message_id = EXCLUDED.through_message_id`,
    [searchId, userId],
  );
}
