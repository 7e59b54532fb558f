import { parseQuery, type QueryError } from '../search/query/index.ts';

/**
 * An alert rule's settings, checked, with their defaults. A rule belongs to a saved search and
 * is one of two kinds:
 *
 * - `spike`: the number of the search's messages per window (`windowMinutes`, windows aligned to
 *   the epoch) against a baseline, an exponentially weighted moving average (EWMA) of the windows
 *   before with its variance, over about `baselineWindows` windows (α = 2 / (baselineWindows + 1)).
 *   A window is a spike when its count is at least `minCount`, at least `factor` times the
 *   baseline, and at least `zScore` standard deviations above it, by the variance learnt and by
 *   the spread a count has by chance (see spike.ts).
 * - `term`: messages of the search that also match one of `terms` (each an expression in the query
 *   language: `brand`, `explosie*`, `"gaslucht"`, `#evacuatie`); an episode lasts until no new
 *   match came for `quietHours`.
 *
 * Problems come back as codes with the field they concern; texts.ts puts them in words.
 */
export interface SpikeSettings {
  windowMinutes: number;
  baselineWindows: number;
  zScore: number;
  factor: number;
  minCount: number;
}

export interface TermSettings {
  terms: string[];
  quietHours: number;
}

export type RuleSettings = ({ kind: 'spike' } & SpikeSettings) | ({ kind: 'term' } & TermSettings);
export type AlertKind = RuleSettings['kind'];
export const ALERT_KINDS = ['spike', 'term'] as const satisfies readonly AlertKind[];

export const SPIKE_DEFAULTS: Readonly<SpikeSettings> = {
  windowMinutes: 60,
  baselineWindows: 24,
  zScore: 4,
  factor: 2,
  minCount: 10,
};
export const TERM_DEFAULTS: Readonly<Omit<TermSettings, 'terms'>> = { quietHours: 6 };

/** Where a rule tells: e-mail addresses and a webhook. */
export interface Recipients {
  emailTo: string[];
  webhookUrl: string | null;
}

export const RULE_LIMITS = { terms: 50, termLength: 200, emails: 20 } as const;

export type RuleField =
  | 'kind'
  | 'windowMinutes'
  | 'baselineWindows'
  | 'zScore'
  | 'factor'
  | 'minCount'
  | 'terms'
  | 'quietHours'
  | 'emailTo'
  | 'webhookUrl';

export type RuleProblem =
  | { field: RuleField; problem: 'unknownKind' | 'noTerms' | 'tooMany' | 'webhookUrl' | 'windowDivides' }
  | { field: RuleField; problem: 'range'; min: number; max: number }
  /** A term that is no query (`error`), or one that is too long (`error` null). */
  | { field: RuleField; problem: 'term'; term: string; error: QueryError | null }
  | { field: RuleField; problem: 'email'; value: string };

/** How a rule comes in: from a form, an API body or the store (snake_case as stored is read too). */
export interface RuleInput {
  kind?: unknown;
  settings?: Record<string, unknown> | null;
  emailTo?: unknown;
  webhookUrl?: unknown;
}

const RANGES: Record<keyof SpikeSettings | 'quietHours', { min: number; max: number; integer: boolean }> = {
  windowMinutes: { min: 5, max: 1440, integer: true },
  baselineWindows: { min: 2, max: 1000, integer: true },
  zScore: { min: 0, max: 50, integer: false },
  factor: { min: 1, max: 100, integer: false },
  minCount: { min: 1, max: 1_000_000, integer: true },
  quietHours: { min: 0.25, max: 24 * 30, integer: false },
};

const SNAKE: Record<string, string> = {
  windowMinutes: 'window_minutes',
  baselineWindows: 'baseline_windows',
  zScore: 'z_score',
  minCount: 'min_count',
  quietHours: 'quiet_hours',
};

const EMAIL = /^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$/;

/** The settings and recipients as given (defaults filled in), and what is wrong with them. */
export function checkRule(input: RuleInput): {
  settings: RuleSettings;
  recipients: Recipients;
  problems: RuleProblem[];
} {
  const problems: RuleProblem[] = [];
  const given = input.settings ?? {};
  const value = (name: string) => given[name] ?? given[SNAKE[name] ?? name];
  const number = (name: keyof typeof RANGES, fallback: number): number => {
    const raw = value(name);
    if (raw === undefined || raw === null || raw === '') return fallback;
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : Number.NaN;
    const range = RANGES[name];
    if (!Number.isFinite(n) || n < range.min || n > range.max || (range.integer && !Number.isInteger(n))) {
      problems.push({ field: name, problem: 'range', min: range.min, max: range.max });
      return fallback;
    }
    return n;
  };
  let settings: RuleSettings;
  if (input.kind === 'term') {
    const terms = termList(value('terms'));
    if (terms.length === 0) problems.push({ field: 'terms', problem: 'noTerms' });
    if (terms.length > RULE_LIMITS.terms) problems.push({ field: 'terms', problem: 'tooMany' });
    for (const term of terms) {
      if (term.length > RULE_LIMITS.termLength) {
        problems.push({ field: 'terms', problem: 'term', term: term.slice(0, 40), error: null });
        continue;
      }
      const parsed = parseQuery(term);
      if (!parsed.ok) problems.push({ field: 'terms', problem: 'term', term, error: parsed.error });
    }
    settings = { kind: 'term', terms, quietHours: number('quietHours', TERM_DEFAULTS.quietHours) };
  } else {
    if (input.kind !== 'spike') problems.push({ field: 'kind', problem: 'unknownKind' });
    const windowMinutes = number('windowMinutes', SPIKE_DEFAULTS.windowMinutes);
    if (1440 % windowMinutes !== 0) problems.push({ field: 'windowMinutes', problem: 'windowDivides' });
    settings = {
      kind: 'spike',
      windowMinutes,
      baselineWindows: number('baselineWindows', SPIKE_DEFAULTS.baselineWindows),
      zScore: number('zScore', SPIKE_DEFAULTS.zScore),
      factor: number('factor', SPIKE_DEFAULTS.factor),
      minCount: number('minCount', SPIKE_DEFAULTS.minCount),
    };
  }
  const emailTo = textList(input.emailTo).map((e) => e.toLowerCase());
  if (emailTo.length > RULE_LIMITS.emails) problems.push({ field: 'emailTo', problem: 'tooMany' });
  for (const address of emailTo) {
    if (address.length > 320 || !EMAIL.test(address)) {
      problems.push({ field: 'emailTo', problem: 'email', value: address });
    }
  }
  const webhookUrl = typeof input.webhookUrl === 'string' ? input.webhookUrl.trim() || null : null;
  if (webhookUrl !== null && !isWebhookUrl(webhookUrl)) {
    problems.push({ field: 'webhookUrl', problem: 'webhookUrl' });
  }
  return { settings, recipients: { emailTo: [...new Set(emailTo)], webhookUrl }, problems };
}

/** A webhook is called at an http(s) address, without a user or password in it. */
export function isWebhookUrl(text: string): boolean {
  if (text.length > 2000) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** The settings as stored (`alert_rules.settings`, snake_case, without the kind). */
export function storedSettings(settings: RuleSettings): Record<string, unknown> {
  if (settings.kind === 'term') return { terms: settings.terms, quiet_hours: settings.quietHours };
  return {
    window_minutes: settings.windowMinutes,
    baseline_windows: settings.baselineWindows,
    z_score: settings.zScore,
    factor: settings.factor,
    min_count: settings.minCount,
  };
}

/** Settings read back from the store; what no longer checks out is an error. */
export function settingsFromStore(kind: string, stored: Record<string, unknown>): RuleSettings {
  const { settings, problems } = checkRule({ kind, settings: stored });
  if (problems.length > 0) throw new Error(`stored alert settings do not check: ${JSON.stringify(problems)}`);
  return settings;
}

/** Terms as a list, or as text with one per line or separated by commas. */
function termList(raw: unknown): string[] {
  return textList(raw, /[\n,]/);
}

function textList(raw: unknown, separator: RegExp = /[\s,;]+/): string[] {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(separator) : [];
  return items.map((item) => (typeof item === 'string' ? item.trim() : '')).filter((item) => item !== '');
}
