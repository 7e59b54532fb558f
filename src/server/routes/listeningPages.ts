import type { FastifyReply, FastifyRequest } from 'fastify';
import { allows } from '../../identity/roles.ts';
import { html, type SafeHtml } from '../../report/html.ts';
import { conversationOf } from '../../search/messages.ts';
import {
  describeQueryError,
  describeQueryNotice,
  highlightTargets,
  parseQuery,
} from '../../search/query/index.ts';
import type { SentimentLabel } from '../../sentiment/analyse.ts';
import { listSavedSearches, type SavedSearch } from '../../store/savedSearches.ts';
import { postForm, submitButton, textField } from '../../web/forms.ts';
import type { Locale, MessageKey, Translate } from '../../web/i18n/index.ts';
import { alert } from '../../web/layout.ts';
import { localeOf, localPath, seeOther, sendPage, translate } from '../../web/render.ts';
import { scrollingTable } from '../../web/tables.ts';
import { type OrgScope, routes } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { inlineForm, orgOf } from './audit.ts';
import {
  changeSearch,
  correctFor,
  createSearch,
  loadSearch,
  mayChange,
  messageParams,
  NAME_MAX,
  newSinceViewed,
  organisationMessages,
  PLATFORMS,
  problemText,
  removeSearch,
  SENTIMENTS,
  type SearchInput,
  type SearchProblem,
  searchParams,
} from './listening.ts';
import {
  checkboxGroup,
  errorSummary,
  formatCount,
  messageList,
  pager,
  platformName,
  radioGroup,
} from './listeningView.ts';

/**
 * Listening's pages: the saved searches with what is new to the user, an ad-hoc search with its
 * hits, saving, changing and deleting a search, the query language's help, a message's whole
 * conversation, and the form that corrects a message's sentiment. (A search's dashboard is in
 * listeningDashboard.ts.) Forms post, are audited, and answer with a 303 and a confirmation.
 */

export const PAGE_SIZE = 25;

export function listeningBase(org: OrgScope): string {
  return `/o/${encodeURIComponent(org.code)}/luisteren`;
}

export function orgBase(org: OrgScope): string {
  return `/o/${encodeURIComponent(org.code)}`;
}

/** This page's path without the confirmation it was opened with (where a form comes back to). */
export function backPath(request: FastifyRequest): string {
  const url = new URL(request.url, 'http://meetlat.invalid');
  url.searchParams.delete('melding');
  return localPath(`${url.pathname}${url.search}`);
}

const NOTICES: Readonly<Record<string, MessageKey>> = {
  opgeslagen: 'listening.notice.saved',
  gewijzigd: 'listening.notice.changed',
  verwijderd: 'listening.notice.deleted',
  sentiment: 'listening.notice.sentiment',
};

/** The confirmation a redirect after a form asked for (`?melding=`), from `notices`. */
export function noticeOf(
  request: FastifyRequest,
  t: Translate,
  notices: Readonly<Record<string, MessageKey>> = NOTICES,
): { kind: 'ok'; text: string } | null {
  const asked = (request.query as { melding?: string } | undefined)?.melding ?? '';
  const key = Object.hasOwn(notices, asked) ? notices[asked] : undefined;
  return key ? { kind: 'ok', text: t(key) } : null;
}

export function canCorrect(request: FastifyRequest): boolean {
  const org = orgOf(request);
  return allows(org.role, request.viewer?.user.superbeheerder ?? false, 'sentiment.correct');
}

function canManage(request: FastifyRequest): boolean {
  const org = orgOf(request);
  return allows(org.role, request.viewer?.user.superbeheerder ?? false, 'searches.manage');
}

/** `1` for anything that is not a page number. */
export function pageNumber(value: unknown): number {
  const n = typeof value === 'string' ? Number.parseInt(value, 10) : Number.NaN;
  return Number.isFinite(n) && n >= 1 && n <= 10_000 ? n : 1;
}

// ---------------------------------------------------------------------------------------------
// The search form (saving and changing)

interface FormState {
  values: SearchInput;
  problems: SearchProblem[];
}

const FIELD_NAMES: Readonly<Record<SearchProblem['field'], string>> = {
  name: 'naam',
  query: 'zoekvraag',
  platforms: 'platform',
  shared: 'zichtbaarheid',
};

function summaryOf(form: FormState, prefix: string, t: Translate, locale: Locale) {
  return form.problems.map((p) => ({
    href: `#${prefix}-${FIELD_NAMES[p.field]}`,
    text: problemText(p, t, locale),
  }));
}

function searchFields(form: FormState, prefix: string, t: Translate, locale: Locale): SafeHtml {
  const error = (field: SearchProblem['field']) => {
    const problem = form.problems.find((p) => p.field === field);
    return problem ? problemText(problem, t, locale) : null;
  };
  return html`${textField({ name: 'naam', label: t('listening.form.name'), value: form.values.name, required: true, error: error('name'), maxlength: NAME_MAX, idPrefix: prefix, autocomplete: 'off' })}
${textField({ name: 'zoekvraag', label: t('listening.form.query'), value: form.values.query, required: true, hint: t('listening.form.queryHint'), error: error('query'), maxlength: 2000, idPrefix: prefix, autocomplete: 'off' })}
${checkboxGroup({
  name: 'platform',
  legend: t('listening.form.platforms'),
  hint: t('listening.form.platformsHint'),
  options: PLATFORMS.map((p) => ({ value: p, label: platformName(p) })),
  checked: form.values.platforms,
  idPrefix: prefix,
  error: error('platforms'),
})}
${radioGroup({
  name: 'zichtbaarheid',
  legend: t('listening.form.visibility'),
  options: [
    { value: 'gedeeld', label: t('listening.form.shared') },
    { value: 'prive', label: t('listening.form.private') },
  ],
  value: form.values.shared ? 'gedeeld' : 'prive',
  idPrefix: prefix,
  error: error('shared'),
})}`;
}

interface SearchForm {
  naam?: string;
  zoekvraag?: string;
  platform?: string[];
  zichtbaarheid?: string;
}

function formInput(body: SearchForm): SearchInput {
  return {
    name: body.naam ?? '',
    query: body.zoekvraag ?? '',
    platforms: body.platform ?? [],
    shared: body.zichtbaarheid !== 'prive',
  };
}

const formText = { type: 'string', maxLength: 10_000 } as const;

const searchFormBody = {
  type: 'object',
  properties: {
    naam: formText,
    zoekvraag: formText,
    platform: { type: 'array', items: { type: 'string', maxLength: 40 }, maxItems: 20 },
    zichtbaarheid: { type: 'string', maxLength: 20 },
    _csrf: { type: 'string' },
  },
} as const;

// ---------------------------------------------------------------------------------------------
// The listening page: saved searches, ad-hoc search, saving

function searchesTable(
  rows: { search: SavedSearch; fresh: number | null; changeable: boolean }[],
  base: string,
  t: Translate,
  locale: Locale,
): SafeHtml {
  if (rows.length === 0) return html`<p class="utrecht-paragraph">${t('listening.searches.none')}</p>`;
  return scrollingTable(
    t('listening.searches.caption', { count: rows.length }),
    html`<thead class="utrecht-table__header"><tr class="utrecht-table__row">
<th scope="col" class="utrecht-table__header-cell">${t('listening.col.name')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('listening.col.query')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('listening.col.platforms')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('listening.col.owner')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('listening.col.visibility')}</th>
<th scope="col" class="utrecht-table__header-cell utrecht-table__cell--numeric-column">${t('listening.col.new')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('listening.col.actions')}</th>
</tr></thead>
<tbody class="utrecht-table__body">${rows.map(
      ({ search, fresh, changeable }) => html`<tr class="utrecht-table__row" id="zoekopdracht-${search.id}">
<th scope="row" class="utrecht-table__header-cell"><a class="utrecht-link" href="${base}/${search.id}">${search.name}</a></th>
<td class="utrecht-table__cell meetlat-code">${search.query}</td>
<td class="utrecht-table__cell">${search.platforms.length === 0 ? t('listening.platforms.all') : search.platforms.map(platformName).join(', ')}</td>
<td class="utrecht-table__cell">${search.ownerName ?? '–'}</td>
<td class="utrecht-table__cell">${search.shared ? t('listening.shared') : t('listening.private')}</td>
<td class="utrecht-table__cell utrecht-table__cell--numeric-data" data-new="${fresh ?? ''}">${fresh === null ? '–' : formatCount(fresh, locale)}</td>
<td class="utrecht-table__cell">${changeable ? html`<a class="utrecht-link" href="${base}/${search.id}/bewerken">${t('listening.edit')}<span class="meetlat-visually-hidden"> ${search.name}</span></a>` : '–'}</td>
</tr>`,
    )}</tbody>`,
  );
}

async function listPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  form: FormState | null = null,
) {
  const org = orgOf(request);
  const viewer = request.viewer;
  if (!viewer) throw new HttpError(401, 'login');
  const t = translate(request);
  const locale = localeOf(request);
  const base = listeningBase(org);
  const asked = request.query as { q?: string; pagina?: string };
  const q = form ? '' : (asked.q ?? '').trim();
  const page = pageNumber(asked.pagina);
  const searches = await listSavedSearches(context.db, org.id, viewer.user.id);
  const rows: { search: SavedSearch; fresh: number | null; changeable: boolean }[] = [];
  for (const search of searches) {
    rows.push({
      search,
      fresh: await newSinceViewed(context, org.id, viewer.user.id, search),
      changeable: mayChange(request, search),
    });
  }
  const parsed = q ? parseQuery(q) : null;
  const queryError = parsed && !parsed.ok ? describeQueryError(parsed.error, locale) : null;
  const found =
    parsed?.ok === true
      ? await organisationMessages(
          context,
          org.id,
          parsed.query,
          { platforms: [] },
          { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
        )
      : null;
  const manage = canManage(request);
  const saveForm: FormState = form ?? {
    values: { name: '', query: parsed?.ok ? q : '', platforms: [], shared: true },
    problems: [],
  };
  const summary = queryError
    ? [{ href: '#zoek-q', text: queryError }]
    : form
      ? summaryOf(form, 'nieuw', t, locale)
      : [];
  const results = (csrf: string) => {
    if (!parsed?.ok || !found) return '';
    const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
    const href = (p: number) => `${base}?${new URLSearchParams({ q, pagina: String(p) })}#resultaten`;
    return html`<section aria-labelledby="resultaten">
<h3 class="utrecht-heading-3" id="resultaten">${t('listening.results.title', { count: formatCount(found.total, locale) })}</h3>
${parsed.query.notices.map((n) => alert('info', describeQueryNotice(n, locale)))}
${found.total === 0 && found.onlyStopWords ? alert('info', t('search.stopWordsOnly')) : ''}
${messageList(found.messages, {
  t,
  locale,
  csrf,
  targets: highlightTargets(parsed.query),
  orgBase: orgBase(org),
  canCorrect: canCorrect(request),
  back: backPath(request),
  conversationLinks: true,
})}
${pager(t, page, pages, href, t('listening.results.paging'))}
</section>`;
  };
  return sendPage(request, reply, context, {
    title: t('listening.title'),
    active: 'listening',
    status: form ? 400 : queryError ? 400 : 200,
    notice: form ? null : noticeOf(request, t),
    main: (csrf) => html`${errorSummary(t, summary)}
<p class="utrecht-paragraph">${t('listening.intro')} <a class="utrecht-link" href="${base}/hulp">${t('listening.helpLink')}</a></p>
<h2 class="utrecht-heading-2">${t('listening.searches.title')}</h2>
${searchesTable(rows, base, t, locale)}
<h2 class="utrecht-heading-2" id="zoeken">${t('listening.search.title')}</h2>
<form method="get" action="${base}" class="meetlat-form" role="search" aria-labelledby="zoeken">
${textField({ name: 'q', label: t('listening.search.label'), value: q, hint: t('listening.form.queryHint'), error: queryError, maxlength: 2000, idPrefix: 'zoek', autocomplete: 'off' })}
${submitButton(t('listening.search.submit'))}
</form>
${results(csrf)}
${
  manage
    ? html`<h2 class="utrecht-heading-2" id="opslaan">${t('listening.save.title')}</h2>
${postForm(base, csrf, html`${searchFields(saveForm, 'nieuw', t, locale)}${submitButton(t('listening.save.submit'))}`, t('listening.save.title'))}`
    : ''
}`,
  });
}

// ---------------------------------------------------------------------------------------------
// Changing and deleting a search

async function editPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  search: SavedSearch,
  form: FormState,
) {
  const org = orgOf(request);
  const t = translate(request);
  const locale = localeOf(request);
  const base = `${listeningBase(org)}/${search.id}`;
  return sendPage(request, reply, context, {
    title: t('listening.edit.title', { name: search.name }),
    active: 'listening',
    status: form.problems.length > 0 ? 400 : 200,
    main: (csrf) => html`${errorSummary(t, summaryOf(form, 'wijzig', t, locale))}
${postForm(`${base}/bewerken`, csrf, html`${searchFields(form, 'wijzig', t, locale)}${submitButton(t('form.save'))}`, t('listening.edit.form'))}
<h2 class="utrecht-heading-2">${t('listening.delete.title')}</h2>
<p class="utrecht-paragraph">${t('listening.delete.intro')}</p>
${inlineForm(`${base}/verwijderen`, csrf, submitButton(t('listening.delete.submit'), 'danger'))}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${base}">${t('listening.backToDashboard')}</a></p>`,
  });
}

async function changeableSearch(request: FastifyRequest, context: ServerContext): Promise<SavedSearch> {
  const search = await loadSearch(request, context, (request.params as { id: number }).id);
  if (!mayChange(request, search)) throw new HttpError(403, 'forbidden');
  return search;
}

// ---------------------------------------------------------------------------------------------
// Routes

/** `path` with `melding=<notice>` added and the message to scroll to. */
export function withNotice(path: string, notice: string, anchor = ''): string {
  const url = new URL(localPath(path), 'http://meetlat.invalid');
  url.searchParams.set('melding', notice);
  return `${url.pathname}${url.search}${anchor}`;
}

export const listeningPageRoutes = routes([
  {
    method: 'GET',
    url: '/o/:org/luisteren',
    kind: 'page',
    access: { kind: 'org', permission: 'messages.read' },
    schema: {
      querystring: {
        type: 'object',
        properties: {
          q: { type: 'string', maxLength: 10_000 },
          pagina: { type: 'string', maxLength: 10 },
          melding: { type: 'string', maxLength: 40 },
        },
      },
    },
    async handler(request, reply, context) {
      return listPage(request, reply, context);
    },
  },
  {
    method: 'POST',
    url: '/o/:org/luisteren',
    kind: 'form',
    access: { kind: 'org', permission: 'searches.manage' },
    schema: { body: searchFormBody },
    async handler(request, reply, context) {
      const input = formInput(request.body as SearchForm);
      const outcome = await createSearch(request, context, input);
      if (!outcome.ok)
        return listPage(request, reply, context, { values: input, problems: outcome.problems });
      return seeOther(reply, `${listeningBase(orgOf(request))}/${outcome.search.id}?melding=opgeslagen`);
    },
  },
  {
    method: 'GET',
    url: '/o/:org/luisteren/:id/bewerken',
    kind: 'page',
    access: { kind: 'org', permission: 'searches.manage' },
    schema: { params: searchParams },
    async handler(request, reply, context) {
      const search = await changeableSearch(request, context);
      return editPage(request, reply, context, search, {
        values: {
          name: search.name,
          query: search.query,
          platforms: search.platforms,
          shared: search.shared,
        },
        problems: [],
      });
    },
  },
  {
    method: 'POST',
    url: '/o/:org/luisteren/:id/bewerken',
    kind: 'form',
    access: { kind: 'org', permission: 'searches.manage' },
    schema: { params: searchParams, body: searchFormBody },
    async handler(request, reply, context) {
      const search = await changeableSearch(request, context);
      const input = formInput(request.body as SearchForm);
      const outcome = await changeSearch(request, context, search.id, input);
      if (!outcome.ok)
        return editPage(request, reply, context, search, { values: input, problems: outcome.problems });
      return seeOther(reply, `${listeningBase(orgOf(request))}/${search.id}?melding=gewijzigd`);
    },
  },
  {
    method: 'POST',
    url: '/o/:org/luisteren/:id/verwijderen',
    kind: 'form',
    access: { kind: 'org', permission: 'searches.manage' },
    schema: { params: searchParams },
    async handler(request, reply, context) {
      await removeSearch(request, context, (request.params as { id: number }).id);
      return seeOther(reply, `${listeningBase(orgOf(request))}?melding=verwijderd`);
    },
  },
  {
    method: 'GET',
    url: '/o/:org/gesprekken/:messageId',
    kind: 'page',
    access: { kind: 'org', permission: 'messages.read' },
    schema: { params: messageParams },
    async handler(request, reply, context) {
      const org = orgOf(request);
      const { messageId } = request.params as { messageId: number };
      const conversation = await conversationOf(context.db, org.id, messageId);
      if (!conversation) throw new HttpError(404, 'not_found');
      const t = translate(request);
      const locale = localeOf(request);
      return sendPage(request, reply, context, {
        title: t('listening.conversation.title', { platform: platformName(conversation.message.platform) }),
        active: 'listening',
        notice: noticeOf(request, t),
        main: (
          csrf,
        ) => html`<p class="utrecht-paragraph">${t('listening.conversation.intro', { count: formatCount(conversation.messages.length, locale) })}</p>
${conversation.more ? alert('info', t('listening.conversation.more', { count: formatCount(conversation.messages.length, locale) })) : ''}
${messageList(conversation.messages, {
  t,
  locale,
  csrf,
  targets: null,
  orgBase: orgBase(org),
  canCorrect: canCorrect(request),
  back: backPath(request),
  conversationLinks: false,
  current: messageId,
})}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${listeningBase(org)}">${t('listening.back')}</a></p>`,
      });
    },
  },
  {
    method: 'POST',
    url: '/o/:org/berichten/:messageId/sentiment',
    kind: 'form',
    access: { kind: 'org', permission: 'sentiment.correct' },
    schema: {
      params: messageParams,
      body: {
        type: 'object',
        properties: {
          sentiment: { enum: [...SENTIMENTS] },
          terug: { type: 'string', maxLength: 4000 },
          _csrf: { type: 'string' },
        },
        required: ['sentiment'],
      },
    },
    async handler(request, reply, context) {
      const { messageId } = request.params as { messageId: number };
      const body = request.body as { sentiment: SentimentLabel; terug?: string };
      await correctFor(request, context, messageId, body.sentiment);
      const back = body.terug ? localPath(body.terug) : `${orgBase(orgOf(request))}/gesprekken/${messageId}`;
      return seeOther(reply, withNotice(back, 'sentiment', `#bericht-${messageId}`));
    },
  },
]);
