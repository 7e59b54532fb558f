import { MONTHS_NL } from '../domain/dutchCalendar.ts';
import { dutchHolidays, weekdayOf } from '../domain/dutchHolidays.ts';

/**
 * Europe/Amsterdam local time for the demo year without a time-zone library: CET (UTC+1), and
 * CEST (UTC+2) from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC
 * (the EU rule). Dutch public holidays decide which weekdays are working days.
 *
 * A "local day" is the number of days since 1970-01-01 on the Amsterdam wall clock.
 */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Office hours of a webcare team, in minutes after local midnight: 08:30–17:00. */
export const OFFICE_OPENS = 8 * 60 + 30;
export const OFFICE_CLOSES = 17 * 60;

export interface DayInfo {
  /** 0-based index of the day in the demo year. */
  index: number;
  localDay: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** 0 = January. */
  month: number;
  dayOfMonth: number;
  workday: boolean;
  holiday: string | null;
}

/** Last Sunday of a month at 01:00 UTC. */
function lastSundayOneUtc(year: number, month: number): number {
  const last = Date.UTC(year, month + 1, 0) / DAY;
  return (last - weekdayOf(last)) * DAY + HOUR;
}

export class DemoCalendar {
  readonly year: number;
  /** The demo year in UTC: [start, end). */
  readonly start: number;
  readonly end: number;
  readonly days: DayInfo[];
  private readonly summer: [number, number][] = [];
  private readonly holidays = new Map<number, string>();

  constructor(year: number) {
    this.year = year;
    this.start = Date.UTC(year, 0, 1);
    this.end = Date.UTC(year + 1, 0, 1);
    for (const y of [year - 1, year, year + 1]) {
      this.summer.push([lastSundayOneUtc(y, 2), lastSundayOneUtc(y, 9)]);
      for (const [d, name] of dutchHolidays(y)) this.holidays.set(d, name);
    }
    const first = this.start / DAY;
    const count = (this.end - this.start) / DAY;
    this.days = [];
    for (let index = 0; index < count; index++) {
      const localDay = first + index;
      const date = new Date(localDay * DAY);
      const weekday = weekdayOf(localDay);
      const holiday = this.holidays.get(localDay) ?? null;
      this.days.push({
        index,
        localDay,
        weekday,
        month: date.getUTCMonth(),
        dayOfMonth: date.getUTCDate(),
        workday: weekday >= 1 && weekday <= 5 && holiday === null,
        holiday,
      });
    }
  }

  /** Offset of Amsterdam's wall clock from UTC at a UTC instant, in ms. */
  offset(utc: number): number {
    for (const [from, to] of this.summer) if (utc >= from && utc < to) return 2 * HOUR;
    return HOUR;
  }

  localDay(utc: number): number {
    return Math.floor((utc + this.offset(utc)) / DAY);
  }

  /** Minutes after local midnight. */
  minuteOfDay(utc: number): number {
    const local = utc + this.offset(utc);
    return Math.floor((local - Math.floor(local / DAY) * DAY) / MINUTE);
  }

  isWorkday(localDay: number): boolean {
    const weekday = weekdayOf(localDay);
    return weekday >= 1 && weekday <= 5 && !this.holidays.has(localDay);
  }

  inOfficeHours(utc: number): boolean {
    if (!this.isWorkday(this.localDay(utc))) return false;
    const minute = this.minuteOfDay(utc);
    return minute >= OFFICE_OPENS && minute < OFFICE_CLOSES;
  }

  /** The UTC instant of a wall-clock time; in the autumn's doubled hour, the first one. */
  toUtc(localDay: number, minuteOfDay: number, seconds = 0): number {
    const local = localDay * DAY + minuteOfDay * MINUTE + seconds * SECOND;
    const summer = local - 2 * HOUR;
    return this.offset(summer) === 2 * HOUR ? summer : local - HOUR;
  }

  /** The first moment at or after `utc` inside office hours. */
  nextOfficeStart(utc: number): number {
    let day = this.localDay(utc);
    if (this.isWorkday(day)) {
      const minute = this.minuteOfDay(utc);
      if (minute < OFFICE_OPENS) return this.toUtc(day, OFFICE_OPENS);
      if (minute < OFFICE_CLOSES) return utc;
    }
    do day++;
    while (!this.isWorkday(day));
    return this.toUtc(day, OFFICE_OPENS);
  }

  /** `14 maart` for a local day. */
  dateNl(localDay: number): string {
    const date = new Date(localDay * DAY);
    return `${date.getUTCDate()} ${MONTHS_NL[date.getUTCMonth()]}`;
  }
}
