import type { Command } from 'commander';
import { isOrganisationKind, type OrganisationKind } from '../../domain/organisation.ts';
import {
  CBS_ODATA_URL,
  CBS_POPULATION_TABLE,
  loadCbs,
  PDOK_GEBIEDSINDELINGEN_URL,
  PDOK_GEMEENTE_COLLECTION,
} from '../../reference/cbsOpenData.ts';
import {
  DEFAULT_POPULATION_YEAR,
  type PreparedReferenceImport,
  prepareReferenceImport,
  type ReferenceFileKind,
  type ReferenceImportReport,
  writeReferenceImport,
} from '../../reference/importer.ts';
import { UnusableFileError } from '../../reference/report.ts';
import { listReferenceOrganisations, type ReferenceOrganisation } from '../../reference/store.ts';
import { parseFormat, printJson, say, UsageError, withDb, withDbOption } from '../context.ts';

interface ImportCommandOptions {
  db?: string;
  geometry?: string;
  object?: string;
  populationYear?: string;
  validYear?: string;
  source?: string;
}

function parseYear(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/.test(value) || Number(value) < 1800 || Number(value) > 2200) {
    throw new UsageError(`${name} must be a year between 1800 and 2200, not ${JSON.stringify(value)}`);
  }
  return Number(value);
}

function summarise(report: ReferenceImportReport): void {
  say(
    `${report.file}: ${report.imported} of ${report.read} ${report.kind} row(s) imported, ${report.rejected.length} rejected` +
      ` (inhabitants on 1 January ${report.population_year})`,
  );
  for (const r of report.rejected) say(`  ${r.location}: ${r.reason}`);
  const b = report.boundaries;
  if (b) {
    say(
      `${b.file}${b.object ? `#${b.object}` : ''}: ${b.imported} of ${b.read} boundaries imported, ${b.rejected.length} rejected`,
    );
    for (const r of b.rejected) say(`  ${r.location}: ${r.reason}`);
  }
}

function registerImport(orgs: Command, fileKind: ReferenceFileKind, description: string): void {
  withDbOption(orgs.command(`import-${fileKind}`))
    .description(description)
    .argument('<csv>', `the ${fileKind} CSV file`)
    .option('--geometry <file>', 'boundaries: a TopoJSON or GeoJSON file (WGS84 lon/lat)')
    .option('--object <name>', 'the TopoJSON object to read (default: the one holding these codes)')
    .option(
      '--population-year <year>',
      `1 January of which year the population column counts (default ${DEFAULT_POPULATION_YEAR}, the year of the shared files)`,
    )
    .option(
      '--valid-year <year>',
      'year of the boundary division (default: from jaarcode/jrstatcode, else none)',
    )
    .option('--source <text>', 'where the figures come from, kept with them (default: the file name)')
    .action(async (csv: string, options: ImportCommandOptions) => {
      const populationYear = parseYear('--population-year', options.populationYear);
      const validYear = parseYear('--valid-year', options.validYear);
      if (options.object !== undefined && options.geometry === undefined) {
        throw new UsageError('--object needs --geometry');
      }
      let prepared: PreparedReferenceImport;
      try {
        // Everything is read and checked before the database is opened.
        prepared = prepareReferenceImport(fileKind, {
          csv,
          ...(options.geometry !== undefined ? { geometry: options.geometry } : {}),
          ...(options.object !== undefined ? { object: options.object } : {}),
          ...(populationYear !== undefined ? { populationYear } : {}),
          ...(validYear !== undefined ? { validYear } : {}),
          ...(options.source !== undefined ? { source: options.source } : {}),
        });
      } catch (error) {
        // The file cannot be used at all (missing, not UTF-8, wrong columns): bad input, status 2.
        if (error instanceof UnusableFileError) throw new UsageError(error.message);
        throw error;
      }
      const report = await withDb(options, (db) => writeReferenceImport(db, prepared));
      summarise(report);
      printJson(report);
    });
}

const LIST_FORMATS = ['table', 'json'] as const;

function table(rows: readonly ReferenceOrganisation[]): string {
  const header = ['code', 'name', 'kind', 'class', 'inhabitants', 'year', 'boundary'];
  const lines = rows.map((o) => {
    const years = Object.keys(o.inhabitants).sort();
    const latest = years.at(-1);
    return [
      o.code,
      o.display_name && o.display_name !== o.name ? `${o.name} (${o.display_name})` : o.name,
      o.kind,
      o.class ?? '-',
      latest ? String(o.inhabitants[latest]) : '-',
      latest ?? '-',
      o.has_boundary ? 'yes' : 'no',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const numeric = new Set([4, 5]);
  const format = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [format(header), ...lines.map(format)].join('\n');
}

export function registerOrgs(program: Command): void {
  const orgs = program
    .command('orgs')
    .description(
      "organisations and their reference data: gemeenten, provincies, veiligheidsregio's, waterschappen",
    );

  registerImport(
    orgs,
    'gemeenten',
    'imports gemeenten.csv (codes, names, province, veiligheidsregio, inhabitants) and optionally their boundaries',
  );
  registerImport(orgs, 'provincies', 'imports provincies.csv (PV codes, names, inhabitants)');
  registerImport(
    orgs,
    'veiligheidsregios',
    'imports veiligheidsregios.csv (VR codes, names, province, inhabitants) and optionally their boundaries',
  );
  registerImport(orgs, 'waterschappen', 'imports waterschappen.csv (W codes and names)');

  withDbOption(orgs.command('load-cbs'))
    .description(
      'loads inhabitants on 1 January (CBS StatLine) and gemeente boundaries (PDOK) for a year, online',
    )
    .requiredOption(
      '--year <year>',
      'the year: inhabitants on 1 January and the boundary division of that year',
    )
    .option('--base-url <url>', `CBS OData v3 base (default $MEETLAT_CBS_ODATA_URL, else ${CBS_ODATA_URL})`)
    .option(
      '--pdok-url <url>',
      `PDOK CBS gebiedsindelingen OGC API base (default $MEETLAT_PDOK_URL, else ${PDOK_GEBIEDSINDELINGEN_URL})`,
    )
    .option('--table <id>', `CBS table with ${'BevolkingOp1Januari_1'}`, CBS_POPULATION_TABLE)
    .option('--collection <name>', 'PDOK collection of gemeente boundaries', PDOK_GEMEENTE_COLLECTION)
    .option('--no-boundaries', 'load the inhabitants only')
    .option('--timeout <seconds>', 'per request', '60')
    .action(
      async (options: {
        db?: string;
        year: string;
        baseUrl?: string;
        pdokUrl?: string;
        table: string;
        collection: string;
        boundaries: boolean;
        timeout: string;
      }) => {
        const year = parseYear('--year', options.year) as number;
        if (!/^\d+$/.test(options.timeout) || Number(options.timeout) < 1) {
          throw new UsageError(
            `--timeout must be a whole number of seconds, not ${JSON.stringify(options.timeout)}`,
          );
        }
        for (const [name, value] of [
          ['--base-url', options.baseUrl],
          ['--pdok-url', options.pdokUrl],
        ] as const) {
          if (value !== undefined && !/^https?:\/\/[^\s]+$/.test(value)) {
            throw new UsageError(`${name} must be an http(s) URL, not ${JSON.stringify(value)}`);
          }
        }
        if (!/^[A-Za-z0-9_]+$/.test(options.table) || !/^[A-Za-z0-9_-]+$/.test(options.collection)) {
          throw new UsageError('--table and --collection take a plain identifier');
        }
        const report = await withDb(options, (db) =>
          loadCbs(db, year, {
            cbsUrl: options.baseUrl ?? process.env.MEETLAT_CBS_ODATA_URL ?? CBS_ODATA_URL,
            pdokUrl: options.pdokUrl ?? process.env.MEETLAT_PDOK_URL ?? PDOK_GEBIEDSINDELINGEN_URL,
            table: options.table,
            collection: options.collection,
            boundaries: options.boundaries,
            timeoutMs: Number(options.timeout) * 1000,
          }),
        );
        say(
          `${report.gemeenten} gemeenten for ${year}: ${report.population.imported} inhabitants figures` +
            (report.boundaries ? `, ${report.boundaries.imported} boundaries` : ''),
        );
        printJson(report);
      },
    );

  withDbOption(orgs.command('list'))
    .description(
      'lists organisations with inhabitants per year, comparison class and whether a boundary is stored',
    )
    .option('--kind <kind>', 'only this kind: gemeente, provincie, waterschap, veiligheidsregio, overig')
    .option('--format <format>', `${LIST_FORMATS.join(' or ')}`, 'table')
    .action(async (options: { db?: string; kind?: string; format: string }) => {
      const format = parseFormat(options.format, LIST_FORMATS);
      let kind: OrganisationKind | undefined;
      if (options.kind !== undefined) {
        if (!isOrganisationKind(options.kind)) {
          throw new UsageError(
            `--kind must be gemeente, provincie, waterschap, veiligheidsregio or overig, not ${JSON.stringify(options.kind)}`,
          );
        }
        kind = options.kind;
      }
      const rows = await withDb(options, (db) => listReferenceOrganisations(db, kind));
      if (format === 'json') printJson(rows);
      else process.stdout.write(`${table(rows)}\n`);
    });
}
