/**
 * The online loader for the public open-data sources (not reachable from a machine without
 * internet; tests point the base URLs at a server on loopback):
 *
 * - Inhabitants on 1 January per gemeente from CBS StatLine, table 03759ned "Bevolking op 1 januari
 *   en gemiddeld; geslacht, leeftijd en regio", OData v3:
 *   `https://opendata.cbs.nl/ODataApi/odata/03759ned/TypedDataSet?$format=json&$filter=…&$select=…`
 *   Rows `{ "RegioS": "GM0014", "Perioden": "2024JJ00", "BevolkingOp1Januari_1": 238147, … }`
 *   in `value`; the totals over sex, age and marital status are the keys `Geslacht eq 'T001038'`,
 *   `Leeftijd eq '10000'`, `BurgerlijkeStaat eq 'T001019'`. More pages, if any, are named by
 *   `odata.nextLink` (the ODataFeed variant pages; the ODataApi variant answers at most 10,000
 *   rows, far more than the ~1,000 GM keys). Gemeenten that no longer existed that year come back
 *   with a null figure and are skipped. Names come from the `RegioS` dimension
 *   (`…/03759ned/RegioS`, `{ "Key": "GM0014", "Title": "Groningen (gemeente)" }`).
 * - Boundaries from PDOK's CBS gebiedsindelingen, OGC API Features:
 *   `https://api.pdok.nl/cbs/gebiedsindelingen/ogc/v1/collections/gemeente_gegeneraliseerd/items?f=json&jaarcode=2025&limit=1000`
 *   A GeoJSON FeatureCollection in WGS84 lon/lat (CRS84, the OGC API default) with properties
 *   `statcode` (GM0014), `statnaam`, `jrstatcode` (2025GM0014); the next page is the link with
 *   `rel: "next"` in `links`.
 *
 * Fetching is separate from parsing: the `parse…` functions take one response document and are
 * tested on samples of these shapes.
 */
import type { OrganisationInput } from '../ingest/records.ts';
import type { Db } from '../store/db.ts';
import { upsertOrganisations } from '../store/organisations.ts';
import { type BoundaryInput, boundariesFromFeatures } from './boundaryFile.ts';
import { isCodeOf } from './codes.ts';
import { FetchError, type FetchOptions, jsonPages } from './httpJson.ts';
import type { Rejection } from './report.ts';
import { upsertBoundaries } from './store.ts';

export const CBS_ODATA_URL = 'https://opendata.cbs.nl/ODataApi/odata';
export const PDOK_GEBIEDSINDELINGEN_URL = 'https://api.pdok.nl/cbs/gebiedsindelingen/ogc/v1';
export const CBS_POPULATION_TABLE = '03759ned';
export const CBS_POPULATION_FIELD = 'BevolkingOp1Januari_1';
export const PDOK_GEMEENTE_COLLECTION = 'gemeente_gegeneraliseerd';

/** Keys for "all" in 03759ned's dimensions: men and women, all ages, every marital status. */
const CBS_TOTALS = "Geslacht eq 'T001038' and Leeftijd eq '10000' and BurgerlijkeStaat eq 'T001019'";

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function query(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
}

/** The OData query for every gemeente's inhabitants on 1 January of `year`. */
export function cbsPopulationUrl(baseUrl: string, year: number, table = CBS_POPULATION_TABLE): string {
  return `${trimSlash(baseUrl)}/${table}/TypedDataSet?${query({
    $format: 'json',
    $filter: `${CBS_TOTALS} and Perioden eq '${year}JJ00' and startswith(RegioS,'GM')`,
    $select: `RegioS,Perioden,${CBS_POPULATION_FIELD}`,
  })}`;
}

/** The OData query for the names of the gemeenten in the table's region dimension. */
export function cbsRegionsUrl(baseUrl: string, table = CBS_POPULATION_TABLE): string {
  return `${trimSlash(baseUrl)}/${table}/RegioS?${query({
    $format: 'json',
    $filter: "startswith(Key,'GM')",
    $select: 'Key,Title',
  })}`;
}

/** The OGC API Features query for one year's boundaries. */
export function pdokItemsUrl(
  baseUrl: string,
  year: number,
  collection = PDOK_GEMEENTE_COLLECTION,
  limit = 1000,
): string {
  return `${trimSlash(baseUrl)}/collections/${encodeURIComponent(collection)}/items?f=json&jaarcode=${year}&limit=${limit}`;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** OData's next-page link: `odata.nextLink` (v3 JSON) or `@odata.nextLink` (v4). */
export function odataNextLink(json: unknown): string | null {
  if (!isObject(json)) return null;
  const next = json['odata.nextLink'] ?? json['@odata.nextLink'];
  return typeof next === 'string' && next !== '' ? next : null;
}

function odataRows(json: unknown, where: string): unknown[] {
  if (!isObject(json) || !Array.isArray(json.value)) {
    throw new FetchError(`${where}: not an OData result (no "value" list)`);
  }
  return json.value;
}

export interface CbsPopulationRow {
  code: string;
  count: number;
}

/**
 * One page of 03759ned TypedDataSet rows: the gemeenten with a figure for `year`. Region keys are
 * padded with spaces in CBS tables and are trimmed; rows of other regions or periods and rows
 * without a figure (gemeenten that did not exist that year) are skipped; an impossible figure is
 * rejected with `where#value[i]`.
 */
export function parseCbsPopulationPage(
  json: unknown,
  year: number,
  where: string,
): { rows: CbsPopulationRow[]; rejected: Rejection[] } {
  const rows: CbsPopulationRow[] = [];
  const rejected: Rejection[] = [];
  odataRows(json, where).forEach((item, i) => {
    const location = `${where}#value[${i}]`;
    if (!isObject(item)) {
      rejected.push({ location, code: 'malformed', reason: 'row is not an object' });
      return;
    }
    const code = typeof item.RegioS === 'string' ? item.RegioS.trim() : '';
    const period = typeof item.Perioden === 'string' ? item.Perioden.trim() : '';
    if (!isCodeOf('gemeente', code) || (period !== '' && period !== `${year}JJ00`)) return;
    const count = item[CBS_POPULATION_FIELD];
    if (count === null || count === undefined) return;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 2_147_483_647) {
      rejected.push({
        location,
        code: 'invalid_field',
        reason: `${code}: ${CBS_POPULATION_FIELD} ${JSON.stringify(count)} is not a whole number of 0 or more`,
      });
      return;
    }
    rows.push({ code, count });
  });
  return { rows, rejected };
}

/** CBS writes a gemeente that shares its name with a province as "Groningen (gemeente)". */
export function cbsGemeenteName(title: string): string {
  return title.replace(/\s*\(gemeente\)\s*$/, '').trim();
}

/** One page of the RegioS dimension: gemeente names by code. */
export function parseCbsRegionsPage(json: unknown, where: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const item of odataRows(json, where)) {
    if (!isObject(item) || typeof item.Key !== 'string' || typeof item.Title !== 'string') continue;
    const code = item.Key.trim();
    if (isCodeOf('gemeente', code) && item.Title.trim() !== '') names.set(code, cbsGemeenteName(item.Title));
  }
  return names;
}

/** The `rel: "next"` link of an OGC API Features page (a JSON one when several are given). */
export function ogcNextLink(json: unknown): string | null {
  if (!isObject(json) || !Array.isArray(json.links)) return null;
  const next = json.links.filter(
    (l): l is Json =>
      isObject(l) &&
      l.rel === 'next' &&
      typeof l.href === 'string' &&
      (l.type === undefined || /json/.test(String(l.type))),
  );
  return next.length > 0 ? (next[0]?.href as string) : null;
}

/** The features of one OGC API Features page. */
export function parsePdokFeaturePage(json: unknown, where: string): unknown[] {
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    throw new FetchError(`${where}: not a GeoJSON FeatureCollection`);
  }
  return json.features;
}

export interface CbsSourceOptions extends FetchOptions {
  /** Base of the CBS OData v3 API, default `CBS_ODATA_URL`. */
  cbsUrl?: string;
  /** Base of the PDOK gebiedsindelingen OGC API, default `PDOK_GEBIEDSINDELINGEN_URL`. */
  pdokUrl?: string;
  table?: string;
  collection?: string;
}

export interface CbsPopulations {
  url: string;
  /** Rows read over all pages (every GM key, also those without a figure). */
  read: number;
  counts: Map<string, number>;
  names: Map<string, string>;
  rejected: Rejection[];
}

/** Downloads every gemeente's inhabitants on 1 January of `year`, and their names. */
export async function fetchCbsPopulations(year: number, options: CbsSourceOptions): Promise<CbsPopulations> {
  const base = options.cbsUrl ?? CBS_ODATA_URL;
  const url = cbsPopulationUrl(base, year, options.table);
  const counts = new Map<string, number>();
  const rejected: Rejection[] = [];
  let read = 0;
  for await (const page of jsonPages(url, odataNextLink, options)) {
    read += odataRows(page.json, `GET ${page.url}`).length;
    const parsed = parseCbsPopulationPage(page.json, year, page.url);
    for (const row of parsed.rows) counts.set(row.code, row.count);
    rejected.push(...parsed.rejected);
  }
  const names = new Map<string, string>();
  for await (const page of jsonPages(cbsRegionsUrl(base, options.table), odataNextLink, options)) {
    for (const [code, name] of parseCbsRegionsPage(page.json, `GET ${page.url}`)) names.set(code, name);
  }
  return { url, read, counts, names, rejected };
}

export interface PdokBoundaries {
  url: string;
  read: number;
  boundaries: BoundaryInput[];
  rejected: Rejection[];
}

/** Downloads one year's gemeente boundaries, page by page, validating every feature. */
export async function fetchPdokBoundaries(year: number, options: CbsSourceOptions): Promise<PdokBoundaries> {
  const url = pdokItemsUrl(options.pdokUrl ?? PDOK_GEBIEDSINDELINGEN_URL, year, options.collection);
  const boundaries: BoundaryInput[] = [];
  const rejected: Rejection[] = [];
  const seen = new Map<string, string>();
  let read = 0;
  for await (const page of jsonPages(url, ogcNextLink, options)) {
    const features = parsePdokFeaturePage(page.json, `GET ${page.url}`);
    read += features.length;
    const parsed = boundariesFromFeatures(
      features,
      (i) => `${page.url}#features[${i}]`,
      {
        file: page.url,
        source: `PDOK CBS gebiedsindelingen ${options.collection ?? PDOK_GEMEENTE_COLLECTION} ${year}`,
        kind: 'gemeente',
        validYear: year,
        requireYear: year,
      },
      seen,
    );
    boundaries.push(...parsed.boundaries);
    rejected.push(...parsed.rejected);
  }
  return { url, read, boundaries, rejected };
}

export interface LoadCbsReport {
  year: number;
  population: { url: string; read: number; imported: number; rejected: Rejection[] };
  boundaries: { url: string; read: number; imported: number; rejected: Rejection[] } | null;
  /** Gemeenten written (with a figure, a boundary or both). */
  gemeenten: number;
}

/**
 * Loads one year from the open-data sources: every gemeente's inhabitants on 1 January (CBS) and,
 * unless `boundaries` is false, its boundary of that year's division (PDOK). Everything is
 * downloaded and checked before one transaction writes it; a source that fails, or that has
 * nothing for the year (not published yet), is an error and nothing is written.
 */
export async function loadCbs(
  db: Db,
  year: number,
  options: CbsSourceOptions & { boundaries?: boolean },
): Promise<LoadCbsReport> {
  const population = await fetchCbsPopulations(year, options);
  if (population.counts.size === 0) {
    throw new FetchError(
      `${population.url}: CBS has no gemeente figures for 1 January ${year} (not published yet?)`,
    );
  }
  const pdok = options.boundaries === false ? null : await fetchPdokBoundaries(year, options);
  if (pdok && pdok.boundaries.length === 0) {
    throw new FetchError(`${pdok.url}: PDOK has no usable gemeente boundaries for jaarcode ${year}`);
  }
  const pdokNames = new Map((pdok?.boundaries ?? []).map((b) => [b.code, b.name]));
  const codes = [...new Set([...population.counts.keys(), ...pdokNames.keys()])].sort();
  const source = `CBS StatLine ${options.table ?? CBS_POPULATION_TABLE} ${CBS_POPULATION_FIELD} ${year}JJ00`;
  const organisations: OrganisationInput[] = codes.map((code) => {
    const count = population.counts.get(code);
    return {
      code,
      name: pdokNames.get(code) ?? population.names.get(code) ?? code,
      displayName: null,
      kind: 'gemeente',
      provinceCode: null,
      safetyRegionCode: null,
      inhabitants: count === undefined ? [] : [{ year, count, source }],
    };
  });
  await db.transaction(async (tx) => {
    await upsertOrganisations(tx, organisations);
    if (pdok) await upsertBoundaries(tx, pdok.boundaries);
  });
  return {
    year,
    population: {
      url: population.url,
      read: population.read,
      imported: population.counts.size,
      rejected: population.rejected,
    },
    boundaries: pdok && {
      url: pdok.url,
      read: pdok.read,
      imported: pdok.boundaries.length,
      rejected: pdok.rejected,
    },
    gemeenten: organisations.length,
  };
}
