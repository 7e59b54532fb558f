import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Db } from '../store/db.ts';

/**
 * The HTTP server: the API under `/api` (JSON, every route with its schema, described in the
 * OpenAPI document at `/api/openapi.json`), and the health endpoints. Routes stay thin: they
 * validate, call a module, present.
 */
export interface ServerOptions {
  db: Db;
  /** pino logging: `true` for JSON lines on stdout, false for none (tests). */
  logger?: boolean;
  version: string;
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: process.env.MEETLAT_LOG_LEVEL ?? 'info' } : false,
    // Behind a proxy the client's address comes from X-Forwarded-For (the audit log records it).
    trustProxy: process.env.MEETLAT_TRUST_PROXY === '1',
    bodyLimit: 1024 * 1024,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Meetlat API',
        version: options.version,
        description:
          'Luisteren, webcare, meetlat, groeimodel en archief voor overheden. JSON; tijden in ISO 8601 (UTC).',
      },
      servers: [{ url: '/' }],
    },
  });

  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness: the server is up and answering',
        tags: ['health'],
        response: { 200: { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] } },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness: the database answers',
        tags: ['health'],
        response: {
          200: readiness,
          503: readiness,
        },
      },
    },
    async (_request, reply) => {
      try {
        await options.db.query('SELECT 1');
        return { status: 'ready', database: options.db.engine };
      } catch (error) {
        reply.code(503);
        return { status: 'not ready', database: options.db.engine, reason: (error as Error).message };
      }
    },
  );

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}

const readiness = {
  type: 'object',
  properties: {
    status: { enum: ['ready', 'not ready'] },
    database: { enum: ['pglite', 'postgres'] },
    reason: { type: 'string' },
  },
  required: ['status', 'database'],
} as const;
