import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkPassword, checkSecondFactor } from '../../identity/login.ts';
import { html } from '../../report/html.ts';
import { appendAudit } from '../../store/audit.ts';
import { findUserById, type User, updateProfile } from '../../store/users.ts';
import { postForm, submitButton, textField } from '../../web/forms.ts';
import type { Translate } from '../../web/i18n/index.ts';
import { isLocale } from '../../web/i18n/index.ts';
import { alert } from '../../web/layout.ts';
import { LOCALE_COOKIE, localPath, seeOther, sendPage, translate } from '../../web/render.ts';
import { routes } from '../access.ts';
import { endSession, startSession } from '../auth.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { userSchema, viewerJson } from '../schemas.ts';

/** Logging in (password, then TOTP when the user has it), logging out, and the language switch. */

const LOGIN_RATE = 10;

function loginPage(
  csrf: string,
  t: Translate,
  context: ServerContext,
  options: { email?: string; failed?: boolean; back: string },
) {
  return html`${options.failed ? alert('error', t('login.failed')) : ''}
<p class="utrecht-paragraph">${t('login.intro')}</p>
${postForm(
  '/inloggen',
  csrf,
  html`<input type="hidden" name="terug" value="${options.back}">
  ${textField({ name: 'email', label: t('login.email'), type: 'email', value: options.email, required: true, autocomplete: 'username' })}
  ${textField({ name: 'password', label: t('login.password'), type: 'password', required: true, autocomplete: 'current-password' })}
  ${submitButton(t('login.submit'))}`,
)}
<p class="utrecht-paragraph"><a class="utrecht-link" href="/wachtwoord-vergeten">${t('login.forgot')}</a></p>
${context.oidc ? html`<p class="utrecht-paragraph">${t('login.or')}</p><p class="utrecht-paragraph"><a class="utrecht-button-link utrecht-button-link--secondary-action" href="/inloggen/oidc?terug=${encodeURIComponent(options.back)}">${t('login.oidc', { label: context.oidc.label })}</a></p>` : ''}`;
}

const loginBody = {
  type: 'object',
  properties: {
    email: { type: 'string', maxLength: 320 },
    password: { type: 'string', maxLength: 1024 },
    terug: { type: 'string', maxLength: 2000 },
    _csrf: { type: 'string', maxLength: 200 },
  },
  required: ['email', 'password'],
} as const;

export const sessionRoutes = routes([
  {
    method: 'GET',
    url: '/inloggen',
    kind: 'page',
    access: { kind: 'public' },
    async handler(request, reply, context) {
      const query = request.query as { terug?: string; uit?: string; hersteld?: string };
      const back = localPath(query.terug);
      // Logged in already: on to where the login was for, unless that is a login page itself
      // (the TOTP step, opened by someone past it), which would send the browser round in circles.
      if (request.viewer) return seeOther(reply, back.startsWith('/inloggen') ? '/' : back);
      const t = translate(request);
      return sendPage(request, reply, context, {
        title: t('login.title'),
        notice:
          query.uit === '1'
            ? { kind: 'ok', text: t('login.loggedOut') }
            : query.hersteld === '1'
              ? { kind: 'ok', text: t('reset.done') }
              : null,
        main: (csrf, tr) => loginPage(csrf, tr, context, { back }),
      });
    },
  },
  {
    method: 'POST',
    url: '/inloggen',
    kind: 'form',
    access: { kind: 'public' },
    rateLimitPerMinute: LOGIN_RATE,
    schema: { body: loginBody },
    async handler(request, reply, context) {
      const body = request.body as { email: string; password: string; terug?: string };
      const back = localPath(body.terug);
      const status = await passwordStep(request, reply, context, body.email, body.password);
      if (status === 'refused') {
        return sendPage(request, reply, context, {
          title: translate(request)('login.title'),
          status: 401,
          main: (csrf, t) => loginPage(csrf, t, context, { email: body.email, failed: true, back }),
        });
      }
      if (status === 'pending_2fa')
        return seeOther(reply, `/inloggen/code?terug=${encodeURIComponent(back)}`);
      return seeOther(reply, back);
    },
  },
  {
    method: 'GET',
    url: '/inloggen/code',
    kind: 'page',
    access: { kind: 'pending2fa' },
    async handler(request, reply, context) {
      const back = localPath((request.query as { terug?: string }).terug);
      return sendPage(request, reply, context, {
        title: translate(request)('totp.title'),
        main: (csrf, t) => totpForm(csrf, t, back, false),
      });
    },
  },
  {
    method: 'POST',
    url: '/inloggen/code',
    kind: 'form',
    access: { kind: 'pending2fa' },
    rateLimitPerMinute: LOGIN_RATE,
    schema: {
      body: {
        type: 'object',
        properties: {
          code: { type: 'string', maxLength: 20 },
          terug: { type: 'string', maxLength: 2000 },
          _csrf: { type: 'string' },
        },
        required: ['code'],
      },
    },
    async handler(request, reply, context) {
      const body = request.body as { code: string; terug?: string };
      const back = localPath(body.terug);
      if (await codeStep(request, reply, context, body.code)) return seeOther(reply, back);
      return sendPage(request, reply, context, {
        title: translate(request)('totp.title'),
        status: 401,
        main: (csrf, t) => totpForm(csrf, t, back, true),
      });
    },
  },
  {
    method: 'POST',
    url: '/uitloggen',
    kind: 'form',
    access: { kind: 'user' },
    async handler(request, reply, context) {
      await logoutStep(request, reply, context);
      return seeOther(reply, '/inloggen?uit=1');
    },
  },
  {
    method: 'POST',
    url: '/taal',
    kind: 'form',
    access: { kind: 'public' },
    schema: {
      body: {
        type: 'object',
        properties: {
          taal: { type: 'string' },
          terug: { type: 'string', maxLength: 2000 },
          _csrf: { type: 'string' },
        },
        required: ['taal'],
      },
    },
    async handler(request, reply, context) {
      const body = request.body as { taal: string; terug?: string };
      if (!isLocale(body.taal)) throw new HttpError(400, 'invalid', 'taal must be nl or en');
      const viewer = request.viewer;
      if (viewer) {
        await updateProfile(context.db, viewer.user.id, {
          name: viewer.user.name,
          initials: viewer.user.initials,
          locale: body.taal,
        });
      }
      reply.setCookie(LOCALE_COOKIE, body.taal, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: context.secure,
        maxAge: 365 * 24 * 3600,
      });
      return seeOther(reply, localPath(body.terug));
    },
  },
  // The same, as JSON for API clients.
  {
    method: 'POST',
    url: '/api/session',
    kind: 'api',
    access: { kind: 'public' },
    rateLimitPerMinute: LOGIN_RATE,
    schema: {
      summary: 'Log in with e-mail and password; a user with TOTP then posts the code to /api/session/totp',
      tags: ['session'],
      body: loginBody,
      response: {
        200: {
          type: 'object',
          properties: { status: { enum: ['active', 'pending_2fa'] } },
          required: ['status'],
        },
      },
    },
    async handler(request, reply, context) {
      const body = request.body as { email: string; password: string };
      const status = await passwordStep(request, reply, context, body.email, body.password);
      if (status === 'refused') {
        reply.code(401);
        return {
          error: 'login_failed',
          message: 'e-mail or password not right, or the account is locked for a while',
        };
      }
      return { status };
    },
  },
  {
    method: 'POST',
    url: '/api/session/totp',
    kind: 'api',
    access: { kind: 'pending2fa' },
    rateLimitPerMinute: LOGIN_RATE,
    schema: {
      summary: 'Give the TOTP code of a login that is waiting for it',
      tags: ['session'],
      body: { type: 'object', properties: { code: { type: 'string', maxLength: 20 } }, required: ['code'] },
      response: {
        200: { type: 'object', properties: { status: { const: 'active' } }, required: ['status'] },
      },
    },
    async handler(request, reply, context) {
      if (await codeStep(request, reply, context, (request.body as { code: string }).code)) {
        return { status: 'active' as const };
      }
      reply.code(401);
      return { error: 'totp_failed', message: 'the code is not right or was used already' };
    },
  },
  {
    method: 'DELETE',
    url: '/api/session',
    kind: 'api',
    access: { kind: 'user' },
    schema: { summary: 'Log out', tags: ['session'], response: { 204: { type: 'null' } } },
    async handler(request, reply, context) {
      await logoutStep(request, reply, context);
      return reply.code(204).send();
    },
  },
  {
    method: 'GET',
    url: '/api/me',
    kind: 'api',
    access: { kind: 'user' },
    schema: {
      summary: 'The logged-in user, their organisations and roles, and a CSRF token',
      tags: ['session'],
      response: { 200: userSchema },
    },
    async handler(request, reply, context) {
      return viewerJson(request, reply, context);
    },
  },
]);

function totpForm(csrf: string, t: Translate, back: string, failed: boolean) {
  return html`${failed ? alert('error', t('totp.failed')) : ''}
<p class="utrecht-paragraph">${t('totp.intro')}</p>
${postForm(
  '/inloggen/code',
  csrf,
  html`<input type="hidden" name="terug" value="${back}">
  ${textField({ name: 'code', label: t('totp.code'), required: true, autocomplete: 'one-time-code', inputmode: 'numeric', pattern: '[0-9 ]{6,7}', maxlength: 7 })}
  ${submitButton(t('totp.submit'))}`,
)}`;
}

/**
 * The steps of logging in and out, the same for the form and the API: each checks, starts or
 * ends the session, and writes the audit entry.
 */
async function passwordStep(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  email: string,
  password: string,
): Promise<'refused' | 'pending_2fa' | 'active'> {
  const outcome = await checkPassword(context.db, email, password, context);
  if (outcome.kind === 'refused') {
    await appendAudit(context.db, {
      userId: outcome.user?.id ?? null,
      actor: outcome.user?.email ?? email.slice(0, 320).trim().toLowerCase(),
      organisationId: null,
      action: 'user.login_failed',
      details: { reason: outcome.reason },
      ip: request.ip,
    });
    return 'refused';
  }
  const stage = outcome.kind === 'totp' ? 'pending_2fa' : 'active';
  await startSession(request, reply, context, outcome.user, stage, 'password');
  if (stage === 'active') await auditLogin(request, context, outcome.user, false);
  return stage;
}

/** The TOTP code of a login waiting for it; true when it was right and the session is active. */
async function codeStep(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  code: string,
): Promise<boolean> {
  const pending = request.pending;
  if (!pending) throw new HttpError(401, 'login');
  const user = await checkSecondFactor(context.db, context.box, pending.userId, code, context);
  if (!user) {
    const who = await findUserById(context.db, pending.userId);
    await appendAudit(context.db, {
      userId: pending.userId,
      actor: who?.email ?? `user ${pending.userId}`,
      organisationId: null,
      action: 'user.totp_failed',
      ip: request.ip,
    });
    return false;
  }
  await startSession(request, reply, context, user, 'active', 'password');
  await auditLogin(request, context, user, true);
  return true;
}

function auditLogin(
  request: FastifyRequest,
  context: ServerContext,
  user: User,
  totp: boolean,
): Promise<void> {
  return appendAudit(context.db, {
    userId: user.id,
    actor: user.email,
    organisationId: null,
    action: 'user.login',
    details: { method: 'password', totp },
    ip: request.ip,
  });
}

async function logoutStep(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
): Promise<void> {
  const viewer = request.viewer;
  await endSession(request, reply, context);
  if (viewer) {
    await appendAudit(context.db, {
      userId: viewer.user.id,
      actor: viewer.user.email,
      organisationId: null,
      action: 'user.logout',
      ip: request.ip,
    });
  }
}
