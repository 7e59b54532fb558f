import { addOpenTime, type OfficeHours } from './officeHours.ts';

/**
 * Service levels of webcare: first response within N minutes and resolution within M, counted on
 * the calendar (every minute) or in office hours (`officeHours.ts`). A policy is an
 * organisation's, optionally per channel account. These are the organisation's own targets: the
 * public yardstick's response times stay wall-clock time (METRICS.md), and office-hours figures
 * are shown as numbers of their own.
 */

export type SlaClock = 'calendar' | 'office';

export interface SlaPolicy {
  firstResponseMinutes: number;
  resolutionMinutes: number;
  clock: SlaClock;
}

/** Two office hours for a first answer, two working days (16 office hours) to resolve. */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  firstResponseMinutes: 120,
  resolutionMinutes: 16 * 60,
  clock: 'office',
};

/** The share of a target after which a case is "bijna verlopen". */
export const AT_RISK_AFTER = 0.8;

const MINUTE_MS = 60_000;

/** When `minutes` of the policy's clock have passed since `start`. */
export function dueAfter(clock: SlaClock, hours: OfficeHours, start: Date, minutes: number): Date {
  const ms = Math.round(minutes * MINUTE_MS);
  return clock === 'calendar' ? new Date(start.getTime() + ms) : addOpenTime(hours, start, ms);
}

/** A target's due moment and when it becomes at risk. */
export interface Deadline {
  dueAt: Date;
  atRiskAt: Date;
}

export function deadline(clock: SlaClock, hours: OfficeHours, start: Date, minutes: number): Deadline {
  return {
    dueAt: dueAfter(clock, hours, start, minutes),
    atRiskAt: dueAfter(clock, hours, start, minutes * AT_RISK_AFTER),
  };
}

/** Where a target stands: met in time, late, breached while still open, nearly due, or on track. */
export type SlaState = 'met' | 'late' | 'breached' | 'at_risk' | 'on_track' | 'none';

export function slaState(target: Deadline | null, doneAt: Date | null, now: Date): SlaState {
  if (!target) return 'none';
  if (doneAt) return doneAt.getTime() <= target.dueAt.getTime() ? 'met' : 'late';
  if (now.getTime() > target.dueAt.getTime()) return 'breached';
  return now.getTime() >= target.atRiskAt.getTime() ? 'at_risk' : 'on_track';
}

/** What is wrong with a policy as given. */
export function slaPolicyProblems(
  policy: SlaPolicy,
): ('firstResponseMinutes' | 'resolutionMinutes' | 'clock')[] {
  const problems: ('firstResponseMinutes' | 'resolutionMinutes' | 'clock')[] = [];
  const minutes = (n: number) => Number.isInteger(n) && n > 0 && n <= 60 * 24 * 365;
  if (!minutes(policy.firstResponseMinutes)) problems.push('firstResponseMinutes');
  if (!minutes(policy.resolutionMinutes)) problems.push('resolutionMinutes');
  if (policy.clock !== 'calendar' && policy.clock !== 'office') problems.push('clock');
  return problems;
}
