import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_KIND_DUTCH } from '../../channels/errors.ts';
import { html, type SafeHtml } from '../../report/html.ts';
import { describeQueryError, SEARCH_PLATFORMS } from '../../search/query/index.ts';
import { type CannedAnswer, findCannedAnswer, listCannedAnswers } from '../../store/cannedAnswers.ts';
import { type CaseDetail, type CaseEvent, type CaseMessage, loadCaseDetail } from '../../store/caseDetail.ts';
import type { CaseSummary } from '../../store/caseList.ts';
import {
  addCaseNote,
  assignCase,
  claimCase,
  labelCase,
  setCaseStatus,
  type WorkOutcome,
} from '../../store/caseWork.ts';
import { INBOX_VIEWS, type InboxView, inboxCounts, listInbox, SLA_FILTERS } from '../../store/inbox.ts';
import { csrfField, postForm, selectField, submitButton, textArea, textField } from '../../web/forms.ts';
import type { Locale, MessageKey, Translate } from '../../web/i18n/index.ts';
import { localeOf, seeOther, sendPage, translate } from '../../web/render.ts';
import { scrollingTable } from '../../web/tables.ts';
import { CASE_STATUSES, type CaseStatus } from '../../webcare/placement.ts';
import {
  type AfterReply,
  type Draft,
  draftReply,
  type ReplyProblem,
  retryReply,
  sendReply,
} from '../../webcare/replies.ts';
import type { SlaState } from '../../webcare/sla.ts';
import { routes } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { orgOf, timeHtml } from './audit.ts';
import { SENTIMENTS, webAddress } from './listening.ts';
import { noticeOf, withNotice } from './listeningPages.ts';
import {
  errorSummary,
  formatCount,
  pager,
  platformName,
  radioGroup,
  sentimentName,
} from './listeningView.ts';
import {
  caseActor,
  caseIdOf,
  caseParams,
  caseWorkers,
  categoriesOf,
  type InboxQuery,
  inboxRequest,
  may,
  ownAccounts,
  PROBLEM_KEYS,
  replyAuthor,
  replyProblemText,
} from './webcare.ts';
import { caseSla, INBOX_PAGE_SIZE } from './webcareApi.ts';

/**
 * Webcare in the web app: the inbox at `/o/:org/webcare` (a tab per view with its count, filters
 * and search in a GET form, the cases in a table, paged) and a case at
 * `/o/:org/webcare/zaken/:caseId` (its facts and clocks, the whole conversation, and for those who
 * work cases: take it, assign it, change its status, file it, add a note; then the citizen's
 * earlier cases and the case's trail). Every form posts and answers with a 303 and a
 * confirmation; a conflict shows the case as it is now with who has it or what changed.
 */

const STATUS_KEYS: Readonly<Record<CaseStatus, MessageKey>> = {
  nieuw: 'webcare.status.nieuw',
  open: 'webcare.status.open',
  wacht: 'webcare.status.wacht',
  opgelost: 'webcare.status.opgelost',
  gesloten: 'webcare.status.gesloten',
};

const VIEW_KEYS: Readonly<Record<InboxView, MessageKey>> = {
  nieuw: 'webcare.view.nieuw',
  mijn: 'webcare.view.mijn',
  team: 'webcare.view.team',
  wacht: 'webcare.view.wacht',
  alles: 'webcare.view.alles',
};

const SLA_KEYS: Readonly<Record<SlaState | (typeof SLA_FILTERS)[number], MessageKey>> = {
  breached: 'webcare.sla.breached',
  at_risk: 'webcare.sla.at_risk',
  on_track: 'webcare.sla.on_track',
  answered: 'webcare.sla.answered',
  met: 'webcare.sla.met',
  late: 'webcare.sla.late',
  none: 'webcare.sla.none',
};

const NOTICES: Readonly<Record<string, MessageKey>> = {
  verstuurd: 'webcare.notice.sent',
  bezig: 'webcare.notice.busy',
  genomen: 'webcare.notice.claimed',
  toegewezen: 'webcare.notice.assigned',
  status: 'webcare.notice.status',
  labels: 'webcare.notice.labels',
  notitie: 'webcare.notice.note',
};

function base(request: FastifyRequest): string {
  return `/o/${encodeURIComponent(orgOf(request).code)}/webcare`;
}

function casePath(request: FastifyRequest, id: number): string {
  return `${base(request)}/zaken/${id}`;
}

function slaBadge(state: SlaState, t: Translate): SafeHtml {
  return html`<span class="meetlat-sla meetlat-sla--${state}">${t(SLA_KEYS[state])}</span>`;
}

// ---------------------------------------------------------------------------------------------
// Live updates and shortcuts (web/assets/webcare.js)

/** Where the script says, for screen readers, whether the page follows the team live. */
function liveStatus(t: Translate): SafeHtml {
  return html`<p id="live-status" class="meetlat-visually-hidden" role="status" data-connected="${t('webcare.live.connected')}" data-reconnecting="${t('webcare.live.reconnecting')}" data-updated="${t('webcare.live.updated')}"></p>`;
}

const SHORTCUT_KEYS: Readonly<Record<string, MessageKey>> = {
  j: 'webcare.keys.j',
  k: 'webcare.keys.k',
  '/': 'webcare.keys.slash',
  n: 'webcare.keys.n',
  r: 'webcare.keys.r',
  i: 'webcare.keys.i',
};

function shortcutHelp(t: Translate, keys: readonly string[]): SafeHtml {
  return html`<details class="meetlat-details" id="sneltoetsen"><summary>${t('webcare.keys')}</summary>
<dl class="utrecht-data-list">${keys.map(
    (k) =>
      html`<div class="utrecht-data-list__item"><dt class="utrecht-data-list__item-key"><kbd>${k}</kbd></dt><dd class="utrecht-data-list__item-value">${t(SHORTCUT_KEYS[k] as MessageKey)}</dd></div>`,
  )}</dl><p class="utrecht-paragraph">${t('webcare.keys.note')}</p></details>`;
}

// ---------------------------------------------------------------------------------------------
// The inbox

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

// ---------------------------------------------------------------------------------------------
// A case

interface CaseState {
  notice?: { kind: 'ok' | 'info' | 'warning' | 'error'; text: string } | null;
  status?: number;
  /** The composer as posted: its text, what comes after, and the preview or its problems. */
  compose?: { text: string; after: AfterReply; preview: boolean };
}

function trailText(e: CaseEvent, t: Translate): string {
  const d = e.details as Record<string, string | null | undefined>;
  const status = (s: unknown) =>
    typeof s === 'string' && s in STATUS_KEYS ? t(STATUS_KEYS[s as CaseStatus]) : String(s);
  switch (e.kind) {
    case 'opened':
      return t('webcare.trail.opened');
    case 'reopened':
      return t('webcare.trail.reopened');
    case 'claimed':
      return t('webcare.trail.claimed');
    case 'assigned':
      return d.assignee
        ? t('webcare.trail.assigned', { assignee: d.assignee })
        : t('webcare.trail.unassigned');
    case 'status':
      if (d.reason === 'auto_resolved') return t('webcare.trail.statusAuto');
      return t(d.reason === 'answered' ? 'webcare.trail.statusAnswered' : 'webcare.trail.status', {
        from: status(d.from),
        to: status(d.to),
      });
    case 'labelled':
      return t('webcare.trail.labelled');
    case 'note':
      return t('webcare.trail.note', { text: String(d.text ?? '') });
    case 'replied':
      return t('webcare.trail.replied');
    case 'reply_failed':
      return t('webcare.trail.replyFailed', { reason: String(d.reason ?? d.kind ?? '') });
    default:
      return e.kind;
  }
}

function messageItem(m: CaseMessage, t: Translate, locale: Locale): SafeHtml {
  const name = m.authorName || m.authorHandle || m.authorId;
  const url = webAddress(m.url);
  return html`<li class="meetlat-message${m.own ? ' meetlat-message--own' : ''}${m.inCase ? ' meetlat-message--in-case' : ''}" id="bericht-${m.id}">
<p class="meetlat-message__meta"><strong>${name}</strong>${m.authorHandle && m.authorName ? html` <span class="meetlat-muted">${m.authorHandle}</span>` : ''} · ${timeHtml(m.createdAt, locale)}${m.own ? html` · ${t('webcare.message.own')}` : ''}${m.inCase ? html` · ${t('webcare.message.inCase')}` : ''}</p>
<p class="meetlat-message__text">${m.text}</p>
<p class="meetlat-message__meta">${sentimentName(m.sentiment, t)}${url ? html` · <a class="utrecht-link" href="${url}" rel="noopener noreferrer nofollow">${t('webcare.message.original', { platform: platformName(m.platform) })}<span class="meetlat-visually-hidden"> (${name})</span></a>` : ''}</p>
</li>`;
}

function actionsPanel(
  request: FastifyRequest,
  d: CaseDetail,
  csrf: string,
  t: Translate,
  workers: { id: number; name: string }[],
  categories: readonly string[],
): SafeHtml {
  const c = d.case;
  const path = casePath(request, c.id);
  const version = html`<input type="hidden" name="versie" value="${c.version}">`;
  const me = caseActor(request).userId;
  const claim =
    c.assignee === null
      ? postForm(`${path}/nemen`, csrf, submitButton(t('webcare.claim')), t('webcare.claim'))
      : c.assignee.id === me
        ? html`<p class="utrecht-paragraph">${t('webcare.claim.mine')}</p>`
        : '';
  return html`<section aria-labelledby="behandelen" class="meetlat-panel"><h2 class="utrecht-heading-2" id="behandelen">${t('webcare.actions')}</h2>
${claim}
${postForm(
  `${path}/toewijzen`,
  csrf,
  html`${version}${selectField({ name: 'behandelaar', label: t('webcare.assign'), value: c.assignee ? String(c.assignee.id) : '', options: [{ value: '', label: t('webcare.nobody') }, ...workers.map((w) => ({ value: String(w.id), label: w.name }))], idPrefix: 'toewijzen' })}${submitButton(t('webcare.assign.submit'), 'secondary')}`,
  t('webcare.assign'),
)}
${postForm(
  `${path}/status`,
  csrf,
  html`${version}${selectField({ name: 'status', label: t('webcare.status.change'), value: c.status, options: CASE_STATUSES.map((s) => ({ value: s, label: t(STATUS_KEYS[s]) })), idPrefix: 'status' })}${submitButton(t('webcare.status.submit'), 'secondary')}`,
  t('webcare.status.change'),
)}
${postForm(
  `${path}/labels`,
  csrf,
  html`${version}${selectField({ name: 'categorie', label: t('webcare.case.category'), value: c.category ?? '', options: [{ value: '', label: t('webcare.labels.none') }, ...categories.map((x) => ({ value: x, label: x }))], idPrefix: 'labels' })}
${textField({ name: 'labels', label: t('webcare.labels.tags'), value: c.tags.join(', '), hint: t('webcare.labels.tags.hint'), maxlength: 1000, idPrefix: 'labels' })}${submitButton(t('webcare.labels.submit'), 'secondary')}`,
  t('webcare.labels'),
)}
${postForm(
  `${path}/notitie`,
  csrf,
  html`${textArea({ name: 'tekst', label: t('webcare.note'), hint: t('webcare.note.hint'), maxlength: 5000, rows: 3, idPrefix: 'notitie' })}${submitButton(t('webcare.note.submit'), 'secondary')}`,
  t('webcare.note'),
)}
</section>`;
}

function composerPanel(
  request: FastifyRequest,
  d: CaseDetail,
  csrf: string,
  t: Translate,
  locale: Locale,
  composer: {
    text: string;
    after: AfterReply;
    preview: boolean;
    draft: Draft | null;
    problems: ReplyProblem[];
  },
  canned: readonly CannedAnswer[],
): SafeHtml {
  const c = d.case;
  const path = casePath(request, c.id);
  const isBlocking = (p: ReplyProblem) => p.problem === 'no_channel' || p.problem === 'no_reply';
  const blocking = composer.problems.filter(isBlocking);
  // Before anything was typed, an empty text is no problem to show.
  const shown =
    composer.preview || composer.text !== '' ? composer.problems.filter((p) => !isBlocking(p)) : [];
  const draft = composer.draft;
  const target = [...d.conversation].reverse().find((m) => m.inCase);
  const citizen = target
    ? (target.authorHandle ?? target.authorName ?? target.authorId)
    : t('webcare.unknownCitizen');
  const length = draft
    ? draft.maxLength !== null
      ? t('webcare.reply.limit', { length: draft.length, max: draft.maxLength })
      : t('webcare.reply.noLimit', { length: draft.length })
    : '';
  const replies = d.replies.length
    ? html`<h3 class="utrecht-heading-3">${t('webcare.replies')}</h3><ol class="meetlat-messages">${d.replies.map(
        (r) => html`<li class="meetlat-message meetlat-reply meetlat-reply--${r.state}" id="antwoord-${r.id}">
<p class="meetlat-message__meta"><strong>${t(`webcare.reply.state.${r.state}`)}</strong> · ${timeHtml(r.sentAt ?? r.createdAt, locale)} · ${t('webcare.reply.by', { name: r.authorName, attempts: r.attempts })}</p>
<p class="meetlat-message__text">${r.text}</p>
${r.state === 'failed' ? html`<p class="utrecht-paragraph meetlat-error-text">${t('webcare.reply.failedReason', { reason: r.errorKind && r.errorKind in ERROR_KIND_DUTCH ? ERROR_KIND_DUTCH[r.errorKind as keyof typeof ERROR_KIND_DUTCH] : (r.errorKind ?? ''), message: r.errorText ?? '' })}</p>` : ''}
${r.state !== 'sent' ? postForm(`${path}/antwoorden/${r.id}/opnieuw`, csrf, submitButton(t('webcare.reply.retry'), 'secondary'), t('webcare.reply.retry')) : ''}
${r.url && webAddress(r.url) ? html`<p class="meetlat-message__meta"><a class="utrecht-link" href="${webAddress(r.url) ?? ''}" rel="noopener noreferrer nofollow">${t('webcare.reply.view', { platform: platformName(c.platform) })}</a></p>` : ''}
</li>`,
      )}</ol>`
    : '';
  if (blocking.length > 0) {
    return html`<section aria-labelledby="antwoorden" class="meetlat-panel"><h2 class="utrecht-heading-2" id="antwoorden">${t('webcare.reply')}</h2>
<p class="utrecht-paragraph">${blocking[0]?.problem === 'no_reply' ? t('webcare.reply.native', { platform: platformName(c.platform) }) : t('webcare.error.no_channel')}</p>${replies}</section>`;
  }
  return html`<section aria-labelledby="antwoorden" class="meetlat-panel"><h2 class="utrecht-heading-2" id="antwoorden">${t('webcare.reply')}</h2>
<p class="utrecht-paragraph">${t('webcare.reply.to', { citizen, platform: platformName(c.platform), account: c.accountHandle ?? '' })}</p>
${canned.length > 0 ? html`<nav aria-label="${t('webcare.reply.canned')}"><ul class="utrecht-unordered-list meetlat-inline-list">${canned.map((a) => html`<li><a class="utrecht-link" href="${path}?antwoord=${a.id}#antwoord-tekst">${t('webcare.reply.useCanned', { title: a.title })}</a></li>`)}</ul></nav>` : ''}
${errorSummary(
  t,
  shown.map((p) => ({ href: '#antwoord-tekst', text: replyProblemText(p, t) })),
)}
${composer.preview && draft && shown.length === 0 ? html`<div class="utrecht-alert utrecht-alert--info meetlat-preview" role="status"><div class="utrecht-alert__content"><h3 class="utrecht-heading-3">${t('webcare.reply.previewTitle')}</h3><p class="meetlat-message__text">${draft.text}</p><p class="utrecht-paragraph">${length}</p></div></div>` : ''}
<form method="post" action="${path}/antwoord" class="meetlat-form" aria-label="${t('webcare.reply')}">${csrfField(csrf)}
${textArea({ name: 'tekst', label: t('webcare.reply.text'), value: composer.text, hint: `${t('webcare.reply.hint', { signature: draft?.signature || '–' })} ${length}`, required: true, maxlength: 5000, rows: 5, idPrefix: 'antwoord', error: shown.length ? replyProblemText(shown[0] as ReplyProblem, t) : null })}
${radioGroup({
  name: 'na',
  legend: t('webcare.reply.after'),
  value: composer.after,
  idPrefix: 'antwoord',
  options: [
    { value: 'wacht', label: t('webcare.reply.after.wacht') },
    { value: 'opgelost', label: t('webcare.reply.after.opgelost') },
  ],
})}
<p class="utrecht-button-group"><button type="submit" name="actie" value="voorbeeld" class="utrecht-button utrecht-button--secondary-action">${t('webcare.reply.preview')}</button> <button type="submit" name="actie" value="versturen" class="utrecht-button utrecht-button--primary-action">${t('webcare.reply.send')}</button></p>
</form>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${base(request)}/antwoorden">${t('webcare.reply.manageCanned')}</a></p>
${replies}</section>`;
}

async function casePage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  state: CaseState = {},
) {
  const org = orgOf(request);
  const locale = localeOf(request);
  const detail = await loadCaseDetail(context.db, org.id, caseIdOf(request));
  if (!detail) throw new HttpError(404, 'not_found');
  const working = may(request, 'cases.work');
  const [workers, categories, canned] = working
    ? await Promise.all([
        caseWorkers(context.db, org.id),
        categoriesOf(context.db, org.id),
        listCannedAnswers(context.db, org.id),
      ])
    : [[], [], []];
  let compose = state.compose ?? { text: '', after: 'wacht' as AfterReply, preview: false };
  const cannedId = Number((request.query as { antwoord?: string } | undefined)?.antwoord);
  if (!state.compose && working && Number.isInteger(cannedId) && cannedId > 0) {
    const chosen = await findCannedAnswer(context.db, org.id, cannedId);
    if (chosen) compose = { ...compose, text: chosen.text };
  }
  const drafted = working
    ? await draftReply(context.db, context.box, org.id, detail.case.id, compose.text, replyAuthor(request))
    : { draft: null, problems: [] };
  const t0 = translate(request);
  const c = detail.case;
  const now = new Date();
  return sendPage(request, reply, context, {
    title: t0('webcare.case.title', { number: c.number }),
    active: 'webcare',
    scripts: ['/assets/webcare.js'],
    status: state.status,
    notice: state.notice ?? noticeOf(request, t0, NOTICES),
    main: (csrf, t) => {
      const item = (key: MessageKey, value: SafeHtml | string) =>
        html`<div class="utrecht-data-list__item"><dt class="utrecht-data-list__item-key">${t(key)}</dt><dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">${value}</dd></div>`;
      const clock = c.waitingSince ? html` ${slaBadge(caseSla(c, now), t)}` : '';
      return html`<div data-live="${base(request)}/live" data-case="${c.id}" data-version="${c.version}">${liveStatus(t)}
<div id="live-notice" class="utrecht-alert utrecht-alert--warning" role="status" hidden data-changed="${t('webcare.live.caseChanged')}"><div class="utrecht-alert__content"><p class="utrecht-paragraph"><span data-text></span> <a class="utrecht-link" href="${casePath(request, c.id)}">${t('webcare.live.reload')}</a></p></div></div>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${base(request)}" data-shortcut="inbox">${t('webcare.case.back')}</a></p>
<dl class="utrecht-data-list meetlat-facts" aria-label="${t('webcare.case.facts')}">
${item('webcare.case.status', html`<span id="zaakstatus">${t(STATUS_KEYS[c.status])}</span>`)}
${item('webcare.case.citizen', c.citizenHandle ?? t('webcare.unknownCitizen'))}
${item('webcare.case.account', `${platformName(c.platform)}${c.accountHandle ? `: ${c.accountHandle}` : ''}`)}
${item('webcare.case.opened', timeHtml(c.openedAt, locale))}
${item('webcare.case.firstResponse', timeHtml(c.firstResponseAt, locale, t('webcare.case.notYet')))}
${item('webcare.case.firstResponseDue', html`${timeHtml(c.firstResponseDueAt, locale)}`)}
${c.waitingSince ? item('webcare.case.responseDue', html`${timeHtml(c.responseDueAt, locale)}${clock}`) : ''}
${item('webcare.case.resolutionDue', timeHtml(c.resolutionDueAt, locale))}
${c.resolvedAt ? item('webcare.case.resolved', timeHtml(c.resolvedAt, locale)) : ''}
${item('webcare.case.assignee', html`<span id="behandelaar">${c.assignee?.name ?? t('webcare.nobody')}</span>`)}
${item('webcare.case.category', c.category ?? '–')}
${item('webcare.case.tags', c.tags.length ? c.tags.join(', ') : t('webcare.case.noTags'))}
</dl>
<section aria-labelledby="gesprek"><h2 class="utrecht-heading-2" id="gesprek">${t('webcare.conversation')}</h2>
${detail.more ? html`<p class="utrecht-paragraph">${t('webcare.conversation.more', { count: detail.conversation.length })}</p>` : ''}
<ol class="meetlat-messages">${detail.conversation.map((m) => messageItem(m, t, locale))}</ol></section>
${working ? composerPanel(request, detail, csrf, t, locale, { ...compose, ...drafted }, canned) : ''}
${working ? actionsPanel(request, detail, csrf, t, workers, categories) : ''}
<section aria-labelledby="eerder"><h2 class="utrecht-heading-2" id="eerder">${t('webcare.earlier')}</h2>
${
  detail.earlier.length === 0
    ? html`<p class="utrecht-paragraph">${t('webcare.earlier.none')}</p>`
    : html`<ul class="utrecht-unordered-list">${detail.earlier.map(
        (e) =>
          html`<li><a class="utrecht-link" href="${casePath(request, e.id)}">${e.number}</a> · ${t(STATUS_KEYS[e.status])} · ${timeHtml(e.openedAt, locale)}</li>`,
      )}</ul>`
}</section>
<section aria-labelledby="spoor"><h2 class="utrecht-heading-2" id="spoor">${t('webcare.trail')}</h2>
${scrollingTable(
  t('webcare.trail.caption'),
  html`<thead class="utrecht-table__header"><tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="col">${t('webcare.trail.at')}</th><th class="utrecht-table__header-cell" scope="col">${t('webcare.trail.who')}</th><th class="utrecht-table__header-cell" scope="col">${t('webcare.trail.what')}</th></tr></thead>
<tbody class="utrecht-table__body">${detail.events.map(
    (e) =>
      html`<tr class="utrecht-table__row"><td class="utrecht-table__cell">${timeHtml(e.at, locale)}</td><td class="utrecht-table__cell">${e.userId === null ? t('webcare.trail.system') : e.actor}</td><td class="utrecht-table__cell">${trailText(e, t)}</td></tr>`,
  )}</tbody>`,
)}</section>
${working ? shortcutHelp(t, ['n', 'r', 'i']) : ''}</div>`;
    },
  });
}

/** After a change: back to the case with a confirmation, or the case as it is now with why not. */
async function afterChange(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  outcome: WorkOutcome,
  notice: string,
) {
  if (outcome.ok) return seeOther(reply, withNotice(casePath(request, caseIdOf(request)), notice));
  const t = translate(request);
  switch (outcome.reason) {
    case 'not_found':
      throw new HttpError(404, 'not_found');
    case 'taken':
      return casePage(request, reply, context, {
        status: 409,
        notice: { kind: 'warning', text: t('webcare.notice.taken', { name: outcome.by }) },
      });
    case 'stale':
      return casePage(request, reply, context, {
        status: 409,
        notice: { kind: 'warning', text: t('webcare.notice.stale') },
      });
    case 'invalid':
      return casePage(request, reply, context, {
        status: 400,
        notice: { kind: 'error', text: t(PROBLEM_KEYS[outcome.problem] ?? 'webcare.error.notMember') },
      });
  }
}

/** After sending: to the case with a confirmation, or the composer again with what went wrong. */
async function afterReply(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  outcome: Awaited<ReturnType<typeof sendReply>>,
  compose: CaseState['compose'],
) {
  const path = casePath(request, caseIdOf(request));
  if (outcome.ok) return seeOther(reply, withNotice(path, 'verstuurd', '#antwoorden'));
  if ('busy' in outcome) return seeOther(reply, withNotice(path, 'bezig', '#antwoorden'));
  if ('failed' in outcome) {
    const t = translate(request);
    return casePage(request, reply, context, {
      status: 502,
      notice: {
        kind: 'error',
        text: t('webcare.notice.failed', { reason: ERROR_KIND_DUTCH[outcome.failed.kind] }),
      },
    });
  }
  if (outcome.problems.some((p) => p.problem === 'not_found')) throw new HttpError(404, 'not_found');
  return casePage(request, reply, context, {
    status: 400,
    compose: compose ?? { text: '', after: 'wacht', preview: true },
  });
}

const versionBody = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  properties: { _csrf: { type: 'string' }, versie: { type: 'integer', minimum: 1 }, ...properties },
  required: ['versie', ...required],
});

export const webcarePageRoutes = routes([
  {
    method: 'GET',
    url: '/o/:org/webcare',
    kind: 'page',
    access: { kind: 'org', permission: 'messages.read' },
    async handler(request, reply, context) {
      return inboxPage(request, reply, context);
    },
  },
  {
    method: 'GET',
    url: '/o/:org/webcare/zaken/:caseId',
    kind: 'page',
    access: { kind: 'org', permission: 'messages.read' },
    schema: { params: caseParams },
    async handler(request, reply, context) {
      return casePage(request, reply, context);
    },
  },
  {
    method: 'POST',
    url: '/o/:org/webcare/zaken/:caseId/nemen',
    kind: 'form',
    access: { kind: 'org', permission: 'cases.work' },
    schema: { params: caseParams },
    async handler(request, reply, context) {
      const outcome = await claimCase(context.db, orgOf(request).id, caseIdOf(request), caseActor(request));
      return afterChange(request, reply, context, outcome, 'genomen');
    },
  },
  {
    method: 'POST',
    url: '/o/:org/webcare/zaken/:caseId/toewijzen',
    kind: 'form',
    access: { kind: 'org', permission: 'cases.work' },
    schema: { params: caseParams, body: versionBody({ behandelaar: { type: 'string' } }, []) },
    async handler(request, reply, context) {
      const body = request.body as { versie: number; behandelaar?: string };
      const assignee = Number(body.behandelaar);
      const outcome = await assignCase(
        context.db,
        orgOf(request).id,
        caseIdOf(request),
        Number.isInteger(assignee) && assignee > 0 ? assignee : null,
        body.versie,
        caseActor(request),
      );
      return afterChange(request, reply, context, outcome, 'toegewezen');
    },
  },
  {
    method: 'POST',
    url: '/o/:org/webcare/zaken/:caseId/status',
    kind: 'form',
    access: { kind: 'org', permission: 'cases.work' },
    schema: { params: caseParams, body: versionBody({ status: { enum: [...CASE_STATUSES] } }, ['status']) },
    async handler(request, reply, context) {
      const body = request.body as { versie: number; status: CaseStatus };
      const outcome = await setCaseStatus(
        context.db,
        orgOf(request).id,
        caseIdOf(request),
        body.status,
        body.versie,
        caseActor(request),
      );
      return afterChange(request, reply, context, outcome, 'status');
    },
  },
  {
    method: 'POST',
    url: '/o/:org/webcare/zaken/:caseId/labels',
    kind: 'form',
    access: { kind: 'org', permission: 'cases.work' },
    schema: {
      params: caseParams,
      body: versionBody(
        { categorie: { type: 'string', maxLength: 100 }, labels: { type: 'string', maxLength: 2000 } },
        [],
      ),
    },
    async handler(request, reply, context) {
      const body = request.body as { versie: number; categorie?: string; labels?: string };
      const org = orgOf(request);
      const outcome = await labelCase(
        context.db,
        org.id,
        caseIdOf(request),
        { category: body.categorie?.trim() || null, tags: (body.labels ?? '').split(',') },
        await categoriesOf(context.db, org.id),
        body.versie,
        caseActor(request),
      );
      return afterChange(request, reply, context, outcome, 'labels');
    },
  },
  {
    method: 'POST',
    url: '/o/:org/webcare/zaken/:caseId/antwoord',
    kind: 'form',
    access: { kind: 'org', permission: 'cases.work' },
    schema: {
      params: caseParams,
      body: {
        type: 'object',
        properties: {
          _csrf: { type: 'string' },
          tekst: { type: 'string', maxLength: 20_000 },
          na: { enum: ['wacht', 'opgelost'] },
          actie: { enum: ['voorbeeld', 'versturen'] },
        },
      },
    },
    async handler(request, reply, context) {
      const body = request.body as { tekst?: string; na?: AfterReply; actie?: 'voorbeeld' | 'versturen' };
      const compose = { text: body.tekst ?? '', after: body.na ?? 'wacht', preview: true };
      if (body.actie !== 'versturen') return casePage(request, reply, context, { compose });
      const outcome = await sendReply(context.db, context.box, {
        organisationId: orgOf(request).id,
        caseId: caseIdOf(request),
        text: compose.text,
        author: replyAuthor(request),
        after: compose.after,
      });
      return afterReply(request, reply, context, outcome, compose);
    },
  },
  {
    method: 'POST',
    url: '/o/:org/webcare/zaken/:caseId/antwoorden/:replyId/opnieuw',
    kind: 'form',
    access: { kind: 'org', permission: 'cases.work' },
    schema: {
      params: {
        type: 'object',
        properties: {
          org: { type: 'string' },
          caseId: { type: 'integer', minimum: 1 },
          replyId: { type: 'integer', minimum: 1 },
        },
        required: ['org', 'caseId', 'replyId'],
      },
    },
    async handler(request, reply, context) {
      const outcome = await retryReply(context.db, context.box, {
        organisationId: orgOf(request).id,
        caseId: caseIdOf(request),
        replyId: (request.params as { replyId: number }).replyId,
        author: replyAuthor(request),
      });
      return afterReply(request, reply, context, outcome, undefined);
    },
  },
  {
    method: 'POST',
    url: '/o/:org/webcare/zaken/:caseId/notitie',
    kind: 'form',
    access: { kind: 'org', permission: 'cases.work' },
    schema: {
      params: caseParams,
      body: {
        type: 'object',
        properties: { _csrf: { type: 'string' }, tekst: { type: 'string', maxLength: 10_000 } },
      },
    },
    async handler(request, reply, context) {
      const body = request.body as { tekst?: string };
      const outcome = await addCaseNote(
        context.db,
        orgOf(request).id,
        caseIdOf(request),
        body.tekst ?? '',
        caseActor(request),
      );
      return afterChange(request, reply, context, outcome, 'notitie');
    },
  },
]);
