import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import { isPostgresUrl } from '../store/open.ts';
import { openPgliteThread } from '../store/pgliteThread.ts';
import { openPostgres } from '../store/postgresDb.ts';
import { buildServer } from './app.ts';

export interface ServeOptions {
  location: string;
  host: string;
  port: number;
  logger: boolean;
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  /** Stops taking requests, lets those under way finish, then closes the database. */
  close(): Promise<void>;
}

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * Opens the database (the embedded one on a worker thread, so the server keeps answering during a
 * long query), brings its schema up to date, and listens. `/healthz` answers once this resolves.
 */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  const db: Db = isPostgresUrl(options.location)
    ? await openPostgres(options.location)
    : await openPgliteThread(options.location);
  try {
    await migrate(db);
    const app = await buildServer({ db, logger: options.logger, version: VERSION });
    const address = await app.listen({ host: options.host, port: options.port });
    let closing: Promise<void> | null = null;
    return {
      url: address,
      app,
      close() {
        closing ??= app.close().finally(() => db.close());
        return closing;
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
