import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_KIND_DUTCH } from '../../channels/errors.ts';
import { html, type SafeHtml } from '../../report/html.ts';
import { findCannedAnswer, listCannedAnswers } from '../../store/cannedAnswers.ts';
import { loadCaseDetail } from '../../store/caseDetail.ts';
import {
  addCaseNote,
  assignCase,
  claimCase,
  labelCase,
  setCaseStatus,
  type WorkOutcome,
} from '../../store/caseWork.ts';
import type { MessageKey } from '../../web/i18n/index.ts';
import { localeOf, seeOther, sendPage, translate } from '../../web/render.ts';
import { scrollingTable } from '../../web/tables.ts';
import { CASE_STATUSES, type CaseStatus } from '../../webcare/placement.ts';
import { type AfterReply, draftReply, retryReply, sendReply } from '../../webcare/replies.ts';
import { routes } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { orgOf, timeHtml } from './audit.ts';
import { noticeOf, withNotice } from './listeningPages.ts';
import { platformName } from './listeningView.ts';
import {
  caseActor,
  caseIdOf,
  caseParams,
  caseWorkers,
  categoriesOf,
  may,
  PROBLEM_KEYS,
  replyAuthor,
} from './webcare.ts';
import { actionsPanel, composerPanel, messageItem, trailText } from './webcarePanels.ts';
import { caseSla } from './webcareSchemas.ts';
import { base, casePath, liveStatus, STATUS_KEYS, shortcutHelp, slaBadge } from './webcareView.ts';

/**
 * A case at `/o/:org/webcare/zaken/:caseId`: its facts and clocks, the whole conversation, and
 * for those who work cases the composer (canned answers, preview, send, retry) and the actions
 * (take it, assign it, change its status, file it, add a note); then the citizen's earlier cases
 * and the case's trail. Every form posts and answers with a 303 and a confirmation; a conflict
 * shows the case as it is now with who has it or what changed.
 */

const NOTICES: Readonly<Record<string, MessageKey>> = {
  verstuurd: 'webcare.notice.sent',
  bezig: 'webcare.notice.busy',
  genomen: 'webcare.notice.claimed',
  toegewezen: 'webcare.notice.assigned',
  status: 'webcare.notice.status',
  labels: 'webcare.notice.labels',
  notitie: 'webcare.notice.note',
};

interface CaseState {
  notice?: { kind: 'ok' | 'info' | 'warning' | 'error'; text: string } | null;
  status?: number;
  /** The composer as posted: its text, what comes after, and the preview or its problems. */
  compose?: { text: string; after: AfterReply; preview: boolean };
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

export const webcareCaseRoutes = routes([
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
