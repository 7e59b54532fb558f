/**
 * The yardstick benchmark's baseline: one hand-written query for the per-account first-response
 * figures (inbound, answered, mean, median, p90) and nothing more — no sending or audience
 * figures, no organisations, classes or totals, no buckets, no anomalies, no periods — written the
 * fast way (every reply joined to its parent once, hash joins) and run with the same planner
 * settings as the engine. It reads the messages, as anything must that has no facts kept beside
 * them: the ratio shows what keeping the account activity (store/activity.ts) saves a report,
 * and the benchmark times rebuilding those facts from nothing against it too.
 */
export const BASELINE = `
WITH acc AS (SELECT id, platform, platform_user_id AS uid, lower(handle) AS handle FROM accounts),
replies AS MATERIALIZED (
  SELECT m.platform, m.platform_id, m.author_id, m.created_at, m.in_reply_to_platform_id AS parent_id,
    coalesce(p.author_id, m.in_reply_to_author_id) AS parent_author
  FROM messages m LEFT JOIN messages p ON p.platform = m.platform AND p.platform_id = m.in_reply_to_platform_id
  WHERE m.in_reply_to_platform_id IS NOT NULL
),
inbound AS (
  SELECT acc.id AS account_id, acc.uid, r.platform, r.platform_id, r.created_at
  FROM replies r JOIN acc ON acc.platform = r.platform AND acc.uid = r.parent_author
  WHERE r.author_id <> acc.uid
  UNION
  SELECT acc.id, acc.uid, m.platform, m.platform_id, m.created_at
  FROM messages m JOIN acc ON acc.platform = m.platform AND acc.uid = m.recipient_id
  WHERE m.kind IN ('dm', 'comment') AND m.author_id <> acc.uid
  UNION
  SELECT acc.id, acc.uid, x.platform, x.platform_id, x.created_at
  FROM (SELECT platform, platform_id, author_id, created_at, unnest(mentions) AS handle
        FROM messages WHERE cardinality(mentions) > 0) x
  JOIN acc ON acc.platform = x.platform AND acc.handle = x.handle
  WHERE x.author_id <> acc.uid
),
answers AS (
  SELECT r.platform, r.parent_id, r.author_id, min(r.created_at) AS first_at
  FROM replies r JOIN acc ON acc.platform = r.platform AND acc.uid = r.author_id
  GROUP BY r.platform, r.parent_id, r.author_id
),
firsts AS (
  SELECT i.account_id, extract(epoch FROM a.first_at - i.created_at)::float8 AS seconds
  FROM inbound i
  LEFT JOIN answers a ON a.platform = i.platform AND a.parent_id = i.platform_id AND a.author_id = i.uid
    AND a.first_at >= i.created_at
)
SELECT account_id, count(*)::integer AS inbound, count(seconds)::integer AS answered, avg(seconds) AS mean_s,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median_s,
  percentile_disc(0.9) WITHIN GROUP (ORDER BY seconds) AS p90_s
FROM firsts GROUP BY account_id`;
