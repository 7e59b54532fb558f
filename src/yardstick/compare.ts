import type { ComparisonClass } from '../domain/organisation.ts';
import type { OrganisationFigures, ScalarMetric } from './figures.ts';

/**
 * Comparisons of figures the engine computed: an organisation's rank within its class and the
 * change from the same period a year earlier. Pure functions over `Yardstick` values; they
 * compute no figure of METRICS.md themselves.
 */

/**
 * Which way is better: `higher` (a higher response rate, more followers), `lower` (a shorter
 * response time), `neutral` (no better or worse: more broadcasts is not better or worse than more
 * reposts; ranked highest first, without a verdict). Metrics that are not ranked at all
 * (`anomalies`, a count of data errors) are absent.
 */
export type Direction = 'higher' | 'lower' | 'neutral';

export const METRIC_DIRECTION: Partial<Record<ScalarMetric, Direction>> = {
  sent: 'neutral',
  reply: 'neutral',
  repost: 'neutral',
  broadcast: 'neutral',
  reply_pct: 'neutral',
  repost_pct: 'neutral',
  broadcast_pct: 'neutral',
  reposts_per_message: 'higher',
  inbound: 'neutral',
  answered: 'higher',
  response_rate: 'higher',
  mean_first_response_s: 'lower',
  median_first_response_s: 'lower',
  p90_first_response_s: 'lower',
  followers: 'higher',
  following: 'neutral',
  followers_growth: 'higher',
  followers_growth_pct: 'higher',
  followers_per_1000_inhabitants: 'higher',
};

export interface ClassRank {
  /** 1 is the best (or, for a neutral metric, the highest); equal values share a rank ("1, 2, 2, 4"). */
  rank: number;
  /** Organisations of the class that have the figure (the organisation itself included). */
  of: number;
  /** How many organisations of the class share this value (1 when none other has it). */
  sharedBy: number;
  direction: Direction;
  class: ComparisonClass;
}

/** Why an organisation has no rank for a metric. */
export type NoRank = 'unknown_organisation' | 'no_class' | 'no_value' | 'not_ranked';

/**
 * The rank of organisation `code` among the organisations of its class by `metric`: 1 + the
 * number of organisations of the class with a strictly better value (for a neutral metric: a
 * strictly higher one). Organisations without the figure (null) or without accounts take no
 * part. A reason instead of a rank when there is none.
 */
export function rankWithinClass(
  organisations: readonly OrganisationFigures[],
  code: string,
  metric: ScalarMetric,
): ClassRank | { none: NoRank } {
  const direction = METRIC_DIRECTION[metric];
  const own = organisations.find((o) => o.code === code);
  if (!own) return { none: 'unknown_organisation' };
  if (!direction) return { none: 'not_ranked' };
  if (own.class === null) return { none: 'no_class' };
  const value = own[metric];
  if (value === null) return { none: 'no_value' };
  const peers = organisations
    .filter((o) => o.class === own.class && (o.accounts > 0 || o.code === code))
    .map((o) => o[metric])
    .filter((v): v is number => v !== null);
  const better = direction === 'lower' ? (v: number) => v < value : (v: number) => v > value;
  return {
    rank: 1 + peers.filter(better).length,
    of: peers.length,
    sharedBy: peers.filter((v) => v === value).length,
    direction,
    class: own.class,
  };
}

export interface YearOverYear {
  current: number | null;
  previous: number | null;
  /** `current - previous` (percentage points for percentages); null when either is unknown. */
  change: number | null;
  /** The change relative to `previous`, in %; null when either is unknown or `previous` is 0. */
  changePct: number | null;
  /** Better or worse by the metric's direction; null for neutral and unranked metrics or no change known. */
  verdict: 'better' | 'worse' | 'same' | null;
}

/** The change of a figure from the same period a year earlier. */
export function yearOverYear(
  metric: ScalarMetric,
  current: number | null,
  previous: number | null,
): YearOverYear {
  if (current === null || previous === null) {
    return { current, previous, change: null, changePct: null, verdict: null };
  }
  const change = current - previous;
  const changePct = previous === 0 ? null : (change / Math.abs(previous)) * 100;
  const direction = METRIC_DIRECTION[metric];
  let verdict: YearOverYear['verdict'] = null;
  if (direction === 'higher' || direction === 'lower') {
    if (change === 0) verdict = 'same';
    else verdict = change > 0 === (direction === 'higher') ? 'better' : 'worse';
  }
  return { current, previous, change, changePct, verdict };
}
