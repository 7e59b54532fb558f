import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { hashPassword, passwordProblem } from '../../identity/password.ts';
import { html } from '../../report/html.ts';
import { appendAudit } from '../../store/audit.ts';
import {
  consumePasswordReset,
  createPasswordReset,
  isResetToken,
  peekPasswordReset,
} from '../../store/passwordResets.ts';
import { deleteUserSessions } from '../../store/sessions.ts';
import { findUserByEmail, findUserById, setPasswordHash } from '../../store/users.ts';
import { postForm, submitButton, textField } from '../../web/forms.ts';
import { type MessageKey, translator } from '../../web/i18n/index.ts';
import { alert } from '../../web/layout.ts';
import { seeOther, sendPage, translate } from '../../web/render.ts';
import { routes } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { errorSchema } from '../schemas.ts';

/**
 * Password reset by a one-time token sent by mail. Asking for a link answers the same whether the
 * address has an account or not (and the mail goes out after the answer, so the time taken does
 * not tell either); disabled accounts get no mail. The link is valid for an hour and works once;
 * setting the new password ends all the user's sessions and lifts a lock-out.
 *
 * Links point at the configured public address (`MEETLAT_PUBLIC_URL`), never at the Host header
 * of the request, which whoever asks for the link controls: without a public address, or without
 * SMTP, Meetlat sends no reset mail and says so.
 */

/** Asking for links: at most this many per minute per client address. */
const REQUEST_RATE = 5;
const COMPLETE_RATE = 10;

function canMail(context: ServerContext): boolean {
  return context.mailer !== null && context.publicUrl !== null;
}

/**
 * Starts a reset for `email` when it belongs to an enabled account: a token, and a mail with the
 * link in the user's language, sent in the background. Says nothing about whether it did.
 */
async function requestReset(
  context: ServerContext,
  log: FastifyBaseLogger,
  email: string,
  ip: string,
): Promise<void> {
  const mailer = context.mailer;
  if (!mailer || !context.publicUrl) return;
  const user = await findUserByEmail(context.db, email);
  if (!user || user.disabled) return;
  const token = await createPasswordReset(context.db, user.id);
  await appendAudit(context.db, {
    userId: user.id,
    actor: user.email,
    organisationId: null,
    action: 'user.password_reset_request',
    details: { sent: token !== null },
    ip,
  });
  if (!token) return;
  const t = translator(user.locale);
  const link = `${context.publicUrl}/wachtwoord-herstellen?token=${token}`;
  mailer
    .send({
      to: user.email,
      subject: t('reset.mailSubject'),
      text: t('reset.mailText', { name: user.name, link }),
    })
    .catch((error: Error) => log.warn({ err: error, userId: user.id }, 'password reset mail not sent'));
}

type ResetOutcome =
  | { kind: 'done'; userId: number }
  | { kind: 'invalid' }
  | { kind: 'refused'; key: MessageKey };

/** Sets the new password with a token: once, for a token that is unused and unexpired. */
async function completeReset(
  context: ServerContext,
  token: string,
  password: string,
  ip: string,
): Promise<ResetOutcome> {
  if (!isResetToken(token)) return { kind: 'invalid' };
  const userId = await peekPasswordReset(context.db, token);
  const user = userId === null ? null : await findUserById(context.db, userId);
  if (!user || user.disabled) return { kind: 'invalid' };
  const problem = passwordProblem(password, user.email);
  if (problem) return { kind: 'refused', key: `password.${problem}` };
  const hash = await hashPassword(password);
  const done = await context.db.transaction(async (tx) => {
    // The token is used up here, atomically: of two requests with it, one gets the user.
    if ((await consumePasswordReset(tx, token)) !== user.id) return false;
    await setPasswordHash(tx, user.id, hash);
    const ended = await deleteUserSessions(tx, user.id);
    await appendAudit(tx, {
      userId: user.id,
      actor: user.email,
      organisationId: null,
      action: 'user.password_reset',
      details: { sessionsEnded: ended },
      ip,
    });
    return true;
  });
  return done ? { kind: 'done', userId: user.id } : { kind: 'invalid' };
}

function requestPage(request: FastifyRequest, reply: FastifyReply, context: ServerContext, sent: boolean) {
  const t = translate(request);
  const back = html`<p class="utrecht-paragraph"><a class="utrecht-link" href="/inloggen">${t('reset.backToLogin')}</a></p>`;
  return sendPage(request, reply, context, {
    title: t('reset.title'),
    main: (csrf, tr) => {
      if (!canMail(context)) return html`${alert('info', tr('reset.noMail'))}${back}`;
      if (sent) return html`${alert('ok', tr('reset.sent'))}${back}`;
      return html`<p class="utrecht-paragraph">${tr('reset.intro')}</p>
${postForm(
  '/wachtwoord-vergeten',
  csrf,
  html`${textField({ name: 'email', label: tr('login.email'), type: 'email', required: true, autocomplete: 'username' })}
  ${submitButton(tr('reset.submit'))}`,
)}${back}`;
    },
  });
}

function newPasswordPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  token: string,
  error: MessageKey | null,
) {
  const t = translate(request);
  return sendPage(request, reply, context, {
    title: t('reset.newTitle'),
    status: error ? 400 : 200,
    main: (csrf, tr) =>
      postForm(
        '/wachtwoord-herstellen',
        csrf,
        html`<input type="hidden" name="token" value="${token}">
  ${textField({ name: 'password', label: tr('reset.newPassword'), type: 'password', required: true, autocomplete: 'new-password', hint: tr('reset.newHint'), error: error ? tr(error) : null })}
  ${submitButton(tr('reset.newSubmit'))}`,
      ),
  });
}

function invalidPage(request: FastifyRequest, reply: FastifyReply, context: ServerContext) {
  const t = translate(request);
  return sendPage(request, reply, context, {
    title: t('reset.newTitle'),
    status: 400,
    main: (_csrf, tr) =>
      html`${alert('error', tr('reset.invalid'))}<p class="utrecht-paragraph"><a class="utrecht-link" href="/wachtwoord-vergeten">${tr('reset.again')}</a></p>`,
  });
}

const emailBody = {
  type: 'object',
  properties: { email: { type: 'string', maxLength: 320 } },
  required: ['email'],
} as const;

const completeBody = {
  type: 'object',
  properties: {
    token: { type: 'string', maxLength: 100 },
    password: { type: 'string', maxLength: 1024 },
  },
  required: ['token', 'password'],
} as const;

const formCsrf = { _csrf: { type: 'string', maxLength: 200 } } as const;

export const resetRoutes = routes([
  {
    method: 'GET',
    url: '/wachtwoord-vergeten',
    kind: 'page',
    access: { kind: 'public' },
    async handler(request, reply, context) {
      return requestPage(request, reply, context, false);
    },
  },
  {
    method: 'POST',
    url: '/wachtwoord-vergeten',
    kind: 'form',
    access: { kind: 'public' },
    rateLimitPerMinute: REQUEST_RATE,
    schema: { body: { ...emailBody, properties: { ...emailBody.properties, ...formCsrf } } },
    async handler(request, reply, context) {
      await requestReset(context, request.log, (request.body as { email: string }).email, request.ip);
      return requestPage(request, reply, context, true);
    },
  },
  {
    method: 'GET',
    url: '/wachtwoord-herstellen',
    kind: 'page',
    access: { kind: 'public' },
    async handler(request, reply, context) {
      const token = (request.query as { token?: unknown }).token;
      if (!isResetToken(token) || (await peekPasswordReset(context.db, token)) === null)
        return invalidPage(request, reply, context);
      return newPasswordPage(request, reply, context, token, null);
    },
  },
  {
    method: 'POST',
    url: '/wachtwoord-herstellen',
    kind: 'form',
    access: { kind: 'public' },
    rateLimitPerMinute: COMPLETE_RATE,
    schema: { body: { ...completeBody, properties: { ...completeBody.properties, ...formCsrf } } },
    async handler(request, reply, context) {
      const body = request.body as { token: string; password: string };
      const outcome = await completeReset(context, body.token, body.password, request.ip);
      if (outcome.kind === 'invalid') return invalidPage(request, reply, context);
      if (outcome.kind === 'refused')
        return newPasswordPage(request, reply, context, body.token, outcome.key);
      return seeOther(reply, '/inloggen?hersteld=1');
    },
  },
  // The same, as JSON.
  {
    method: 'POST',
    url: '/api/password-reset',
    kind: 'api',
    access: { kind: 'public' },
    rateLimitPerMinute: REQUEST_RATE,
    schema: {
      summary:
        'Ask for a password reset link by mail; answers 202 whether the address has an account or not (503 when this installation sends no mail)',
      tags: ['session'],
      body: emailBody,
      response: { 202: { type: 'null' }, 503: errorSchema },
    },
    async handler(request, reply, context) {
      if (!canMail(context)) {
        return reply.code(503).send({ error: 'no_mail', message: 'this installation sends no mail' });
      }
      await requestReset(context, request.log, (request.body as { email: string }).email, request.ip);
      return reply.code(202).send();
    },
  },
  {
    method: 'POST',
    url: '/api/password-reset/complete',
    kind: 'api',
    access: { kind: 'public' },
    rateLimitPerMinute: COMPLETE_RATE,
    schema: {
      summary:
        'Set a new password with the token from the reset mail (works once, for an hour); ends all sessions of the user',
      tags: ['session'],
      body: completeBody,
      response: { 204: { type: 'null' }, 400: errorSchema },
    },
    async handler(request, reply, context) {
      const body = request.body as { token: string; password: string };
      const outcome = await completeReset(context, body.token, body.password, request.ip);
      if (outcome.kind === 'invalid')
        throw new HttpError(400, 'invalid', 'the token has expired or was used');
      if (outcome.kind === 'refused') throw new HttpError(400, 'invalid', translator('en')(outcome.key));
      return reply.code(204).send();
    },
  },
]);
