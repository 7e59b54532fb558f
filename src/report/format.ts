import { MONTHS_NL } from '../domain/dutchCalendar.ts';

/**
 * How the report shows numbers to people, in Dutch (METRICS.md "Rounding": figures are kept
 * exact and rounded only here). Durations as `h:mm:ss` like the 2016 study (26:34:28 is 26 hours
 * 34 minutes 28 seconds, hours unbounded), percentages whole (`34%`), thousands grouped with a
 * dot and decimals after a comma (`4.606`, `1,5`), dates in words (`1 januari 2025`).
 *
 * Written out by hand rather than with `Intl`, so the output does not depend on the ICU data the
 * Node.js build happens to carry.
 */

/** Minus sign for negative numbers and changes. */
const MINUS = '-';

/** `value` rounded half away from zero to `digits` decimals (so -0.5 rounds to -1, not -0). */
export function roundHalfAway(value: number, digits = 0): number {
  const factor = 10 ** digits;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** A whole number with Dutch thousands separators: 4606 → `4.606`, -1234567 → `-1.234.567`. */
export function formatInteger(value: number): string {
  const rounded = roundHalfAway(value);
  const text = groupThousands(String(Math.abs(rounded)));
  return rounded < 0 ? `${MINUS}${text}` : text;
}

/** A number with `digits` decimals after a comma: 1234.56 → `1.234,6` (digits 1). */
export function formatDecimal(value: number, digits = 1): string {
  const rounded = roundHalfAway(value, digits);
  const [whole = '0', fraction] = Math.abs(rounded).toFixed(digits).split('.');
  const text = fraction === undefined ? groupThousands(whole) : `${groupThousands(whole)},${fraction}`;
  return rounded < 0 ? `${MINUS}${text}` : text;
}

/** A percentage, whole: 34.4 → `34%`, 99.5 → `100%`. */
export function formatPercent(value: number): string {
  return `${formatInteger(value)}%`;
}

/**
 * Seconds as `h:mm:ss`, rounded to whole seconds, hours unbounded: 95668 → `26:34:28`,
 * 7540 → `2:05:40`, 59.6 → `0:01:00`. Negative durations (a change) get a minus sign.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) throw new RangeError(`not a duration: ${seconds}`);
  const total = roundHalfAway(seconds);
  const abs = Math.abs(total);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  const text = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return total < 0 ? `${MINUS}${text}` : text;
}

/** A change with its sign: `+12`, `-3`, `0` (the text of `format` of the absolute value). */
export function withSign(value: number, format: (absolute: number) => string): string {
  const text = format(Math.abs(value));
  // Rounded to nothing (`0`, `0%`, `0:00:00`): no sign.
  if (!/[1-9]/.test(text)) return text;
  return value < 0 ? `${MINUS}${text}` : `+${text}`;
}

/** A change of a percentage, in whole percentage points: `+5 procentpunt`, `-12 procentpunt`. */
export function formatPercentagePoints(change: number): string {
  return `${withSign(change, formatInteger)} procentpunt`;
}

/** A day in words, UTC: `1 januari 2025`. */
export function formatDate(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS_NL[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** A moment with its time, UTC: `23 november 2025 om 11:28 UTC`. */
export function formatDateTime(date: Date): string {
  const hh = String(date.getUTCHours()).padStart(2, '0');
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `${formatDate(date)} om ${hh}:${mm} UTC`;
}

function parseMoment(value: Date | string | null): Date | null {
  if (value === null) return null;
  return typeof value === 'string' ? new Date(value) : value;
}

/**
 * A half-open period `[from, to)` as people read it, with its last day included:
 * `1 januari 2025 t/m 31 december 2025`; an unbounded side reads `vanaf …` / `t/m …`.
 */
export function formatPeriod(period: { from: Date | string | null; to: Date | string | null }): string {
  const from = parseMoment(period.from);
  const to = parseMoment(period.to);
  // The last moment inside the period is the millisecond before `to`.
  const last = to && new Date(to.getTime() - 1);
  if (from && last) {
    return formatDate(from) === formatDate(last)
      ? formatDate(from)
      : `${formatDate(from)} t/m ${formatDate(last)}`;
  }
  if (from) return `vanaf ${formatDate(from)}`;
  if (last) return `t/m ${formatDate(last)}`;
  return 'alle berichten in de database';
}

/** A calendar quarter (UTC) by the moment it starts: `K1 2025`. */
export function formatQuarter(start: Date | string): string {
  const date = typeof start === 'string' ? new Date(start) : start;
  return `K${Math.floor(date.getUTCMonth() / 3) + 1} ${date.getUTCFullYear()}`;
}
