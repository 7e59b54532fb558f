import { parseIsoDateTime } from '../importers/isoDate.ts';
import type { Period } from './figures.ts';

/** All time: both ends unbounded. */
export const ALL_TIME: Period = { from: null, to: null };

/**
 * Reads a period's end from the command line: a date (`2025-01-01`, midnight UTC) or an RFC 3339
 * moment with a time zone (`2025-01-01T00:00:00+01:00`). Null for anything else, also for dates
 * that do not exist.
 */
export function parseMoment(value: string): Date | null {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? `${value.trim()}T00:00:00Z` : value;
  return parseIsoDateTime(date);
}

/** The period as JSON shows it. */
export function periodJson(period: Period): { from: string | null; to: string | null } {
  return { from: period.from?.toISOString() ?? null, to: period.to?.toISOString() ?? null };
}

/**
 * The year whose population sets a gemeente's class (METRICS.md: "1 January of the period's
 * year"): the year of `from`; without `from`, of the moment before `to`; without either, `now`'s.
 */
export function periodYear(period: Period, now: Date = new Date()): number {
  if (period.from) return period.from.getUTCFullYear();
  if (period.to) return new Date(period.to.getTime() - 1).getUTCFullYear();
  return now.getUTCFullYear();
}

function shiftYears(date: Date, years: number): Date {
  const shifted = new Date(date.getTime());
  shifted.setUTCFullYear(date.getUTCFullYear() + years);
  // 29 February has no twin in most years: keep the day before 1 March.
  if (shifted.getUTCDate() !== date.getUTCDate()) shifted.setUTCDate(0);
  return shifted;
}

/** The same period one year earlier, for year-over-year change; null when a side is unbounded. */
export function previousYear(period: Period): Period | null {
  if (!period.from || !period.to) return null;
  return { from: shiftYears(period.from, -1), to: shiftYears(period.to, -1) };
}

/** The calendar quarter (UTC) a moment falls in, e.g. `2025-K1`. */
export function quarterLabel(moment: Date): string {
  return `${moment.getUTCFullYear()}-K${Math.floor(moment.getUTCMonth() / 3) + 1}`;
}

/**
 * The calendar quarters (UTC) that overlap the period, each cut to the period, in order. An
 * unbounded side is taken from `span` (the first and last message in the store); with neither,
 * there are no quarters.
 */
export function quartersOf(period: Period, span: { first: Date; last: Date } | null = null): Period[] {
  const from = period.from ?? span?.first ?? null;
  const to = period.to ?? (span ? new Date(span.last.getTime() + 1) : null);
  if (!from || !to || from >= to) return [];
  const quarters: Period[] = [];
  let start = new Date(Date.UTC(from.getUTCFullYear(), Math.floor(from.getUTCMonth() / 3) * 3, 1));
  while (start < to) {
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3, 1));
    quarters.push({ from: start < from ? from : start, to: end > to ? to : end });
    start = end;
  }
  return quarters;
}
