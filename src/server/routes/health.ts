import { routes } from '../access.ts';

/** Liveness and readiness, for load balancers and orchestrators; the OpenAPI document. */
const readiness = {
  type: 'object',
  properties: {
    status: { enum: ['ready', 'not ready'] },
    database: { enum: ['pglite', 'postgres'] },
    reason: { type: 'string' },
  },
  required: ['status', 'database'],
} as const;

export const healthRoutes = routes([
  {
    method: 'GET',
    url: '/healthz',
    kind: 'health',
    access: { kind: 'public' },
    schema: {
      summary: 'Liveness: the server is up and answering',
      tags: ['health'],
      response: { 200: { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] } },
    },
    async handler() {
      return { status: 'ok' as const };
    },
  },
  {
    method: 'GET',
    url: '/readyz',
    kind: 'health',
    access: { kind: 'public' },
    schema: {
      summary: 'Readiness: the database answers',
      tags: ['health'],
      response: { 200: readiness, 503: readiness },
    },
    async handler(_request, reply, context) {
      try {
        await context.db.query('SELECT 1');
        return { status: 'ready', database: context.db.engine };
      } catch (error) {
        reply.code(503);
        return { status: 'not ready', database: context.db.engine, reason: (error as Error).message };
      }
    },
  },
  {
    method: 'GET',
    url: '/api/openapi.json',
    kind: 'api',
    access: { kind: 'public' },
    schema: { hide: true },
    async handler(request) {
      return request.server.swagger();
    },
  },
]);
