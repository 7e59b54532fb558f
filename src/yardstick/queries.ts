import type { Queryable } from '../store/db.ts';
import type { Period } from './figures.ts';

/**
 * The yardstick's SQL: METRICS.md's definitions as set-based queries over the store, for several
 * periods at once (a report asks for the period, the year before and each quarter in one go).
 * Each query groups by account, by organisation (pooling its accounts' messages) and nationally
 * (pooling all) with GROUPING SETS, so a pooled median is the median of the pooled list, never
 * an average of averages. `level` tells the three apart: 1 account, 2 organisation, 3 national.
 *
 * They count and time the facts store/activity.ts keeps: which messages each account sent and
 * which came in to it. The readings of METRICS.md both implement are in docs/yardstick.md.
 */

export const LEVEL = { account: 1, organisation: 2, national: 3 } as const;

interface GroupKey {
  period: number;
  level: number;
  account_id: number | null;
  organisation_id: number | null;
}

export interface SendingRow extends GroupKey {
  sent: number;
  reply: number;
  repost: number;
  broadcast: number;
  /** Sum of repost counts received by sent non-repost messages whose count is known. */
  reposts_received: number | null;
  /** Number of sent non-repost messages whose repost count is known. */
  with_repost_count: number;
}

export interface ResponseRow extends GroupKey {
  inbound: number;
  answered: number;
  anomalies: number;
  mean_s: number | null;
  median_s: number | null;
  p90_s: number | null;
  /** Answered messages per bucket (counts, not yet percentages). */
  b0: number;
  b1: number;
  b2: number;
  b3: number;
  b4: number;
  b5: number;
  b6: number;
  b7: number;
}

export interface AudienceRow {
  period: number;
  account_id: number;
  followers: number | null;
  following: number | null;
  start_followers: number | null;
  has_start: boolean;
}

/** The periods as two parallel arrays of bounds; PostgreSQL's ±infinity stands for unbounded. */
function periodParams(periods: readonly Period[]): [string[], string[]] {
  return [
    periods.map((p) => p.from?.toISOString() ?? '-infinity'),
    periods.map((p) => p.to?.toISOString() ?? 'infinity'),
  ];
}

const PERIODS = `periods AS (
  SELECT ord::integer AS period, lo, hi
  FROM unnest($1::timestamptz[], $2::timestamptz[]) WITH ORDINALITY AS t(lo, hi, ord)
)`;

const GROUPING = `GROUPING SETS ((period, account_id), (period, organisation_id), (period))`;
const LEVEL_SQL = `grouping(account_id, organisation_id) + 0`;

/**
 * Sending behaviour, from the sent facts (store/activity.ts classifies each message an account
 * sent as a broadcast, reply or repost). Reposts received count over sent messages that are not
 * reposts themselves and whose count is known.
 */
export function sendingFigures(db: Queryable, periods: readonly Period[]): Promise<SendingRow[]> {
  return db.query<SendingRow>(
    `WITH ${PERIODS},
    sent AS (
      SELECT p.period, a.id AS account_id, a.organisation_id, s.kind, s.repost_count
      FROM sent_messages s
      JOIN accounts a ON a.id = s.account_id
      JOIN periods p ON s.created_at >= p.lo AND s.created_at < p.hi
    )
    SELECT period, account_id, organisation_id, ${LEVEL_SQL} AS level,
      count(*)::integer AS sent,
      count(*) FILTER (WHERE kind = 'reply')::integer AS reply,
      count(*) FILTER (WHERE kind = 'repost')::integer AS repost,
      count(*) FILTER (WHERE kind = 'broadcast')::integer AS broadcast,
      sum(repost_count) FILTER (WHERE kind <> 'repost')::float8 AS reposts_received,
      count(repost_count) FILTER (WHERE kind <> 'repost')::integer AS with_repost_count
    FROM sent
    GROUP BY ${GROUPING}`,
    periodParams(periods),
  );
}

/**
 * Responsiveness, from the inbound facts (store/activity.ts finds each message inbound to an
 * account, its first response and its anomalies). Median and p90 come from the sorted list in
 * whole-number rank arithmetic (p90 = rank ceil(9n/10)), not percentile_disc's floating point.
 */
export function responseFigures(db: Queryable, periods: readonly Period[]): Promise<ResponseRow[]> {
  return db.query<ResponseRow>(
    `WITH ${PERIODS},
    timed AS (
      SELECT p.period, a.id AS account_id, a.organisation_id, i.anomalies,
        extract(epoch FROM i.first_response_at - i.created_at)::float8 AS seconds
      FROM inbound_messages i
      JOIN accounts a ON a.id = i.account_id
      JOIN periods p ON i.created_at >= p.lo AND i.created_at < p.hi
    ),
    grouped AS (
      SELECT period, account_id, organisation_id, ${LEVEL_SQL} AS level,
        count(*)::integer AS inbound,
        count(seconds)::integer AS answered,
        sum(anomalies)::integer AS anomalies,
        avg(seconds) AS mean_s,
        array_agg(seconds ORDER BY seconds) FILTER (WHERE seconds IS NOT NULL) AS sorted,
        count(*) FILTER (WHERE seconds < 1200)::integer AS b0,
        count(*) FILTER (WHERE seconds >= 1200 AND seconds < 3600)::integer AS b1,
        count(*) FILTER (WHERE seconds >= 3600 AND seconds < 7200)::integer AS b2,
        count(*) FILTER (WHERE seconds >= 7200 AND seconds < 14400)::integer AS b3,
        count(*) FILTER (WHERE seconds >= 14400 AND seconds < 28800)::integer AS b4,
        count(*) FILTER (WHERE seconds >= 28800 AND seconds < 86400)::integer AS b5,
        count(*) FILTER (WHERE seconds >= 86400 AND seconds < 172800)::integer AS b6,
        count(*) FILTER (WHERE seconds >= 172800)::integer AS b7
      FROM timed
      GROUP BY ${GROUPING}
    )
    SELECT period, account_id, organisation_id, level, inbound, answered, anomalies, mean_s,
      (sorted[(answered + 1) / 2] + sorted[(answered + 2) / 2]) / 2 AS median_s,
      sorted[(9 * answered + 9) / 10] AS p90_s,
      b0, b1, b2, b3, b4, b5, b6, b7
    FROM grouped`,
    periodParams(periods),
  );
}

/**
 * Audience: per account and period, the latest snapshot at or before the period's end, and the
 * followers of the latest at or before its start (for growth).
 */
export function audienceFigures(db: Queryable, periods: readonly Period[]): Promise<AudienceRow[]> {
  return db.query<AudienceRow>(
    `WITH ${PERIODS}
    SELECT p.period, a.id AS account_id, latest.followers, latest.following,
      start.followers AS start_followers, start.account_id IS NOT NULL AS has_start
    FROM periods p
    CROSS JOIN accounts a
    LEFT JOIN LATERAL (
      SELECT followers, following FROM account_snapshots s
      WHERE s.account_id = a.id AND s.taken_at <= p.hi
      ORDER BY s.taken_at DESC LIMIT 1
    ) latest ON true
    LEFT JOIN LATERAL (
      SELECT s.account_id, followers FROM account_snapshots s
      WHERE s.account_id = a.id AND s.taken_at <= p.lo
      ORDER BY s.taken_at DESC LIMIT 1
    ) start ON true`,
    periodParams(periods),
  );
}

export interface AccountRow {
  id: number;
  platform: string;
  handle: string;
  organisation_id: number | null;
}

export interface OrganisationRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  /** Inhabitants per year, as `[[year, inhabitants], …]`. */
  inhabitants: [number, number][] | null;
}

export function yardstickAccounts(db: Queryable): Promise<AccountRow[]> {
  return db.query<AccountRow>('SELECT id, platform, handle, organisation_id FROM accounts');
}

/** The organisations that have accounts, with their inhabitants per year. */
export function yardstickOrganisations(db: Queryable): Promise<OrganisationRow[]> {
  return db.query<OrganisationRow>(
    `SELECT o.id, o.code, o.name, o.kind,
      (SELECT json_agg(json_build_array(i.year, i.inhabitants) ORDER BY i.year)
       FROM organisation_inhabitants i WHERE i.organisation_id = o.id) AS inhabitants
    FROM organisations o
    WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.organisation_id = o.id)`,
  );
}

/** The first and last message in the store, for quarters of an unbounded period. */
export async function messageSpan(db: Queryable): Promise<{ first: Date; last: Date } | null> {
  const [row] = await db.query<{ first: Date | null; last: Date | null }>(
    'SELECT min(created_at) AS first, max(created_at) AS last FROM messages',
  );
  return row?.first && row.last ? { first: row.first, last: row.last } : null;
}
