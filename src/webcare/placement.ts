/**
 * Where a citizen's new message goes: into the case its conversation has, into that case reopened,
 * or into a new case. The rules (issue 7):
 *
 * - a conversation without a case, or whose last case is closed (`gesloten` is final), gets a new case;
 * - a case that is resolved, or counts as resolved by time (answered, nothing came in since, and
 *   the auto-resolve period passed), is reopened by a message within the reopen period after its
 *   resolution, and otherwise left alone for a new case;
 * - any other case takes the message.
 *
 * Everything is decided by the messages' own times, so a year imported at once ends in the cases
 * the year would have made day by day.
 */

export const CASE_STATUSES = ['nieuw', 'open', 'wacht', 'opgelost', 'gesloten'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface CaseRules {
  reopenWithinDays: number;
  /** Null: an answered case waits until someone resolves it. */
  autoResolveDays: number | null;
}

export const DEFAULT_CASE_RULES: CaseRules = { reopenWithinDays: 7, autoResolveDays: 7 };

/** What placing needs to know of a case. */
export interface CaseTimes {
  status: CaseStatus;
  resolvedAt: Date | null;
  lastResponseAt: Date | null;
  /** The oldest inbound message since the last response (null: nothing waits). */
  waitingSince: Date | null;
}

const DAY_MS = 86_400_000;

/** When the case is resolved, or will count as resolved by time; null when neither. */
export function resolutionMoment(c: CaseTimes, rules: CaseRules): Date | null {
  if (c.status === 'opgelost' || c.status === 'gesloten') return c.resolvedAt;
  if (c.status === 'wacht' && rules.autoResolveDays !== null && c.waitingSince === null && c.lastResponseAt)
    return new Date(c.lastResponseAt.getTime() + rules.autoResolveDays * DAY_MS);
  return null;
}

export type Placement = 'new' | 'attach' | 'reopen';

export function placeInbound(last: CaseTimes | null, at: Date, rules: CaseRules): Placement {
  if (!last || last.status === 'gesloten') return 'new';
  const resolved = resolutionMoment(last, rules);
  if (resolved === null || resolved.getTime() > at.getTime()) return 'attach';
  return at.getTime() - resolved.getTime() <= rules.reopenWithinDays * DAY_MS ? 'reopen' : 'new';
}
