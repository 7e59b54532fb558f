import { stringify } from 'csv-stringify/sync';
import { spreadsheetSafe } from '../domain/spreadsheetSafe.ts';
import { type Figures, SCALAR_METRICS, type Yardstick } from './figures.ts';

/** Column names of the eight buckets: `buckets_0_20m` … `buckets_48h_plus`. */
export const BUCKET_COLUMNS = [
  'buckets_0_20m',
  'buckets_20m_60m',
  'buckets_1h_2h',
  'buckets_2h_4h',
  'buckets_4h_8h',
  'buckets_8h_24h',
  'buckets_24h_48h',
  'buckets_48h_plus',
] as const;

const COLUMNS = [
  'level',
  'period_from',
  'period_to',
  'platform',
  'handle',
  'organisation_code',
  'organisation_name',
  'organisation_kind',
  'class',
  'inhabitants',
  'organisations',
  'accounts',
  ...SCALAR_METRICS,
  ...BUCKET_COLUMNS,
] as const;
type Column = (typeof COLUMNS)[number];
type Row = Partial<Record<Column, string | number | null>>;

function figureCells(figures: Figures): Row {
  const row: Row = {};
  for (const metric of SCALAR_METRICS) row[metric] = figures[metric];
  BUCKET_COLUMNS.forEach((column, i) => {
    row[column] = figures.buckets?.[i] ?? null;
  });
  return row;
}

/**
 * The yardstick as one CSV table, a row per account, organisation, class and the national total
 * (`level`), figures at full precision, unknown figures empty. RFC 4180, UTF-8, with a header.
 */
export function yardstickCsv(yardstick: Yardstick): string {
  const period = { period_from: yardstick.period.from, period_to: yardstick.period.to };
  const rows: Row[] = [
    ...yardstick.accounts.map((a) => ({
      level: 'account',
      ...period,
      platform: a.platform,
      handle: spreadsheetSafe(a.handle),
      organisation_code: spreadsheetSafe(a.organisation?.code ?? null),
      organisation_name: spreadsheetSafe(a.organisation?.name ?? null),
      organisation_kind: a.organisation?.kind ?? null,
      class: a.organisation?.class ?? null,
      accounts: 1,
      ...figureCells(a),
    })),
    ...yardstick.organisations.map((o) => ({
      level: 'organisation',
      ...period,
      organisation_code: spreadsheetSafe(o.code),
      organisation_name: spreadsheetSafe(o.name),
      organisation_kind: o.kind,
      class: o.class,
      inhabitants: o.inhabitants,
      organisations: 1,
      accounts: o.accounts,
      ...figureCells(o),
    })),
    ...yardstick.classes.map((c) => ({
      level: 'class',
      ...period,
      class: c.class,
      organisations: c.organisations,
      accounts: c.accounts,
      ...figureCells(c),
    })),
    {
      level: 'national',
      ...period,
      organisations: yardstick.totals.organisations,
      accounts: yardstick.totals.accounts,
      ...figureCells(yardstick.totals),
    },
  ];
  return stringify(
    rows.map((row) => COLUMNS.map((column) => row[column] ?? null)),
    { header: true, columns: [...COLUMNS], cast: { number: (n) => String(n) } },
  );
}
