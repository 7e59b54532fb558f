import { parseIsoDateTime } from '../../importers/isoDate.ts';
import { RecordError } from '../../ingest/records.ts';

/**
 * Reading fields of Graph items (Facebook and Instagram), so a missing or drifted field becomes a
 * reject that names it.
 */

/** A Graph item as an object; anything else is a reject. */
export function asItem(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new RecordError('invalid_field', 'the item is not an object');
  }
  return value as Record<string, unknown>;
}

/** A non-empty string, or null when absent; another type is a reject naming the field. */
export function optionalString(item: Record<string, unknown>, field: string): string | null {
  const value = item[field];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw new RecordError('invalid_field', `${field} must be text, not ${JSON.stringify(value).slice(0, 40)}`);
}

export function requiredString(item: Record<string, unknown>, field: string): string {
  const value = optionalString(item, field);
  if (value === null) throw new RecordError('missing_field', `${field} is missing`);
  return value;
}

/** Graph ids are digits, Facebook post and comment ids two numbers joined by `_`. */
export function requiredId(item: Record<string, unknown>, field = 'id'): string {
  const id = requiredString(item, field);
  if (!/^\d+(_\d+)?$/.test(id))
    throw new RecordError('invalid_field', `${field} ${JSON.stringify(id)} is not a Graph id`);
  return id;
}

/**
 * Meta writes times as `2021-08-10T18:45:03+0000` (no colon in the offset), which RFC 3339 and
 * the strict date parser want as `+00:00`.
 */
export function parseGraphTime(value: string): Date | null {
  return parseIsoDateTime(value.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

export function requiredTime(item: Record<string, unknown>, field: string): Date {
  const text = requiredString(item, field);
  const date = parseGraphTime(text);
  if (!date) throw new RecordError('invalid_field', `${field} ${JSON.stringify(text)} is not a valid date`);
  return date;
}

/** A count Meta gives (a whole number of 0 or more), or null when it gives none. */
export function optionalCount(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** `{ summary: { total_count } }` of an edge asked with `.summary(true)`. */
export function summaryCount(value: unknown): number | null {
  const summary = (value as { summary?: { total_count?: unknown } } | null)?.summary;
  return optionalCount(summary?.total_count);
}

/** The item's position in a newest-first list: its time in UTC, so positions compare as text. */
export function positionOf(item: unknown, field: string): string {
  return requiredTime(asItem(item), field).toISOString();
}

/** The item's time, or null when it cannot be read (the item is then kept and its reject says why). */
export function timeOf(item: unknown, field: string): Date | null {
  try {
    return requiredTime(asItem(item), field);
  } catch {
    return null;
  }
}
