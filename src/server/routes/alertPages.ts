import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AlertRule, listAlertRules } from '../../alerts/ruleStore.ts';
import {
  type AlertKind,
  type RuleField,
  type RuleInput,
  type RuleProblem,
  type RuleSettings,
  SPIKE_DEFAULTS,
  TERM_DEFAULTS,
} from '../../alerts/rules.ts';
import { html, type SafeHtml } from '../../report/html.ts';
import type { SavedSearch } from '../../store/savedSearches.ts';
import { postForm, submitButton, textArea, textField } from '../../web/forms.ts';
import type { Locale, MessageKey, Translate } from '../../web/i18n/index.ts';
import { localeOf, seeOther, sendPage, translate } from '../../web/render.ts';
import { scrollingTable } from '../../web/tables.ts';
import { routes } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import {
  addRule,
  changeRule,
  loadRule,
  problemsByField,
  removeRule,
  searchRuleParams,
  switchRule,
} from './alerts.ts';
import { inlineForm, orgOf } from './audit.ts';
import { loadSearch, mayChange, searchParams } from './listening.ts';
import { listeningBase, noticeOf, orgBase } from './listeningPages.ts';
import { checkboxGroup, errorSummary } from './listeningView.ts';

/**
 * A saved search's alert rules in the web app, at `/o/:org/luisteren/:id/meldingen`: the rules
 * with their settings in words, and for whoever may change the search, a form per kind to add
 * one, editing (with a new webhook secret on request), switching on and off, and deleting after
 * a confirmation. Forms post and answer with a 303 and a confirmation, except when a webhook
 * secret was just set: that page shows it, once, with how to verify a call's signature.
 */

// ---------------------------------------------------------------------------------------------
// Settings in words

function numberText(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 2 }).format(
    value,
  );
}

function alertKindName(kind: AlertKind, t: Translate): string {
  return t(kind === 'spike' ? 'alerts.kind.spike' : 'alerts.kind.term');
}

/** A rule's settings as a sentence. */
function settingsText(settings: RuleSettings, t: Translate, locale: Locale): string {
  const n = (value: number) => numberText(value, locale);
  if (settings.kind === 'term') {
    return t('alerts.rule.term', {
      terms: new Intl.ListFormat(locale, { type: 'disjunction' }).format(settings.terms),
      quietHours: n(settings.quietHours),
    });
  }
  return t('alerts.rule.spike', {
    minCount: n(settings.minCount),
    windowMinutes: n(settings.windowMinutes),
    factor: n(settings.factor),
    zScore: n(settings.zScore),
    baselineWindows: n(settings.baselineWindows),
  });
}

// ---------------------------------------------------------------------------------------------
// The rule form

/** The form's field names (Dutch, as the other forms) by the rule's fields. */
const FIELD_NAMES = {
  kind: 'soort',
  windowMinutes: 'venster',
  baselineWindows: 'basis',
  zScore: 'zscore',
  factor: 'factor',
  minCount: 'minimum',
  terms: 'woorden',
  quietHours: 'stilte',
  emailTo: 'email',
  webhookUrl: 'webhook',
} as const satisfies Record<RuleField, string>;

type FormField = Exclude<(typeof FIELD_NAMES)[RuleField], 'soort'>;
type FormValues = Record<FormField, string>;

interface RuleForm {
  kind: AlertKind;
  values: FormValues;
  problems: RuleProblem[];
}

interface RuleFormBody extends Partial<FormValues> {
  soort?: string;
  geheim?: string[];
}

const formText = { type: 'string', maxLength: 20_000 } as const;

const ruleFormBody = {
  type: 'object',
  properties: {
    soort: { type: 'string', maxLength: 20 },
    ...Object.fromEntries(
      Object.values(FIELD_NAMES)
        .filter((name) => name !== 'soort')
        .map((name) => [name, formText]),
    ),
    geheim: { type: 'array', items: { type: 'string', maxLength: 20 }, maxItems: 2 },
    _csrf: { type: 'string' },
  },
} as const;

/** A decimal as typed: a Dutch decimal comma is read as a point. */
function decimal(text: string): string {
  return text.trim().replace(',', '.');
}

function numberValue(value: number, locale: Locale): string {
  const text = String(value);
  return locale === 'nl' ? text.replace('.', ',') : text;
}

function formValues(
  settings: RuleSettings,
  emailTo: readonly string[],
  webhookUrl: string | null,
  locale: Locale,
) {
  const spike = settings.kind === 'spike' ? settings : SPIKE_DEFAULTS;
  const term = settings.kind === 'term' ? settings : { ...TERM_DEFAULTS, terms: [] };
  const values: FormValues = {
    venster: numberValue(spike.windowMinutes, locale),
    basis: numberValue(spike.baselineWindows, locale),
    zscore: numberValue(spike.zScore, locale),
    factor: numberValue(spike.factor, locale),
    minimum: numberValue(spike.minCount, locale),
    woorden: term.terms.join('\n'),
    stilte: numberValue(term.quietHours, locale),
    email: emailTo.join('\n'),
    webhook: webhookUrl ?? '',
  };
  return values;
}

function emptyForm(kind: AlertKind, locale: Locale): RuleForm {
  const settings: RuleSettings =
    kind === 'spike' ? { kind, ...SPIKE_DEFAULTS } : { kind, ...TERM_DEFAULTS, terms: [] };
  return { kind, values: formValues(settings, [], null, locale), problems: [] };
}

function ruleForm(rule: AlertRule, locale: Locale): RuleForm {
  return {
    kind: rule.settings.kind,
    values: formValues(rule.settings, rule.emailTo, rule.webhookUrl, locale),
    problems: [],
  };
}

function postedForm(body: RuleFormBody, kind: AlertKind): RuleForm {
  const values = Object.fromEntries(
    Object.values(FIELD_NAMES)
      .filter((name): name is FormField => name !== 'soort')
      .map((name) => [name, body[name] ?? '']),
  ) as FormValues;
  return { kind, values, problems: [] };
}

/** The posted kind, or null for one that is not a kind (checkRule says so). */
function postedKind(body: RuleFormBody): AlertKind | null {
  return body.soort === 'spike' || body.soort === 'term' ? body.soort : null;
}

function ruleInput(form: RuleForm, posted: string | undefined): RuleInput {
  const v = form.values;
  return {
    kind: posted,
    settings:
      form.kind === 'spike'
        ? {
            windowMinutes: decimal(v.venster),
            baselineWindows: decimal(v.basis),
            zScore: decimal(v.zscore),
            factor: decimal(v.factor),
            minCount: decimal(v.minimum),
          }
        : { terms: v.woorden, quietHours: decimal(v.stilte) },
    emailTo: v.email,
    webhookUrl: v.webhook,
  };
}

function summaryOf(form: RuleForm, prefix: string, locale: Locale) {
  return Object.entries(problemsByField(form.problems, locale)).map(([field, text]) => ({
    href: `#${prefix}-${FIELD_NAMES[field as RuleField]}`,
    text,
  }));
}

function ruleFields(
  form: RuleForm,
  prefix: string,
  t: Translate,
  locale: Locale,
  withSecret: boolean,
): SafeHtml {
  const errors = problemsByField(form.problems, locale);
  const v = form.values;
  const field = (
    name: FormField,
    rule: RuleField,
    label: MessageKey,
    hint: MessageKey,
    inputmode: 'numeric' | 'decimal',
  ) =>
    textField({
      name,
      label: t(label),
      hint: t(hint),
      value: v[name],
      error: errors[rule] ?? null,
      inputmode,
      maxlength: 20,
      idPrefix: prefix,
      autocomplete: 'off',
    });
  const when =
    form.kind === 'spike'
      ? html`${field('venster', 'windowMinutes', 'alerts.form.window', 'alerts.form.windowHint', 'numeric')}
${field('minimum', 'minCount', 'alerts.form.minCount', 'alerts.form.minCountHint', 'numeric')}
${field('factor', 'factor', 'alerts.form.factor', 'alerts.form.factorHint', 'decimal')}
${field('zscore', 'zScore', 'alerts.form.zScore', 'alerts.form.zScoreHint', 'decimal')}
${field('basis', 'baselineWindows', 'alerts.form.baseline', 'alerts.form.baselineHint', 'numeric')}`
      : html`${textArea({ name: 'woorden', label: t('alerts.form.terms'), hint: t('alerts.form.termsHint'), value: v.woorden, error: errors.terms ?? null, maxlength: 20_000, idPrefix: prefix, rows: 5 })}
${field('stilte', 'quietHours', 'alerts.form.quietHours', 'alerts.form.quietHoursHint', 'decimal')}`;
  const fieldset = (legend: MessageKey, body: SafeHtml) =>
    html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset meetlat-fieldset"><legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${t(legend)}</legend>${body}</fieldset>`;
  return html`<input type="hidden" name="soort" value="${form.kind}">
${fieldset('alerts.form.when', when)}
${fieldset(
  'alerts.form.where',
  html`${textArea({ name: 'email', label: t('alerts.form.email'), hint: t('alerts.form.emailHint'), value: v.email, error: errors.emailTo ?? null, maxlength: 20_000, idPrefix: prefix, rows: 3 })}
${textField({ name: 'webhook', label: t('alerts.form.webhook'), hint: t('alerts.form.webhookHint'), value: v.webhook, error: errors.webhookUrl ?? null, type: 'url', maxlength: 2000, idPrefix: prefix, autocomplete: 'off' })}
${
  withSecret
    ? checkboxGroup({
        name: 'geheim',
        legend: t('alerts.form.secret'),
        hint: t('alerts.form.secretHint'),
        options: [{ value: 'nieuw', label: t('alerts.form.newSecret') }],
        checked: [],
        idPrefix: prefix,
      })
    : ''
}`,
)}`;
}

// ---------------------------------------------------------------------------------------------
// Parts of the pages

function rulesBase(request: FastifyRequest, search: SavedSearch): string {
  return `${listeningBase(orgOf(request))}/${search.id}/meldingen`;
}

const NOTICES: Readonly<Record<string, MessageKey>> = {
  toegevoegd: 'alerts.notice.added',
  gewijzigd: 'alerts.notice.changed',
  aan: 'alerts.notice.enabled',
  uit: 'alerts.notice.disabled',
  verwijderd: 'alerts.notice.deleted',
};

function recipientsText(rule: AlertRule, t: Translate) {
  return {
    email: rule.emailTo.length > 0 ? rule.emailTo.join(', ') : t('alerts.none'),
    webhook: rule.webhookUrl ?? t('alerts.none'),
  };
}

function rulesTable(
  rules: readonly AlertRule[],
  base: string,
  csrf: string,
  changeable: boolean,
  t: Translate,
  locale: Locale,
): SafeHtml {
  if (rules.length === 0) return html`<p class="utrecht-paragraph" id="regels">${t('alerts.rules.none')}</p>`;
  const th = (key: MessageKey) => html`<th scope="col" class="utrecht-table__header-cell">${t(key)}</th>`;
  return html`<div id="regels">${scrollingTable(
    t('alerts.rules.caption', { count: rules.length }),
    html`<thead class="utrecht-table__header"><tr class="utrecht-table__row">
${th('alerts.col.kind')}${th('alerts.col.settings')}${th('alerts.col.status')}${th('alerts.col.email')}${th('alerts.col.webhook')}${changeable ? th('alerts.col.actions') : ''}
</tr></thead>
<tbody class="utrecht-table__body">${rules.map((rule) => {
      const name = t('alerts.rule.name', { id: rule.id, kind: alertKindName(rule.settings.kind, t) });
      const hidden = html`<span class="meetlat-visually-hidden"> (${name})</span>`;
      const to = recipientsText(rule, t);
      const actions = html`<td class="utrecht-table__cell"><div class="meetlat-actions">
<a class="utrecht-link" href="${base}/${rule.id}/bewerken">${t('alerts.action.edit')}${hidden}</a>
${inlineForm(
  `${base}/${rule.id}/schakelen`,
  csrf,
  html`<input type="hidden" name="aan" value="${rule.enabled ? 'nee' : 'ja'}"><button type="submit" class="utrecht-button utrecht-button--secondary-action">${t(rule.enabled ? 'alerts.action.disable' : 'alerts.action.enable')}${hidden}</button>`,
)}
<a class="utrecht-link" href="${base}/${rule.id}/verwijderen">${t('alerts.action.delete')}${hidden}</a>
</div></td>`;
      return html`<tr class="utrecht-table__row" id="regel-${rule.id}" data-enabled="${String(rule.enabled)}">
<th scope="row" class="utrecht-table__header-cell">${alertKindName(rule.settings.kind, t)}</th>
<td class="utrecht-table__cell">${settingsText(rule.settings, t, locale)}</td>
<td class="utrecht-table__cell">${t(rule.enabled ? 'alerts.status.on' : 'alerts.status.off')}</td>
<td class="utrecht-table__cell meetlat-code">${to.email}</td>
<td class="utrecht-table__cell meetlat-code">${to.webhook}</td>
${changeable ? actions : ''}
</tr>`;
    })}</tbody>`,
  )}</div>`;
}

/** The secret just set, shown once, with how a receiver checks a call. */
function secretShown(secret: string, t: Translate): SafeHtml {
  return html`<section class="utrecht-alert utrecht-alert--warning meetlat-secret" aria-labelledby="geheim"><div class="utrecht-alert__content">
<h2 class="utrecht-heading-2" id="geheim">${t('alerts.secret.title')}</h2>
<p class="utrecht-paragraph">${t('alerts.secret.once')}</p>
<p class="utrecht-paragraph">${t('alerts.secret.label')}: <code class="meetlat-code meetlat-secret__value" id="geheim-waarde">${secret}</code></p>
<p class="utrecht-paragraph">${t('alerts.secret.verify')}</p>
<p class="utrecht-paragraph"><code class="meetlat-code">${t('alerts.secret.header')}</code></p>
</div></section>`;
}

// ---------------------------------------------------------------------------------------------
// The pages

interface RulesPageState {
  /** A form that was refused, shown with its problems. */
  form?: RuleForm | null;
  /** A webhook secret just set: shown this once. */
  secret?: string | null;
  notice?: MessageKey | null;
}

async function rulesPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  search: SavedSearch,
  state: RulesPageState = {},
) {
  const org = orgOf(request);
  const t = translate(request);
  const locale = localeOf(request);
  const base = rulesBase(request, search);
  const dashboard = `${listeningBase(org)}/${search.id}`;
  const rules = await listAlertRules(context.db, org.id, search.id);
  const changeable = mayChange(request, search);
  const refused = state.form ?? null;
  const forms = (['spike', 'term'] as const).map((kind) => {
    const prefix = kind === 'spike' ? 'piek' : 'woorden';
    const form = refused?.kind === kind ? refused : emptyForm(kind, locale);
    return { kind, prefix, form };
  });
  const summary = forms.flatMap(({ prefix, form }) => summaryOf(form, prefix, locale));
  return sendPage(request, reply, context, {
    title: t('alerts.rules.title', { name: search.name }),
    active: 'listening',
    status: refused ? 400 : 200,
    notice: state.notice
      ? { kind: 'ok', text: t(state.notice) }
      : refused
        ? null
        : noticeOf(request, t, NOTICES),
    main: (csrf) => html`${errorSummary(t, summary)}
${state.secret ? secretShown(state.secret, t) : ''}
<p class="utrecht-paragraph">${t('alerts.rules.intro')}</p>
${rulesTable(rules, base, csrf, changeable, t, locale)}
${
  changeable
    ? forms.map(
        ({
          kind,
          prefix,
          form,
        }) => html`<h2 class="utrecht-heading-2" id="${prefix}-soort">${t(kind === 'spike' ? 'alerts.add.spike' : 'alerts.add.term')}</h2>
<p class="utrecht-paragraph">${t(kind === 'spike' ? 'alerts.add.spikeIntro' : 'alerts.add.termIntro')}</p>
${postForm(base, csrf, html`${ruleFields(form, prefix, t, locale, false)}${submitButton(t('alerts.add.submit'))}`, t(kind === 'spike' ? 'alerts.add.spike' : 'alerts.add.term'))}`,
      )
    : ''
}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${orgBase(org)}/meldingen">${t('alerts.inbox.link')}</a> · <a class="utrecht-link" href="${dashboard}">${t('listening.backToDashboard')}</a></p>`,
  });
}

async function editPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  search: SavedSearch,
  rule: AlertRule,
  form: RuleForm,
) {
  const t = translate(request);
  const locale = localeOf(request);
  const base = `${rulesBase(request, search)}/${rule.id}`;
  return sendPage(request, reply, context, {
    title: t('alerts.edit.title', { name: search.name }),
    active: 'listening',
    status: form.problems.length > 0 ? 400 : 200,
    main: (csrf) => html`${errorSummary(t, summaryOf(form, 'wijzig', locale))}
<p class="utrecht-paragraph" id="wijzig-soort">${alertKindName(rule.settings.kind, t)}: ${settingsText(rule.settings, t, locale)}</p>
<p class="utrecht-paragraph">${t('alerts.edit.intro')}</p>
${postForm(`${base}/bewerken`, csrf, html`${ruleFields(form, 'wijzig', t, locale, rule.webhookUrl !== null)}${submitButton(t('form.save'))}`, t('alerts.edit.form'))}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${base}/verwijderen">${t('alerts.action.delete')}</a> · <a class="utrecht-link" href="${rulesBase(request, search)}">${t('alerts.back')}</a></p>`,
  });
}

// ---------------------------------------------------------------------------------------------
// Routes

interface SearchRule {
  search: SavedSearch;
  rule: AlertRule;
}

/** The rule of the URL, on the search of the URL, which the viewer may change (else 403). */
async function changeableRule(request: FastifyRequest, context: ServerContext): Promise<SearchRule> {
  const { id, ruleId } = request.params as { id: number; ruleId: number };
  const found = await loadRule(request, context, ruleId);
  if (found.search.id !== id) throw new HttpError(404, 'not_found');
  if (!mayChange(request, found.search)) throw new HttpError(403, 'forbidden');
  return found;
}

export const alertPageRoutes = routes([
  {
    method: 'GET',
    url: '/o/:org/luisteren/:id/meldingen',
    kind: 'page',
    access: { kind: 'org', permission: 'messages.read' },
    schema: { params: searchParams },
    async handler(request, reply, context) {
      const search = await loadSearch(request, context, (request.params as { id: number }).id);
      return rulesPage(request, reply, context, search);
    },
  },
  {
    method: 'POST',
    url: '/o/:org/luisteren/:id/meldingen',
    kind: 'form',
    access: { kind: 'org', permission: 'searches.manage' },
    schema: { params: searchParams, body: ruleFormBody },
    async handler(request, reply, context) {
      const search = await loadSearch(request, context, (request.params as { id: number }).id);
      const body = request.body as RuleFormBody;
      const form = postedForm(body, postedKind(body) ?? 'spike');
      const outcome = await addRule(request, context, search, ruleInput(form, body.soort));
      if (!outcome.ok)
        return rulesPage(request, reply, context, search, { form: { ...form, problems: outcome.problems } });
      if (outcome.webhookSecret)
        return rulesPage(request, reply, context, search, {
          secret: outcome.webhookSecret,
          notice: 'alerts.notice.added',
        });
      return seeOther(reply, `${rulesBase(request, search)}?melding=toegevoegd#regel-${outcome.rule.id}`);
    },
  },
  {
    method: 'GET',
    url: '/o/:org/luisteren/:id/meldingen/:ruleId/bewerken',
    kind: 'page',
    access: { kind: 'org', permission: 'searches.manage' },
    schema: { params: searchRuleParams },
    async handler(request, reply, context) {
      const { search, rule } = await changeableRule(request, context);
      return editPage(request, reply, context, search, rule, ruleForm(rule, localeOf(request)));
    },
  },
  {
    method: 'POST',
    url: '/o/:org/luisteren/:id/meldingen/:ruleId/bewerken',
    kind: 'form',
    access: { kind: 'org', permission: 'searches.manage' },
    schema: { params: searchRuleParams, body: ruleFormBody },
    async handler(request, reply, context) {
      const { search, rule } = await changeableRule(request, context);
      const body = request.body as RuleFormBody;
      const form = postedForm(body, postedKind(body) ?? rule.settings.kind);
      const outcome = await changeRule(
        request,
        context,
        rule.id,
        () => ruleInput(form, body.soort),
        body.geheim?.includes('nieuw') === true,
      );
      if (!outcome.ok)
        return editPage(request, reply, context, search, rule, { ...form, problems: outcome.problems });
      if (outcome.webhookSecret)
        return rulesPage(request, reply, context, search, {
          secret: outcome.webhookSecret,
          notice: 'alerts.notice.changed',
        });
      return seeOther(reply, `${rulesBase(request, search)}?melding=gewijzigd#regel-${rule.id}`);
    },
  },
  {
    method: 'POST',
    url: '/o/:org/luisteren/:id/meldingen/:ruleId/schakelen',
    kind: 'form',
    access: { kind: 'org', permission: 'searches.manage' },
    schema: {
      params: searchRuleParams,
      body: {
        type: 'object',
        properties: { aan: { enum: ['ja', 'nee'] }, _csrf: { type: 'string' } },
      },
    },
    async handler(request, reply, context) {
      const { search, rule } = await changeableRule(request, context);
      const on = (request.body as { aan?: string }).aan === 'ja';
      await switchRule(request, context, rule.id, on);
      return seeOther(reply, `${rulesBase(request, search)}?melding=${on ? 'aan' : 'uit'}#regel-${rule.id}`);
    },
  },
  {
    method: 'GET',
    url: '/o/:org/luisteren/:id/meldingen/:ruleId/verwijderen',
    kind: 'page',
    access: { kind: 'org', permission: 'searches.manage' },
    schema: { params: searchRuleParams },
    async handler(request, reply, context) {
      const { search, rule } = await changeableRule(request, context);
      const t = translate(request);
      const locale = localeOf(request);
      const base = rulesBase(request, search);
      const to = recipientsText(rule, t);
      const item = (key: MessageKey, value: string) =>
        html`<div class="utrecht-data-list__item"><dt class="utrecht-data-list__item-key">${t(key)}</dt><dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">${value}</dd></div>`;
      return sendPage(request, reply, context, {
        title: t('alerts.delete.title'),
        active: 'listening',
        main: (
          csrf,
        ) => html`<p class="utrecht-paragraph">${t('alerts.delete.intro', { name: search.name })}</p>
<dl class="utrecht-data-list meetlat-facts">
${item('alerts.col.kind', alertKindName(rule.settings.kind, t))}
${item('alerts.col.settings', settingsText(rule.settings, t, locale))}
${item('alerts.col.email', to.email)}
${item('alerts.col.webhook', to.webhook)}
</dl>
${postForm(`${base}/${rule.id}/verwijderen`, csrf, submitButton(t('alerts.delete.submit'), 'danger'), t('alerts.delete.title'))}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${base}">${t('alerts.delete.cancel')}</a></p>`,
      });
    },
  },
  {
    method: 'POST',
    url: '/o/:org/luisteren/:id/meldingen/:ruleId/verwijderen',
    kind: 'form',
    access: { kind: 'org', permission: 'searches.manage' },
    schema: { params: searchRuleParams },
    async handler(request, reply, context) {
      const { search, rule } = await changeableRule(request, context);
      await removeRule(request, context, rule.id);
      return seeOther(reply, `${rulesBase(request, search)}?melding=verwijderd`);
    },
  },
]);
