import { holidayOn } from '../domain/dutchHolidays.ts';
import { addDays, amsterdamOffset, dutchDay } from '../domain/dutchTime.ts';

/**
 * Office hours on the Dutch wall clock (Europe/Amsterdam): when a webcare team is at work, and
 * the clock that counts only that time. A week of shifts per weekday (split shifts such as a lunch
 * break are several shifts), closed on Dutch public holidays unless said otherwise, and date
 * exceptions (a closing day, shorter hours on Christmas Eve). Daylight saving is the wall clock's:
 * 08:30 is 08:30 in summer and winter, so a working day that holds the switch is an hour shorter
 * or longer in UTC only if a shift spans 02:00–03:00.
 */

/** One shift: minutes after local midnight, `[from, to)`. */
export interface Shift {
  from: number;
  to: number;
}

export interface OfficeHours {
  /** Shifts per weekday, Sunday first (as `Date#getUTCDay`), each sorted and not overlapping. */
  week: readonly (readonly Shift[])[];
  /** Closed on the Dutch public holidays (`domain/dutchHolidays.ts`). */
  closedOnPublicHolidays: boolean;
  /** Days with other hours than the week says: `YYYY-MM-DD` → shifts (none: closed). */
  exceptions: Readonly<Record<string, readonly Shift[]>>;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** How far a clock looks for open time before it decides there is none. */
const HORIZON_DAYS = 400;

const weekday = (from: number, to: number): Shift[] => [
  { from, to: 12 * 60 + 30 },
  { from: 13 * 60, to },
];

/** A municipal KCC's week: 08:30–17:00 on working days with a half-hour lunch break, closed on holidays. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  week: [
    [],
    weekday(510, 1020),
    weekday(510, 1020),
    weekday(510, 1020),
    weekday(510, 1020),
    weekday(510, 1020),
    [],
  ],
  closedOnPublicHolidays: true,
  exceptions: {},
};

/** The shifts of a Dutch day, after exceptions and holidays. */
export function shiftsOn(hours: OfficeHours, day: string): readonly Shift[] {
  const exception = hours.exceptions[day];
  if (exception) return exception;
  if (hours.closedOnPublicHolidays && holidayOn(day) !== null) return [];
  return hours.week[new Date(`${day}T00:00:00Z`).getUTCDay()] ?? [];
}

/**
 * The moment of a wall-clock time on a Dutch day. In the autumn's doubled hour it is the first of
 * the two; a time in the spring's skipped hour is the moment the clock jumps (03:00 summer time).
 */
export function wallClockMoment(day: string, minute: number): number {
  const local = Date.parse(`${day}T00:00:00Z`) + minute * MINUTE_MS;
  for (const offset of [2 * HOUR_MS, HOUR_MS]) {
    const utc = local - offset;
    if (amsterdamOffset(utc) === offset) return utc;
  }
  return Math.floor((local - HOUR_MS) / HOUR_MS) * HOUR_MS;
}

/** The open periods of a Dutch day as moments `[from, to)`. */
function openPeriods(hours: OfficeHours, day: string): [number, number][] {
  return shiftsOn(hours, day).map((s) => [wallClockMoment(day, s.from), wallClockMoment(day, s.to)]);
}

/** Whether the team is at work at `at`. */
export function isOpen(hours: OfficeHours, at: Date): boolean {
  const t = at.getTime();
  return openPeriods(hours, dutchDay(at)).some(([from, to]) => t >= from && t < to);
}

/**
 * The moment when `ms` of open time has passed after `start` (open time before `start` does not
 * count; `ms` 0 is the first open moment at or after it). Throws when the hours hold no open time.
 */
export function addOpenTime(hours: OfficeHours, start: Date, ms: number): Date {
  let left = ms;
  const t0 = start.getTime();
  let day = dutchDay(start);
  for (let i = 0; i < HORIZON_DAYS; i++, day = addDays(day, 1)) {
    for (const [from, to] of openPeriods(hours, day)) {
      const begin = Math.max(from, t0);
      if (begin >= to) continue;
      if (begin + left <= to) return new Date(begin + left);
      left -= to - begin;
    }
  }
  throw new RangeError(`office hours hold no open time within ${HORIZON_DAYS} days`);
}

/** The open time between two moments, in ms (0 when `end` is not after `start`). */
export function openTimeBetween(hours: OfficeHours, start: Date, end: Date): number {
  const t0 = start.getTime();
  const t1 = end.getTime();
  if (t1 <= t0) return 0;
  let total = 0;
  const last = dutchDay(end);
  for (let day = dutchDay(start); day <= last; day = addDays(day, 1)) {
    for (const [from, to] of openPeriods(hours, day))
      total += Math.max(0, Math.min(to, t1) - Math.max(from, t0));
  }
  return total;
}

/** What is wrong with office hours as given (none: they can be used). */
export function officeHoursProblems(hours: OfficeHours): string[] {
  const problems: string[] = [];
  const checkShifts = (where: string, shifts: readonly Shift[]) => {
    let previous = -1;
    for (const s of shifts) {
      if (
        !Number.isInteger(s.from) ||
        !Number.isInteger(s.to) ||
        s.from < 0 ||
        s.to > 24 * 60 ||
        s.from >= s.to
      )
        problems.push(`${where}: a shift must run forwards within the day`);
      else if (s.from < previous) problems.push(`${where}: shifts must be in order and not overlap`);
      previous = s.to;
    }
  };
  if (hours.week.length !== 7) problems.push('week: seven days, Sunday first');
  for (const [i, shifts] of hours.week.entries()) checkShifts(`week[${i}]`, shifts);
  for (const [day, shifts] of Object.entries(hours.exceptions)) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) problems.push(`exceptions: ${day} is not a date`);
    checkShifts(`exceptions[${day}]`, shifts);
  }
  if (hours.week.every((shifts) => shifts.length === 0)) problems.push('week: at least one shift');
  return problems;
}
