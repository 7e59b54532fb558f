import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Db } from '../store/db.ts';
import { upsertOrganisations } from '../store/organisations.ts';
import { type ParsedBoundaries, parseBoundaryFile } from './boundaryFile.ts';
import type { RegionKind } from './codes.ts';
import { parseGemeentenCsv } from './gemeenten.ts';
import type { OrganisationCsvOptions, ParsedOrganisations } from './organisationCsv.ts';
import { parseProvinciesCsv, parseVeiligheidsregiosCsv, parseWaterschappenCsv } from './regions.ts';
import { type Rejection, UnusableFileError } from './report.ts';
import { upsertBoundaries } from './store.ts';

/**
 * The year of the population column in the shared reference files (../shared/data/nl-gemeenten).
 * SOURCE.md establishes it: the gemeenten figures come from the Coronadashboard's
 * `population_count`, they sum to 17,590,672, which is the CBS population of the Netherlands on
 * 1 January 2022, and Amsterdam's figure already includes Weesp (merged in 2022). So they are CBS
 * inhabitants on 1 January 2022, regrouped to the 2023 municipal boundaries, and NOT a 2023–2025
 * figure; the provincie and veiligheidsregio populations are sums of them. Pass
 * `--population-year` for a file of another year.
 */
export const DEFAULT_POPULATION_YEAR = 2022;

export type ReferenceFileKind = 'gemeenten' | 'provincies' | 'veiligheidsregios' | 'waterschappen';

const PARSERS: Record<
  ReferenceFileKind,
  { kind: RegionKind; parse: (input: Uint8Array, options: OrganisationCsvOptions) => ParsedOrganisations }
> = {
  gemeenten: { kind: 'gemeente', parse: parseGemeentenCsv },
  provincies: { kind: 'provincie', parse: parseProvinciesCsv },
  veiligheidsregios: { kind: 'veiligheidsregio', parse: parseVeiligheidsregiosCsv },
  waterschappen: { kind: 'waterschap', parse: parseWaterschappenCsv },
};

export interface ReferenceImportOptions {
  /** The CSV file. */
  csv: string;
  /** A TopoJSON or GeoJSON file with boundaries of the same kind. */
  geometry?: string;
  /** The TopoJSON object to read (default: the one holding most codes of the kind). */
  object?: string;
  /** 1 January of which year the population column describes (default `DEFAULT_POPULATION_YEAR`). */
  populationYear?: number;
  /** The year of the boundary division (default: from the features' jaarcode/jrstatcode, else none). */
  validYear?: number;
  /** Kept with each inhabitants figure and boundary (default: the file name). */
  source?: string;
}

export interface BoundaryImportReport {
  file: string;
  object: string | null;
  valid_year: number | null;
  read: number;
  imported: number;
  rejected: Rejection[];
}

export interface ReferenceImportReport {
  file: string;
  kind: RegionKind;
  population_year: number;
  read: number;
  imported: number;
  rejected: Rejection[];
  /** Null when no geometry file was given. */
  boundaries: BoundaryImportReport | null;
}

/** The bytes of a file, or a `UnusableFileError` saying why it cannot be read. */
export function readReferenceFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : (error as Error).message;
    throw new UnusableFileError(path, `cannot be read: ${reason}`);
  }
}

export interface PreparedReferenceImport {
  kind: RegionKind;
  populationYear: number;
  validYear: number | undefined;
  organisations: ParsedOrganisations;
  boundaries: ParsedBoundaries | null;
}

/**
 * Reads and checks a reference CSV (and optionally its boundaries) completely, without touching
 * the database. A file that cannot be used at all throws `UnusableFileError`.
 */
export function prepareReferenceImport(
  fileKind: ReferenceFileKind,
  options: ReferenceImportOptions,
): PreparedReferenceImport {
  const { kind, parse } = PARSERS[fileKind];
  const populationYear = options.populationYear ?? DEFAULT_POPULATION_YEAR;
  const organisations = parse(readReferenceFile(options.csv), {
    file: options.csv,
    populationYear,
    source: options.source ?? basename(options.csv),
  });
  let boundaries: ParsedBoundaries | null = null;
  if (options.geometry !== undefined) {
    boundaries = parseBoundaryFile(readReferenceFile(options.geometry), {
      file: options.geometry,
      source: options.source ?? basename(options.geometry),
      kind,
      ...(options.object !== undefined ? { object: options.object } : {}),
      ...(options.validYear !== undefined ? { validYear: options.validYear } : {}),
      names: new Map(organisations.organisations.map((o) => [o.code, o.name])),
    });
  }
  return { kind, populationYear, validYear: options.validYear, organisations, boundaries };
}

/**
 * Writes the good rows of a prepared import in one transaction: organisations and their
 * inhabitants by code, boundaries by code. Writing the same import twice leaves the same rows.
 */
export async function writeReferenceImport(
  db: Db,
  prepared: PreparedReferenceImport,
): Promise<ReferenceImportReport> {
  const { organisations, boundaries } = prepared;
  await db.transaction(async (tx) => {
    await upsertOrganisations(tx, organisations.organisations);
    if (boundaries) await upsertBoundaries(tx, boundaries.boundaries);
  });
  return {
    file: organisations.file,
    kind: prepared.kind,
    population_year: prepared.populationYear,
    read: organisations.read,
    imported: organisations.organisations.length,
    rejected: organisations.rejected,
    boundaries: boundaries && {
      file: boundaries.file,
      object: boundaries.object,
      valid_year: prepared.validYear ?? commonYear(boundaries),
      read: boundaries.read,
      imported: boundaries.boundaries.length,
      rejected: boundaries.rejected,
    },
  };
}

/** `prepareReferenceImport` then `writeReferenceImport`. */
export async function importReferenceFile(
  db: Db,
  fileKind: ReferenceFileKind,
  options: ReferenceImportOptions,
): Promise<ReferenceImportReport> {
  return writeReferenceImport(db, prepareReferenceImport(fileKind, options));
}

function commonYear(parsed: ParsedBoundaries): number | null {
  const years = new Set(parsed.boundaries.map((b) => b.validYear));
  return years.size === 1 ? ([...years][0] ?? null) : null;
}
