import type { Command } from 'commander';
import { migrate } from '../../store/migrate.ts';
import { isPostgresUrl, resolveDbLocation } from '../../store/open.ts';
import { openPglite } from '../../store/pgliteDb.ts';
import { openPostgres } from '../../store/postgresDb.ts';
import { printJson, withDbOption } from '../context.ts';

export function registerMigrate(program: Command): void {
  withDbOption(program.command('migrate'))
    .description('brings the database schema up to date (every command also does this on start)')
    .action(async (options: { db?: string }) => {
      const location = resolveDbLocation(options.db);
      const db = isPostgresUrl(location) ? await openPostgres(location) : await openPglite(location);
      try {
        const applied = await migrate(db);
        printJson({ database: db.location, engine: db.engine, applied });
      } finally {
        await db.close();
      }
    });
}
