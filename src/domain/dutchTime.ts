/**
 * Days on the Dutch wall clock (Europe/Amsterdam) as `YYYY-MM-DD`, and where they begin in UTC,
 * for periods people choose by date ("van 1 mei tot en met 30 mei"). The query language's
 * `after:`/`before:` and the dashboard's buckets count Dutch days the same way.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Amsterdam's wall clock minus UTC at `utc`, in ms (one or two hours), by the platform's time-zone data. */
export function amsterdamOffset(utc: number): number {
  const parts = Object.fromEntries(PARTS.formatToParts(new Date(utc)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - Math.floor(utc / 1000) * 1000;
}

/** The Dutch day of a moment: `2025-05-01` for 2025-04-30T22:30:00Z. */
export function dutchDay(date: Date): string {
  return new Date(date.getTime() + amsterdamOffset(date.getTime())).toISOString().slice(0, 10);
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar date written `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  const match = DAY_PATTERN.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

/**
 * The moment a Dutch day begins: midnight in Amsterdam. Clocks change at 02:00/03:00, never at
 * midnight, so the offset an hour before midnight UTC of that date is the day's.
 */
export function startOfDutchDay(day: string): Date {
  if (!isDay(day)) throw new RangeError(`not a day: ${JSON.stringify(day)}`);
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  return new Date(midnightUtc - amsterdamOffset(midnightUtc - HOUR_MS));
}

/** The day `days` after (or, negative, before) `day`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
