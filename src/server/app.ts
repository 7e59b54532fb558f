import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { html } from '../report/html.ts';
import type { MessageKey } from '../web/i18n/index.ts';
import { localPath, sendPage, translate } from '../web/render.ts';
import { closeCaseFeed } from '../webcare/liveFeed.ts';
import type { RouteSpec } from './access.ts';
import { guard, installSessions } from './auth.ts';
import type { ServerContext } from './context.ts';
import { type ErrorCode, HttpError } from './errors.ts';
import { ROUTES } from './routes/index.ts';

/**
 * The HTTP server: the API under `/api` (JSON, every route with its schema, described in the
 * OpenAPI document at `/api/openapi.json`), the web app's pages and forms, health endpoints,
 * and the style sheets. Every route comes from the route table (`routes/index.ts`) with its
 * access rule, which is checked before the handler runs.
 */
export interface ServerOptions extends ServerContext {
  /** pino logging: `true` for JSON lines on stdout, false for none (tests). */
  logger?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    kind?: RouteSpec['kind'];
  }
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { logger, ...context } = options;
  const app = Fastify({
    logger: logger
      ? {
          level: process.env.MEETLAT_LOG_LEVEL ?? 'info',
          // The request line without secrets: a password reset link carries its token in the URL.
          serializers: {
            req: (request: FastifyRequest) => ({
              method: request.method,
              url: request.url.replace(/([?&]token=)[^&#]*/g, '$1[verborgen]'),
              remoteAddress: request.ip,
            }),
          },
        }
      : false,
    // Behind a proxy the client's address comes from X-Forwarded-For (the audit log records it).
    trustProxy: process.env.MEETLAT_TRUST_PROXY === '1',
    bodyLimit: 1024 * 1024,
  });
  // Open inboxes hold an event stream each: end them, or closing would wait for them forever.
  app.addHook('preClose', async () => closeCaseFeed(context.db));
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    hsts: context.secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Meetlat API',
        version: context.version,
        description:
          'Luisteren, webcare, meetlat, groeimodel en archief voor overheden. JSON; tijden in ISO 8601 (UTC). ' +
          'Log in with POST /api/session; the session cookie goes with every request, and every state-changing request carries the X-CSRF-Token from GET /api/me.',
      },
      servers: [{ url: '/' }],
    },
    hideUntagged: true,
  });
  installSessions(app, context);
  app.setErrorHandler((error, request, reply) => answerError(error, request, reply, context));
  app.setNotFoundHandler((request, reply) =>
    answerError(new HttpError(404, 'not_found'), request, reply, context),
  );

  for (const route of ROUTES) {
    app.route({
      method: route.method,
      url: route.url,
      schema: route.schema,
      config: {
        kind: route.kind,
        ...(route.rateLimitPerMinute
          ? { rateLimit: { max: route.rateLimitPerMinute, timeWindow: 60_000 } }
          : {}),
      },
      preValidation: guard(route, context),
      handler: (request, reply) => route.handler(request, reply, context),
    });
  }
  return app;
}

const PAGE_MESSAGES: Record<ErrorCode, MessageKey> = {
  login: 'error.401',
  forbidden: 'error.403',
  not_found: 'error.404',
  csrf: 'error.csrf',
  rate_limited: 'error.429',
  invalid: 'error.400',
  conflict: 'error.400',
};

function answerError(error: unknown, request: FastifyRequest, reply: FastifyReply, context: ServerContext) {
  const e = error as Error & { statusCode?: number; validation?: unknown; code?: string };
  let status: number;
  let code: ErrorCode;
  let detail = e.message;
  if (error instanceof HttpError) {
    status = error.status;
    code = error.code;
  } else if (e.statusCode === 429) {
    status = 429;
    code = 'rate_limited';
  } else if (e.validation || (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500)) {
    status = e.statusCode ?? 400;
    code = status === 404 ? 'not_found' : 'invalid';
  } else {
    request.log.error({ err: error }, 'request failed');
    status = 500;
    code = 'invalid';
    detail = 'internal error';
  }
  const kind = request.routeOptions.config?.kind;
  const wantsPage =
    kind === 'page' || kind === 'form' || (kind === undefined && !request.url.startsWith('/api/'));
  if (!wantsPage) {
    return reply.code(status).send({ error: status === 500 ? 'internal' : code, message: detail });
  }
  if (status === 401 && request.method === 'GET') {
    return reply
      .code(303)
      .header('location', `/inloggen?terug=${encodeURIComponent(localPath(request.url))}`)
      .send();
  }
  const t = translate(request);
  return sendPage(request, reply, context, {
    title: t('error.title'),
    status,
    main: () =>
      html`<p class="utrecht-paragraph">${status === 500 ? t('error.500') : t(PAGE_MESSAGES[code], { detail })}</p>
<p class="utrecht-paragraph"><a class="utrecht-link" href="/">${t('error.back')}</a></p>`,
  });
}
