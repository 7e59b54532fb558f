import type { ComparisonClass, OrganisationKind } from '../domain/organisation.ts';

/**
 * The figures of `../shared/METRICS.md`, under their exact names. This module is the vocabulary:
 * what the figures are called, their order, the response-time buckets. How they are computed is
 * `engine.ts` (the SQL in `queries.ts`); nothing else in Meetlat computes them.
 */

/** A half-open interval `[from, to)` of UTC moments; null is unbounded ("all time"). */
export interface Period {
  from: Date | null;
  to: Date | null;
}

/** The sending figures (over messages sent by the account in the period). */
export const SENDING_METRICS = [
  'sent',
  'reply',
  'repost',
  'broadcast',
  'reply_pct',
  'repost_pct',
  'broadcast_pct',
  'reposts_per_message',
] as const;

/** The responsiveness figures (over inbound messages in the period); `buckets` is apart. */
export const RESPONSE_METRICS = [
  'inbound',
  'answered',
  'response_rate',
  'mean_first_response_s',
  'median_first_response_s',
  'p90_first_response_s',
  'anomalies',
] as const;

/** The audience figures (from snapshots at the period's ends). */
export const AUDIENCE_METRICS = [
  'followers',
  'following',
  'followers_growth',
  'followers_growth_pct',
  'followers_per_1000_inhabitants',
] as const;

/** The scalar figures, in METRICS.md's order (sending, responsiveness, audience); `buckets` is apart. */
export const SCALAR_METRICS = [...SENDING_METRICS, ...RESPONSE_METRICS, ...AUDIENCE_METRICS] as const;
export type ScalarMetric = (typeof SCALAR_METRICS)[number];
export type Metric = ScalarMetric | 'buckets';

/**
 * Upper bounds (exclusive, seconds) of the eight response-time buckets, in METRICS.md's order:
 * `[0,20m)`, `[20m,60m)`, `[1h,2h)`, `[2h,4h)`, `[4h,8h)`, `[8h,24h)`, `[24h,48h)`, `[48h,∞)`.
 */
export const BUCKET_UPPER_S = [
  1200,
  3600,
  7200,
  14_400,
  28_800,
  86_400,
  172_800,
  Number.POSITIVE_INFINITY,
] as const;

/** The buckets as the 2016 study labels them, made contiguous (METRICS.md). */
export const BUCKET_LABELS_NL = [
  'binnen 20 min',
  '20-60 min',
  '1-2 uur',
  '2-4 uur',
  '4-8 uur',
  '8-24 uur',
  '1-2 dagen',
  'meer dan 2 dagen',
] as const;

/**
 * Every figure of METRICS.md. Unknown is null, never 0: percentages without a denominator,
 * response times without an answered message, audience without a snapshot or population.
 * Counts (`sent`, `inbound`, …) of an account are always numbers; in a class they are averages.
 */
export type Figures = Record<ScalarMetric, number | null> & {
  /** Percentages of answered inbound messages per bucket (8, summing to 100), or null. */
  buckets: number[] | null;
};

/** An organisation as the yardstick names it. */
export interface OrganisationRef {
  code: string;
  name: string;
  kind: OrganisationKind;
  /** Comparison class in the period's year; null for a gemeente without a known population. */
  class: ComparisonClass | null;
}

export type AccountFigures = {
  platform: string;
  handle: string;
  organisation: OrganisationRef | null;
} & Figures;

/** An organisation's figures pool the messages of all its accounts (not an average of averages). */
export type OrganisationFigures = OrganisationRef & {
  /** Inhabitants on 1 January of the period's year, where known. */
  inhabitants: number | null;
  /** Number of its accounts in the store. */
  accounts: number;
} & Figures;

/** A class's figures are the mean over its accounts of each per-account figure (nulls left out). */
export type ClassFigures = {
  class: ComparisonClass;
  organisations: number;
  accounts: number;
} & Figures;

/** National totals pool the messages of every account. */
export type TotalFigures = {
  organisations: number;
  accounts: number;
} & Figures;

/** The yardstick of one period: what `meetlat report yardstick --format json` prints. */
export interface Yardstick {
  period: { from: string | null; to: string | null };
  accounts: AccountFigures[];
  organisations: OrganisationFigures[];
  classes: ClassFigures[];
  totals: TotalFigures;
}

/** Picks the figures (and only the figures) out of an account, organisation, class or total. */
export function figuresOf(entry: Figures): Figures {
  const figures = { buckets: entry.buckets } as Figures;
  for (const metric of SCALAR_METRICS) figures[metric] = entry[metric];
  return figures;
}
