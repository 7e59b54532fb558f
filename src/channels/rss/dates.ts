/**
 * The dates feeds use, read strictly: a day that does not exist (31 April, 29 February 2025) or a
 * time that does not (25:61) is no date, never rolled over into the next month as JavaScript's
 * Date would; a moment without a time zone is no moment either.
 *
 * - RFC 822/2822 (RSS 2.0 `pubDate`): `Tue, 03 Mar 2026 09:15:00 +0100`. Seconds and the weekday
 *   may be left out (RFC 2822 allows both); a weekday that does not match the date is accepted, as
 *   content systems that shift the time zone often get it wrong near midnight, while the date
 *   itself is right. Two-digit years as RFC 2822's obsolete syntax reads them. Zones: numeric, UT,
 *   GMT, Z, the North American names of RFC 822, and CET/CEST, which Dutch sites write although
 *   no RFC has them (their meaning is not in doubt).
 * - W3CDTF/RFC 3339 (Atom, `dc:date`, JSON Feed): `2026-03-03T09:15:00+01:00`, seconds optional,
 *   or a date alone (`2026-03-03`, which W3CDTF allows: read as midnight UTC).
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ZONES: Readonly<Record<string, number>> = {
  ut: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  cet: 60,
  cest: 120,
};

const RFC822 =
  /^(?:(?:mon|tue|wed|thu|fri|sat|sun),?\s*)?(\d{1,2})\s+([a-z]{3})\s+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[a-z]{1,4})$/i;
const W3CDTF =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2}))?$/;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  /** East of UTC, in minutes. */
  offset: number;
}

function moment(p: Parts): Date | null {
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.hour > 23 || p.minute > 59 || p.second > 59) return null;
  const check = new Date(Date.UTC(p.year, p.month - 1, p.day));
  if (check.getUTCMonth() !== p.month - 1 || check.getUTCDate() !== p.day) return null;
  const utc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millis);
  return new Date(utc - p.offset * 60_000);
}

function numericOffset(sign: string, hours: number, minutes: number): number | null {
  if (hours > 23 || minutes > 59) return null;
  return (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** An RFC 822/2822 date-time, or null. */
export function parseRfc822Date(value: string): Date | null {
  const m = RFC822.exec(value.trim());
  if (!m) return null;
  const [, day, monthName, yearText, hour, minute, second, zone] = m as unknown as string[];
  const month = MONTHS.indexOf((monthName as string).toLowerCase()) + 1;
  if (month === 0) return null;
  let year = Number(yearText);
  if ((yearText as string).length === 2) year += year < 50 ? 2000 : 1900;
  const zoneText = zone as string;
  let offset: number | null;
  if (/^[+-]\d{4}$/.test(zoneText)) {
    offset = numericOffset(zoneText[0] as string, Number(zoneText.slice(1, 3)), Number(zoneText.slice(3)));
  } else {
    offset = ZONES[zoneText.toLowerCase()] ?? null;
  }
  if (offset === null) return null;
  return moment({
    year,
    month,
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second ?? '0'),
    millis: 0,
    offset,
  });
}

/** A W3CDTF/RFC 3339 date-time (or date alone), or null. */
export function parseW3cDate(value: string): Date | null {
  const m = W3CDTF.exec(value.trim());
  if (!m) return null;
  const [, year, month, day, hour, minute, second, fraction, zone] = m;
  if (hour !== undefined && zone === undefined) return null;
  let offset = 0;
  if (zone !== undefined && zone.length > 1) {
    const parsed = numericOffset(zone[0] as string, Number(zone.slice(1, 3)), Number(zone.slice(4)));
    if (parsed === null) return null;
    offset = parsed;
  }
  return moment({
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? '0'),
    minute: Number(minute ?? '0'),
    second: Number(second ?? '0'),
    millis: fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0,
    offset,
  });
}

/** Either form: feeds mix them (an RSS `pubDate` in ISO form is common enough to read). */
export function parseFeedDate(value: string): Date | null {
  return parseRfc822Date(value) ?? parseW3cDate(value);
}
