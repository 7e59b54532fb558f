import type { FastifyRequest } from 'fastify';
import { html } from '../../report/html.ts';
import { appendAudit } from '../../store/audit.ts';
import {
  checkOrganisationSettings,
  type EditableSettings,
  formatCaseNumber,
  formatSignature,
  loadOrganisationSettings,
  type OrganisationSettings,
  SETTING_FIELDS,
  type SettingField,
  type SettingsProblem,
  saveOrganisationSettings,
} from '../../store/organisationSettings.ts';
import { postForm, submitButton, textField } from '../../web/forms.ts';
import { type MessageKey, type Translate, translator } from '../../web/i18n/index.ts';
import { seeOther, sendPage, translate } from '../../web/render.ts';
import { routes } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { errorSchema } from '../schemas.ts';
import { actorOf, orgOf, orgParams } from './audit.ts';

/**
 * The organisation's settings: the name it shows, its contact address, its case number format
 * and its signature convention. The page and the API save through one function, which checks,
 * saves and audits the fields that changed (before and after).
 */

type SettingsInput = Partial<Record<SettingField, string | null>>;

type SaveOutcome =
  | { ok: true; settings: OrganisationSettings }
  | { ok: false; given: EditableSettings; problems: SettingsProblem[] };

async function saveSettings(
  request: FastifyRequest,
  context: ServerContext,
  input: SettingsInput,
): Promise<SaveOutcome> {
  const org = orgOf(request);
  const { settings, problems } = checkOrganisationSettings(input);
  if (problems.length > 0) return { ok: false, given: settings, problems };
  const actor = actorOf(request);
  const saved = await context.db.transaction(async (tx) => {
    const before = await loadOrganisationSettings(tx, org.id);
    if (!before) throw new HttpError(404, 'not_found');
    const changes: Record<string, { before: string | null; after: string | null }> = {};
    for (const field of SETTING_FIELDS) {
      if (before[field] !== settings[field])
        changes[field] = { before: before[field], after: settings[field] };
    }
    if (Object.keys(changes).length === 0) return before;
    await saveOrganisationSettings(tx, org.id, settings);
    await appendAudit(tx, {
      userId: actor.userId,
      actor: actor.name,
      organisationId: org.id,
      action: 'org.settings',
      target: org.code,
      details: { changes },
      ip: actor.ip,
    });
    return { ...settings, name: before.name };
  });
  return { ok: true, settings: saved };
}

const PROBLEM_KEYS: Record<SettingsProblem['problem'], MessageKey> = {
  required: 'settings.error.required',
  tooLong: 'settings.error.tooLong',
  email: 'settings.error.email',
  noNumber: 'settings.error.noNumber',
  noInitials: 'settings.error.noInitials',
  unknownPlaceholder: 'settings.error.unknownPlaceholder',
};

const FIELD_KEYS: Record<SettingField, MessageKey> = {
  displayName: 'settings.displayName',
  contactEmail: 'settings.contactEmail',
  caseNumberFormat: 'settings.caseNumberFormat',
  signatureConvention: 'settings.signatureConvention',
};

function problemText(problem: SettingsProblem, t: Translate): string {
  return t(PROBLEM_KEYS[problem.problem], {
    placeholder: problem.problem === 'unknownPlaceholder' ? problem.placeholder : '',
  });
}

/** Examples of what the settings make, for the page and the API. */
function examples(settings: EditableSettings) {
  const at = new Date();
  return {
    caseNumber: formatCaseNumber(settings.caseNumberFormat, 123, at),
    signature: formatSignature(settings.signatureConvention, { initials: 'BK', name: 'Bas Kramer' }),
  };
}

function settingsPage(
  csrf: string,
  t: Translate,
  action: string,
  officialName: string,
  values: EditableSettings,
  problems: SettingsProblem[],
) {
  const error = (field: SettingField) => {
    const problem = problems.find((p) => p.field === field);
    return problem ? problemText(problem, t) : null;
  };
  const example = problems.length === 0 ? examples(values) : null;
  return html`${
    problems.length > 0
      ? html`<div class="utrecht-alert utrecht-alert--error" role="alert"><div class="utrecht-alert__content">
<h2 class="utrecht-heading-2">${t('form.errorsTitle')}</h2>
<ul class="utrecht-unordered-list">${problems.map(
          (p) =>
            html`<li><a class="utrecht-link" href="#veld-${p.field}">${t(FIELD_KEYS[p.field])}: ${problemText(p, t)}</a></li>`,
        )}</ul></div></div>`
      : ''
  }
<p class="utrecht-paragraph">${t('settings.intro')}</p>
${postForm(
  action,
  csrf,
  html`${textField({ name: 'displayName', label: t('settings.displayName'), value: values.displayName, hint: t('settings.displayName.hint', { name: officialName }), error: error('displayName'), maxlength: 200 })}
  ${textField({ name: 'contactEmail', label: t('settings.contactEmail'), type: 'email', value: values.contactEmail, hint: t('settings.contactEmail.hint'), error: error('contactEmail'), autocomplete: 'email', maxlength: 320 })}
  ${textField({ name: 'caseNumberFormat', label: t('settings.caseNumberFormat'), value: values.caseNumberFormat, required: true, hint: t('settings.caseNumberFormat.hint'), error: error('caseNumberFormat'), maxlength: 60 })}
  ${textField({ name: 'signatureConvention', label: t('settings.signatureConvention'), value: values.signatureConvention, required: true, hint: t('settings.signatureConvention.hint'), error: error('signatureConvention'), maxlength: 60 })}
  ${submitButton(t('form.save'))}`,
)}
${
  example
    ? html`<h2 class="utrecht-heading-2">${t('settings.examples')}</h2>
<dl class="utrecht-data-list">
<div class="utrecht-data-list__item"><dt class="utrecht-data-list__item-key">${t('settings.caseNumberFormat')}</dt><dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd"><span class="meetlat-code">${example.caseNumber}</span></dd></div>
<div class="utrecht-data-list__item"><dt class="utrecht-data-list__item-key">${t('settings.signatureConvention')}</dt><dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd"><span class="meetlat-code">${example.signature}</span> ${t('settings.signatureExample')}</dd></div>
</dl>`
    : ''
}`;
}

function settingsJson(code: string, settings: OrganisationSettings) {
  return {
    code,
    name: settings.name,
    displayName: settings.displayName,
    contactEmail: settings.contactEmail,
    caseNumberFormat: settings.caseNumberFormat,
    signatureConvention: settings.signatureConvention,
    examples: examples(settings),
  };
}

const settingsSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    name: { type: 'string', description: 'the official name' },
    displayName: { type: ['string', 'null'], description: 'the name shown; null: the official name' },
    contactEmail: { type: ['string', 'null'] },
    caseNumberFormat: {
      type: 'string',
      description: 'placeholders {jaar}, {maand}, {dag}, and {nummer} or {nummer:N} (required)',
    },
    signatureConvention: {
      type: 'string',
      description: 'placeholders {initialen} (required) and {naam}',
    },
    examples: {
      type: 'object',
      properties: { caseNumber: { type: 'string' }, signature: { type: 'string' } },
      required: ['caseNumber', 'signature'],
    },
  },
  required: [
    'code',
    'name',
    'displayName',
    'contactEmail',
    'caseNumberFormat',
    'signatureConvention',
    'examples',
  ],
} as const;

const formText = { type: 'string', maxLength: 1000 } as const;

export const settingsRoutes = routes([
  {
    method: 'GET',
    url: '/o/:org/instellingen',
    kind: 'page',
    access: { kind: 'org', permission: 'org.settings' },
    async handler(request, reply, context) {
      const org = orgOf(request);
      const settings = await loadOrganisationSettings(context.db, org.id);
      if (!settings) throw new HttpError(404, 'not_found');
      const t = translate(request);
      const saved = (request.query as { opgeslagen?: string }).opgeslagen === '1';
      return sendPage(request, reply, context, {
        title: t('settings.title'),
        active: 'settings',
        notice: saved ? { kind: 'ok', text: t('form.saved') } : null,
        main: (csrf, tr) =>
          settingsPage(
            csrf,
            tr,
            `/o/${encodeURIComponent(org.code)}/instellingen`,
            settings.name,
            settings,
            [],
          ),
      });
    },
  },
  {
    method: 'POST',
    url: '/o/:org/instellingen',
    kind: 'form',
    access: { kind: 'org', permission: 'org.settings' },
    schema: {
      body: {
        type: 'object',
        properties: {
          displayName: formText,
          contactEmail: formText,
          caseNumberFormat: formText,
          signatureConvention: formText,
          _csrf: { type: 'string' },
        },
      },
    },
    async handler(request, reply, context) {
      const org = orgOf(request);
      const outcome = await saveSettings(request, context, request.body as SettingsInput);
      const action = `/o/${encodeURIComponent(org.code)}/instellingen`;
      if (outcome.ok) return seeOther(reply, `${action}?opgeslagen=1`);
      const current = await loadOrganisationSettings(context.db, org.id);
      const t = translate(request);
      return sendPage(request, reply, context, {
        title: t('settings.title'),
        active: 'settings',
        status: 400,
        main: (csrf, tr) =>
          settingsPage(csrf, tr, action, current?.name ?? org.name, outcome.given, outcome.problems),
      });
    },
  },
  {
    method: 'GET',
    url: '/api/orgs/:org/settings',
    kind: 'api',
    access: { kind: 'org', permission: 'org.settings' },
    schema: {
      summary: "The organisation's settings: display name, contact e-mail, case number format, signature",
      tags: ['organisations'],
      params: orgParams,
      response: { 200: settingsSchema },
    },
    async handler(request, _reply, context) {
      const org = orgOf(request);
      const settings = await loadOrganisationSettings(context.db, org.id);
      if (!settings) throw new HttpError(404, 'not_found');
      return settingsJson(org.code, settings);
    },
  },
  {
    method: 'PUT',
    url: '/api/orgs/:org/settings',
    kind: 'api',
    access: { kind: 'org', permission: 'org.settings' },
    schema: {
      summary: "Replaces the organisation's settings (audited: each changed field, before and after)",
      tags: ['organisations'],
      params: orgParams,
      body: {
        type: 'object',
        properties: {
          displayName: { type: ['string', 'null'], maxLength: 200 },
          contactEmail: { type: ['string', 'null'], maxLength: 320 },
          caseNumberFormat: { type: 'string', maxLength: 60 },
          signatureConvention: { type: 'string', maxLength: 60 },
        },
        required: ['displayName', 'contactEmail', 'caseNumberFormat', 'signatureConvention'],
        additionalProperties: false,
      },
      response: { 200: settingsSchema, 400: errorSchema },
    },
    async handler(request, reply, context) {
      const org = orgOf(request);
      const outcome = await saveSettings(request, context, request.body as SettingsInput);
      if (!outcome.ok) {
        const en = translator('en');
        const fields = Object.fromEntries(outcome.problems.map((p) => [p.field, problemText(p, en)]));
        return reply.code(400).send({
          error: 'invalid',
          message: outcome.problems.map((p) => `${p.field}: ${problemText(p, en)}`).join('; '),
          fields,
        });
      }
      return settingsJson(org.code, outcome.settings);
    },
  },
]);
