import type { Command } from 'commander';
import { listRuns } from '../../store/ingestRuns.ts';
import { messageCounts } from '../../store/messages.ts';
import { parseFormat, printJson, withDb, withDbOption } from '../context.ts';

/** What is in the store: organisations, accounts, messages per platform and kind, recent imports. */
export function registerStatus(program: Command): void {
  withDbOption(program.command('status'))
    .description('shows what the database holds and the latest imports')
    .option('--format <format>', 'json or text', 'text')
    .action(async (options: { db?: string; format: string }) => {
      const format = parseFormat(options.format, ['json', 'text'] as const);
      await withDb(options, async (db) => {
        const [counts, runs, [orgs], [accounts], [snapshots]] = await Promise.all([
          messageCounts(db),
          listRuns(db, 10),
          db.query<{ n: number }>('SELECT count(*) AS n FROM organisations'),
          db.query<{ n: number }>('SELECT count(*) AS n FROM accounts'),
          db.query<{ n: number }>('SELECT count(*) AS n FROM account_snapshots'),
        ]);
        const status = {
          database: db.location,
          engine: db.engine,
          organisations: orgs?.n ?? 0,
          accounts: accounts?.n ?? 0,
          snapshots: snapshots?.n ?? 0,
          messages: counts.messages,
          conversations: counts.conversations,
          messages_by_platform: counts.byPlatform,
          messages_by_kind: counts.byKind,
          recent_imports: runs.map((r) => ({
            run_id: r.id,
            format: r.format,
            source: r.source,
            status: r.status,
            started_at: r.startedAt.toISOString(),
            read: r.read,
            imported: r.imported,
            duplicates: r.duplicates,
            rejected: r.rejected,
            error: r.error,
          })),
        };
        if (format === 'json') {
          printJson(status);
          return;
        }
        const lines = [
          `Database: ${status.database} (${status.engine})`,
          `Organisaties: ${status.organisations}   Accounts: ${status.accounts}   Volgersmomenten: ${status.snapshots}`,
          `Berichten: ${status.messages} in ${status.conversations} gesprekken`,
          `  per platform: ${
            Object.entries(status.messages_by_platform)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ') || '-'
          }`,
          `  per soort: ${
            Object.entries(status.messages_by_kind)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ') || '-'
          }`,
          'Laatste imports:',
          ...status.recent_imports.map(
            (r) =>
              `  #${r.run_id} ${r.format} ${r.source}: ${r.status}, ${r.read} gelezen, ${r.imported} nieuw, ${r.duplicates} dubbel, ${r.rejected} afgewezen${r.error ? ` (${r.error})` : ''}`,
          ),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });
}
