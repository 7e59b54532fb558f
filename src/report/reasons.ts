import type { Figures, Metric } from '../yardstick/figures.ts';

/**
 * Why a figure is unknown (null), in words for the reader, so the report never prints a number
 * it cannot back. METRICS.md: sending figures need the organisation's own messages, response
 * figures need inbound messages (and an answer), audience figures need snapshots, per 1,000
 * inhabitants needs a population.
 */

export interface MissingContext {
  /** What the figures belong to: one organisation, the average of a class, or the national total. */
  level: 'organisation' | 'class' | 'total';
  /** The period has a start (growth compares with a snapshot at the start). */
  periodHasStart: boolean;
  /** Accounts of the organisation (or class) in the store, where known. */
  accounts?: number;
  /** Inhabitants of the organisation, where it is one; undefined elsewhere. */
  inhabitants?: number | null;
}

const NO_ACCOUNT = 'geen account van deze organisatie in de database';
const NO_OWN = 'geen eigen berichten in deze periode';
const NO_INBOUND =
  'geen inkomende berichten in deze periode (reactiecijfers hebben inkomende berichten nodig)';
const NONE_ANSWERED = 'geen van de inkomende berichten is beantwoord';
const NO_SNAPSHOT = 'geen meting van het aantal volgers op of vóór het einde van de periode';
const CLASS_NONE = 'geen enkel account in deze klasse heeft dit cijfer';

/** The reason a figure is null, or null when it is not. */
export function whyMissing(metric: Metric, figures: Figures, context: MissingContext): string | null {
  if (figures[metric] !== null) return null;
  if (context.accounts === 0) return NO_ACCOUNT;
  // A class average is null only when none of its accounts has the figure; say which input lacks.
  const none = (reason: string) => (context.level === 'class' ? `${CLASS_NONE}: ${reason}` : reason);
  switch (metric) {
    case 'sent':
    case 'reply':
    case 'repost':
    case 'broadcast':
    case 'inbound':
    case 'answered':
    case 'anomalies':
      return context.level === 'class' ? CLASS_NONE : NO_ACCOUNT;
    case 'reply_pct':
    case 'repost_pct':
    case 'broadcast_pct':
      return none(NO_OWN);
    case 'reposts_per_message':
      if (figures.sent === 0 || (figures.sent !== null && figures.sent === figures.repost)) {
        return none('geen eigen berichten (behalve gedeelde) in deze periode');
      }
      return none('het platform geeft niet door hoe vaak berichten zijn gedeeld');
    case 'response_rate':
      return none(NO_INBOUND);
    case 'mean_first_response_s':
    case 'median_first_response_s':
    case 'p90_first_response_s':
    case 'buckets':
      if (figures.inbound === 0) return none(NO_INBOUND);
      return none(NONE_ANSWERED);
    case 'followers':
    case 'following':
      return none(NO_SNAPSHOT);
    case 'followers_growth':
    case 'followers_growth_pct':
      if (figures.followers === null) return none(NO_SNAPSHOT);
      if (!context.periodHasStart) return none('de periode heeft geen begin om de groei mee te vergelijken');
      if (metric === 'followers_growth_pct' && figures.followers_growth !== null) {
        return none('het aantal volgers bij het begin van de periode was 0');
      }
      return none('geen meting van het aantal volgers op of vóór het begin van de periode');
    case 'followers_per_1000_inhabitants':
      if (figures.followers === null) return none(NO_SNAPSHOT);
      if (context.level === 'organisation' && (context.inhabitants ?? null) === null) {
        return 'aantal inwoners onbekend';
      }
      return none('aantal inwoners onbekend');
  }
}
