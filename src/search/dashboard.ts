import type { Queryable } from '../store/db.ts';
import { effectiveSentimentSql } from '../store/sentiment.ts';
import type { ParsedQuery } from './query/index.ts';
import { matchClause } from './search.ts';
import { type TagCloudWord, tagCloud } from './tagCloud.ts';

/**
 * The dashboard of a search: what its messages look like over a period, in one statement over
 * the matches (so the query and the organisation's scope are applied once): the volume per bucket
 * (hour, day or week, chosen by the period's length, in Dutch time) beside the period before,
 * messages per platform and per kind, the top authors, mentions and hashtags, sentiment in all and
 * per bucket (with the organisation's corrections), and a tag cloud of the latest messages' words.
 */

export type BucketUnit = 'hour' | 'day' | 'week';

export interface DashboardPeriod {
  from: Date;
  to: Date;
}

export interface DashboardRequest {
  organisationId: number;
  platforms?: readonly string[];
  period: DashboardPeriod;
}

export interface Ranked {
  key: string;
  count: number;
}

export interface SentimentCounts {
  positive: number;
  neutral: number;
  negative: number;
}

export interface VolumeBucket {
  /** The bucket's start, as a local (Europe/Amsterdam) time without zone: `2025-05-01T09:00`. */
  start: string;
  count: number;
  /** The same bucket of the period before (as long, just before it). */
  previous: number;
  sentiment: SentimentCounts;
}

export interface Dashboard {
  period: DashboardPeriod;
  previousPeriod: DashboardPeriod;
  unit: BucketUnit;
  total: number;
  previousTotal: number;
  volume: VolumeBucket[];
  platforms: Ranked[];
  kinds: Ranked[];
  authors: (Ranked & { name: string | null })[];
  mentions: Ranked[];
  hashtags: Ranked[];
  sentiment: SentimentCounts;
  tagCloud: TagCloudWord[];
  /** How many of the newest messages the tag cloud is made of. */
  tagCloudOf: number;
}

export const TOP = 10;
export const TAG_CLOUD_MESSAGES = 2000;
const ZONE = 'Europe/Amsterdam';

/** Hours up to three days, days up to three months, weeks beyond. */
export function bucketUnit(period: DashboardPeriod): BucketUnit {
  const hours = (period.to.getTime() - period.from.getTime()) / 3_600_000;
  if (hours <= 72) return 'hour';
  if (hours <= 92 * 24) return 'day';
  return 'week';
}

interface Row {
  total: number;
  previous_total: number;
  volume:
    | {
        start: string;
        count: number;
        previous: number;
        positive: number;
        neutral: number;
        negative: number;
      }[]
    | null;
  platforms: Ranked[] | null;
  kinds: Ranked[] | null;
  authors: (Ranked & { name: string | null })[] | null;
  mentions: Ranked[] | null;
  hashtags: Ranked[] | null;
  sentiment: SentimentCounts | null;
  texts: string[] | null;
}

export async function computeDashboard(
  q: Queryable,
  query: ParsedQuery,
  request: DashboardRequest,
): Promise<Dashboard> {
  const { period } = request;
  const span = period.to.getTime() - period.from.getTime();
  const previousPeriod = { from: new Date(period.from.getTime() - span), to: period.from };
  const unit = bucketUnit(period);
  const match = matchClause(query, {
    organisationId: request.organisationId,
    platforms: request.platforms,
    from: previousPeriod.from,
    to: period.to,
  });
  const n = match.params.length;
  const [from, to, shift, zone, bucket, top, cloud, org] = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `$${n + i}`);
  const sql = `
WITH matched AS MATERIALIZED (
  SELECT m.created_at, m.platform, m.kind, coalesce(m.author_handle, m.author_id) AS author, m.author_name,
    m.mentions, m.hashtags, m.text, ${effectiveSentimentSql(`${org}::bigint`)} AS sentiment,
    m.created_at >= ${from}::timestamptz AS current
  FROM messages m WHERE ${match.where}
),
current AS (SELECT * FROM matched WHERE current),
slots AS (
  SELECT generate_series(
    date_trunc(${bucket}, ${from}::timestamptz AT TIME ZONE ${zone}),
    ${to}::timestamptz AT TIME ZONE ${zone} - interval '1 microsecond',
    ('1 ' || ${bucket})::interval
  ) AS start
),
counted AS (
  SELECT date_trunc(${bucket}, (created_at + CASE WHEN current THEN interval '0' ELSE ${shift}::interval END)
      AT TIME ZONE ${zone}) AS start,
    count(*) FILTER (WHERE current) AS count,
    count(*) FILTER (WHERE NOT current) AS previous,
    count(*) FILTER (WHERE current AND sentiment = 'positive') AS positive,
    count(*) FILTER (WHERE current AND sentiment = 'neutral') AS neutral,
    count(*) FILTER (WHERE current AND sentiment = 'negative') AS negative
  FROM matched GROUP BY 1
)
SELECT
  (SELECT count(*)::integer FROM current) AS total,
  (SELECT count(*)::integer FROM matched WHERE NOT current) AS previous_total,
  (SELECT json_agg(json_build_object('start', to_char(s.start, 'YYYY-MM-DD"T"HH24:MI'),
      'count', coalesce(c.count, 0), 'previous', coalesce(c.previous, 0),
      'positive', coalesce(c.positive, 0), 'neutral', coalesce(c.neutral, 0), 'negative', coalesce(c.negative, 0))
    ORDER BY s.start)
   FROM slots s LEFT JOIN counted c ON c.start = s.start) AS volume,
  (SELECT json_agg(json_build_object('key', platform, 'count', n) ORDER BY n DESC, platform)
   FROM (SELECT platform, count(*)::integer AS n FROM current GROUP BY platform) x) AS platforms,
  (SELECT json_agg(json_build_object('key', kind, 'count', n) ORDER BY n DESC, kind)
   FROM (SELECT kind, count(*)::integer AS n FROM current GROUP BY kind) x) AS kinds,
  (SELECT json_agg(json_build_object('key', author, 'name', name, 'count', n) ORDER BY n DESC, author)
   FROM (SELECT author, max(author_name) AS name, count(*)::integer AS n FROM current
         GROUP BY author ORDER BY n DESC, author LIMIT ${top}) x) AS authors,
  (SELECT json_agg(json_build_object('key', handle, 'count', n) ORDER BY n DESC, handle)
   FROM (SELECT handle, count(*)::integer AS n FROM current, unnest(mentions) AS handle
         GROUP BY handle ORDER BY n DESC, handle LIMIT ${top}) x) AS mentions,
  (SELECT json_agg(json_build_object('key', tag, 'count', n) ORDER BY n DESC, tag)
   FROM (SELECT tag, count(*)::integer AS n FROM current, unnest(hashtags) AS tag
         GROUP BY tag ORDER BY n DESC, tag LIMIT ${top}) x) AS hashtags,
  (SELECT json_build_object(
      'positive', count(*) FILTER (WHERE sentiment = 'positive'),
      'neutral', count(*) FILTER (WHERE sentiment = 'neutral'),
      'negative', count(*) FILTER (WHERE sentiment = 'negative')) FROM current) AS sentiment,
  (SELECT array_agg(text) FROM (SELECT text FROM current ORDER BY created_at DESC LIMIT ${cloud}) x) AS texts`;
  const [row] = await q.query<Row>(sql, [
    ...match.params,
    period.from,
    period.to,
    `${span / 1000} seconds`,
    ZONE,
    unit,
    TOP,
    TAG_CLOUD_MESSAGES,
    request.organisationId,
  ]);
  const texts = row?.texts ?? [];
  return {
    period,
    previousPeriod,
    unit,
    total: row?.total ?? 0,
    previousTotal: row?.previous_total ?? 0,
    volume: (row?.volume ?? []).map((v) => ({
      start: v.start,
      count: Number(v.count),
      previous: Number(v.previous),
      sentiment: { positive: Number(v.positive), neutral: Number(v.neutral), negative: Number(v.negative) },
    })),
    platforms: row?.platforms ?? [],
    kinds: row?.kinds ?? [],
    authors: row?.authors ?? [],
    mentions: row?.mentions ?? [],
    hashtags: row?.hashtags ?? [],
    sentiment: row?.sentiment ?? { positive: 0, neutral: 0, negative: 0 },
    tagCloud: tagCloud(texts),
    tagCloudOf: texts.length,
  };
}
