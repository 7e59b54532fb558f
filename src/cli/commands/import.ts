import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { fileSha256 } from '../../importers/fileInfo.ts';
import { findImporter, IMPORTERS, type ImportOptions } from '../../importers/index.ts';
import { type IngestReport, ingest } from '../../ingest/pipeline.ts';
import { UnusableFileError } from '../../ingest/records.ts';
import { findOrganisation } from '../../store/organisations.ts';
import { parsePositiveInt, printJson, say, UsageError, withDb, withDbOption } from '../context.ts';
import { progressView } from '../progress.ts';

interface ImportCommandOptions {
  db?: string;
  org?: string;
  handle?: string;
  userId?: string;
  actor?: string;
  batchSize?: string;
  quiet?: boolean;
}

/** The report of one ingest run, as printed (snake_case, like every JSON Meetlat prints). */
export function reportJson(report: IngestReport) {
  return {
    format: report.format,
    run_id: report.runId,
    resumes_run_id: report.resumesRunId,
    read: report.read,
    imported: report.imported,
    duplicates: report.duplicates,
    rejected: report.rejected,
    rejects: report.rejects.map((r) => ({ location: r.location, code: r.code, reason: r.reason })),
    rejects_truncated: report.rejected > report.rejects.length,
  };
}

export function registerImport(program: Command): void {
  withDbOption(program.command('import'))
    .description(
      `imports export files; formats: ${IMPORTERS.map((i) => i.format).join(', ')}. Prints a JSON report per file; every rejected record is listed as file:line: reason on stderr`,
    )
    .argument('<format>', IMPORTERS.map((i) => `${i.format}: ${i.description}`).join('; '))
    .argument('<files...>', 'files to import')
    .option('--org <code>', "organisation of the export's own account")
    .option('--handle <handle>', "the export's own account handle, where the file does not give it")
    .option('--user-id <id>', "the export's own platform user id, where the file does not give it")
    .option('--actor <file>', 'actor.json of a Mastodon export (default: beside outbox.json)')
    .option('--batch-size <n>', 'records per transaction', '5000')
    .option('--quiet', 'no progress output')
    .action(async (format: string, files: string[], options: ImportCommandOptions) => {
      const importer = findImporter(format);
      if (!importer) {
        throw new UsageError(
          `unknown format ${JSON.stringify(format)}; known: ${IMPORTERS.map((i) => i.format).join(', ')}`,
        );
      }
      for (const file of files) {
        if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`${file}: no such file`);
      }
      const batchSize = parsePositiveInt('--batch-size', options.batchSize ?? '5000');
      const importOptions: ImportOptions = {
        ...(options.org ? { organisation: options.org } : {}),
        ...(options.handle ? { handle: options.handle } : {}),
        ...(options.userId ? { userId: options.userId } : {}),
        ...(options.actor ? { actor: options.actor } : {}),
      };
      const reports: ({ file: string } & (ReturnType<typeof reportJson> | { error: string }))[] = [];
      // 1 when an import failed, else 2 when a file could not be used at all.
      let status = 0;
      await withDb(options, async (db) => {
        if (options.org && !(await findOrganisation(db, options.org))) {
          throw new UsageError(
            `organisation ${JSON.stringify(options.org)} does not exist (see meetlat orgs list)`,
          );
        }
        for (const file of files) {
          const view = progressView(file, { quiet: options.quiet });
          try {
            const source = await importer.open(file, importOptions);
            const report = await ingest(db, source, {
              sourceKind: 'file',
              source: file,
              sourceSha256: await fileSha256(file),
              batchSize,
              onProgress: (p) => view.update(p),
              onReject: (r) => say(`${r.location}: ${r.reason}`),
            });
            view.stop();
            reports.push({ file, ...reportJson(report) });
          } catch (error) {
            view.stop();
            const unusable = error instanceof UnusableFileError;
            status = unusable && status !== 1 ? 2 : 1;
            const message = (error as Error).message;
            say(unusable ? message : `${file}: ${message}`);
            reports.push({ file, error: message });
          }
        }
      });
      printJson({ files: reports });
      if (status !== 0) process.exitCode = status;
    });
}
