import type { ComparisonClass } from '../domain/organisation.ts';
import { type Direction, METRIC_DIRECTION } from '../yardstick/compare.ts';
import {
  AUDIENCE_METRICS,
  RESPONSE_METRICS,
  type ScalarMetric,
  SENDING_METRICS,
} from '../yardstick/figures.ts';
import {
  formatDecimal,
  formatDuration,
  formatInteger,
  formatPercent,
  formatPercentagePoints,
  roundHalfAway,
  withSign,
} from './format.ts';

/** How the report names and shows each figure of METRICS.md, in Dutch. */

/** count: a whole number; pct: a percentage; duration: seconds as h:mm:ss; ratio: one decimal. */
export type MetricKind = 'count' | 'pct' | 'duration' | 'ratio';

export interface MetricInfo {
  label: string;
  kind: MetricKind;
  /** A change, not a level (growth): shown with its sign. */
  signed?: boolean;
}

export const METRIC_INFO: Record<ScalarMetric, MetricInfo> = {
  sent: { label: 'Verzonden berichten', kind: 'count' },
  reply: { label: 'Reacties (antwoorden aan anderen)', kind: 'count' },
  repost: { label: 'Gedeeld (retweets, boosts)', kind: 'count' },
  broadcast: { label: 'Zendberichten', kind: 'count' },
  reply_pct: { label: '% reacties', kind: 'pct' },
  repost_pct: { label: '% gedeeld', kind: 'pct' },
  broadcast_pct: { label: '% zendberichten', kind: 'pct' },
  reposts_per_message: { label: 'Keer gedeeld per bericht', kind: 'ratio' },
  inbound: { label: 'Inkomende berichten', kind: 'count' },
  answered: { label: 'Beantwoorde berichten', kind: 'count' },
  response_rate: { label: '% beantwoord', kind: 'pct' },
  mean_first_response_s: { label: 'Gemiddelde reactietijd', kind: 'duration' },
  median_first_response_s: { label: 'Mediane reactietijd', kind: 'duration' },
  p90_first_response_s: { label: 'Reactietijd 90e percentiel', kind: 'duration' },
  anomalies: { label: 'Antwoorden gedateerd vóór de vraag (datafout)', kind: 'count' },
  followers: { label: 'Aantal volgers', kind: 'count' },
  following: { label: 'Volgt', kind: 'count' },
  followers_growth: { label: 'Groei aantal volgers', kind: 'count', signed: true },
  followers_growth_pct: { label: 'Groei aantal volgers (%)', kind: 'pct', signed: true },
  followers_per_1000_inhabitants: { label: 'Volgers per 1.000 inwoners', kind: 'ratio' },
};

/** The figures in the groups METRICS.md defines them in. */
export const METRIC_GROUPS: readonly { title: string; metrics: readonly ScalarMetric[] }[] = [
  { title: 'Verzenden', metrics: SENDING_METRICS },
  { title: 'Reageren', metrics: RESPONSE_METRICS },
  { title: 'Publiek', metrics: AUDIENCE_METRICS },
];

/** The figures a reader can colour the map by. */
export const MAP_METRICS: readonly ScalarMetric[] = [
  'response_rate',
  'mean_first_response_s',
  'median_first_response_s',
  'reply_pct',
  'sent',
  'inbound',
  'followers',
  'followers_per_1000_inhabitants',
  'followers_growth_pct',
];

/**
 * A figure as shown. `average`: a class average of a count, which is a mean and gets a decimal
 * when it is not whole.
 */
export function formatValue(
  metric: ScalarMetric,
  value: number,
  options: { average?: boolean } = {},
): string {
  const info = METRIC_INFO[metric];
  switch (info.kind) {
    case 'pct':
      return info.signed ? withSign(value, formatPercent) : formatPercent(value);
    case 'duration':
      return formatDuration(value);
    case 'ratio':
      return formatDecimal(value, 1);
    case 'count': {
      // An average of a count gets a decimal where it matters (11,4 messages), not on 2.662 followers.
      const format =
        options.average && !Number.isInteger(value) && Math.abs(value) < 100
          ? (v: number) => formatDecimal(v, 1)
          : formatInteger;
      return info.signed ? withSign(value, format) : format(value);
    }
  }
}

/** A figure rounded as it is shown (whole numbers, seconds and percentages; ratios to a tenth). */
export function roundedAsShown(metric: ScalarMetric, value: number): number {
  return roundHalfAway(value, METRIC_INFO[metric].kind === 'ratio' ? 1 : 0);
}

/** A change of a figure: percentages in percentage points, durations as ±h:mm:ss. */
export function formatChange(metric: ScalarMetric, change: number): string {
  switch (METRIC_INFO[metric].kind) {
    case 'pct':
      return formatPercentagePoints(change);
    case 'duration':
      return withSign(change, formatDuration);
    case 'ratio':
      return withSign(change, (v) => formatDecimal(v, 1));
    case 'count':
      return withSign(change, Number.isInteger(change) ? formatInteger : (v) => formatDecimal(v, 1));
  }
}

/** Which way is better, as the report says it beside a figure. */
export function directionText(metric: ScalarMetric): string {
  const direction: Direction | undefined = METRIC_DIRECTION[metric];
  if (direction === 'higher') return 'hoger is beter';
  if (direction === 'lower')
    return METRIC_INFO[metric].kind === 'duration' ? 'sneller is beter' : 'lager is beter';
  return '';
}

/** How rank 1 reads for a metric: the highest, the lowest, the fastest. */
export function rankOneText(metric: ScalarMetric): string {
  const direction = METRIC_DIRECTION[metric];
  if (direction === 'lower') return METRIC_INFO[metric].kind === 'duration' ? '1 = snelste' : '1 = laagste';
  return '1 = hoogste';
}

/** A class in the plural, as in "valt in de categorie kleine gemeenten". */
export const CLASS_PLURAL: Record<ComparisonClass, string> = {
  klein: 'kleine gemeenten',
  middelgroot: 'middelgrote gemeenten',
  groot: 'grote gemeenten',
  provincie: 'provincies',
  waterschap: 'waterschappen',
  veiligheidsregio: "veiligheidsregio's",
  overig: 'overige organisaties',
};

/** A class as a table names it, and its bounds. */
export const CLASS_NAME: Record<ComparisonClass, string> = {
  klein: 'Kleine gemeenten',
  middelgroot: 'Middelgrote gemeenten',
  groot: 'Grote gemeenten',
  provincie: 'Provincies',
  waterschap: 'Waterschappen',
  veiligheidsregio: "Veiligheidsregio's",
  overig: 'Overige organisaties',
};

export const CLASS_BOUNDS: Partial<Record<ComparisonClass, string>> = {
  klein: 'minder dan 50.000 inwoners',
  middelgroot: '50.000 tot en met 100.000 inwoners',
  groot: 'meer dan 100.000 inwoners',
};
