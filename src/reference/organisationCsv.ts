import type { OrganisationInput } from '../ingest/records.ts';
import { RecordError } from '../ingest/records.ts';
import { CODE_RULES, type RegionKind } from './codes.ts';
import { type CsvRow, readCsvTable } from './csvTable.ts';
import type { Rejection } from './report.ts';

export interface OrganisationCsvOptions {
  /** Shown in every location (`file:line`); usually the path as the user gave it. */
  file: string;
  /** The 1 January the file's population column describes. */
  populationYear: number;
  /** Kept with each inhabitants figure: where the number came from. */
  source: string;
}

export interface ParsedOrganisations {
  file: string;
  /** Data rows in the file (good and bad). */
  read: number;
  organisations: OrganisationInput[];
  rejected: Rejection[];
}

/** Reads the values of one row, throwing `RecordError` for a missing or impossible value. */
export class RowReader {
  constructor(private readonly row: CsvRow) {}

  /** The trimmed value, or null when the column is absent or the cell empty. */
  optional(column: string): string | null {
    const value = this.row.values.get(column);
    return value === undefined || value === '' ? null : value;
  }

  text(column: string): string {
    const value = this.optional(column);
    if (value === null) throw new RecordError('missing_field', `missing ${column}`);
    return value;
  }

  /** An official code of `kind`; null only when `required` is false and the cell is empty. */
  code(column: string, kind: RegionKind, required: true): string;
  code(column: string, kind: RegionKind, required: false): string | null;
  code(column: string, kind: RegionKind, required: boolean): string | null {
    const value = required ? this.text(column) : this.optional(column);
    if (value === null) return null;
    const rule = CODE_RULES[kind];
    if (!rule.pattern.test(value)) {
      throw new RecordError(
        'invalid_field',
        `${column} ${JSON.stringify(value)} is not a ${kind} code (${rule.shape})`,
      );
    }
    return value;
  }

  /** A number of inhabitants: a whole number of 0 or more that fits the store (int4). */
  count(column: string, required: boolean): number | null {
    const value = required ? this.text(column) : this.optional(column);
    if (value === null) return null;
    if (/^-\d+$/.test(value)) throw new RecordError('invalid_field', `${column} ${value} is negative`);
    if (!/^\d+$/.test(value)) {
      throw new RecordError('invalid_field', `${column} ${JSON.stringify(value)} is not a whole number`);
    }
    const n = Number(value);
    if (n > 2_147_483_647) throw new RecordError('invalid_field', `${column} ${value} is implausibly large`);
    return n;
  }
}

export interface OrganisationCsvSpec {
  kind: RegionKind;
  /** The column holding the code; also the identity for duplicates. */
  codeColumn: string;
  /** Columns the file must have. Others are optional or ignored. */
  required: readonly string[];
  toOrganisation(row: RowReader, options: OrganisationCsvOptions): OrganisationInput;
}

/** Inhabitants on 1 January of the options' year, or none when the row gives no figure. */
export function inhabitantsOf(
  count: number | null,
  options: OrganisationCsvOptions,
): OrganisationInput['inhabitants'] {
  return count === null ? [] : [{ year: options.populationYear, count, source: options.source }];
}

/**
 * Reads a reference CSV into organisations. Each bad row is rejected with its `file:line` and the
 * good rows are kept; a code seen twice keeps its first row. Throws `UnusableFileError` when the
 * file as a whole is unusable.
 */
export function parseOrganisationCsv(
  spec: OrganisationCsvSpec,
  input: Uint8Array | string,
  options: OrganisationCsvOptions,
): ParsedOrganisations {
  const table = readCsvTable(input, options.file, { required: spec.required });
  const rejected = [...table.rejected];
  const organisations: OrganisationInput[] = [];
  const firstLine = new Map<string, number>();
  for (const row of table.rows) {
    try {
      const organisation = spec.toOrganisation(new RowReader(row), options);
      const earlier = firstLine.get(organisation.code);
      if (earlier !== undefined) {
        throw new RecordError(
          'conflict',
          `${spec.codeColumn} ${organisation.code} appears again (first on line ${earlier})`,
        );
      }
      firstLine.set(organisation.code, row.line);
      organisations.push(organisation);
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      rejected.push({ location: row.location, code: error.code, reason: error.message });
    }
  }
  rejected.sort((a, b) => lineOf(a.location) - lineOf(b.location));
  return { file: options.file, read: table.rows.length + table.rejected.length, organisations, rejected };
}

function lineOf(location: string): number {
  return Number(location.slice(location.lastIndexOf(':') + 1)) || 0;
}
