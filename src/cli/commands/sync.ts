import type { Command } from 'commander';
import { alertsAfterSync } from '../../alerts/afterSync.ts';
import { runInProcess, runWithPgBoss } from '../../ingest/scheduler.ts';
import { type SyncProgress, type SyncResult, syncAccount } from '../../ingest/sync.ts';
import { findConnections } from '../../store/connections.ts';
import { isPostgresUrl, resolveDbLocation } from '../../store/open.ts';
import { loadSecretBox } from '../../store/secretBox.ts';
import { parsePositiveInt, printJson, say, UsageError, withDb, withDbOption } from '../context.ts';
import { connectionList } from './syncStatus.ts';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** A sync's result as printed (snake_case, like all of Meetlat's JSON). */
function resultJson(r: SyncResult) {
  return {
    account_id: r.accountId,
    account: r.account,
    ok: r.ok,
    pages: r.pages,
    read: r.recordsRead,
    stored: r.stored,
    duplicates: r.duplicates,
    rejected: r.rejected,
    billed_reads: r.billedReads,
    snapshot: r.snapshot,
    error: r.error
      ? { kind: r.error.kind, message: r.error.message, where: r.error.where, retry_at: r.error.retryAt }
      : null,
    next_sync_at: r.nextSyncAt,
  };
}

/** A line per account on stderr as pages come in: rewritten in place on a terminal, every 5 s otherwise. */
function progressLine(quiet: boolean | undefined) {
  let last = 0;
  return (p: SyncProgress) => {
    if (quiet) return;
    const text = `${p.account}: ${p.pages} pagina's, ${p.recordsRead} gelezen, ${p.stored} nieuw`;
    if (process.stderr.isTTY) process.stderr.write(`\r${text}\u001b[K`);
    else if (Date.now() - last >= 5000) {
      last = Date.now();
      process.stderr.write(`${text}\n`);
    }
  };
}

export function registerSync(program: Command): void {
  const sync = withDbOption(program.command('sync'))
    .description(
      'reads what is new on every connected account (or those named) once; prints a JSON result per account',
    )
    .option('--account <account>', 'platform:handle, handle or account id (repeatable)', collect, [])
    .option('--batch-size <n>', 'records stored per step (the cursor is saved after each)', '2000')
    .option('--quiet', 'no progress output')
    .action(async (options: { db?: string; account: string[]; batchSize: string; quiet?: boolean }) => {
      const chunkRecords = parsePositiveInt('--batch-size', options.batchSize);
      const results: ReturnType<typeof resultJson>[] = [];
      await withDb(options, async (db) => {
        const { ids, unknown } = await findConnections(db, options.account);
        if (unknown.length > 0) {
          throw new UsageError(
            `no connected account ${unknown.map((u) => JSON.stringify(u)).join(', ')} (see meetlat accounts list)`,
          );
        }
        const box = loadSecretBox(db.location);
        const onProgress = progressLine(options.quiet);
        for (const id of ids) {
          const result = await syncAccount(db, box, id, { trigger: 'manual', onProgress, chunkRecords });
          await alertsAfterSync(db, box, result, { onError: (e) => say(`meldingen: ${e.message}`) });
          if (process.stderr.isTTY && !options.quiet) process.stderr.write('\n');
          if (result.error && !options.quiet)
            say(`${result.account}: ${result.error.kind}: ${result.error.message}`);
          results.push(resultJson(result));
        }
      });
      printJson({ syncs: results });
      if (results.some((r) => !r.ok)) process.exitCode = 1;
    });

  withDbOption(sync.command('status'))
    .description(
      'per account: last success, last error in plain words, messages read, next sync, budget left (JSON)',
    )
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ db?: string }>();
      await withDb(options, async (db) => printJson({ accounts: await connectionList(db) }));
    });
}

export function registerWorker(program: Command): void {
  withDbOption(program.command('worker'))
    .description(
      'runs scheduled syncs until stopped (Ctrl-C, SIGTERM): in-process on the embedded database; through pg-boss on PostgreSQL, where several workers share the jobs',
    )
    .option('--tick <seconds>', 'seconds between looks for due syncs', '30')
    .option('--name <name>', 'this worker’s name in the sync audit (default host:pid)')
    .action(async (options: { db?: string; tick: string; name?: string }) => {
      const tickSeconds = parsePositiveInt('--tick', options.tick);
      const location = resolveDbLocation(options.db);
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await withDb(options, async (db) => {
        const box = loadSecretBox(db.location);
        const workerOptions = {
          tickSeconds,
          worker: options.name ?? `worker:${process.pid}`,
          signal: controller.signal,
          onResult: (r: SyncResult) =>
            say(
              `${new Date().toISOString()} ${r.account}: ${r.ok ? 'ok' : `${r.error?.kind}: ${r.error?.message}`}, ${r.stored} nieuw; volgende ${r.nextSyncAt}`,
            ),
          onError: (e: Error) => say(`${new Date().toISOString()} worker: ${e.message}`),
        };
        say(`meetlat worker (${isPostgresUrl(location) ? 'pg-boss' : 'in-process'}) on ${db.location}`);
        if (isPostgresUrl(location)) await runWithPgBoss(db, box, location, workerOptions);
        else await runInProcess(db, box, workerOptions);
      });
    });
}
