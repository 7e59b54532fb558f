import type { FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../../report/html.ts';
import { describeQueryError, SEARCH_PLATFORMS } from '../../search/query/index.ts';
import type { CaseSummary } from '../../store/caseList.ts';
import { INBOX_VIEWS, inboxCounts, listInbox, SLA_FILTERS } from '../../store/inbox.ts';
import { selectField, submitButton, textField } from '../../web/forms.ts';
import { localeOf, sendPage } from '../../web/render.ts';
import { scrollingTable } from '../../web/tables.ts';
import { routes } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { orgOf, timeHtml } from './audit.ts';
import { SENTIMENTS } from './listening.ts';
import { formatCount, pager, platformName, sentimentName } from './listeningView.ts';
import {
  caseActor,
  categoriesOf,
  INBOX_PAGE_SIZE,
  type InboxQuery,
  inboxRequest,
  may,
  ownAccounts,
} from './webcare.ts';
import { caseSla } from './webcareSchemas.ts';

import {
  base,
  casePath,
  liveStatus,
  SLA_KEYS,
  STATUS_KEYS,
  shortcutHelp,
  slaBadge,
  VIEW_KEYS,
} from './webcareView.ts';

/**
 * The webcare inbox at `/o/:org/webcare`: a tab per view with its count, filters and search in a
 * GET form, the cases in a table (the longest-waiting citizen first in the views that are work),
 * paged; links to the figures, canned answers and settings for who may open them.
 */

function inboxUrl(request: FastifyRequest, query: Record<string, string | undefined>): string {
  const url = new URL(base(request), 'http://meetlat.invalid');
  for (const [k, v] of Object.entries(query)) if (v) url.searchParams.set(k, v);
  return `${url.pathname}${url.search}`;
}

async function inboxPage(request: FastifyRequest, reply: FastifyReply, context: ServerContext) {
  const org = orgOf(request);
  const locale = localeOf(request);
  const query = request.query as InboxQuery;
  const asked = inboxRequest(query, 'nieuw');
  const viewerId = caseActor(request).userId;
  const now = new Date();
  const [page, counts, accounts, categories] = await Promise.all([
    asked.searchError
      ? Promise.resolve({ total: 0, cases: [] as CaseSummary[] })
      : listInbox(context.db, {
          organisationId: org.id,
          viewerId,
          view: asked.view,
          filter: asked.filter,
          limit: INBOX_PAGE_SIZE,
          offset: (asked.page - 1) * INBOX_PAGE_SIZE,
          now,
        }),
    inboxCounts(context.db, org.id, viewerId),
    ownAccounts(context.db, org.id),
    categoriesOf(context.db, org.id),
  ]);
  const kept = { ...query, pagina: undefined } as Record<string, string | undefined>;
  const pages = Math.max(1, Math.ceil(page.total / INBOX_PAGE_SIZE));
  return sendPage(request, reply, context, {
    title: 'Webcare',
    active: 'webcare',
    scripts: ['/assets/webcare.js'],
    main: (_csrf, t) => {
      const any = { value: '', label: t('webcare.filter.any') };
      const tabs = html`<nav class="meetlat-tabs" id="weergaven" aria-label="${t('webcare.views')}"><ul class="utrecht-nav-list">${INBOX_VIEWS.map(
        (view) =>
          html`<li class="utrecht-nav-list__item"><a class="utrecht-nav-list__link utrecht-link" href="${inboxUrl(request, { ...kept, weergave: view })}"${view === asked.view ? html` aria-current="page"` : ''}>${t('webcare.view.count', { view: t(VIEW_KEYS[view]), count: formatCount(counts[view], locale) })}</a></li>`,
      )}</ul></nav>`;
      const filters = html`<form method="get" action="${base(request)}" class="meetlat-form meetlat-filters" aria-label="${t('webcare.filters')}">
<input type="hidden" name="weergave" value="${asked.view}">
${textField({ idPrefix: 'filter', name: 'zoek', label: t('webcare.filter.query'), value: asked.search, hint: t('webcare.filter.query.hint'), error: asked.searchError ? describeQueryError(asked.searchError, locale) : null, maxlength: 2000 })}
${selectField({ name: 'kanaal', label: t('webcare.filter.platform'), value: asked.filter.platform ?? '', options: [any, ...SEARCH_PLATFORMS.map((p) => ({ value: p, label: platformName(p) }))] })}
${selectField({ name: 'account', label: t('webcare.filter.account'), value: asked.filter.accountId ? String(asked.filter.accountId) : '', options: [any, ...accounts.map((a) => ({ value: String(a.id), label: `${platformName(a.platform)}: ${a.handle}` }))] })}
${selectField({ name: 'categorie', label: t('webcare.filter.category'), value: asked.filter.category ?? '', options: [any, ...categories.map((c) => ({ value: c, label: c }))] })}
${textField({ name: 'label', label: t('webcare.filter.tag'), value: asked.filter.tag ?? '', maxlength: 100 })}
${selectField({ name: 'norm', label: t('webcare.filter.sla'), value: asked.filter.sla ?? '', options: [any, ...SLA_FILTERS.map((s) => ({ value: s, label: t(SLA_KEYS[s]) }))] })}
${selectField({ name: 'sentiment', label: t('webcare.filter.sentiment'), value: asked.filter.sentiment ?? '', options: [any, ...SENTIMENTS.map((s) => ({ value: s, label: sentimentName(s, t) }))] })}
<p class="utrecht-button-group">${submitButton(t('webcare.filter.submit'), 'secondary')} <a class="utrecht-link" href="${inboxUrl(request, { weergave: asked.view })}">${t('webcare.filter.reset')}</a></p>
</form>`;
      const caption = t('webcare.list.caption', {
        view: t(VIEW_KEYS[asked.view]),
        count: formatCount(page.total, locale),
      });
      const table =
        page.cases.length === 0
          ? html`<p class="utrecht-paragraph" id="zaken">${t('webcare.list.none')}</p>`
          : html`<div id="zaken">${scrollingTable(
              caption,
              html`<thead class="utrecht-table__header"><tr class="utrecht-table__row">
<th class="utrecht-table__header-cell" scope="col">${t('webcare.col.number')}</th>
<th class="utrecht-table__header-cell" scope="col">${t('webcare.col.citizen')}</th>
<th class="utrecht-table__header-cell" scope="col">${t('webcare.col.channel')}</th>
<th class="utrecht-table__header-cell" scope="col">${t('webcare.col.status')}</th>
<th class="utrecht-table__header-cell" scope="col">${t('webcare.col.waiting')}</th>
<th class="utrecht-table__header-cell" scope="col">${t('webcare.col.due')}</th>
<th class="utrecht-table__header-cell" scope="col">${t('webcare.col.sla')}</th>
<th class="utrecht-table__header-cell" scope="col">${t('webcare.col.assignee')}</th>
<th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">${t('webcare.col.messages')}</th>
</tr></thead><tbody class="utrecht-table__body">${page.cases.map(
                (
                  c,
                ) => html`<tr class="utrecht-table__row" data-case="${c.id}" data-case-row="${c.id}" data-version="${c.version}">
<th class="utrecht-table__header-cell" scope="row"><a class="utrecht-link" href="${casePath(request, c.id)}">${c.number}</a></th>
<td class="utrecht-table__cell">${c.citizenHandle ?? t('webcare.unknownCitizen')}</td>
<td class="utrecht-table__cell">${platformName(c.platform)}${c.accountHandle ? html` <span class="meetlat-muted">${c.accountHandle}</span>` : ''}</td>
<td class="utrecht-table__cell">${t(STATUS_KEYS[c.status])}</td>
<td class="utrecht-table__cell">${timeHtml(c.waitingSince, locale)}</td>
<td class="utrecht-table__cell">${timeHtml(c.waitingSince ? c.responseDueAt : null, locale)}</td>
<td class="utrecht-table__cell">${slaBadge(caseSla(c, now), t)}</td>
<td class="utrecht-table__cell">${c.assignee?.name ?? t('webcare.nobody')}</td>
<td class="utrecht-table__cell utrecht-table__cell--numeric">${formatCount(c.messages, locale)}</td>
</tr>`,
              )}</tbody>`,
            )}</div>`;
      const links = [
        may(request, 'webcare.figures')
          ? html`<a class="utrecht-link" href="${base(request)}/cijfers">${t('webcare.figures.title')}</a>`
          : '',
        may(request, 'cases.work')
          ? html`<a class="utrecht-link" href="${base(request)}/antwoorden">${t('webcare.canned.title')}</a>`
          : '',
        may(request, 'org.settings')
          ? html`<a class="utrecht-link" href="${base(request)}/instellingen">${t('webcare.settings.link')}</a>`
          : '',
      ].filter((l) => l !== '');
      return html`<div data-live="${base(request)}/live">${liveStatus(t)}
<p class="utrecht-paragraph utrecht-paragraph--lead">${t('webcare.intro')}</p>
${links.length ? html`<ul class="utrecht-unordered-list meetlat-inline-list">${links.map((l) => html`<li>${l}</li>`)}</ul>` : ''}
${tabs}
<details class="meetlat-details meetlat-filters-box"${asked.search || Object.keys(asked.filter).length > 0 ? html` open` : ''}><summary>${t('webcare.filters')}</summary>${filters}</details>
${table}
${pager(t, asked.page, pages, (p) => inboxUrl(request, { ...kept, pagina: String(p) }), t('webcare.list.pages'))}
${shortcutHelp(t, ['j', 'k', '/'])}</div>`;
    },
  });
}

export const webcareInboxRoutes = routes([
  {
    method: 'GET',
    url: '/o/:org/webcare',
    kind: 'page',
    access: { kind: 'org', permission: 'messages.read' },
    async handler(request, reply, context) {
      return inboxPage(request, reply, context);
    },
  },
]);
