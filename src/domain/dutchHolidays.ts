/**
 * The Dutch public holidays on which a municipality's offices are closed: the days the demo's
 * webcare teams are off and the days the SLA's office-hours clock skips. A day is a number of days
 * since 1970-01-01 (`epochDay`), or `YYYY-MM-DD` through `holidayOn`.
 *
 * - Nieuwjaarsdag, Eerste and Tweede Paasdag, Hemelvaartsdag, Eerste and Tweede Pinksterdag,
 *   Eerste and Tweede Kerstdag.
 * - Koningsdag on 27 April, or on the 26th when the 27th is a Sunday (since 2014); before that
 *   Koninginnedag on 30 April, or the 29th when the 30th is a Sunday.
 * - Bevrijdingsdag (5 May) is a day off for civil servants in lustrum years only (2025, 2030, …),
 *   as the collective agreements of the municipalities have it.
 *
 * Goede Vrijdag is not a public day off. An organisation's own closing days are its exceptions.
 */

const DAY_MS = 86_400_000;

/** The days since 1970-01-01 of a date (month 0 = January). */
export function epochDay(year: number, month: number, dayOfMonth: number): number {
  return Date.UTC(year, month, dayOfMonth) / DAY_MS;
}

/** Sunday-based weekday of an epoch day (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Easter Sunday (the anonymous Gregorian algorithm) as an epoch day. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return epochDay(year, month - 1, day);
}

/** The public holidays of a year: epoch day → Dutch name. */
export function dutchHolidays(year: number): Map<number, string> {
  const easter = easterSunday(year);
  const kings = year >= 2014 ? epochDay(year, 3, 27) : epochDay(year, 3, 30);
  const holidays = new Map<number, string>([
    [epochDay(year, 0, 1), 'Nieuwjaarsdag'],
    [easter, 'Eerste Paasdag'],
    [easter + 1, 'Tweede Paasdag'],
    [weekdayOf(kings) === 0 ? kings - 1 : kings, year >= 2014 ? 'Koningsdag' : 'Koninginnedag'],
    [easter + 39, 'Hemelvaartsdag'],
    [easter + 49, 'Eerste Pinksterdag'],
    [easter + 50, 'Tweede Pinksterdag'],
    [epochDay(year, 11, 25), 'Eerste Kerstdag'],
    [epochDay(year, 11, 26), 'Tweede Kerstdag'],
  ]);
  if (year % 5 === 0) holidays.set(epochDay(year, 4, 5), 'Bevrijdingsdag');
  return holidays;
}

const byYear = new Map<number, Map<number, string>>();

/** The name of the public holiday on `day` (`YYYY-MM-DD`), or null. */
export function holidayOn(day: string): string | null {
  const year = Number(day.slice(0, 4));
  let holidays = byYear.get(year);
  if (!holidays) {
    holidays = dutchHolidays(year);
    byYear.set(year, holidays);
  }
  return holidays.get(Date.parse(`${day}T00:00:00Z`) / DAY_MS) ?? null;
}
