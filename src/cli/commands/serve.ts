import type { Command } from 'commander';
import { serve } from '../../server/serve.ts';
import { resolveDbLocation } from '../../store/open.ts';
import { parsePositiveInt, say, UsageError, withDbOption } from '../context.ts';

export function registerServe(program: Command): void {
  withDbOption(program.command('serve'))
    .description('serves the HTTP API (and the web app) until stopped; logs as JSON lines on stdout')
    .option('--port <n>', 'port (0: any free port)', '8080')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--quiet', 'no request logs')
    .action(async (options: { db?: string; port: string; host: string; quiet?: boolean }) => {
      const port = options.port === '0' ? 0 : parsePositiveInt('--port', options.port);
      if (port > 65_535) throw new UsageError(`--port must be at most 65535, not ${port}`);
      const server = await serve({
        location: resolveDbLocation(options.db),
        host: options.host,
        port,
        logger: !options.quiet,
      });
      say(`Meetlat draait op ${server.url}`);
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
