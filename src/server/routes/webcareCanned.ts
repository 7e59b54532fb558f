import type { FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../../report/html.ts';
import {
  type CannedAnswer,
  type CannedProblem,
  deleteCannedAnswer,
  findCannedAnswer,
  listCannedAnswers,
  saveCannedAnswer,
} from '../../store/cannedAnswers.ts';
import { postForm, submitButton, textArea, textField } from '../../web/forms.ts';
import type { MessageKey, Translate } from '../../web/i18n/index.ts';
import { localeOf, seeOther, sendPage, translate } from '../../web/render.ts';
import { scrollingTable } from '../../web/tables.ts';
import { routes } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { errorSchema } from '../schemas.ts';
import { orgOf, orgParams, timeHtml } from './audit.ts';
import { noticeOf, withNotice } from './listeningPages.ts';
import { errorSummary } from './listeningView.ts';
import { caseActor } from './webcare.ts';

/**
 * Canned answers, in the web app at `/o/:org/webcare/antwoorden` (the list with a form to add
 * one, editing and deleting) and in the API. Who works cases keeps them.
 */

const PROBLEM_KEYS: Readonly<Record<CannedProblem, MessageKey>> = {
  titleRequired: 'webcare.canned.error.titleRequired',
  titleTooLong: 'webcare.canned.error.titleTooLong',
  textRequired: 'webcare.canned.error.textRequired',
  textTooLong: 'webcare.canned.error.textTooLong',
  unknownVariable: 'webcare.canned.error.unknownVariable',
  duplicate: 'webcare.canned.error.duplicate',
};

const FIELD_OF: Readonly<Record<CannedProblem, 'titel' | 'tekst'>> = {
  titleRequired: 'titel',
  titleTooLong: 'titel',
  duplicate: 'titel',
  textRequired: 'tekst',
  textTooLong: 'tekst',
  unknownVariable: 'tekst',
};

const NOTICES: Readonly<Record<string, MessageKey>> = {
  toegevoegd: 'webcare.canned.notice.added',
  opgeslagen: 'webcare.canned.notice.saved',
  verwijderd: 'webcare.canned.notice.deleted',
};

function base(request: FastifyRequest): string {
  return `/o/${encodeURIComponent(orgOf(request).code)}/webcare/antwoorden`;
}

interface FormState {
  title: string;
  text: string;
  problems: CannedProblem[];
}

function answerForm(
  action: string,
  csrf: string,
  t: Translate,
  form: FormState,
  idPrefix: string,
  label: string,
) {
  const error = (field: 'titel' | 'tekst') => {
    const p = form.problems.find((x) => FIELD_OF[x] === field);
    return p ? t(PROBLEM_KEYS[p]) : null;
  };
  return html`${errorSummary(
    t,
    form.problems.map((p) => ({ href: `#${idPrefix}-${FIELD_OF[p]}`, text: t(PROBLEM_KEYS[p]) })),
  )}${postForm(
    action,
    csrf,
    html`${textField({ name: 'titel', label: t('webcare.canned.field.title'), value: form.title, required: true, maxlength: 100, error: error('titel'), idPrefix })}
${textArea({ name: 'tekst', label: t('webcare.canned.field.text'), value: form.text, required: true, maxlength: 5000, rows: 4, hint: t('webcare.canned.intro'), error: error('tekst'), idPrefix })}
${submitButton(t('webcare.canned.save'))}`,
    label,
  )}`;
}

async function listPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  form?: FormState,
) {
  const answers = await listCannedAnswers(context.db, orgOf(request).id);
  const locale = localeOf(request);
  const t0 = translate(request);
  return sendPage(request, reply, context, {
    title: t0('webcare.canned.title'),
    active: 'webcare',
    status: form ? 400 : 200,
    notice: noticeOf(request, t0, NOTICES),
    main: (csrf, t) => html`<p class="utrecht-paragraph">${t('webcare.canned.intro')}</p>
<p class="utrecht-paragraph"><a class="utrecht-link" href="/o/${encodeURIComponent(orgOf(request).code)}/webcare">${t('webcare.case.back')}</a></p>
${
  answers.length === 0
    ? html`<p class="utrecht-paragraph">${t('webcare.canned.none')}</p>`
    : scrollingTable(
        t('webcare.canned.caption', { count: answers.length }),
        html`<thead class="utrecht-table__header"><tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="col">${t('webcare.canned.col.title')}</th><th class="utrecht-table__header-cell" scope="col">${t('webcare.canned.col.text')}</th><th class="utrecht-table__header-cell" scope="col">${t('webcare.canned.col.actions')}</th></tr></thead>
<tbody class="utrecht-table__body">${answers.map(
          (a: CannedAnswer) =>
            html`<tr class="utrecht-table__row" id="antwoord-${a.id}"><th class="utrecht-table__header-cell" scope="row">${a.title}</th><td class="utrecht-table__cell">${a.text}<br><span class="meetlat-muted">${timeHtml(a.updatedAt, locale)}</span></td><td class="utrecht-table__cell"><div class="meetlat-actions"><a class="utrecht-link" href="${base(request)}/${a.id}">${t('webcare.canned.edit')}<span class="meetlat-visually-hidden"> ${a.title}</span></a>${postForm(`${base(request)}/${a.id}/verwijderen`, csrf, html`<button type="submit" class="utrecht-button utrecht-button--secondary-action">${t('webcare.canned.delete')}<span class="meetlat-visually-hidden"> ${a.title}</span></button>`, `${t('webcare.canned.delete')} ${a.title}`)}</div></td></tr>`,
        )}</tbody>`,
      )
}
<h2 class="utrecht-heading-2" id="toevoegen">${t('webcare.canned.add')}</h2>
${answerForm(base(request), csrf, t, form ?? { title: '', text: '', problems: [] }, 'nieuw', t('webcare.canned.add'))}`,
  });
}

async function editPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ServerContext,
  answer: CannedAnswer,
  form?: FormState,
) {
  const t0 = translate(request);
  return sendPage(request, reply, context, {
    title: t0('webcare.canned.editTitle', { title: answer.title }),
    active: 'webcare',
    status: form ? 400 : 200,
    main: (
      csrf,
      t,
    ) => html`<p class="utrecht-paragraph"><a class="utrecht-link" href="${base(request)}">${t('webcare.canned.title')}</a></p>
${answerForm(`${base(request)}/${answer.id}`, csrf, t, form ?? { title: answer.title, text: answer.text, problems: [] }, 'bewerken', t('webcare.canned.edit'))}`,
  });
}

const answerParams = {
  type: 'object',
  properties: { org: { type: 'string' }, answerId: { type: 'integer', minimum: 1 } },
  required: ['org', 'answerId'],
} as const;

const formBody = {
  type: 'object',
  properties: {
    _csrf: { type: 'string' },
    titel: { type: 'string', maxLength: 1000 },
    tekst: { type: 'string', maxLength: 20_000 },
  },
} as const;

const answerSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    title: { type: 'string' },
    text: { type: 'string' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'title', 'text', 'updatedAt'],
} as const;

const apiBody = {
  type: 'object',
  properties: { title: { type: 'string', maxLength: 1000 }, text: { type: 'string', maxLength: 20_000 } },
  required: ['title', 'text'],
  additionalProperties: false,
} as const;

function answerId(request: FastifyRequest): number {
  return (request.params as { answerId: number }).answerId;
}

async function loadAnswer(request: FastifyRequest, context: ServerContext): Promise<CannedAnswer> {
  const found = await findCannedAnswer(context.db, orgOf(request).id, answerId(request));
  if (!found) throw new HttpError(404, 'not_found');
  return found;
}

function problemsJson(request: FastifyRequest, problems: CannedProblem[]) {
  const t = translate(request);
  return { error: 'invalid', message: problems.map((p) => t(PROBLEM_KEYS[p])).join(' ') };
}

export const webcareCannedRoutes = routes([
  {
    method: 'GET',
    url: '/o/:org/webcare/antwoorden',
    kind: 'page',
    access: { kind: 'org', permission: 'cases.work' },
    async handler(request, reply, context) {
      return listPage(request, reply, context);
    },
  },
  {
    method: 'POST',
    url: '/o/:org/webcare/antwoorden',
    kind: 'form',
    access: { kind: 'org', permission: 'cases.work' },
    schema: { body: formBody },
    async handler(request, reply, context) {
      const body = request.body as { titel?: string; tekst?: string };
      const input = { title: body.titel ?? '', text: body.tekst ?? '' };
      const saved = await saveCannedAnswer(context.db, orgOf(request).id, null, input, caseActor(request));
      if (saved.ok) return seeOther(reply, withNotice(base(request), 'toegevoegd', `#antwoord-${saved.id}`));
      if ('notFound' in saved) throw new HttpError(404, 'not_found');
      return listPage(request, reply, context, { ...input, problems: saved.problems });
    },
  },
  {
    method: 'GET',
    url: '/o/:org/webcare/antwoorden/:answerId',
    kind: 'page',
    access: { kind: 'org', permission: 'cases.work' },
    schema: { params: answerParams },
    async handler(request, reply, context) {
      return editPage(request, reply, context, await loadAnswer(request, context));
    },
  },
  {
    method: 'POST',
    url: '/o/:org/webcare/antwoorden/:answerId',
    kind: 'form',
    access: { kind: 'org', permission: 'cases.work' },
    schema: { params: answerParams, body: formBody },
    async handler(request, reply, context) {
      const answer = await loadAnswer(request, context);
      const body = request.body as { titel?: string; tekst?: string };
      const input = { title: body.titel ?? '', text: body.tekst ?? '' };
      const saved = await saveCannedAnswer(
        context.db,
        orgOf(request).id,
        answer.id,
        input,
        caseActor(request),
      );
      if (saved.ok) return seeOther(reply, withNotice(base(request), 'opgeslagen', `#antwoord-${answer.id}`));
      if ('notFound' in saved) throw new HttpError(404, 'not_found');
      return editPage(request, reply, context, answer, { ...input, problems: saved.problems });
    },
  },
  {
    method: 'POST',
    url: '/o/:org/webcare/antwoorden/:answerId/verwijderen',
    kind: 'form',
    access: { kind: 'org', permission: 'cases.work' },
    schema: { params: answerParams },
    async handler(request, reply, context) {
      const gone = await deleteCannedAnswer(
        context.db,
        orgOf(request).id,
        answerId(request),
        caseActor(request),
      );
      if (!gone) throw new HttpError(404, 'not_found');
      return seeOther(reply, withNotice(base(request), 'verwijderd'));
    },
  },
  {
    method: 'GET',
    url: '/api/orgs/:org/canned-answers',
    kind: 'api',
    access: { kind: 'org', permission: 'cases.work' },
    schema: {
      summary: "The organisation's canned answers",
      tags: ['webcare'],
      params: orgParams,
      response: {
        200: {
          type: 'object',
          properties: { answers: { type: 'array', items: answerSchema } },
          required: ['answers'],
        },
      },
    },
    async handler(request, _reply, context) {
      const answers = await listCannedAnswers(context.db, orgOf(request).id);
      return { answers: answers.map((a) => ({ ...a, updatedAt: a.updatedAt.toISOString() })) };
    },
  },
  {
    method: 'POST',
    url: '/api/orgs/:org/canned-answers',
    kind: 'api',
    access: { kind: 'org', permission: 'cases.work' },
    schema: {
      summary: 'Adds a canned answer',
      tags: ['webcare'],
      params: orgParams,
      body: apiBody,
      response: {
        201: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
        400: errorSchema,
      },
    },
    async handler(request, reply, context) {
      const body = request.body as { title: string; text: string };
      const saved = await saveCannedAnswer(context.db, orgOf(request).id, null, body, caseActor(request));
      if (saved.ok) return reply.code(201).send({ id: saved.id });
      if ('notFound' in saved) throw new HttpError(404, 'not_found');
      return reply.code(400).send(problemsJson(request, saved.problems));
    },
  },
  {
    method: 'PUT',
    url: '/api/orgs/:org/canned-answers/:answerId',
    kind: 'api',
    access: { kind: 'org', permission: 'cases.work' },
    schema: {
      summary: 'Changes a canned answer',
      tags: ['webcare'],
      params: answerParams,
      body: apiBody,
      response: {
        200: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
        400: errorSchema,
        404: errorSchema,
      },
    },
    async handler(request, reply, context) {
      const body = request.body as { title: string; text: string };
      const saved = await saveCannedAnswer(
        context.db,
        orgOf(request).id,
        answerId(request),
        body,
        caseActor(request),
      );
      if (saved.ok) return { id: saved.id };
      if ('notFound' in saved) throw new HttpError(404, 'not_found');
      return reply.code(400).send(problemsJson(request, saved.problems));
    },
  },
  {
    method: 'DELETE',
    url: '/api/orgs/:org/canned-answers/:answerId',
    kind: 'api',
    access: { kind: 'org', permission: 'cases.work' },
    schema: {
      summary: 'Deletes a canned answer',
      tags: ['webcare'],
      params: answerParams,
      response: { 404: errorSchema },
    },
    async handler(request, reply, context) {
      const gone = await deleteCannedAnswer(
        context.db,
        orgOf(request).id,
        answerId(request),
        caseActor(request),
      );
      if (!gone) throw new HttpError(404, 'not_found');
      return reply.code(204).send();
    },
  },
]);
