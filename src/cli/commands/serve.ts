import type { Command } from 'commander';
import { DEMO_SIZE, firstLoginFile, readFirstLogin, seedDemoWorkspace } from '../../demo/firstStart.ts';
import { serve } from '../../server/serve.ts';
import { resolveDbLocation } from '../../store/open.ts';
import { parsePositiveInt, say, UsageError, withDbOption } from '../context.ts';
import { progressView } from '../progress.ts';

export function registerServe(program: Command): void {
  withDbOption(program.command('serve'))
    .description('serves the HTTP API (and the web app) until stopped; logs as JSON lines on stdout')
    .option('--port <n>', 'port (0: any free port)', '8080')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--quiet', 'no request logs')
    .option(
      '--demo',
      'on an empty database: fill it with the demo workspace and make a first user (npm start)',
    )
    .action(async (options: { db?: string; port: string; host: string; quiet?: boolean; demo?: boolean }) => {
      const port = options.port === '0' ? 0 : parsePositiveInt('--port', options.port);
      if (port > 65_535) throw new UsageError(`--port must be at most 65535, not ${port}`);
      const location = resolveDbLocation(options.db);
      const server = await serve({
        location,
        host: options.host,
        port,
        logger: !options.quiet,
        prepare: options.demo
          ? async (db) => {
              const [row] = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM organisations');
              if ((row?.n ?? 0) > 0) return;
              const view = progressView(`demo-werkruimte (${DEMO_SIZE} berichten)`, {});
              await seedDemoWorkspace(db, location, (p) => view.update(p));
              view.stop();
            }
          : undefined,
      });
      say(`Meetlat draait op ${server.url}`);
      const login = options.demo ? readFirstLogin(location) : null;
      if (login) {
        say(`Eerste login: ${login.email} met wachtwoord ${login.password}`);
        say(
          `(staat ook in ${firstLoginFile(location)}; verwijder dat bestand zodra u een eigen wachtwoord heeft)`,
        );
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          say('Meetlat stopt…');
          server.close().then(resolve, (error: Error) => {
            say(`meetlat: stopping failed: ${error.message}`);
            process.exitCode = 1;
            resolve();
          });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
