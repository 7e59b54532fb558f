import { describeQueryError } from '../search/query/index.ts';
import { type Locale, t } from '../web/i18n/index.ts';
import { RULE_LIMITS, type RuleProblem } from './rules.ts';

/**
 * Alerts in words (the catalogue is src/web/i18n/alerts.ts): a notification as stored
 * (`NotificationMessage`: what happened, with its figures) in the reader's language, the e-mail
 * (in Dutch), and what is wrong with a rule.
 */
export type NotificationMessage =
  | { kind: 'spike'; search: string; count: number; baseline: number; windowMinutes: number }
  | { kind: 'term'; search: string; terms: string[]; count: number; excerpt: string };

export interface NotificationText {
  title: string;
  body: string;
}

export function notificationText(locale: Locale, message: NotificationMessage): NotificationText {
  if (message.kind === 'spike') {
    const values = {
      search: message.search,
      count: message.count,
      baseline: Math.round(message.baseline),
      window: windowText(locale, message.windowMinutes),
    };
    return {
      title: t(locale, 'alerts.spike.title', values),
      body: t(locale, message.baseline < 0.5 ? 'alerts.spike.bodyQuiet' : 'alerts.spike.body', values),
    };
  }
  const terms = new Intl.ListFormat(locale, { type: 'disjunction' }).format(message.terms);
  const values = { search: message.search, terms, count: message.count, excerpt: message.excerpt };
  return {
    title: t(locale, 'alerts.term.title', values),
    body: t(locale, message.count === 1 ? 'alerts.term.body' : 'alerts.term.bodyMany', values),
  };
}

function windowText(locale: Locale, minutes: number): string {
  if (minutes === 60) return t(locale, 'alerts.window.hour');
  if (minutes % 60 === 0) return t(locale, 'alerts.window.hours', { hours: minutes / 60 });
  return t(locale, 'alerts.window.minutes', { minutes });
}

/** A message's text as a short quote: on one line, at most `max` characters. */
export function excerpt(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = [...line];
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('')}…`;
}

/** The e-mail of a notification, in Dutch; `url` links to the search when the address is known. */
export function alertEmail(
  text: NotificationText,
  context: { organisation: string; search: string; url: string | null },
): { subject: string; text: string } {
  const lines = [t('nl', 'alerts.email.intro', { organisation: context.organisation }), '', text.body, ''];
  if (context.url) lines.push(t('nl', 'alerts.email.link', { url: context.url }), '');
  lines.push('-- ', t('nl', 'alerts.email.footer', { search: context.search }));
  return { subject: t('nl', 'alerts.email.subject', { title: text.title }), text: `${lines.join('\n')}\n` };
}

/** What is wrong with a rule, in words. */
export function describeRuleProblem(problem: RuleProblem, locale: Locale): string {
  switch (problem.problem) {
    case 'unknownKind':
      return t(locale, 'alerts.error.unknownKind');
    case 'range':
      return t(locale, 'alerts.error.range', { min: problem.min, max: problem.max });
    case 'windowDivides':
      return t(locale, 'alerts.error.windowDivides');
    case 'noTerms':
      return t(locale, 'alerts.error.noTerms');
    case 'tooMany':
      return t(locale, 'alerts.error.tooMany', {
        max: problem.field === 'terms' ? RULE_LIMITS.terms : RULE_LIMITS.emails,
      });
    case 'term':
      return problem.error
        ? t(locale, 'alerts.error.term', {
            term: problem.term,
            reason: describeQueryError(problem.error, locale),
          })
        : t(locale, 'alerts.error.termTooLong', { term: problem.term, max: RULE_LIMITS.termLength });
    case 'email':
      return t(locale, 'alerts.error.email', { value: problem.value });
    case 'webhookUrl':
      return t(locale, 'alerts.error.webhookUrl');
  }
}
