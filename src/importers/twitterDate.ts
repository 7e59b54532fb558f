const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const PATTERN =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;

/**
 * Parses Twitter's date format, `Tue Oct 31 22:10:47 +0000 2017`. Returns null for anything else
 * and for dates that do not exist (31 April, 25:00).
 */
export function parseTwitterDate(value: string): Date | null {
  const m = PATTERN.exec(value.trim());
  if (!m) return null;
  const month = MONTHS.indexOf(m[2] as string);
  const [day, hour, minute, second, year] = [m[3], m[4], m[5], m[6], m[10]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 0 || hour > 23 || minute > 59 || second > 59 || day < 1) return null;
  const offset = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  const utc = Date.UTC(year, month, day, hour, minute, second);
  const check = new Date(utc);
  if (check.getUTCMonth() !== month || check.getUTCDate() !== day) return null;
  return new Date(utc - offset * 60_000);
}
