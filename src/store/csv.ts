/**
 * Rows as CSV for COPY ... WITH (FORMAT csv): every value quoted, NULL as an unquoted empty
 * field, so an empty string and NULL stay apart and no text is ever read as a COPY marker.
 */
export type CopyValue = string | number | boolean | Date | null | readonly string[];

export function csvField(value: CopyValue): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot store ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string')
    return value.includes('"') ? `"${value.replaceAll('"', '""')}"` : `"${value}"`;
  return `"${arrayLiteral(value).replaceAll('"', '""')}"`;
}

export function csvRow(values: readonly CopyValue[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

/** A PostgreSQL array literal of text: `{"a","b \"c\""}`. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}
