import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../report/html.ts';
import { appendAudit } from '../../store/audit.ts';
import {
  loadWebcareConfigs,
  removeSlaPolicy,
  saveSlaPolicy,
  saveWebcareSettings,
  type WebcareConfig,
} from '../../store/webcareSettings.ts';
import { postForm, selectField, submitButton, textArea, textField } from '../../web/forms.ts';
import type { MessageKey, Translate } from '../../web/i18n/index.ts';
import { seeOther, sendPage, translate } from '../../web/render.ts';
import { scrollingTable } from '../../web/tables.ts';
import { formatExceptions, formatShifts, parseExceptions, parseShifts } from '../../webcare/hoursText.ts';
import { type OfficeHours, officeHoursProblems, type Shift } from '../../webcare/officeHours.ts';
import type { CaseRules } from '../../webcare/placement.ts';
import { DEFAULT_SLA_POLICY, type SlaClock, type SlaPolicy, slaPolicyProblems } from '../../webcare/sla.ts';
import { routes } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { actorOf, orgOf } from './audit.ts';
import { noticeOf, withNotice } from './listeningPages.ts';
import { checkboxGroup, errorSummary, platformName, radioGroup } from './listeningView.ts';
import { ownAccounts } from './webcare.ts';

/**
 * Webcare's settings for a beheerder, at `/o/:org/webcare/instellingen`: the organisation's
 * service level (first answer in minutes, resolution in hours, on the calendar or in office
 * hours) and a channel account's own, the office hours (a line per weekday, Dutch public holidays,
 * date exceptions), when cases reopen or resolve by time, and the categories. Saved with an audit
 * entry; a case keeps the deadlines of the policy that stood when it opened.
 */

/** Monday first, as people read a week; the values are `Date#getUTCDay` numbers. */
const WEEK = [1, 2, 3, 4, 5, 6, 0] as const;
const DAY_KEYS: Readonly<Record<number, MessageKey>> = {
  0: 'webcare.settings.day.0',
  1: 'webcare.settings.day.1',
  2: 'webcare.settings.day.2',
  3: 'webcare.settings.day.3',
  4: 'webcare.settings.day.4',
  5: 'webcare.settings.day.5',
  6: 'webcare.settings.day.6',
};

interface SettingsForm {
  firstMinutes: string;
  resolutionHours: string;
  clock: string;
  days: string[];
  holidays: boolean;
  exceptions: string;
  reopenDays: string;
  autoResolveDays: string;
  categories: string;
}

type Problems = Partial<Record<string, string>>;

function formOf(config: WebcareConfig): SettingsForm {
  const policy = config.policies.get(null) ?? DEFAULT_SLA_POLICY;
  return {
    firstMinutes: String(policy.firstResponseMinutes),
    resolutionHours: String(policy.resolutionMinutes / 60),
    clock: policy.clock,
    days: [0, 1, 2, 3, 4, 5, 6].map((d) => formatShifts(config.officeHours.week[d] ?? [])),
    holidays: config.officeHours.closedOnPublicHolidays,
    exceptions: formatExceptions(config.officeHours.exceptions),
    reopenDays: String(config.rules.reopenWithinDays),
    autoResolveDays: config.rules.autoResolveDays === null ? '' : String(config.rules.autoResolveDays),
    categories: config.categories.join('\n'),
  };
}

const whole = (text: string, min: number, max: number): number | null => {
  const n = Number(text.trim().replace(',', '.'));
  return Number.isFinite(n) && n >= min && n <= max ? n : null;
};

/** The settings as posted, checked: what to save, or the problems per field. */
function checkForm(form: SettingsForm, t: Translate) {
  const problems: Problems = {};
  const first = whole(form.firstMinutes, 1, 60 * 24 * 30);
  if (first === null || !Number.isInteger(first)) problems.firstMinutes = t('webcare.settings.error.minutes');
  const hours = whole(form.resolutionHours, 0.25, 24 * 365);
  if (hours === null) problems.resolutionHours = t('webcare.settings.error.hours');
  const clock: SlaClock = form.clock === 'calendar' ? 'calendar' : 'office';
  const week: Shift[][] = [[], [], [], [], [], [], []];
  for (const d of [0, 1, 2, 3, 4, 5, 6]) {
    const parsed = parseShifts(form.days[d] ?? '');
    if ('problem' in parsed) problems[`day${d}`] = t('webcare.settings.error.shifts', { text: parsed.text });
    else week[d] = parsed.shifts;
  }
  const exceptions = parseExceptions(form.exceptions);
  if ('problem' in exceptions)
    problems.exceptions = t('webcare.settings.error.exception', {
      line: exceptions.line,
      text: exceptions.text,
    });
  const reopen = whole(form.reopenDays, 0, 365);
  if (reopen === null || !Number.isInteger(reopen)) problems.reopenDays = t('webcare.settings.error.days');
  const auto = form.autoResolveDays.trim() === '' ? null : whole(form.autoResolveDays, 1, 365);
  if (form.autoResolveDays.trim() !== '' && (auto === null || !Number.isInteger(auto)))
    problems.autoResolveDays = t('webcare.settings.error.days');
  const categories = [
    ...new Set(
      form.categories
        .split(/\r?\n/)
        .map((c) => c.trim())
        .filter((c) => c !== ''),
    ),
  ];
  if (categories.length === 0 || categories.length > 100 || categories.some((c) => c.length > 100))
    problems.categories = t('webcare.settings.error.categories');
  const officeHours: OfficeHours = {
    week,
    closedOnPublicHolidays: form.holidays,
    exceptions: 'exceptions' in exceptions ? exceptions.exceptions : {},
  };
  if (Object.keys(problems).length === 0 && officeHoursProblems(officeHours).length > 0)
    problems.day1 = t('webcare.settings.error.noHours');
  const policy: SlaPolicy = {
    firstResponseMinutes: first ?? 0,
    resolutionMinutes: Math.round((hours ?? 0) * 60),
    clock,
  };
  const rules: CaseRules = { reopenWithinDays: reopen ?? 0, autoResolveDays: auto };
  return { problems, policy, officeHours, rules, categories };
}

function dayField(d: number): string {
  return `dag${d}`;
}

async function settingsPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  state: { form?: SettingsForm; problems?: Problems; accountProblem?: string } = {},
) {
  const org = orgOf(request);
  const config = (await loadWebcareConfigs(context.db, [org.id])).get(org.id) as WebcareConfig;
  const accounts = await ownAccounts(context.db, org.id);
  const form = state.form ?? formOf(config);
  const problems = state.problems ?? {};
  const t0 = translate(request);
  const base = `/o/${encodeURIComponent(org.code)}/webcare/instellingen`;
  const overrides = accounts.filter((a) => config.policies.has(a.id));
  return sendPage(request, reply, context, {
    title: t0('webcare.settings.title'),
    active: 'webcare',
    status: state.problems || state.accountProblem ? 400 : 200,
    notice: noticeOf(request, t0, {
      opgeslagen: 'webcare.settings.saved',
      kanaal: 'webcare.settings.accountSaved',
    }),
    main: (csrf, t) => {
      const err = (key: string) => problems[key] ?? null;
      const policyText = (p: SlaPolicy) =>
        t('webcare.settings.policy', {
          first: p.firstResponseMinutes,
          hours: p.resolutionMinutes / 60,
          clock: t(p.clock === 'office' ? 'webcare.case.clock.office' : 'webcare.case.clock.calendar'),
        });
      const accountName = (a: { platform: string; handle: string }) =>
        `${platformName(a.platform)}: ${a.handle}`;
      const summary = errorSummary(
        t,
        Object.entries(problems).map(([field, text]) => ({
          href: `#instellingen-${field.startsWith('day') ? dayField(Number(field.slice(3))) : field}`,
          text: text ?? '',
        })),
      );
      const dayFields: SafeHtml[] = WEEK.map((d) =>
        textField({
          name: dayField(d),
          label: t(DAY_KEYS[d] as MessageKey),
          value: form.days[d] ?? '',
          hint: d === 1 ? t('webcare.settings.shifts.hint') : undefined,
          error: err(`day${d}`),
          maxlength: 200,
          idPrefix: 'instellingen',
        }),
      );
      return html`<p class="utrecht-paragraph">${t('webcare.settings.intro')}</p>
${summary}
${postForm(
  base,
  csrf,
  html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset meetlat-fieldset"><legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t('webcare.settings.sla')}</legend>
${textField({ name: 'firstMinutes', label: t('webcare.settings.firstMinutes'), value: form.firstMinutes, inputmode: 'numeric', error: err('firstMinutes'), maxlength: 6, idPrefix: 'instellingen' })}
${textField({ name: 'resolutionHours', label: t('webcare.settings.resolutionHours'), value: form.resolutionHours, inputmode: 'decimal', error: err('resolutionHours'), maxlength: 6, idPrefix: 'instellingen' })}
${radioGroup({
  name: 'clock',
  legend: t('webcare.settings.clock'),
  value: form.clock,
  idPrefix: 'instellingen',
  options: [
    { value: 'office', label: t('webcare.settings.clock.office') },
    { value: 'calendar', label: t('webcare.settings.clock.calendar') },
  ],
})}
</fieldset>
<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset meetlat-fieldset"><legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t('webcare.settings.hours')}</legend>
${dayFields}
${checkboxGroup({ name: 'holidays', legend: t('webcare.settings.holidays.legend'), options: [{ value: 'ja', label: t('webcare.settings.holidays') }], checked: form.holidays ? ['ja'] : [], idPrefix: 'instellingen' })}
${textArea({ name: 'exceptions', label: t('webcare.settings.exceptions'), value: form.exceptions, hint: t('webcare.settings.exceptions.hint'), error: err('exceptions'), rows: 4, maxlength: 5000, idPrefix: 'instellingen' })}
</fieldset>
<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset meetlat-fieldset"><legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t('webcare.settings.cases')}</legend>
${textField({ name: 'reopenDays', label: t('webcare.settings.reopenDays'), value: form.reopenDays, hint: t('webcare.settings.reopenDays.hint'), inputmode: 'numeric', error: err('reopenDays'), maxlength: 3, idPrefix: 'instellingen' })}
${textField({ name: 'autoResolveDays', label: t('webcare.settings.autoResolveDays'), value: form.autoResolveDays, hint: t('webcare.settings.autoResolveDays.hint'), inputmode: 'numeric', error: err('autoResolveDays'), maxlength: 3, idPrefix: 'instellingen' })}
${textArea({ name: 'categories', label: t('webcare.settings.categories'), value: form.categories, hint: t('webcare.settings.categories.hint'), error: err('categories'), rows: 6, maxlength: 10_000, idPrefix: 'instellingen' })}
</fieldset>
${submitButton(t('webcare.settings.save'))}`,
  t('webcare.settings.title'),
)}
<h2 class="utrecht-heading-2" id="kanalen">${t('webcare.settings.accounts')}</h2>
<p class="utrecht-paragraph">${t('webcare.settings.accounts.intro', { policy: policyText(config.policies.get(null) ?? DEFAULT_SLA_POLICY) })}</p>
${
  overrides.length
    ? scrollingTable(
        t('webcare.settings.accounts'),
        html`<thead class="utrecht-table__header"><tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="col">${t('webcare.filter.account')}</th><th class="utrecht-table__header-cell" scope="col">${t('webcare.settings.sla')}</th><th class="utrecht-table__header-cell" scope="col">${t('webcare.canned.col.actions')}</th></tr></thead>
<tbody class="utrecht-table__body">${overrides.map(
          (a) =>
            html`<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row">${accountName(a)}</th><td class="utrecht-table__cell">${policyText(config.policies.get(a.id) as SlaPolicy)}</td><td class="utrecht-table__cell">${postForm(`${base}/kanalen`, csrf, html`<input type="hidden" name="account" value="${a.id}"><input type="hidden" name="verwijderen" value="ja"><button type="submit" class="utrecht-button utrecht-button--secondary-action">${t('webcare.canned.delete')}<span class="meetlat-visually-hidden"> ${accountName(a)}</span></button>`, `${t('webcare.canned.delete')} ${accountName(a)}`)}</td></tr>`,
        )}</tbody>`,
      )
    : ''
}
${
  accounts.length
    ? postForm(
        `${base}/kanalen`,
        csrf,
        html`${state.accountProblem ? html`<p class="utrecht-form-field-error-message" role="alert">${state.accountProblem}</p>` : ''}
${selectField({ name: 'account', label: t('webcare.filter.account'), options: accounts.map((a) => ({ value: String(a.id), label: accountName(a) })), idPrefix: 'kanaal' })}
${textField({ name: 'firstMinutes', label: t('webcare.settings.firstMinutes'), value: '60', inputmode: 'numeric', maxlength: 6, idPrefix: 'kanaal' })}
${textField({ name: 'resolutionHours', label: t('webcare.settings.resolutionHours'), value: '8', inputmode: 'decimal', maxlength: 6, idPrefix: 'kanaal' })}
${radioGroup({
  name: 'clock',
  legend: t('webcare.settings.clock'),
  value: 'office',
  idPrefix: 'kanaal',
  options: [
    { value: 'office', label: t('webcare.settings.clock.office') },
    { value: 'calendar', label: t('webcare.settings.clock.calendar') },
  ],
})}
${submitButton(t('webcare.settings.accountSave'), 'secondary')}`,
        t('webcare.settings.accountSave'),
      )
    : ''
}`;
    },
  });
}

interface PostedSettings {
  firstMinutes?: string;
  resolutionHours?: string;
  clock?: string;
  holidays?: string | string[];
  exceptions?: string;
  reopenDays?: string;
  autoResolveDays?: string;
  categories?: string;
  [day: string]: string | string[] | undefined;
}

export const webcareSettingRoutes = routes([
  {
    method: 'GET',
    url: '/o/:org/webcare/instellingen',
    kind: 'page',
    access: { kind: 'org', permission: 'org.settings' },
    async handler(request, reply, context) {
      return settingsPage(request, reply, context);
    },
  },
  {
    method: 'POST',
    url: '/o/:org/webcare/instellingen',
    kind: 'form',
    access: { kind: 'org', permission: 'org.settings' },
    async handler(request, reply, context) {
      const body = (request.body ?? {}) as PostedSettings;
      const text = (v: string | string[] | undefined) => (typeof v === 'string' ? v : '');
      const form: SettingsForm = {
        firstMinutes: text(body.firstMinutes),
        resolutionHours: text(body.resolutionHours),
        clock: text(body.clock),
        days: [0, 1, 2, 3, 4, 5, 6].map((d) => text(body[dayField(d)])),
        holidays: body.holidays !== undefined,
        exceptions: text(body.exceptions),
        reopenDays: text(body.reopenDays),
        autoResolveDays: text(body.autoResolveDays),
        categories: text(body.categories),
      };
      const checked = checkForm(form, translate(request));
      if (Object.keys(checked.problems).length > 0)
        return settingsPage(request, reply, context, { form, problems: checked.problems });
      const org = orgOf(request);
      const actor = actorOf(request);
      await context.db.transaction(async (tx) => {
        await saveWebcareSettings(tx, org.id, {
          officeHours: checked.officeHours,
          rules: checked.rules,
          categories: checked.categories,
        });
        await saveSlaPolicy(tx, org.id, null, checked.policy);
        await appendAudit(tx, {
          userId: actor.userId,
          actor: actor.name,
          organisationId: org.id,
          action: 'webcare.settings',
          details: { policy: checked.policy, rules: checked.rules, categories: checked.categories.length },
          ip: actor.ip,
        });
      });
      return seeOther(
        reply,
        withNotice(`/o/${encodeURIComponent(org.code)}/webcare/instellingen`, 'opgeslagen'),
      );
    },
  },
  {
    method: 'POST',
    url: '/o/:org/webcare/instellingen/kanalen',
    kind: 'form',
    access: { kind: 'org', permission: 'org.settings' },
    async handler(request, reply, context) {
      const body = (request.body ?? {}) as Record<string, string | undefined>;
      const org = orgOf(request);
      const t = translate(request);
      const accountId = Number(body.account);
      const account = (await ownAccounts(context.db, org.id)).find((a) => a.id === accountId);
      if (!account) throw new HttpError(404, 'not_found');
      const actor = actorOf(request);
      if (body.verwijderen === 'ja') {
        await context.db.transaction(async (tx) => {
          if (await removeSlaPolicy(tx, org.id, accountId))
            await appendAudit(tx, {
              userId: actor.userId,
              actor: actor.name,
              organisationId: org.id,
              action: 'webcare.sla_remove',
              target: `${account.platform}:${account.handle}`,
              ip: actor.ip,
            });
        });
      } else {
        const policy: SlaPolicy = {
          firstResponseMinutes: Number(body.firstMinutes),
          resolutionMinutes: Math.round(Number(String(body.resolutionHours ?? '').replace(',', '.')) * 60),
          clock: body.clock === 'calendar' ? 'calendar' : 'office',
        };
        if (slaPolicyProblems(policy).length > 0)
          return settingsPage(request, reply, context, {
            accountProblem: t('webcare.settings.error.policy'),
          });
        await context.db.transaction(async (tx) => {
          await saveSlaPolicy(tx, org.id, accountId, policy);
          await appendAudit(tx, {
            userId: actor.userId,
            actor: actor.name,
            organisationId: org.id,
            action: 'webcare.sla_account',
            target: `${account.platform}:${account.handle}`,
            details: { ...policy },
            ip: actor.ip,
          });
        });
      }
      return seeOther(
        reply,
        withNotice(`/o/${encodeURIComponent(org.code)}/webcare/instellingen`, 'kanaal', '#kanalen'),
      );
    },
  },
]);
