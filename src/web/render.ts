import type { FastifyReply, FastifyRequest } from 'fastify';
import { unreadNotifications } from '../alerts/notifications.ts';
import type { HtmlValue } from '../report/html.ts';
import { csrfToken } from '../server/auth.ts';
import type { ServerContext } from '../server/context.ts';
import { isLocale, type Locale, type Translate, translator } from './i18n/index.ts';
import { type NavEntry, renderPage } from './layout.ts';

export const LOCALE_COOKIE = 'meetlat_taal';

/** The language of a request: the user's choice, else the language cookie, else Dutch. */
export function localeOf(request: FastifyRequest): Locale {
  if (request.viewer) return request.viewer.user.locale;
  const cookie = request.cookies[LOCALE_COOKIE];
  return isLocale(cookie) ? cookie : 'nl';
}

export function translate(request: FastifyRequest): Translate {
  return translator(localeOf(request));
}

/** A path on this site to return to, or `/` when the given one is not ours (no open redirect). */
export function localPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\'))
    return '/';
  return /^[\x21-\x7e]*$/.test(value) ? value : '/';
}

export interface PageOptions {
  title: string;
  active?: NavEntry;
  notice?: { kind: 'ok' | 'info' | 'warning' | 'error'; text: string } | null;
  status?: number;
  scripts?: readonly string[];
  /** Builds the main content, with the page's CSRF token for its forms. */
  main: (csrf: string, t: Translate) => HtmlValue;
}

/**
 * The viewer's unread notifications for the navigation's badge: one count, for a member of the
 * page's organisation only (not on an error of the server's, and a failure only loses the badge).
 */
async function unreadBadge(
  request: FastifyRequest,
  context: ServerContext,
  status: number,
): Promise<number | null> {
  const { viewer, org } = request;
  if (!viewer || !org || org.role === null || status >= 500) return null;
  try {
    return await unreadNotifications(context.db, org.id, viewer.user.id);
  } catch (error) {
    request.log.warn({ err: error }, 'unread notifications not counted');
    return null;
  }
}

/** Answers with an HTML page in the frame, never cached (it holds a CSRF token and personal data). */
export async function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  options: PageOptions,
): Promise<FastifyReply> {
  const unread = await unreadBadge(request, context, options.status ?? 200);
  const locale = localeOf(request);
  const t = translator(locale);
  const csrf = csrfToken(request, reply, context);
  const body = renderPage({
    t,
    locale,
    title: options.title,
    viewer: request.viewer,
    org: request.org,
    active: options.active,
    csrfToken: csrf,
    path: localPath(request.url),
    notice: options.notice ?? null,
    unread,
    scripts: options.scripts,
    main: options.main(csrf, t),
  });
  return reply
    .code(options.status ?? 200)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(body);
}

/** Redirects after a form post (303, so the browser follows with GET). */
export function seeOther(reply: FastifyReply, path: string): FastifyReply {
  return reply.code(303).header('location', localPath(path)).send();
}
