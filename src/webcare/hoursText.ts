import { isDay } from '../domain/dutchTime.ts';
import type { OfficeHours, Shift } from './officeHours.ts';

/**
 * Office hours as people write them in a form: a day's shifts as `08:30-12:30, 13:00-17:00`
 * (empty or `gesloten`: closed), and exceptions one per line as `2026-12-24: 08:30-12:00` or
 * `2026-12-31: gesloten`. Parsing says what is wrong and where.
 */

const TIME = /^([01]?\d|2[0-4])[:.]([0-5]\d)$/;
const CLOSED = /^(gesloten|dicht|closed|-)?$/i;

function minutes(text: string): number | null {
  const m = TIME.exec(text.trim());
  if (!m) return null;
  const value = Number(m[1]) * 60 + Number(m[2]);
  return value <= 24 * 60 ? value : null;
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

export type ShiftsProblem = { text: string; problem: 'time' | 'order' };

/** The shifts written in `text`, or what is wrong with it. */
export function parseShifts(text: string): { shifts: Shift[] } | ShiftsProblem {
  const trimmed = text.trim();
  if (CLOSED.test(trimmed)) return { shifts: [] };
  const shifts: Shift[] = [];
  for (const part of trimmed.split(/[,;]/)) {
    const [a, b, ...rest] = part.split(/[-–]/);
    const from = minutes(a ?? '');
    const to = minutes(b ?? '');
    if (from === null || to === null || rest.length > 0) return { text: part.trim(), problem: 'time' };
    if (from >= to || (shifts.at(-1)?.to ?? -1) > from) return { text: part.trim(), problem: 'order' };
    shifts.push({ from, to });
  }
  return { shifts };
}

export function formatShifts(shifts: readonly Shift[]): string {
  return shifts.length === 0 ? 'gesloten' : shifts.map((s) => `${clock(s.from)}-${clock(s.to)}`).join(', ');
}

export type ExceptionsProblem = { line: number; text: string; problem: 'day' | 'time' | 'order' };

/** The exceptions written one per line, or the first line that is wrong. */
export function parseExceptions(text: string): { exceptions: OfficeHours['exceptions'] } | ExceptionsProblem {
  const exceptions: Record<string, Shift[]> = {};
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const m = /^(\d{4}-\d{2}-\d{2})\s*:?\s*(.*)$/.exec(line);
    if (!m || !isDay(m[1] as string)) return { line: i + 1, text: line, problem: 'day' };
    const parsed = parseShifts(m[2] as string);
    if ('problem' in parsed) return { line: i + 1, text: line, problem: parsed.problem };
    exceptions[m[1] as string] = parsed.shifts;
  }
  return { exceptions };
}

export function formatExceptions(exceptions: OfficeHours['exceptions']): string {
  return Object.keys(exceptions)
    .sort()
    .map((day) => `${day}: ${formatShifts(exceptions[day] ?? [])}`)
    .join('\n');
}
