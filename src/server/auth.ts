import Tokens from '@fastify/csrf';
import '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allows } from '../identity/roles.ts';
import { findOrganisation } from '../store/organisations.ts';
import {
  createSession,
  deleteSession,
  hashToken,
  type SessionStage,
  touchSession,
} from '../store/sessions.ts';
import { findUserById, membershipsOf, publicUser, type User } from '../store/users.ts';
import type { RouteSpec } from './access.ts';
import type { ServerContext } from './context.ts';
import { HttpError } from './errors.ts';

/**
 * Sessions, CSRF and access rules.
 *
 * - The session cookie (`meetlat_sessie`) is HTTP-only, SameSite=Lax, and Secure behind TLS; it
 *   holds a random token whose hash names the session row. Every login makes a new session
 *   (and drops the one the browser came with), so a planted session id is worth nothing.
 * - CSRF: every state-changing request carries a token (form field `_csrf` or header
 *   `X-CSRF-Token`) made from a secret that belongs to the session, or, before login, to the
 *   HTTP-only `meetlat_csrf` cookie. SameSite cookies are the second line.
 * - Access: each route's declared `Access` is checked before its handler runs.
 */
export const SESSION_COOKIE = 'meetlat_sessie';
const ANON_CSRF_COOKIE = 'meetlat_csrf';
const tokens = Tokens();

export function installSessions(app: FastifyInstance, context: ServerContext): void {
  app.decorateRequest('viewer', null);
  app.decorateRequest('pending', null);
  app.decorateRequest('org', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token || token.length > 100) return;
    const session = await touchSession(context.db, token);
    if (!session) return;
    const user = await findUserById(context.db, session.userId);
    if (!user || user.disabled) {
      await deleteSession(context.db, session.tokenHash);
      return;
    }
    if (session.stage === 'pending_2fa') {
      request.pending = { userId: user.id, sessionHash: session.tokenHash, csrfSecret: session.csrfSecret };
      return;
    }
    request.viewer = {
      user: publicUser(user),
      memberships: await membershipsOf(context.db, user.id),
      sessionHash: session.tokenHash,
      csrfSecret: session.csrfSecret,
    };
  });
}

function cookieOptions(context: ServerContext) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: context.secure };
}

/** The CSRF secret of this request: the session's, else the anonymous cookie's (made when missing). */
function csrfSecret(request: FastifyRequest, reply: FastifyReply, context: ServerContext): string {
  if (request.viewer) return request.viewer.csrfSecret;
  if (request.pending) return request.pending.csrfSecret;
  const existing = request.cookies[ANON_CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{16,64}$/.test(existing)) return existing;
  const secret = tokens.secretSync();
  request.cookies[ANON_CSRF_COOKIE] = secret;
  reply.setCookie(ANON_CSRF_COOKIE, secret, cookieOptions(context));
  return secret;
}

/** A CSRF token for the forms of the page being answered. */
export function csrfToken(request: FastifyRequest, reply: FastifyReply, context: ServerContext): string {
  return tokens.create(csrfSecret(request, reply, context));
}

function checkCsrf(request: FastifyRequest): void {
  const secret =
    request.viewer?.csrfSecret ?? request.pending?.csrfSecret ?? request.cookies[ANON_CSRF_COOKIE] ?? null;
  const header = request.headers['x-csrf-token'];
  const body = request.body as Record<string, unknown> | null | undefined;
  const given = typeof header === 'string' ? header : typeof body?._csrf === 'string' ? body._csrf : null;
  if (!secret || !given || !tokens.verify(secret, given)) throw new HttpError(403, 'csrf');
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The checks a route's declaration asks for, run before its handler. */
export function guard(route: RouteSpec, context: ServerContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const access = route.access;
    if (access.kind === 'pending2fa') {
      if (!request.pending) throw new HttpError(401, 'login');
    } else if (access.kind !== 'public') {
      if (!request.viewer) throw new HttpError(401, 'login');
    }
    if (!SAFE_METHODS.has(request.method)) checkCsrf(request);
    if (access.kind === 'super' && !request.viewer?.user.superbeheerder)
      throw new HttpError(403, 'forbidden');
    if (access.kind === 'org') {
      const viewer = request.viewer;
      if (!viewer) throw new HttpError(401, 'login');
      const code = (request.params as { org?: string }).org ?? '';
      const organisation = await findOrganisation(context.db, code);
      if (!organisation) throw new HttpError(404, 'not_found');
      const membership = viewer.memberships.find((m) => m.organisationId === organisation.id);
      const role = membership?.role ?? null;
      if (!allows(role, viewer.user.superbeheerder, access.permission)) throw new HttpError(403, 'forbidden');
      request.org = {
        id: organisation.id,
        code: organisation.code,
        name: organisation.displayName ?? organisation.name,
        role,
      };
    }
  };
}

/**
 * Logs `user` in: the session the browser came with ends, a new one begins (pending its TOTP
 * code when the user has two-factor authentication and `stage` says so).
 */
export async function startSession(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  user: User,
  stage: SessionStage,
  method: 'password' | 'oidc',
): Promise<void> {
  await endSession(request, reply, context);
  const { token } = await createSession(context.db, {
    userId: user.id,
    stage,
    method,
    csrfSecret: tokens.secretSync(),
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
  });
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(context));
}

export async function endSession(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
): Promise<void> {
  const token = request.cookies[SESSION_COOKIE];
  if (token) await deleteSession(context.db, hashToken(token));
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
