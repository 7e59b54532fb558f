import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadReportInput } from '../../report/loadReport.ts';
import { htmlToPdf } from '../../report/pdf.ts';
import { renderYardstickReport } from '../../report/yardstickHtml.ts';
import { yardstickCsv } from '../../yardstick/csv.ts';
import { computeYardstick, UnknownOrganisationError } from '../../yardstick/engine.ts';
import { type Period, SCALAR_METRICS, type ScalarMetric } from '../../yardstick/figures.ts';
import { parseMoment } from '../../yardstick/periods.ts';
import { parseFormat, say, UsageError, withDb, withDbOption } from '../context.ts';

const FORMATS = ['json', 'csv', 'html', 'pdf'] as const;

interface YardstickCommandOptions {
  db?: string;
  from?: string;
  to?: string;
  org?: string;
  format?: string;
  out?: string;
  mapMetric: string;
}

function parseBound(name: string, value: string | undefined): Date | null {
  if (value === undefined) return null;
  const moment = parseMoment(value);
  if (!moment) {
    throw new UsageError(
      `${name} must be an ISO date (2025-01-01) or moment with a time zone (2025-01-01T00:00:00+01:00), not ${JSON.stringify(value)}`,
    );
  }
  return moment;
}

function parsePeriod(options: { from?: string; to?: string }): Period {
  const period = { from: parseBound('--from', options.from), to: parseBound('--to', options.to) };
  if (period.from && period.to && period.from >= period.to) {
    throw new UsageError(
      `--to (${options.to}) must come after --from (${options.from}): the period is [from, to)`,
    );
  }
  return period;
}

function parseMapMetric(value: string): ScalarMetric {
  if (!(SCALAR_METRICS as readonly string[]).includes(value)) {
    throw new UsageError(
      `--map-metric must be one of ${SCALAR_METRICS.join(', ')}, not ${JSON.stringify(value)}`,
    );
  }
  return value as ScalarMetric;
}

function output(content: string | Uint8Array, out: string | undefined): void {
  if (out) writeFileSync(out, content);
  else process.stdout.write(content);
}

/** `meetlat report yardstick`: the figures of METRICS.md as JSON, CSV, an HTML report or its PDF. */
export function registerReport(program: Command): void {
  const report = program.command('report').description('reports: the yardstick (maatlat)');
  withDbOption(report.command('yardstick'))
    .description(
      'every figure of METRICS.md per account, organisation, size class and nationally, for the period [from, to)',
    )
    .option('--from <date>', 'start of the period, included (ISO date or moment; default: all time)')
    .option('--to <date>', 'end of the period, excluded (ISO date or moment; default: all time)')
    .option('--org <code>', 'only this organisation (e.g. GM0363); classes and totals stay national')
    .requiredOption('--format <format>', `one of ${FORMATS.join(', ')}`)
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--map-metric <metric>', 'the figure the HTML/PDF map is coloured by', 'response_rate')
    .action(async (options: YardstickCommandOptions) => {
      const format = parseFormat(options.format ?? '', FORMATS);
      const period = parsePeriod(options);
      const mapMetric = parseMapMetric(options.mapMetric);
      if (format === 'pdf' && !options.out && process.stdout.isTTY) {
        throw new UsageError('a PDF needs --out <file> (or stdout sent to a file or pipe)');
      }
      await withDb(options, async (db) => {
        try {
          if (format === 'json' || format === 'csv') {
            const yardstick = await computeYardstick(db, period, { org: options.org });
            output(
              format === 'json' ? `${JSON.stringify(yardstick, null, 2)}\n` : yardstickCsv(yardstick),
              options.out,
            );
            return;
          }
          say('maatlat: cijfers berekenen…');
          const input = await loadReportInput(db, period, { org: options.org, mapMetric });
          const html = renderYardstickReport(input);
          if (format === 'html') {
            output(html, options.out);
            return;
          }
          say('maatlat: PDF maken met Chromium…');
          output(await htmlToPdf(html), options.out);
        } catch (error) {
          if (error instanceof UnknownOrganisationError) throw new UsageError(error.message);
          throw error;
        }
      });
      if (options.out) say(`maatlat: geschreven naar ${options.out}`);
    });
}
