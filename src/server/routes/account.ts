import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashPassword, passwordProblem, verifyPassword } from '../../identity/password.ts';
import { checkTotp, newTotpSecret, totpEnrolment } from '../../identity/totp.ts';
import { html, type SafeHtml } from '../../report/html.ts';
import { appendAudit } from '../../store/audit.ts';
import { cancelPasswordResets } from '../../store/passwordResets.ts';
import { deleteOtherSessions } from '../../store/sessions.ts';
import {
  acceptTotpStep,
  findUserById,
  setPasswordHash,
  setTotpSecret,
  type UserCredentials,
  updateProfile,
} from '../../store/users.ts';
import { postForm, selectField, submitButton, textField } from '../../web/forms.ts';
import { isLocale, type Locale, type MessageKey, type Translate, translator } from '../../web/i18n/index.ts';
import { LOCALE_COOKIE, seeOther, sendPage, translate } from '../../web/render.ts';
import { routes, type Viewer } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { errorSchema } from '../schemas.ts';

/**
 * The user's own account: name, initials and language; changing the password (which ends the
 * user's other sessions); and TOTP two-factor authentication: start (a new secret, sealed, not
 * yet in force), confirm with a code from the app (then it is), and turn off (with the password).
 * Each change is a page form and an API route sharing one function, and each is audited.
 */

/** The issuer name authenticator apps show beside the account. */
const TOTP_ISSUER = 'Meetlat';

type Field = 'name' | 'initials' | 'locale' | 'currentPassword' | 'newPassword' | 'code' | 'totpPassword';

/** A change refused because of what the user typed: shown at the field, or as a 400 in the API. */
class FieldError extends Error {
  constructor(
    readonly field: Field,
    readonly key: MessageKey,
    readonly status = 400,
  ) {
    super(`${field}: ${translator('en')(key)}`);
  }
}

interface Actor {
  viewer: Viewer;
  ip: string;
}

function actorOf(request: FastifyRequest): Actor {
  if (!request.viewer) throw new HttpError(401, 'login');
  return { viewer: request.viewer, ip: request.ip };
}

async function credentials(context: ServerContext, actor: Actor): Promise<UserCredentials> {
  const user = await findUserById(context.db, actor.viewer.user.id);
  if (!user) throw new HttpError(401, 'login');
  return user;
}

function auditEntry(actor: Actor, action: string, details?: Record<string, unknown>) {
  return {
    userId: actor.viewer.user.id,
    actor: actor.viewer.user.email,
    organisationId: null,
    action,
    details,
    ip: actor.ip,
  };
}

// --- The changes, shared by the forms and the API ---------------------------------------------

interface Profile {
  name: string;
  initials: string | null;
  locale: Locale;
}

function checkProfile(input: { name: string; initials?: string | null; locale: string }): Profile {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 200) throw new FieldError('name', 'account.nameInvalid');
  const initials = (input.initials ?? '').trim();
  if (initials !== '' && !/^[A-Za-z]{1,5}$/.test(initials))
    throw new FieldError('initials', 'account.initialsInvalid');
  if (!isLocale(input.locale)) throw new FieldError('locale', 'account.languageInvalid');
  return { name, initials: initials === '' ? null : initials.toUpperCase(), locale: input.locale };
}

async function saveProfile(
  context: ServerContext,
  actor: Actor,
  input: { name: string; initials?: string | null; locale: string },
): Promise<Profile> {
  const profile = checkProfile(input);
  const before = actor.viewer.user;
  await context.db.transaction(async (tx) => {
    await updateProfile(tx, before.id, profile);
    await appendAudit(
      tx,
      auditEntry(actor, 'user.profile', {
        changed: (['name', 'initials', 'locale'] as const).filter((k) => before[k] !== profile[k]),
      }),
    );
  });
  return profile;
}

async function changePassword(
  context: ServerContext,
  actor: Actor,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const user = await credentials(context, actor);
  if (!user.passwordHash) throw new FieldError('currentPassword', 'account.oidcOnly', 409);
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    await appendAudit(context.db, auditEntry(actor, 'user.password_change_failed'));
    throw new FieldError('currentPassword', 'account.wrongPassword');
  }
  const problem = passwordProblem(newPassword, user.email);
  if (problem) throw new FieldError('newPassword', `password.${problem}`);
  const hash = await hashPassword(newPassword);
  await context.db.transaction(async (tx) => {
    await setPasswordHash(tx, user.id, hash);
    const ended = await deleteOtherSessions(tx, user.id, actor.viewer.sessionHash);
    await cancelPasswordResets(tx, user.id);
    await appendAudit(tx, auditEntry(actor, 'user.password_change', { sessionsEnded: ended }));
  });
}

/** Starts TOTP enrolment: a new secret, stored sealed but not yet in force. */
async function startTotp(context: ServerContext, actor: Actor): Promise<{ secret: string; uri: string }> {
  const user = await credentials(context, actor);
  if (!user.passwordHash) throw new FieldError('code', 'account.oidcOnly', 409);
  if (user.totpEnabled) throw new FieldError('code', 'account.totpAlreadyOn', 409);
  const secret = newTotpSecret();
  await context.db.transaction(async (tx) => {
    await setTotpSecret(tx, user.id, {
      secret: context.box.sealForUser(secret, user.id),
      keyId: context.box.keyId,
    });
    await appendAudit(tx, auditEntry(actor, 'user.totp_start'));
  });
  const { uri } = await totpEnrolment(secret, user.email, TOTP_ISSUER);
  return { secret, uri };
}

/** Confirms enrolment with a code from the app; from then on, logging in asks for a code. */
async function confirmTotp(context: ServerContext, actor: Actor, code: string): Promise<void> {
  const user = await credentials(context, actor);
  if (user.totpEnabled) throw new FieldError('code', 'account.totpAlreadyOn', 409);
  if (!user.totpSecret) throw new FieldError('code', 'account.totpNotStarted', 409);
  const secret = context.box.openForUser(user.totpSecret, user.totpSecretKey, user.id);
  const step = await checkTotp(secret, code, user.totpLastStep);
  const accepted =
    step !== null &&
    (await context.db.transaction(async (tx) => {
      if (!(await acceptTotpStep(tx, user.id, step))) return false;
      await appendAudit(tx, auditEntry(actor, 'user.totp_enable'));
      return true;
    }));
  if (!accepted) {
    await appendAudit(context.db, auditEntry(actor, 'user.totp_enable_failed'));
    throw new FieldError('code', 'account.totpCodeInvalid');
  }
}

async function disableTotp(context: ServerContext, actor: Actor, currentPassword: string): Promise<void> {
  const user = await credentials(context, actor);
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
    await appendAudit(context.db, auditEntry(actor, 'user.totp_disable_failed'));
    throw new FieldError('totpPassword', 'account.wrongPassword');
  }
  await context.db.transaction(async (tx) => {
    await setTotpSecret(tx, user.id, null);
    await appendAudit(tx, auditEntry(actor, 'user.totp_disable'));
  });
}

/** Runs an API change; a refused one answers 400 (or 409) with what is wrong, in English. */
async function api<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof FieldError)
      throw new HttpError(error.status, error.status === 409 ? 'conflict' : 'invalid', error.message);
    throw error;
  }
}

// --- The page -----------------------------------------------------------------------------

const DONE: Record<string, MessageKey> = {
  gegevens: 'account.profileSaved',
  wachtwoord: 'account.passwordChanged',
  '2fa-aan': 'account.totpEnabled',
  '2fa-uit': 'account.totpDisabled',
};

interface PageState {
  errors?: Partial<Record<Field, MessageKey>>;
  profile?: { name: string; initials: string; locale: string };
  notice?: { kind: 'ok' | 'error'; key: MessageKey } | null;
  status?: number;
}

/** The QR code as an image (its SVG base64-encoded in a data: URL, never inserted as markup). */
function qrImage(svg: string, alt: string): SafeHtml {
  const src = `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
  return html`<img class="meetlat-qr" src="${src}" alt="${alt}" width="200" height="200">`;
}

/** The secret in groups of four, easier to type over. */
function groupedKey(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The TOTP enrolment under way: the secret (opened) and its QR code. */
interface Enrolment {
  secret: string;
  qrSvg: string;
}

async function enrolmentOf(context: ServerContext, user: UserCredentials): Promise<Enrolment | null> {
  if (user.totpEnabled || !user.totpSecret) return null;
  const secret = context.box.openForUser(user.totpSecret, user.totpSecretKey, user.id);
  const { qrSvg } = await totpEnrolment(secret, user.email, TOTP_ISSUER);
  return { secret, qrSvg };
}

function totpSection(
  user: UserCredentials,
  enrolment: Enrolment | null,
  csrf: string,
  t: Translate,
  error: (field: Field) => string | null,
): SafeHtml {
  const heading = html`<h2 class="utrecht-heading-2" id="tweestaps">${t('account.totp')}</h2>`;
  if (user.totpEnabled) {
    return html`${heading}<p class="utrecht-paragraph">${t('account.totpOn')}</p>
<p class="utrecht-paragraph">${t('account.totpDisableIntro')}</p>
${postForm(
  '/account/2fa/uit',
  csrf,
  html`${textField({ name: 'currentPassword', idPrefix: 'uit', label: t('account.currentPassword'), type: 'password', required: true, autocomplete: 'current-password', error: error('totpPassword') })}
  ${submitButton(t('account.totpDisable'), 'danger')}`,
  t('account.totpDisable'),
)}`;
  }
  const start = postForm('/account/2fa/start', csrf, submitButton(t('account.totpStart'), 'secondary'));
  if (!enrolment) {
    return html`${heading}<p class="utrecht-paragraph">${t('account.totpOff')}</p>${start}`;
  }
  return html`${heading}<p class="utrecht-paragraph">${t('account.totpOff')}</p>
<p class="utrecht-paragraph">${t('account.totpScan')}</p>
<p class="utrecht-paragraph">${qrImage(enrolment.qrSvg, t('account.totpQrAlt'))}</p>
<p class="utrecht-paragraph">${t('account.totpKey')}: <code class="meetlat-totp-key">${groupedKey(enrolment.secret)}</code></p>
${postForm(
  '/account/2fa/bevestigen',
  csrf,
  html`${textField({ name: 'code', idPrefix: 'tweestaps', label: t('totp.code'), required: true, autocomplete: 'one-time-code', inputmode: 'numeric', pattern: '[0-9 ]{6,7}', maxlength: 7, error: error('code') })}
  ${submitButton(t('account.totpConfirm'))}`,
  t('account.totpConfirm'),
)}
${start}`;
}

async function accountPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  state: PageState = {},
): Promise<FastifyReply> {
  const actor = actorOf(request);
  const user = await credentials(context, actor);
  const t = translate(request);
  const errors = state.errors ?? {};
  const profile = state.profile ?? {
    name: user.name,
    initials: user.initials ?? '',
    locale: user.locale,
  };
  const error = (field: Field) => {
    const key = errors[field];
    return key ? t(key) : null;
  };
  const enrolment = user.passwordHash ? await enrolmentOf(context, user) : null;
  return sendPage(request, reply, context, {
    title: t('account.title'),
    active: 'account',
    status: state.status,
    notice: state.notice ? { kind: state.notice.kind, text: t(state.notice.key) } : null,
    main: (csrf, tr) => html`<h2 class="utrecht-heading-2" id="gegevens">${tr('account.profile')}</h2>
<p class="utrecht-paragraph">${tr('account.email')}: ${user.email}</p>
${postForm(
  '/account/profiel',
  csrf,
  html`${textField({ name: 'name', label: tr('account.name'), value: profile.name, required: true, autocomplete: 'name', maxlength: 200, error: error('name') })}
  ${textField({ name: 'initials', label: tr('account.initials'), value: profile.initials, hint: tr('account.initialsHint'), pattern: '[A-Za-z]{1,5}', maxlength: 5, error: error('initials') })}
  ${selectField({
    name: 'locale',
    label: tr('account.language'),
    value: profile.locale,
    options: [
      { value: 'nl', label: tr('account.languageNl') },
      { value: 'en', label: tr('account.languageEn') },
    ],
  })}
  ${submitButton(tr('form.save'))}`,
  tr('account.profile'),
)}
<h2 class="utrecht-heading-2" id="wachtwoord">${tr('account.password')}</h2>
${
  user.passwordHash
    ? postForm(
        '/account/wachtwoord',
        csrf,
        html`${textField({ name: 'currentPassword', label: tr('account.currentPassword'), type: 'password', required: true, autocomplete: 'current-password', error: error('currentPassword') })}
  ${textField({ name: 'newPassword', label: tr('reset.newPassword'), type: 'password', required: true, autocomplete: 'new-password', hint: tr('reset.newHint'), error: error('newPassword') })}
  ${submitButton(tr('account.passwordSubmit'))}`,
        tr('account.password'),
      )
    : html`<p class="utrecht-paragraph">${tr('account.oidcOnly')}</p>`
}
${user.passwordHash ? totpSection(user, enrolment, csrf, tr, error) : ''}`,
  });
}

/** Answers a refused form with the page, the error at its field. */
function refusedPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  error: unknown,
  profile?: PageState['profile'],
) {
  if (!(error instanceof FieldError)) throw error;
  return accountPage(request, reply, context, {
    errors: { [error.field]: error.key },
    profile,
    notice: { kind: 'error', key: error.key },
    status: error.status,
  });
}

// --- Routes -------------------------------------------------------------------------------

const csrfField = { _csrf: { type: 'string', maxLength: 200 } } as const;

const profileBody = {
  type: 'object',
  properties: {
    name: { type: 'string', maxLength: 400 },
    initials: { type: ['string', 'null'], maxLength: 20 },
    locale: { type: 'string', maxLength: 5 },
  },
  required: ['name', 'locale'],
} as const;

const profileSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    initials: { type: ['string', 'null'] },
    locale: { enum: ['nl', 'en'] },
  },
  required: ['name', 'initials', 'locale'],
} as const;

const passwordBody = {
  type: 'object',
  properties: {
    currentPassword: { type: 'string', maxLength: 1024 },
    newPassword: { type: 'string', maxLength: 1024 },
  },
  required: ['currentPassword', 'newPassword'],
} as const;

const codeBody = {
  type: 'object',
  properties: { code: { type: 'string', maxLength: 20 } },
  required: ['code'],
} as const;

const currentPasswordBody = {
  type: 'object',
  properties: { currentPassword: { type: 'string', maxLength: 1024 } },
  required: ['currentPassword'],
} as const;

function withCsrf<S extends { properties: object }>(schema: S) {
  return { ...schema, properties: { ...schema.properties, ...csrfField } };
}

const noContent = { 204: { type: 'null' }, 400: errorSchema, 409: errorSchema };

/** Password checks are slow and guessable: at most this many tries per minute per address. */
const PASSWORD_RATE = 10;

function setLocaleCookie(reply: FastifyReply, context: ServerContext, locale: Locale) {
  reply.setCookie(LOCALE_COOKIE, locale, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: context.secure,
    maxAge: 365 * 24 * 3600,
  });
}

export const accountRoutes = routes([
  {
    method: 'GET',
    url: '/account',
    kind: 'page',
    access: { kind: 'user' },
    async handler(request, reply, context) {
      const done = DONE[(request.query as { klaar?: string }).klaar ?? ''];
      return accountPage(request, reply, context, { notice: done ? { kind: 'ok', key: done } : null });
    },
  },
  {
    method: 'POST',
    url: '/account/profiel',
    kind: 'form',
    access: { kind: 'user' },
    schema: { body: withCsrf(profileBody) },
    async handler(request, reply, context) {
      const body = request.body as { name: string; initials?: string | null; locale: string };
      try {
        const profile = await saveProfile(context, actorOf(request), body);
        setLocaleCookie(reply, context, profile.locale);
        return seeOther(reply, '/account?klaar=gegevens');
      } catch (error) {
        return refusedPage(request, reply, context, error, {
          name: body.name,
          initials: body.initials ?? '',
          locale: body.locale,
        });
      }
    },
  },
  {
    method: 'POST',
    url: '/account/wachtwoord',
    kind: 'form',
    access: { kind: 'user' },
    rateLimitPerMinute: PASSWORD_RATE,
    schema: { body: withCsrf(passwordBody) },
    async handler(request, reply, context) {
      const body = request.body as { currentPassword: string; newPassword: string };
      try {
        await changePassword(context, actorOf(request), body.currentPassword, body.newPassword);
        return seeOther(reply, '/account?klaar=wachtwoord');
      } catch (error) {
        return refusedPage(request, reply, context, error);
      }
    },
  },
  {
    method: 'POST',
    url: '/account/2fa/start',
    kind: 'form',
    access: { kind: 'user' },
    schema: { body: { type: 'object', properties: csrfField } },
    async handler(request, reply, context) {
      try {
        await startTotp(context, actorOf(request));
        return seeOther(reply, '/account#tweestaps');
      } catch (error) {
        return refusedPage(request, reply, context, error);
      }
    },
  },
  {
    method: 'POST',
    url: '/account/2fa/bevestigen',
    kind: 'form',
    access: { kind: 'user' },
    rateLimitPerMinute: PASSWORD_RATE,
    schema: { body: withCsrf(codeBody) },
    async handler(request, reply, context) {
      try {
        await confirmTotp(context, actorOf(request), (request.body as { code: string }).code);
        return seeOther(reply, '/account?klaar=2fa-aan');
      } catch (error) {
        return refusedPage(request, reply, context, error);
      }
    },
  },
  {
    method: 'POST',
    url: '/account/2fa/uit',
    kind: 'form',
    access: { kind: 'user' },
    rateLimitPerMinute: PASSWORD_RATE,
    schema: { body: withCsrf(currentPasswordBody) },
    async handler(request, reply, context) {
      try {
        await disableTotp(
          context,
          actorOf(request),
          (request.body as { currentPassword: string }).currentPassword,
        );
        return seeOther(reply, '/account?klaar=2fa-uit');
      } catch (error) {
        return refusedPage(request, reply, context, error);
      }
    },
  },
  // The same, as JSON.
  {
    method: 'PUT',
    url: '/api/me/profile',
    kind: 'api',
    access: { kind: 'user' },
    schema: {
      summary: 'Change your name, initials (1–5 letters, or null) and language',
      tags: ['account'],
      body: profileBody,
      response: { 200: profileSchema, 400: errorSchema },
    },
    async handler(request, reply, context) {
      const profile = await api(() =>
        saveProfile(context, actorOf(request), request.body as { name: string; locale: string }),
      );
      setLocaleCookie(reply, context, profile.locale);
      return profile;
    },
  },
  {
    method: 'PUT',
    url: '/api/me/password',
    kind: 'api',
    access: { kind: 'user' },
    rateLimitPerMinute: PASSWORD_RATE,
    schema: {
      summary: 'Change your password (ends your other sessions)',
      tags: ['account'],
      body: passwordBody,
      response: noContent,
    },
    async handler(request, reply, context) {
      const body = request.body as { currentPassword: string; newPassword: string };
      await api(() => changePassword(context, actorOf(request), body.currentPassword, body.newPassword));
      return reply.code(204).send();
    },
  },
  {
    method: 'POST',
    url: '/api/me/totp',
    kind: 'api',
    access: { kind: 'user' },
    schema: {
      summary:
        'Start two-factor authentication: a new TOTP secret for your authenticator app, in force once confirmed',
      tags: ['account'],
      response: {
        200: {
          type: 'object',
          properties: {
            secret: { type: 'string', description: 'base32' },
            otpauthUri: { type: 'string' },
          },
          required: ['secret', 'otpauthUri'],
        },
        409: errorSchema,
      },
    },
    async handler(request, _reply, context) {
      const { secret, uri } = await api(() => startTotp(context, actorOf(request)));
      return { secret, otpauthUri: uri };
    },
  },
  {
    method: 'POST',
    url: '/api/me/totp/confirm',
    kind: 'api',
    access: { kind: 'user' },
    rateLimitPerMinute: PASSWORD_RATE,
    schema: {
      summary: 'Confirm two-factor authentication with a code from the app; it is in force from then on',
      tags: ['account'],
      body: codeBody,
      response: noContent,
    },
    async handler(request, reply, context) {
      await api(() => confirmTotp(context, actorOf(request), (request.body as { code: string }).code));
      return reply.code(204).send();
    },
  },
  {
    method: 'POST',
    url: '/api/me/totp/disable',
    kind: 'api',
    access: { kind: 'user' },
    rateLimitPerMinute: PASSWORD_RATE,
    schema: {
      summary: 'Turn two-factor authentication off (needs your password)',
      tags: ['account'],
      body: currentPasswordBody,
      response: noContent,
    },
    async handler(request, reply, context) {
      await api(() =>
        disableTotp(context, actorOf(request), (request.body as { currentPassword: string }).currentPassword),
      );
      return reply.code(204).send();
    },
  },
]);
