import type { FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../../report/html.ts';
import { appendAudit } from '../../store/audit.ts';
import {
  findUserByEmail,
  findUserByIdentity,
  linkIdentity,
  recordLoginSuccess,
  type UserCredentials,
} from '../../store/users.ts';
import type { MessageKey } from '../../web/i18n/index.ts';
import { alert } from '../../web/layout.ts';
import { localPath, seeOther, sendPage, translate } from '../../web/render.ts';
import { routes } from '../access.ts';
import { startSession } from '../auth.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import {
  beginOidcLogin,
  finishOidcLogin,
  OIDC_ATTEMPT_MS,
  type OidcAttempt,
  type OidcIdentity,
  type OidcSettings,
} from '../oidc.ts';

/**
 * Logging in through the organisation's OpenID Provider (authorization code flow with PKCE).
 *
 * While the browser is away at the provider, what Meetlat must check when it comes back (state,
 * nonce, PKCE verifier, where to go next, when it began) travels in a cookie of its own:
 * HTTP-only, SameSite=Lax (the provider's redirect back is a top-level GET, which Lax lets
 * through), limited to /inloggen/oidc, ten minutes, and used once (cleared on the way back).
 * Its content is sealed with the server's secret box (AES-256-GCM), so the browser can neither
 * read the verifier and nonce nor change a value or the time limit, and it needs no table: any
 * server process with the same key can finish the login. The state ties the provider's answer to
 * this browser (no login CSRF), the verifier makes a stolen code worthless, the nonce a replayed
 * ID token.
 *
 * The provider's user is found by the linked identity (issuer + subject), else by an e-mail
 * address the provider has verified (`email_verified: true`) that belongs to an enabled Meetlat
 * user, whose identity is then linked. Nobody gets an account by logging in. OIDC logins skip
 * Meetlat's own TOTP: the provider is in charge of multi-factor authentication.
 */
const ATTEMPT_COOKIE = 'meetlat_oidc';
const ATTEMPT_PATH = '/inloggen/oidc';
const CALLBACK_PATH = '/inloggen/oidc/terug';

/** What the secret box binds the sealed attempt to, so it opens as nothing else. */
const ATTEMPT_BINDING = 'meetlat:oidc-attempt';

function settingsOf(context: ServerContext): OidcSettings {
  if (!context.oidc) throw new HttpError(404, 'not_found');
  return context.oidc;
}

/** Where the provider sends the browser back to (registered with the provider). */
function redirectUri(request: FastifyRequest, context: ServerContext): string {
  const base = context.publicUrl ?? `${request.protocol}://${request.host}`;
  return `${base}${CALLBACK_PATH}`;
}

function sealAttempt(context: ServerContext, attempt: OidcAttempt): string {
  const values = {
    state: attempt.state,
    nonce: attempt.nonce,
    codeVerifier: attempt.codeVerifier,
    back: attempt.back,
    startedAt: String(attempt.startedAt),
  };
  return context.box.sealBound(JSON.stringify(values), ATTEMPT_BINDING).toString('base64url');
}

function openAttempt(context: ServerContext, cookie: string | undefined): OidcAttempt | null {
  if (!cookie || !/^[A-Za-z0-9_-]{40,4000}$/.test(cookie)) return null;
  let values: Record<string, string>;
  try {
    values = JSON.parse(
      context.box.openBound(Buffer.from(cookie, 'base64url'), ATTEMPT_BINDING, 'the OIDC login attempt'),
    ) as Record<string, string>;
  } catch {
    return null;
  }
  const startedAt = Number(values.startedAt);
  if (!values.state || !values.nonce || !values.codeVerifier || !Number.isFinite(startedAt)) return null;
  const age = Date.now() - startedAt;
  if (age < 0 || age > OIDC_ATTEMPT_MS) return null;
  return {
    state: values.state,
    nonce: values.nonce,
    codeVerifier: values.codeVerifier,
    back: localPath(values.back),
    startedAt,
  };
}

function attemptCookieOptions(context: ServerContext) {
  return { path: ATTEMPT_PATH, httpOnly: true, sameSite: 'lax' as const, secure: context.secure };
}

function failedPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  status: number,
  message: (t: ReturnType<typeof translate>) => string,
) {
  const t = translate(request);
  return sendPage(request, reply, context, {
    title: t('login.title'),
    status,
    main: (_csrf, tr) =>
      html`${alert('error', message(tr))}
<p class="utrecht-paragraph"><a class="utrecht-link" href="/inloggen">${tr('oidc.tryAgain')}</a></p>`,
  });
}

type Match =
  | { kind: 'user'; user: UserCredentials; linked: boolean }
  | { kind: 'unknown' }
  | { kind: 'disabled'; user: UserCredentials };

/** The Meetlat user of a provider identity, linking it on first use by a verified e-mail address. */
async function matchUser(context: ServerContext, identity: OidcIdentity): Promise<Match> {
  const linked = await findUserByIdentity(context.db, identity.issuer, identity.subject);
  if (linked)
    return linked.disabled
      ? { kind: 'disabled', user: linked }
      : { kind: 'user', user: linked, linked: false };
  if (!identity.email || !identity.emailVerified) return { kind: 'unknown' };
  const user = await findUserByEmail(context.db, identity.email);
  if (!user) return { kind: 'unknown' };
  if (user.disabled) return { kind: 'disabled', user };
  return { kind: 'user', user, linked: true };
}

export const oidcRoutes = routes([
  {
    method: 'GET',
    url: ATTEMPT_PATH,
    kind: 'page',
    access: { kind: 'public' },
    async handler(request, reply, context) {
      const settings = settingsOf(context);
      const back = localPath((request.query as { terug?: string }).terug);
      let begun: Awaited<ReturnType<typeof beginOidcLogin>>;
      try {
        begun = await beginOidcLogin(settings, redirectUri(request, context), back);
      } catch (error) {
        request.log.warn({ err: error }, 'OIDC provider not reachable');
        return failedPage(request, reply, context, 502, (t) =>
          t('oidc.failed', { label: settings.label, reason: t('oidc.reason.provider') }),
        );
      }
      reply.setCookie(ATTEMPT_COOKIE, sealAttempt(context, begun.attempt), {
        ...attemptCookieOptions(context),
        maxAge: OIDC_ATTEMPT_MS / 1000,
      });
      return reply.code(303).header('location', begun.authorizationUrl.href).send();
    },
  },
  {
    method: 'GET',
    url: CALLBACK_PATH,
    kind: 'page',
    access: { kind: 'public' },
    async handler(request, reply, context) {
      const settings = settingsOf(context);
      const attempt = openAttempt(context, request.cookies[ATTEMPT_COOKIE]);
      // One use only: whatever happens next, this attempt is over.
      reply.clearCookie(ATTEMPT_COOKIE, attemptCookieOptions(context));
      const refuse = async (status: number, reason: string, message: MessageKey, user?: UserCredentials) => {
        await appendAudit(context.db, {
          userId: user?.id ?? null,
          actor: user?.email ?? `oidc:${settings.issuer}`,
          organisationId: null,
          action: 'user.login_failed',
          details: { method: 'oidc', reason },
          ip: request.ip,
        });
        return failedPage(request, reply, context, status, (t) =>
          t('oidc.failed', { label: settings.label, reason: t(message) }),
        );
      };
      if (!attempt) return refuse(400, 'no_attempt', 'oidc.reason.expired');
      const questionMark = request.url.indexOf('?');
      const query = new URLSearchParams(questionMark < 0 ? '' : request.url.slice(questionMark + 1));
      if (query.has('error')) return refuse(400, 'provider_error', 'oidc.reason.denied');
      const callbackUrl = new URL(redirectUri(request, context));
      callbackUrl.search = query.toString();
      let identity: OidcIdentity;
      try {
        identity = await finishOidcLogin(settings, callbackUrl, attempt);
      } catch (error) {
        request.log.warn({ err: error }, 'OIDC login refused');
        return refuse(400, 'invalid_response', 'oidc.reason.response');
      }
      const match = await matchUser(context, identity);
      if (match.kind === 'disabled') return refuse(403, 'disabled', 'oidc.reason.disabled', match.user);
      if (match.kind === 'unknown') {
        await appendAudit(context.db, {
          userId: null,
          actor: `oidc:${identity.issuer}`,
          organisationId: null,
          action: 'user.login_failed',
          details: { method: 'oidc', reason: 'unknown', email: identity.email, subject: identity.subject },
          ip: request.ip,
        });
        return failedPage(request, reply, context, 403, (t) =>
          t('oidc.unknown', { email: identity.email ?? identity.subject }),
        );
      }
      const { user } = match;
      if (match.linked) {
        await linkIdentity(context.db, user.id, identity.issuer, identity.subject);
        await appendAudit(context.db, {
          userId: user.id,
          actor: user.email,
          organisationId: null,
          action: 'user.identity_link',
          details: { issuer: identity.issuer, subject: identity.subject },
          ip: request.ip,
        });
      }
      await recordLoginSuccess(context.db, user.id);
      await startSession(request, reply, context, user, 'active', 'oidc');
      await appendAudit(context.db, {
        userId: user.id,
        actor: user.email,
        organisationId: null,
        action: 'user.login',
        details: { method: 'oidc', issuer: identity.issuer },
        ip: request.ip,
      });
      return seeOther(reply, attempt.back);
    },
  },
]);
