import type { FastifyReply, FastifyRequest } from 'fastify';
import { addMember, MemberConflict, NotAMember, PeopleError, setMemberRole } from '../../identity/people.ts';
import { isRole, ROLES, type Role } from '../../identity/roles.ts';
import { html, type SafeHtml } from '../../report/html.ts';
import { DuplicateUserError, listUsers, type Membership, type User } from '../../store/users.ts';
import { postForm, selectField, submitButton, textField } from '../../web/forms.ts';
import { type Locale, type MessageKey, type Translate, translator } from '../../web/i18n/index.ts';
import { alert } from '../../web/layout.ts';
import { localeOf, seeOther, sendPage, translate } from '../../web/render.ts';
import { scrollingTable } from '../../web/tables.ts';
import { type OrgScope, routes } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { errorSchema } from '../schemas.ts';
import { actorOf, inlineForm, orgOf, orgParams, timeHtml } from './audit.ts';

/**
 * The organisation's members: who they are, their role, whether they use two-factor
 * authentication, when they last logged in. A beheerder adds members (an existing user by
 * e-mail gets the membership; anyone else becomes a user without a password, who sets one via
 * "forgot password" or logs in through OIDC), changes roles and ends memberships; the last
 * beheerder of an organisation can be neither demoted nor removed.
 */

interface MemberView {
  userId: number;
  email: string;
  name: string;
  initials: string | null;
  role: Role;
  totpEnabled: boolean;
  lastLoginAt: Date | null;
  disabled: boolean;
}

async function members(context: ServerContext, organisationId: number): Promise<MemberView[]> {
  const users = await listUsers(context.db, organisationId);
  return users.flatMap((u: User & { memberships: Membership[] }) => {
    const membership = u.memberships.find((m) => m.organisationId === organisationId);
    if (!membership) return [];
    return [
      {
        userId: u.id,
        email: u.email,
        name: u.name,
        initials: u.initials,
        role: membership.role,
        totpEnabled: u.totpEnabled,
        lastLoginAt: u.lastLoginAt,
        disabled: u.disabled,
      },
    ];
  });
}

function memberJson(m: MemberView) {
  return {
    userId: m.userId,
    email: m.email,
    name: m.name,
    initials: m.initials,
    role: m.role,
    totpEnabled: m.totpEnabled,
    lastLoginAt: m.lastLoginAt?.toISOString() ?? null,
    disabled: m.disabled,
  };
}

// ---------------------------------------------------------------------------------------------
// State changes, shared by the forms and the API.

interface AddInput {
  email: string;
  name: string;
  initials: string | null;
  role: string;
}

type AddField = 'email' | 'name' | 'initials' | 'role';
type AddProblem = { field: AddField; key: MessageKey };

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function checkAdd(input: AddInput): AddProblem[] {
  const problems: AddProblem[] = [];
  if (!EMAIL.test(input.email) || input.email.length > 320)
    problems.push({ field: 'email', key: 'members.error.email' });
  if (input.name.length < 1 || input.name.length > 200)
    problems.push({ field: 'name', key: 'members.error.name' });
  if (input.initials !== null && !/^[A-Za-z]{1,5}$/.test(input.initials))
    problems.push({ field: 'initials', key: 'members.error.initials' });
  if (!isRole(input.role)) problems.push({ field: 'role', key: 'members.error.role' });
  return problems;
}

type AddOutcome =
  | { ok: true; userId: number; created: boolean }
  | { ok: false; status: number; problems: AddProblem[] };

async function add(request: FastifyRequest, context: ServerContext, raw: AddInput): Promise<AddOutcome> {
  const org = orgOf(request);
  const input: AddInput = {
    email: raw.email.trim().toLowerCase(),
    name: raw.name.trim(),
    initials: raw.initials?.trim() ? raw.initials.trim().toUpperCase() : null,
    role: raw.role,
  };
  const problems = checkAdd(input);
  if (problems.length > 0) return { ok: false, status: 400, problems };
  try {
    const added = await addMember(context.db, actorOf(request), {
      organisationId: org.id,
      email: input.email,
      name: input.name,
      initials: input.initials,
      role: input.role as Role,
    });
    return { ok: true, ...added };
  } catch (error) {
    if (error instanceof MemberConflict || error instanceof DuplicateUserError) {
      return { ok: false, status: 409, problems: [{ field: 'email', key: 'members.error.member' }] };
    }
    if (error instanceof PeopleError) {
      return { ok: false, status: 400, problems: [{ field: 'initials', key: 'members.error.initials' }] };
    }
    throw error;
  }
}

/** Sets a member's role (or ends the membership, role null); a refusal as an HttpError. */
async function change(
  request: FastifyRequest,
  context: ServerContext,
  userId: number,
  role: Role | null,
): Promise<void> {
  const org = orgOf(request);
  try {
    await setMemberRole(context.db, actorOf(request), org.id, userId, role);
  } catch (error) {
    if (error instanceof NotAMember) throw new HttpError(404, 'not_found');
    if (error instanceof MemberConflict) throw new HttpError(409, 'conflict', error.message);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Pages.

function basePath(org: OrgScope): string {
  return `/o/${encodeURIComponent(org.code)}/gebruikers`;
}

const ROLE_KEYS: Record<Role, MessageKey> = {
  beheerder: 'role.beheerder',
  webcare: 'role.webcare',
  redacteur: 'role.redacteur',
  analist: 'role.analist',
  archivaris: 'role.archivaris',
  lezer: 'role.lezer',
};

function roleOptions(t: Translate) {
  return ROLES.map((role) => ({ value: role, label: t(ROLE_KEYS[role]) }));
}

function memberRow(m: MemberView, t: Translate, locale: Locale, csrf: string, base: string): SafeHtml {
  const id = `lid-${m.userId}`;
  return html`<tr class="utrecht-table__row">
<th scope="row" class="utrecht-table__header-cell">${m.name}<br><span class="meetlat-muted">${m.email}</span></th>
<td class="utrecht-table__cell">${m.initials ?? '–'}</td>
<td class="utrecht-table__cell">${inlineForm(
    `${base}/${m.userId}/rol`,
    csrf,
    html`<label class="meetlat-visually-hidden" for="${id}-rol">${t('members.roleOf', { name: m.name })}</label>
<select class="utrecht-select utrecht-select--html-select" id="${id}-rol" name="rol">${roleOptions(t).map(
      (o) => html`<option value="${o.value}"${o.value === m.role ? html` selected` : ''}>${o.label}</option>`,
    )}</select>
<button type="submit" class="utrecht-button utrecht-button--secondary-action">${t('members.changeRole')}<span class="meetlat-visually-hidden"> ${m.name}</span></button>`,
  )}</td>
<td class="utrecht-table__cell">${m.totpEnabled ? t('members.totp.on') : t('members.totp.off')}</td>
<td class="utrecht-table__cell">${timeHtml(m.lastLoginAt, locale, t('members.neverLoggedIn'))}</td>
<td class="utrecht-table__cell">${m.disabled ? html`<strong class="meetlat-status--paused">${t('members.disabled')}</strong>` : t('members.active')}</td>
<td class="utrecht-table__cell">${inlineForm(
    `${base}/${m.userId}/verwijderen`,
    csrf,
    html`<button type="submit" class="utrecht-button utrecht-button--secondary-action">${t('members.remove')}<span class="meetlat-visually-hidden"> ${m.name}</span></button>`,
  )}</td>
</tr>`;
}

interface AddFormState {
  values: AddInput;
  problems: AddProblem[];
}

const EMPTY_ADD: AddFormState = {
  values: { email: '', name: '', initials: null, role: 'lezer' },
  problems: [],
};

function membersPage(
  list: MemberView[],
  t: Translate,
  locale: Locale,
  csrf: string,
  base: string,
  form: AddFormState,
  error: string | null,
  oidcLabel: string | null,
): SafeHtml {
  const fieldError = (field: AddField) => {
    const problem = form.problems.find((p) => p.field === field);
    return problem ? t(problem.key) : null;
  };
  return html`${error ? alert('error', error) : ''}
<p class="utrecht-paragraph">${t('members.intro')}</p>
${scrollingTable(
  t('members.caption', { count: list.length }),
  html`<thead class="utrecht-table__header"><tr class="utrecht-table__row">
<th scope="col" class="utrecht-table__header-cell">${t('members.col.name')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('members.col.initials')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('members.col.role')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('members.col.totp')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('members.col.lastLogin')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('members.col.status')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('members.col.actions')}</th>
</tr></thead>
<tbody class="utrecht-table__body">${list.map((m) => memberRow(m, t, locale, csrf, base))}</tbody>
`,
)}
<h2 class="utrecht-heading-2">${t('members.add.title')}</h2>
${form.problems.length > 0 ? alert('error', t('form.errorsTitle')) : ''}
<p class="utrecht-paragraph">${t('members.add.intro')}</p>
${postForm(
  base,
  csrf,
  html`${textField({ name: 'email', label: t('members.email'), type: 'email', value: form.values.email, required: true, autocomplete: 'off', error: fieldError('email'), maxlength: 320, idPrefix: 'nieuw' })}
  ${textField({ name: 'name', label: t('members.name'), value: form.values.name, required: true, autocomplete: 'off', hint: t('members.name.hint'), error: fieldError('name'), maxlength: 200, idPrefix: 'nieuw' })}
  ${textField({ name: 'initials', label: t('members.initials'), value: form.values.initials, hint: t('members.initials.hint'), error: fieldError('initials'), maxlength: 5, idPrefix: 'nieuw' })}
  ${selectField({ name: 'role', label: t('members.role'), options: roleOptions(t), value: form.values.role, idPrefix: 'nieuw' })}
  ${fieldError('role') ? html`<p class="utrecht-form-field-error-message">${fieldError('role')}</p>` : ''}
  <p class="utrecht-paragraph meetlat-muted">${t('members.add.passwordHint')}${oidcLabel ? ` ${t('members.add.oidcHint', { label: oidcLabel })}` : ''}</p>
  ${submitButton(t('members.add.submit'))}`,
)}`;
}

const NOTICES: Record<string, MessageKey> = {
  nieuw: 'members.notice.created',
  toegevoegd: 'members.notice.added',
  rol: 'members.notice.roleChanged',
  verwijderd: 'members.notice.removed',
};

async function showPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  options: { form?: AddFormState; error?: string | null; status?: number } = {},
) {
  const org = orgOf(request);
  const list = await members(context, org.id);
  const t = translate(request);
  const locale = localeOf(request);
  const notice = NOTICES[(request.query as { melding?: string } | undefined)?.melding ?? ''];
  return sendPage(request, reply, context, {
    title: t('members.title'),
    active: 'members',
    status: options.status,
    notice: notice && !options.error && !options.form ? { kind: 'ok', text: t(notice) } : null,
    main: (csrf, tr) =>
      membersPage(
        list,
        tr,
        locale,
        csrf,
        basePath(org),
        options.form ?? EMPTY_ADD,
        options.error ?? null,
        context.oidc?.label ?? null,
      ),
  });
}

/** A refused role change or removal on the page: the page again, with the reason. */
async function pageChange(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  role: Role | null,
  done: string,
) {
  const org = orgOf(request);
  const userId = (request.params as { userId: number }).userId;
  try {
    await change(request, context, userId, role);
  } catch (error) {
    if (error instanceof HttpError && error.status === 409) {
      const t = translate(request);
      return showPage(request, reply, context, { error: t('members.error.lastBeheerder'), status: 409 });
    }
    throw error;
  }
  return seeOther(reply, `${basePath(org)}?melding=${done}`);
}

// ---------------------------------------------------------------------------------------------
// Schemas.

const memberParams = {
  type: 'object',
  properties: { org: { type: 'string' }, userId: { type: 'integer', minimum: 1 } },
  required: ['org', 'userId'],
} as const;

const memberSchema = {
  type: 'object',
  properties: {
    userId: { type: 'integer' },
    email: { type: 'string' },
    name: { type: 'string' },
    initials: { type: ['string', 'null'] },
    role: { enum: [...ROLES] },
    totpEnabled: { type: 'boolean' },
    lastLoginAt: { type: ['string', 'null'], format: 'date-time' },
    disabled: { type: 'boolean' },
  },
  required: ['userId', 'email', 'name', 'initials', 'role', 'totpEnabled', 'lastLoginAt', 'disabled'],
} as const;

const formText = { type: 'string', maxLength: 400 } as const;

export const memberRoutes = routes([
  {
    method: 'GET',
    url: '/o/:org/gebruikers',
    kind: 'page',
    access: { kind: 'org', permission: 'members.manage' },
    async handler(request, reply, context) {
      return showPage(request, reply, context);
    },
  },
  {
    method: 'POST',
    url: '/o/:org/gebruikers',
    kind: 'form',
    access: { kind: 'org', permission: 'members.manage' },
    schema: {
      body: {
        type: 'object',
        properties: {
          email: formText,
          name: formText,
          initials: formText,
          role: formText,
          _csrf: { type: 'string' },
        },
      },
    },
    async handler(request, reply, context) {
      const org = orgOf(request);
      const body = request.body as Partial<Record<'email' | 'name' | 'initials' | 'role', string>>;
      const input: AddInput = {
        email: body.email ?? '',
        name: body.name ?? '',
        initials: body.initials ?? null,
        role: body.role ?? '',
      };
      const outcome = await add(request, context, input);
      if (!outcome.ok) {
        return showPage(request, reply, context, {
          form: { values: input, problems: outcome.problems },
          status: outcome.status,
        });
      }
      return seeOther(reply, `${basePath(org)}?melding=${outcome.created ? 'nieuw' : 'toegevoegd'}`);
    },
  },
  {
    method: 'POST',
    url: '/o/:org/gebruikers/:userId/rol',
    kind: 'form',
    access: { kind: 'org', permission: 'members.manage' },
    schema: {
      params: memberParams,
      body: {
        type: 'object',
        properties: { rol: { enum: [...ROLES] }, _csrf: { type: 'string' } },
        required: ['rol'],
      },
    },
    async handler(request, reply, context) {
      return pageChange(request, reply, context, (request.body as { rol: Role }).rol, 'rol');
    },
  },
  {
    method: 'POST',
    url: '/o/:org/gebruikers/:userId/verwijderen',
    kind: 'form',
    access: { kind: 'org', permission: 'members.manage' },
    schema: { params: memberParams },
    async handler(request, reply, context) {
      return pageChange(request, reply, context, null, 'verwijderd');
    },
  },
  // The API.
  {
    method: 'GET',
    url: '/api/orgs/:org/members',
    kind: 'api',
    access: { kind: 'org', permission: 'members.manage' },
    schema: {
      summary: "The organisation's members with their role, two-factor authentication and last login",
      tags: ['members'],
      params: orgParams,
      response: {
        200: {
          type: 'object',
          properties: { members: { type: 'array', items: memberSchema } },
          required: ['members'],
        },
      },
    },
    async handler(request, _reply, context) {
      return { members: (await members(context, orgOf(request).id)).map(memberJson) };
    },
  },
  {
    method: 'POST',
    url: '/api/orgs/:org/members',
    kind: 'api',
    access: { kind: 'org', permission: 'members.manage' },
    schema: {
      summary:
        'Adds a member: an existing user (by e-mail) gets the membership; anyone else becomes a user without a password, who sets one through "forgot password" or OIDC',
      tags: ['members'],
      params: orgParams,
      body: {
        type: 'object',
        properties: {
          email: { type: 'string', maxLength: 320 },
          name: { type: 'string', maxLength: 200 },
          initials: { type: ['string', 'null'], maxLength: 5 },
          role: { enum: [...ROLES] },
        },
        required: ['email', 'name', 'role'],
        additionalProperties: false,
      },
      response: {
        201: {
          type: 'object',
          properties: {
            member: memberSchema,
            created: { type: 'boolean', description: 'true: a new user, who has no password yet' },
          },
          required: ['member', 'created'],
        },
        400: errorSchema,
        409: errorSchema,
      },
    },
    async handler(request, reply, context) {
      const org = orgOf(request);
      const body = request.body as { email: string; name: string; initials?: string | null; role: Role };
      const outcome = await add(request, context, { ...body, initials: body.initials ?? null });
      if (!outcome.ok) {
        const en = translator('en');
        return reply.code(outcome.status).send({
          error: outcome.status === 409 ? 'conflict' : 'invalid',
          message: outcome.problems.map((p) => `${p.field}: ${en(p.key)}`).join('; '),
          fields: Object.fromEntries(outcome.problems.map((p) => [p.field, en(p.key)])),
        });
      }
      const member = (await members(context, org.id)).find((m) => m.userId === outcome.userId);
      if (!member) throw new HttpError(404, 'not_found');
      return reply.code(201).send({ member: memberJson(member), created: outcome.created });
    },
  },
  {
    method: 'PATCH',
    url: '/api/orgs/:org/members/:userId',
    kind: 'api',
    access: { kind: 'org', permission: 'members.manage' },
    schema: {
      summary: "Changes a member's role; the organisation's last beheerder cannot be demoted (409)",
      tags: ['members'],
      params: memberParams,
      body: {
        type: 'object',
        properties: { role: { enum: [...ROLES] } },
        required: ['role'],
        additionalProperties: false,
      },
      response: { 200: memberSchema, 409: errorSchema },
    },
    async handler(request, _reply, context) {
      const org = orgOf(request);
      const { userId } = request.params as { userId: number };
      await change(request, context, userId, (request.body as { role: Role }).role);
      const member = (await members(context, org.id)).find((m) => m.userId === userId);
      if (!member) throw new HttpError(404, 'not_found');
      return memberJson(member);
    },
  },
  {
    method: 'DELETE',
    url: '/api/orgs/:org/members/:userId',
    kind: 'api',
    access: { kind: 'org', permission: 'members.manage' },
    schema: {
      summary:
        "Ends a membership (the user keeps their account); the organisation's last beheerder cannot be removed (409)",
      tags: ['members'],
      params: memberParams,
      response: { 204: { type: 'null' }, 409: errorSchema },
    },
    async handler(request, reply, context) {
      await change(request, context, (request.params as { userId: number }).userId, null);
      return reply.code(204).send();
    },
  },
]);
