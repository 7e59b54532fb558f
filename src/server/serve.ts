import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { updateActivity } from '../store/activity.ts';
import { updateCases } from '../store/cases.ts';
import type { Db } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import { isPostgresUrl } from '../store/open.ts';
import { openPgliteThread } from '../store/pgliteThread.ts';
import { openPostgres } from '../store/postgresDb.ts';
import { loadSecretBox } from '../store/secretBox.ts';
import { scoreUnscored } from '../store/sentiment.ts';
import { deleteExpiredSessions } from '../store/sessions.ts';
import { buildServer } from './app.ts';
import type { ServerContext } from './context.ts';
import { mailerFromEnv } from './mail.ts';
import { oidcFromEnv } from './oidc.ts';

export interface ServeOptions {
  location: string;
  host: string;
  port: number;
  logger: boolean;
  /**
   * Work on the database before the server listens (the demo seed of `npm start`), done on the
   * same connection the server will use, so the embedded database is not opened twice.
   */
  prepare?: (db: Db) => Promise<void>;
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
    await options.prepare?.(db);
    const context = contextFromEnv(db, options.location);
    const app = await buildServer({ ...context, logger: options.logger });
    const address = await app.listen({ host: options.host, port: options.port });
    // A database from an older version: the account facts and the sentiment of messages stored
    // before they existed are brought up to date in the background, batch by batch, so requests
    // are served meanwhile.
    const catchUp = updateActivity(db)
      .then(() => updateCases(db))
      .then(() => scoreUnscored(db))
      .then((scored) => {
        if (scored > 0) app.log.info({ scored }, 'sentiment of earlier messages worked out');
      })
      .catch((error: Error) => app.log.warn({ err: error }, 'catching up the stored messages failed'));
    const sweep = setInterval(
      () => {
        deleteExpiredSessions(db).catch((error: Error) =>
          app.log.warn({ err: error }, 'session sweep failed'),
        );
      },
      60 * 60 * 1000,
    );
    sweep.unref();
    let closing: Promise<void> | null = null;
    return {
      url: address,
      app,
      close() {
        clearInterval(sweep);
        closing ??= app
          .close()
          .finally(() => catchUp)
          .finally(() => context.mailer?.close())
          .finally(() => db.close());
        return closing;
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * The server's settings from the environment: `MEETLAT_PUBLIC_URL` (the address people use; an
 * https:// one makes cookies Secure and turns HSTS on), SMTP and OIDC (see `mail.ts`, `oidc.ts`),
 * and the lock-out: `MEETLAT_LOCK_AFTER` failed logins (5) lock an account for
 * `MEETLAT_LOCK_MINUTES` (15).
 */
export function contextFromEnv(
  db: Db,
  location: string,
  env: NodeJS.ProcessEnv = process.env,
): ServerContext {
  const publicUrl = env.MEETLAT_PUBLIC_URL?.trim().replace(/\/+$/, '') || null;
  if (publicUrl && !/^https?:\/\/[^/\s]+/.test(publicUrl)) {
    throw new Error(`MEETLAT_PUBLIC_URL must be an http(s) address, not ${JSON.stringify(publicUrl)}`);
  }
  return {
    db,
    box: loadSecretBox(location),
    mailer: mailerFromEnv(env),
    oidc: oidcFromEnv(env),
    publicUrl,
    secure: publicUrl?.startsWith('https://') ?? false,
    version: VERSION,
    lockAfter: Number(env.MEETLAT_LOCK_AFTER ?? 5) || 5,
    lockMs: (Number(env.MEETLAT_LOCK_MINUTES ?? 15) || 15) * 60_000,
  };
}
