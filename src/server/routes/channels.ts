import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ConnectError,
  type ConnectRequest,
  connectablePlatforms,
  connectChannelAccount,
  type SettingField,
  settingFields,
} from '../../channels/connect.ts';
import { ERROR_KIND_DUTCH } from '../../channels/errors.ts';
import { ADAPTERS } from '../../channels/registry.ts';
import { allows } from '../../identity/roles.ts';
import { FAILURE_DUTCH, type Failure } from '../../ingest/sync.ts';
import { html, type SafeHtml } from '../../report/html.ts';
import { appendAudit } from '../../store/audit.ts';
import { organisationConnectionIds, requestSyncNow, setConnectionEnabled } from '../../store/connections.ts';
import type { Queryable } from '../../store/db.ts';
import { type ConnectionStatusRow, connectionStatuses } from '../../store/syncRuns.ts';
import { postForm, selectField, submitButton, textField } from '../../web/forms.ts';
import type { Locale, MessageKey, Translate } from '../../web/i18n/index.ts';
import { alert } from '../../web/layout.ts';
import { localeOf, seeOther, sendPage, translate } from '../../web/render.ts';
import { scrollingTable } from '../../web/tables.ts';
import { type OrgScope, routes } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { errorSchema } from '../schemas.ts';
import { actorOf, inlineForm, orgOf, orgParams, timeHtml } from './audit.ts';

/**
 * The organisation's channel accounts: how each one's sync stands (in plain Dutch words, from
 * the sync's own tables), pausing and resuming, "sync now", and connecting a new account through
 * a form per platform built from the adapter registry. Connecting asks the platform who the
 * credentials belong to; what goes wrong is said in words, never as a stack. Secrets are typed
 * into password fields and never shown again.
 */

type ChannelState = 'paused' | 'error' | 'ok' | 'new';

interface ChannelView {
  accountId: number;
  platform: string;
  platformLabel: string;
  handle: string;
  displayName: string | null;
  relation: string;
  enabled: boolean;
  state: ChannelState;
  syncIntervalMinutes: number;
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  lastErrorKind: string | null;
  /** The error's kind in plain Dutch: what it means and what to do. */
  lastErrorText: string | null;
  /** The platform's own words. */
  lastError: string | null;
  failures: number;
  nextSyncAt: Date;
  messagesRead: number;
  messagesStored: number;
}

function platformLabel(platform: string): string {
  return ADAPTERS.find((a) => a.platform === platform)?.label ?? platform;
}

function toView(row: ConnectionStatusRow): ChannelView {
  const failing =
    row.last_error_at !== null && (row.last_success_at === null || row.last_error_at > row.last_success_at);
  const state: ChannelState = !row.enabled
    ? 'paused'
    : failing
      ? 'error'
      : row.last_success_at
        ? 'ok'
        : 'new';
  return {
    accountId: Number(row.account_id),
    platform: row.platform,
    platformLabel: platformLabel(row.platform),
    handle: row.handle,
    displayName: row.display_name,
    relation: row.relation,
    enabled: row.enabled,
    state,
    syncIntervalMinutes: row.sync_interval_minutes,
    lastAttemptAt: row.last_attempt_at,
    lastSuccessAt: row.last_success_at,
    lastErrorAt: row.last_error_at,
    lastErrorKind: row.last_error_kind,
    lastErrorText: row.last_error_kind
      ? (FAILURE_DUTCH[row.last_error_kind as Failure['kind']] ?? row.last_error_kind)
      : null,
    lastError: row.last_error,
    failures: row.failures,
    nextSyncAt: row.next_sync_at,
    messagesRead: Number(row.messages_read),
    messagesStored: Number(row.messages_stored),
  };
}

async function organisationChannels(q: Queryable, organisationId: number): Promise<ChannelView[]> {
  const ids = await organisationConnectionIds(q, organisationId);
  if (ids.length === 0) return [];
  return (await connectionStatuses(q, ids)).map(toView);
}

async function oneChannel(q: Queryable, organisationId: number, accountId: number): Promise<ChannelView> {
  const ids = await organisationConnectionIds(q, organisationId);
  if (!ids.includes(accountId)) throw new HttpError(404, 'not_found');
  const [row] = await connectionStatuses(q, [accountId]);
  if (!row) throw new HttpError(404, 'not_found');
  return toView(row);
}

const STATE_KEYS: Record<ChannelState, MessageKey> = {
  paused: 'channels.state.paused',
  error: 'channels.state.error',
  ok: 'channels.state.ok',
  new: 'channels.state.new',
};

/** The style of each state (meetlat.css); the state is always said in words too. */
const STATE_CLASSES: Record<ChannelState, string> = {
  paused: 'meetlat-status--paused',
  error: 'meetlat-status--error',
  ok: 'meetlat-status--ok',
  new: 'meetlat-muted',
};

function channelJson(view: ChannelView, t: Translate) {
  return {
    accountId: view.accountId,
    platform: view.platform,
    platformLabel: view.platformLabel,
    handle: view.handle,
    displayName: view.displayName,
    relation: view.relation,
    enabled: view.enabled,
    state: view.state,
    stateText: t(STATE_KEYS[view.state]),
    syncIntervalMinutes: view.syncIntervalMinutes,
    lastAttemptAt: view.lastAttemptAt?.toISOString() ?? null,
    lastSuccessAt: view.lastSuccessAt?.toISOString() ?? null,
    lastErrorAt: view.lastErrorAt?.toISOString() ?? null,
    lastErrorKind: view.lastErrorKind,
    lastErrorText: view.lastErrorText,
    lastError: view.lastError,
    failures: view.failures,
    nextSyncAt: view.nextSyncAt.toISOString(),
    messagesRead: view.messagesRead,
    messagesStored: view.messagesStored,
  };
}

// ---------------------------------------------------------------------------------------------
// State changes, shared by the forms and the API.

async function changeEnabled(
  request: FastifyRequest,
  context: ServerContext,
  accountId: number,
  enabled: boolean,
): Promise<void> {
  const org = orgOf(request);
  const actor = actorOf(request);
  await context.db.transaction(async (tx) => {
    const changed = await setConnectionEnabled(tx, org.id, accountId, enabled);
    if (!changed) throw new HttpError(404, 'not_found');
    if (changed.before === enabled) return;
    await appendAudit(tx, {
      userId: actor.userId,
      actor: actor.name,
      organisationId: org.id,
      action: enabled ? 'channel.resume' : 'channel.pause',
      target: `${changed.platform}:${changed.handle}`,
      details: { accountId },
      ip: actor.ip,
    });
  });
}

async function syncNow(
  request: FastifyRequest,
  context: ServerContext,
  accountId: number,
): Promise<'queued' | 'paused' | 'running'> {
  const org = orgOf(request);
  const actor = actorOf(request);
  return context.db.transaction(async (tx) => {
    const outcome = await requestSyncNow(tx, org.id, accountId);
    if (!outcome) throw new HttpError(404, 'not_found');
    if (outcome.status === 'queued') {
      await appendAudit(tx, {
        userId: actor.userId,
        actor: actor.name,
        organisationId: org.id,
        action: 'channel.sync',
        target: `${outcome.platform}:${outcome.handle}`,
        details: { accountId },
        ip: actor.ip,
      });
    }
    return outcome.status;
  });
}

async function addChannel(
  request: FastifyRequest,
  context: ServerContext,
  input: Omit<ConnectRequest, 'organisationCode' | 'keepOtherOrganisations'>,
): Promise<number> {
  const org = orgOf(request);
  const actor = actorOf(request);
  const added = await connectChannelAccount(context.db, context.box, {
    ...input,
    organisationCode: org.code,
    keepOtherOrganisations: true,
  });
  await appendAudit(context.db, {
    userId: actor.userId,
    actor: actor.name,
    organisationId: org.id,
    action: 'channel.add',
    target: `${added.platform}:${added.handle}`,
    details: { accountId: added.accountId, relation: added.relation },
    ip: actor.ip,
  });
  return added.accountId;
}

/** A refused connection in the page's words, the field it is about, and the status to answer. */
function connectProblem(
  error: ConnectError,
  t: Translate,
  fields: readonly SettingField[],
): { status: number; message: string; field: string | null } {
  const problem = error.problem;
  switch (problem.kind) {
    case 'platform':
      return { status: 404, message: t('error.404'), field: null };
    case 'relation':
      return { status: 400, message: t('channels.add.error.relation'), field: 'relatie' };
    case 'settings': {
      const field = fields.find((f) => problem.detail.startsWith(f.name));
      return {
        status: 400,
        message: t('channels.add.error.settings', { detail: problem.detail }),
        field: field ? `instelling.${field.name}` : null,
      };
    }
    case 'secrets':
      return {
        status: 400,
        message: t('channels.add.error.secrets', { names: problem.unknown.join(', ') }),
        field: null,
      };
    case 'organisation':
      return { status: 404, message: t('error.404'), field: null };
    case 'taken':
      return { status: 409, message: t('channels.add.error.taken'), field: null };
    case 'channel':
      return {
        status: 422,
        message: t('channels.add.error.platform', {
          words: ERROR_KIND_DUTCH[problem.error.kind],
          detail: problem.error.message,
        }),
        field: null,
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Pages.

const NOTICES: Record<string, { kind: 'ok' | 'info' | 'warning'; key: MessageKey }> = {
  toegevoegd: { kind: 'ok', key: 'channels.notice.added' },
  gepauzeerd: { kind: 'ok', key: 'channels.notice.paused' },
  hervat: { kind: 'ok', key: 'channels.notice.resumed' },
  ingepland: { kind: 'ok', key: 'channels.notice.queued' },
  loopt: { kind: 'info', key: 'channels.notice.running' },
  uit: { kind: 'warning', key: 'channels.notice.syncPaused' },
};

function basePath(org: OrgScope): string {
  return `/o/${encodeURIComponent(org.code)}/kanalen`;
}

function canManage(request: FastifyRequest, org: OrgScope): boolean {
  return allows(org.role, request.viewer?.user.superbeheerder ?? false, 'channels.manage');
}

function channelRow(
  view: ChannelView,
  t: Translate,
  locale: Locale,
  csrf: string,
  base: string,
  manage: boolean,
): SafeHtml {
  const name = `${view.platformLabel} ${view.handle}`;
  const dutch = locale === 'nl' ? null : 'nl';
  return html`<tr class="utrecht-table__row">
<th scope="row" class="utrecht-table__header-cell">${view.platformLabel}<br><span class="meetlat-code">${view.handle}</span>${view.displayName ? html`<br><span class="meetlat-muted">${view.displayName}</span>` : ''}</th>
<td class="utrecht-table__cell"><strong class="${STATE_CLASSES[view.state]}">${t(STATE_KEYS[view.state])}</strong>${
    view.state === 'error' && view.lastErrorText
      ? html`<p class="utrecht-paragraph"${dutch ? html` lang="nl"` : ''}>${view.lastErrorText}</p>${view.lastError ? html`<p class="utrecht-paragraph meetlat-muted">${t('channels.platformSaid')} <span class="meetlat-code">${view.lastError}</span></p>` : ''}`
      : ''
  }</td>
<td class="utrecht-table__cell">${timeHtml(view.lastSuccessAt, locale, t('channels.never'))}</td>
<td class="utrecht-table__cell">${view.enabled ? timeHtml(view.nextSyncAt, locale) : t('channels.noNext')}</td>
<td class="utrecht-table__cell utrecht-table__cell--numeric-data">${view.failures}</td>
<td class="utrecht-table__cell utrecht-table__cell--numeric-data">${view.messagesStored}</td>
${
  manage
    ? html`<td class="utrecht-table__cell">${inlineForm(
        `${base}/${view.accountId}/${view.enabled ? 'pauzeren' : 'hervatten'}`,
        csrf,
        html`<button type="submit" class="utrecht-button utrecht-button--secondary-action">${view.enabled ? t('channels.pause') : t('channels.resume')}<span class="meetlat-visually-hidden"> ${name}</span></button>`,
      )}${
        view.enabled
          ? inlineForm(
              `${base}/${view.accountId}/synchroniseren`,
              csrf,
              html`<button type="submit" class="utrecht-button utrecht-button--secondary-action">${t('channels.syncNow')}<span class="meetlat-visually-hidden"> ${name}</span></button>`,
            )
          : ''
      }</td>`
    : ''
}
</tr>`;
}

function channelsPage(
  views: ChannelView[],
  t: Translate,
  locale: Locale,
  csrf: string,
  base: string,
  manage: boolean,
): SafeHtml {
  return html`<p class="utrecht-paragraph">${t('channels.intro')}</p>
${
  views.length === 0
    ? html`<p class="utrecht-paragraph">${t('channels.none')}</p>`
    : html`${scrollingTable(
        t('channels.caption'),
        html`<thead class="utrecht-table__header"><tr class="utrecht-table__row">
<th scope="col" class="utrecht-table__header-cell">${t('channels.col.account')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('channels.col.state')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('channels.col.lastSync')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('channels.col.nextSync')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('channels.col.failures')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('channels.col.stored')}</th>
${manage ? html`<th scope="col" class="utrecht-table__header-cell">${t('channels.col.actions')}</th>` : ''}
</tr></thead>
<tbody class="utrecht-table__body">${views.map((v) => channelRow(v, t, locale, csrf, base, manage))}</tbody>
`,
      )}`
}
${
  manage
    ? html`<h2 class="utrecht-heading-2">${t('channels.add.title')}</h2>
<p class="utrecht-paragraph">${t('channels.add.intro')}</p>
<ul class="utrecht-unordered-list">${ADAPTERS.map(
        (a) =>
          html`<li><a class="utrecht-link" href="${base}/toevoegen/${a.platform}">${t('channels.add.link', { platform: a.label })}</a></li>`,
      )}</ul>`
    : ''
}`;
}

interface AddFormState {
  relation: string;
  settings: Record<string, string>;
  interval: string;
  error: { message: string; field: string | null } | null;
}

function addForm(platform: string, t: Translate, csrf: string, base: string, state: AddFormState): SafeHtml {
  const adapter = ADAPTERS.find((a) => a.platform === platform);
  if (!adapter) throw new HttpError(404, 'not_found');
  const fields = settingFields(platform);
  const fieldError = (name: string) => (state.error?.field === name ? state.error.message : null);
  const settingInput = (f: SettingField) =>
    textField({
      name: `instelling.${f.name}`,
      label: settingLabel(f.name, t),
      // Whole numbers as a number field; fractions as text, as a number field takes whole steps only.
      type: f.type === 'integer' ? 'number' : f.format === 'uri' ? 'url' : 'text',
      value: state.settings[f.name] ?? null,
      required: f.required,
      hint: [
        f.default !== null ? t('channels.add.default', { value: String(f.default) }) : '',
        f.minimum !== null && f.maximum !== null
          ? t('channels.add.range', { min: f.minimum, max: f.maximum })
          : '',
      ]
        .filter(Boolean)
        .join(' '),
      error: fieldError(`instelling.${f.name}`),
      maxlength: f.maxLength ?? undefined,
    });
  const required = fields.filter((f) => f.required);
  const optional = fields.filter((f) => !f.required);
  const secrets = Object.entries(adapter.secrets);
  return html`${state.error && state.error.field === null ? alert('error', state.error.message) : ''}
<p class="utrecht-paragraph">${t('channels.add.formIntro', { platform: adapter.label })}</p>
${postForm(
  `${base}/toevoegen/${platform}`,
  csrf,
  html`${required.map(settingInput)}
  ${secrets.map(([name, description]) =>
    textField({
      name: `geheim.${name}`,
      label: secretLabel(name, t),
      type: 'password',
      autocomplete: 'off',
      hint: description,
    }),
  )}
  ${selectField({
    name: 'relatie',
    label: t('channels.add.relation'),
    value: state.relation,
    options: [
      { value: 'owned', label: t('channels.relation.owned') },
      { value: 'watched', label: t('channels.relation.watched') },
    ],
  })}
  ${textField({ name: 'interval', label: t('channels.add.interval'), type: 'number', value: state.interval, required: true, hint: t('channels.add.intervalHint'), error: fieldError('interval'), inputmode: 'numeric' })}
  ${
    optional.length > 0
      ? html`<details${optional.some((f) => fieldError(`instelling.${f.name}`)) ? html` open` : ''}><summary>${t('channels.add.more')}</summary>${optional.map(settingInput)}</details>`
      : ''
  }
  ${secrets.length > 0 ? html`<p class="utrecht-paragraph meetlat-muted">${t('channels.add.secretsNote')}</p>` : ''}
  ${submitButton(t('channels.add.submit'))}`,
)}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${base}">${t('channels.back')}</a></p>`;
}

/** Dutch labels for the settings the adapters have; a setting without one shows its name. */
const SETTING_LABELS: Readonly<Record<string, MessageKey>> = {
  feedUrl: 'channels.setting.feedUrl',
  instanceUrl: 'channels.setting.instanceUrl',
  serviceUrl: 'channels.setting.serviceUrl',
  pageId: 'channels.setting.pageId',
  graphBaseUrl: 'channels.setting.graphBaseUrl',
  apiBaseUrl: 'channels.setting.apiBaseUrl',
  apiVersion: 'channels.setting.apiVersion',
  commentWindowDays: 'channels.setting.commentWindowDays',
  historyDays: 'channels.setting.historyDays',
  timeoutMs: 'channels.setting.timeoutMs',
  pageSize: 'channels.setting.pageSize',
  language: 'channels.setting.language',
  monthlyReadBudget: 'channels.setting.monthlyReadBudget',
  costPerPostRead: 'channels.setting.costPerPostRead',
  costPerLinkPostRead: 'channels.setting.costPerLinkPostRead',
  costPerUserRead: 'channels.setting.costPerUserRead',
  maxResults: 'channels.setting.maxResults',
};

function settingLabel(name: string, t: Translate): string {
  const key = SETTING_LABELS[name];
  return key ? t(key) : name;
}

const SECRET_LABELS: Readonly<Record<string, MessageKey>> = {
  accessToken: 'channels.secret.accessToken',
  refreshToken: 'channels.secret.refreshToken',
  clientId: 'channels.secret.clientId',
  clientSecret: 'channels.secret.clientSecret',
  identifier: 'channels.secret.identifier',
  appPassword: 'channels.secret.appPassword',
  pageAccessToken: 'channels.secret.pageAccessToken',
};

function secretLabel(name: string, t: Translate): string {
  const key = SECRET_LABELS[name];
  return key ? t(key) : name;
}

/** The form's fields as a connect request: empty fields left out, so defaults apply. */
function formRequest(
  platform: string,
  body: Record<string, string>,
): { request: Omit<ConnectRequest, 'organisationCode'>; state: AddFormState; intervalBad: boolean } {
  const settings: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    const trimmed = value.trim();
    if (trimmed === '') continue;
    if (key.startsWith('instelling.')) settings[key.slice('instelling.'.length)] = trimmed;
    else if (key.startsWith('geheim.')) secrets[key.slice('geheim.'.length)] = trimmed;
  }
  const intervalText = (body.interval ?? '').trim();
  const interval = intervalText === '' ? null : Number(intervalText);
  const intervalBad = interval !== null && (!Number.isInteger(interval) || interval < 1 || interval > 10_080);
  return {
    request: {
      platform,
      relation: body.relatie ?? null,
      settings,
      secrets,
      syncIntervalMinutes: intervalBad ? null : interval,
    },
    state: { relation: body.relatie ?? '', settings, interval: intervalText, error: null },
    intervalBad,
  };
}

function defaultFormState(platform: string): AddFormState {
  const adapter = ADAPTERS.find((a) => a.platform === platform);
  if (!adapter) throw new HttpError(404, 'not_found');
  return {
    relation: adapter.defaultRelation,
    settings: {},
    interval: String(adapter.syncIntervalMinutes),
    error: null,
  };
}

function addPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  platform: string,
  state: AddFormState,
  status = 200,
) {
  const org = orgOf(request);
  const t = translate(request);
  return sendPage(request, reply, context, {
    title: t('channels.add.pageTitle', { platform: platformLabel(platform) }),
    active: 'channels',
    status,
    main: (csrf, tr) => addForm(platform, tr, csrf, basePath(org), state),
  });
}

// ---------------------------------------------------------------------------------------------
// Schemas.

const accountParams = {
  type: 'object',
  properties: {
    org: { type: 'string' },
    account: { type: 'integer', minimum: 1, description: 'the account id' },
  },
  required: ['org', 'account'],
} as const;

const platformParams = {
  type: 'object',
  properties: { org: { type: 'string' }, platform: { type: 'string', maxLength: 40 } },
  required: ['org', 'platform'],
} as const;

const time = { type: ['string', 'null'], format: 'date-time' } as const;

const channelSchema = {
  type: 'object',
  properties: {
    accountId: { type: 'integer' },
    platform: { type: 'string' },
    platformLabel: { type: 'string' },
    handle: { type: 'string' },
    displayName: { type: ['string', 'null'] },
    relation: { enum: ['owned', 'watched'] },
    enabled: { type: 'boolean', description: 'false: paused' },
    state: { enum: ['paused', 'error', 'ok', 'new'] },
    stateText: { type: 'string' },
    syncIntervalMinutes: { type: 'integer' },
    lastAttemptAt: time,
    lastSuccessAt: time,
    lastErrorAt: time,
    lastErrorKind: { type: ['string', 'null'] },
    lastErrorText: { type: ['string', 'null'], description: 'the kind of error in plain Dutch' },
    lastError: { type: ['string', 'null'], description: "the platform's own words" },
    failures: { type: 'integer', description: 'failed syncs in a row' },
    nextSyncAt: { type: 'string', format: 'date-time' },
    messagesRead: { type: 'integer' },
    messagesStored: { type: 'integer' },
  },
  required: [
    'accountId',
    'platform',
    'platformLabel',
    'handle',
    'displayName',
    'relation',
    'enabled',
    'state',
    'stateText',
    'syncIntervalMinutes',
    'lastAttemptAt',
    'lastSuccessAt',
    'lastErrorAt',
    'lastErrorKind',
    'lastErrorText',
    'lastError',
    'failures',
    'nextSyncAt',
    'messagesRead',
    'messagesStored',
  ],
} as const;

const platformSchema = {
  type: 'object',
  properties: {
    platform: { type: 'string' },
    label: { type: 'string' },
    defaultRelation: { enum: ['owned', 'watched'] },
    syncIntervalMinutes: { type: 'integer' },
    settings: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          type: { enum: ['string', 'integer', 'number', 'boolean'] },
          required: { type: 'boolean' },
          default: { type: ['string', 'number', 'boolean', 'null'] },
          minimum: { type: ['number', 'null'] },
          maximum: { type: ['number', 'null'] },
          format: { type: ['string', 'null'] },
          maxLength: { type: ['integer', 'null'] },
        },
        required: ['name', 'type', 'required', 'default'],
      },
    },
    secrets: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, description: { type: 'string' } },
        required: ['name', 'description'],
      },
    },
  },
  required: ['platform', 'label', 'defaultRelation', 'syncIntervalMinutes', 'settings', 'secrets'],
} as const;

// ---------------------------------------------------------------------------------------------

export const channelRoutes = routes([
  {
    method: 'GET',
    url: '/o/:org/kanalen',
    kind: 'page',
    access: { kind: 'org', permission: 'org.view' },
    async handler(request, reply, context) {
      const org = orgOf(request);
      const views = await organisationChannels(context.db, org.id);
      const t = translate(request);
      const locale = localeOf(request);
      const notice = NOTICES[(request.query as { melding?: string }).melding ?? ''];
      return sendPage(request, reply, context, {
        title: t('channels.title'),
        active: 'channels',
        notice: notice ? { kind: notice.kind, text: t(notice.key) } : null,
        main: (csrf, tr) => channelsPage(views, tr, locale, csrf, basePath(org), canManage(request, org)),
      });
    },
  },
  {
    method: 'GET',
    url: '/o/:org/kanalen/toevoegen/:platform',
    kind: 'page',
    access: { kind: 'org', permission: 'channels.manage' },
    schema: { params: platformParams },
    async handler(request, reply, context) {
      const { platform } = request.params as { platform: string };
      return addPage(request, reply, context, platform, defaultFormState(platform));
    },
  },
  {
    method: 'POST',
    url: '/o/:org/kanalen/toevoegen/:platform',
    kind: 'form',
    access: { kind: 'org', permission: 'channels.manage' },
    schema: {
      params: platformParams,
      body: {
        type: 'object',
        properties: { _csrf: { type: 'string' } },
        additionalProperties: { type: 'string', maxLength: 4000 },
        maxProperties: 60,
      },
    },
    async handler(request, reply, context) {
      const org = orgOf(request);
      const { platform } = request.params as { platform: string };
      defaultFormState(platform);
      const t = translate(request);
      const {
        request: connect,
        state,
        intervalBad,
      } = formRequest(platform, request.body as Record<string, string>);
      if (intervalBad) {
        return addPage(
          request,
          reply,
          context,
          platform,
          { ...state, error: { message: t('channels.add.error.interval'), field: 'interval' } },
          400,
        );
      }
      try {
        await addChannel(request, context, connect);
      } catch (error) {
        if (!(error instanceof ConnectError)) throw error;
        const problem = connectProblem(error, t, settingFields(platform));
        if (problem.status === 404) throw new HttpError(404, 'not_found');
        return addPage(
          request,
          reply,
          context,
          platform,
          { ...state, error: { message: problem.message, field: problem.field } },
          problem.status,
        );
      }
      return seeOther(reply, `${basePath(org)}?melding=toegevoegd`);
    },
  },
  ...(
    [
      ['pauzeren', false],
      ['hervatten', true],
    ] as const
  ).map(([path, enabled]) => ({
    method: 'POST' as const,
    url: `/o/:org/kanalen/:account/${path}`,
    kind: 'form' as const,
    access: { kind: 'org' as const, permission: 'channels.manage' as const },
    schema: { params: accountParams },
    async handler(request: FastifyRequest, reply: FastifyReply, context: ServerContext) {
      const org = orgOf(request);
      await changeEnabled(request, context, (request.params as { account: number }).account, enabled);
      return seeOther(reply, `${basePath(org)}?melding=${enabled ? 'hervat' : 'gepauzeerd'}`);
    },
  })),
  {
    method: 'POST',
    url: '/o/:org/kanalen/:account/synchroniseren',
    kind: 'form',
    access: { kind: 'org', permission: 'channels.manage' },
    schema: { params: accountParams },
    async handler(request, reply, context) {
      const org = orgOf(request);
      const status = await syncNow(request, context, (request.params as { account: number }).account);
      const notice = status === 'queued' ? 'ingepland' : status === 'running' ? 'loopt' : 'uit';
      return seeOther(reply, `${basePath(org)}?melding=${notice}`);
    },
  },
  // The API.
  {
    method: 'GET',
    url: '/api/orgs/:org/channels',
    kind: 'api',
    access: { kind: 'org', permission: 'org.view' },
    schema: {
      summary: "The organisation's connected accounts and how their syncs stand",
      tags: ['channels'],
      params: orgParams,
      response: {
        200: {
          type: 'object',
          properties: { channels: { type: 'array', items: channelSchema } },
          required: ['channels'],
        },
      },
    },
    async handler(request, _reply, context) {
      const org = orgOf(request);
      const t = translate(request);
      return { channels: (await organisationChannels(context.db, org.id)).map((v) => channelJson(v, t)) };
    },
  },
  {
    method: 'GET',
    url: '/api/orgs/:org/channels/platforms',
    kind: 'api',
    access: { kind: 'org', permission: 'channels.manage' },
    schema: {
      summary: 'The platforms an account can be connected through, with their settings and credentials',
      tags: ['channels'],
      params: orgParams,
      response: {
        200: {
          type: 'object',
          properties: { platforms: { type: 'array', items: platformSchema } },
          required: ['platforms'],
        },
      },
    },
    async handler() {
      return { platforms: connectablePlatforms() };
    },
  },
  {
    method: 'POST',
    url: '/api/orgs/:org/channels',
    kind: 'api',
    access: { kind: 'org', permission: 'channels.manage' },
    schema: {
      summary:
        'Connects an account: the credentials are checked with the platform, stored encrypted, and its first sync is scheduled',
      tags: ['channels'],
      params: orgParams,
      body: {
        type: 'object',
        properties: {
          platform: { type: 'string', maxLength: 40 },
          relation: { enum: ['owned', 'watched'] },
          settings: {
            type: 'object',
            description: 'see GET /api/orgs/{org}/channels/platforms',
            additionalProperties: true,
            maxProperties: 40,
          },
          secrets: {
            type: 'object',
            description: 'never answered back',
            additionalProperties: { type: 'string', maxLength: 4000 },
            maxProperties: 20,
          },
          syncIntervalMinutes: { type: 'integer', minimum: 1, maximum: 10_080 },
        },
        required: ['platform'],
        additionalProperties: false,
      },
      response: { 201: channelSchema, 400: errorSchema, 409: errorSchema, 422: errorSchema },
    },
    async handler(request, reply, context) {
      const org = orgOf(request);
      const body = request.body as {
        platform: string;
        relation?: 'owned' | 'watched';
        settings?: Record<string, unknown>;
        secrets?: Record<string, string>;
        syncIntervalMinutes?: number;
      };
      const t = translate(request);
      try {
        const accountId = await addChannel(request, context, {
          platform: body.platform,
          relation: body.relation ?? null,
          settings: body.settings ?? {},
          secrets: body.secrets ?? {},
          syncIntervalMinutes: body.syncIntervalMinutes ?? null,
        });
        return reply.code(201).send(channelJson(await oneChannel(context.db, org.id, accountId), t));
      } catch (error) {
        if (!(error instanceof ConnectError)) throw error;
        const problem = connectProblem(error, t, settingFields(body.platform));
        const code =
          error.problem.kind === 'channel'
            ? 'platform_refused'
            : error.problem.kind === 'taken'
              ? 'conflict'
              : 'invalid';
        return reply.code(problem.status === 404 ? 400 : problem.status).send({
          error: code,
          message: error.problem.kind === 'platform' ? error.message : problem.message,
          ...(error.problem.kind === 'channel' ? { kind: error.problem.error.kind } : {}),
        });
      }
    },
  },
  {
    method: 'PATCH',
    url: '/api/orgs/:org/channels/:account',
    kind: 'api',
    access: { kind: 'org', permission: 'channels.manage' },
    schema: {
      summary: 'Pauses (enabled false) or resumes (enabled true) the syncs of an account',
      tags: ['channels'],
      params: accountParams,
      body: {
        type: 'object',
        properties: { enabled: { type: 'boolean' } },
        required: ['enabled'],
        additionalProperties: false,
      },
      response: { 200: channelSchema },
    },
    async handler(request, _reply, context) {
      const org = orgOf(request);
      const { account } = request.params as { account: number };
      await changeEnabled(request, context, account, (request.body as { enabled: boolean }).enabled);
      return channelJson(await oneChannel(context.db, org.id, account), translate(request));
    },
  },
  {
    method: 'POST',
    url: '/api/orgs/:org/channels/:account/sync',
    kind: 'api',
    access: { kind: 'org', permission: 'channels.manage' },
    schema: {
      summary:
        'Makes the account due now, so the worker syncs it at its next look (running: a sync of it is under way)',
      tags: ['channels'],
      params: accountParams,
      response: {
        202: {
          type: 'object',
          properties: { status: { enum: ['queued', 'running'] } },
          required: ['status'],
        },
        409: errorSchema,
      },
    },
    async handler(request, reply, context) {
      const status = await syncNow(request, context, (request.params as { account: number }).account);
      if (status === 'paused') {
        return reply.code(409).send({
          error: 'conflict',
          message: 'the account is paused: resume it first (PATCH enabled true)',
        });
      }
      return reply.code(202).send({ status });
    },
  },
]);
