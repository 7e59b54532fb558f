import { csvRecordsOfText } from '../importers/csvRecords.ts';
import { decodeUtf8, type Rejection, UnusableFileError } from './report.ts';

/** One data row of a CSV file, by lower-case column name, with the line it starts on. */
export interface CsvRow {
  line: number;
  location: string;
  values: ReadonlyMap<string, string>;
}

export interface CsvTable {
  columns: string[];
  rows: CsvRow[];
  /** Rows that could not be split into the header's columns. */
  rejected: Rejection[];
}

export interface CsvColumns {
  /** Columns the file must have; a file without one of them is unusable. */
  required: readonly string[];
}

/**
 * Reads a comma-separated file with a header row (RFC 4180, UTF-8, optional BOM), with the
 * importers' recovering CSV reader, so one broken row costs only itself. Column names are matched
 * case-insensitively; values are trimmed. A row with the wrong number of fields or broken quoting
 * is rejected with its `file:line`; a file without the required columns, or not UTF-8, or without
 * a header, throws `UnusableFileError` naming what is wrong.
 */
export function readCsvTable(input: Uint8Array | string, file: string, columns: CsvColumns): CsvTable {
  const rejected: Rejection[] = [];
  const records: { fields: string[]; line: number }[] = [];
  for (const record of csvRecordsOfText(decodeUtf8(input, file))) {
    if (record.ok) records.push({ fields: record.fields.map((f) => f.trim()), line: record.line });
    else rejected.push({ location: `${file}:${record.line}`, code: record.code, reason: record.reason });
  }
  const [header, ...data] = records;
  if (!header || header.fields.every((f) => f === ''))
    throw new UnusableFileError(file, 'is empty (no header row)');
  const names = header.fields.map((f) => f.toLowerCase());
  const seen = new Set(names);
  const duplicates = names.filter((n, i) => names.indexOf(n) !== i);
  if (duplicates.length > 0) {
    throw new UnusableFileError(
      file,
      `has duplicate column(s) in its header: ${[...new Set(duplicates)].join(', ')}`,
    );
  }
  const missing = columns.required.filter((c) => !seen.has(c));
  if (missing.length > 0) {
    throw new UnusableFileError(
      file,
      `is missing the column(s) ${missing.join(', ')} (header: ${names.join(',')}; expected at least ${columns.required.join(',')})`,
    );
  }
  const rows: CsvRow[] = [];
  for (const record of data) {
    const location = `${file}:${record.line}`;
    if (record.fields.length !== names.length) {
      rejected.push({
        location,
        code: 'malformed',
        reason: `row has ${record.fields.length} field(s), the header has ${names.length}`,
      });
      continue;
    }
    rows.push({
      line: record.line,
      location,
      values: new Map(names.map((n, i) => [n, record.fields[i] ?? ''])),
    });
  }
  rejected.sort((a, b) => lineOf(a.location) - lineOf(b.location));
  return { columns: names, rows, rejected };
}

function lineOf(location: string): number {
  return Number(location.slice(location.lastIndexOf(':') + 1)) || 0;
}
