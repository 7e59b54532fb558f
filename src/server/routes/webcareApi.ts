import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_KIND_DUTCH } from '../../channels/errors.ts';
import { queryErrorParts } from '../../search/query/index.ts';
import { loadCaseDetail } from '../../store/caseDetail.ts';
import {
  addCaseNote,
  assignCase,
  claimCase,
  labelCase,
  setCaseStatus,
  type WorkOutcome,
} from '../../store/caseWork.ts';
import { INBOX_VIEWS, inboxCounts, listInbox, SLA_FILTERS } from '../../store/inbox.ts';
import { t as translateKey } from '../../web/i18n/index.ts';
import { localeOf, translate } from '../../web/render.ts';
import { CASE_STATUSES, type CaseStatus } from '../../webcare/placement.ts';
import { type AfterReply, draftReply, retryReply, sendReply } from '../../webcare/replies.ts';
import { routes } from '../access.ts';
import { HttpError } from '../errors.ts';
import { errorSchema } from '../schemas.ts';
import { orgOf, orgParams } from './audit.ts';
import { SENTIMENTS } from './listening.ts';
import {
  caseActor,
  caseIdOf,
  caseParams,
  categoriesOf,
  INBOX_PAGE_SIZE,
  type InboxQuery,
  inboxRequest,
  PROBLEM_KEYS,
  replyAuthor,
  replyProblemText,
} from './webcare.ts';
import {
  caseJson,
  caseSchema,
  changeResponses,
  detailJson,
  detailSchema,
  problemSchema,
  replyBody,
  replyResponses,
  versioned,
} from './webcareSchemas.ts';

/**
 * Webcare's API: the inbox (a view with filters and search, a page at a time, with the count per
 * view), one case with its conversation and trail, and the changes an agent makes: claim, assign,
 * status, category and tags, a note. A change names the version it was made on; a conflict is a
 * 409 that says who has the case or what its version is now.
 */

function answer(request: FastifyRequest, reply: FastifyReply, outcome: WorkOutcome) {
  if (outcome.ok) return { version: outcome.version };
  const locale = localeOf(request);
  switch (outcome.reason) {
    case 'not_found':
      throw new HttpError(404, 'not_found');
    case 'taken':
      return reply.code(409).send({
        error: 'taken',
        message: translateKey(locale, 'webcare.notice.taken', { name: outcome.by }),
        version: outcome.version,
        assignee: { id: outcome.byUserId, name: outcome.by },
      });
    case 'stale':
      return reply.code(409).send({
        error: 'stale',
        message: translateKey(locale, 'webcare.notice.stale'),
        version: outcome.version,
      });
    case 'invalid':
      return reply.code(400).send({
        error: 'invalid',
        message: translateKey(locale, PROBLEM_KEYS[outcome.problem] ?? 'webcare.error.notMember'),
      });
  }
}

function replyAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: Awaited<ReturnType<typeof sendReply>>,
  status: 200 | 201,
) {
  if (outcome.ok) return reply.code(status).send({ replyId: outcome.replyId, url: outcome.url });
  if ('busy' in outcome) throw new HttpError(409, 'conflict', 'this reply is being sent');
  const locale = localeOf(request);
  if ('failed' in outcome) {
    return reply.code(502).send({
      error: 'platform',
      message: translateKey(locale, 'webcare.notice.failed', {
        reason: ERROR_KIND_DUTCH[outcome.failed.kind],
      }),
      replyId: outcome.failed.replyId,
      kind: outcome.failed.kind,
      platformMessage: outcome.failed.message,
    });
  }
  if (outcome.problems.some((p) => p.problem === 'not_found')) throw new HttpError(404, 'not_found');
  const t = translate(request);
  const problems = outcome.problems.map((p) => ({ problem: p.problem, message: replyProblemText(p, t) }));
  return reply
    .code(400)
    .send({ error: 'invalid', message: problems.map((p) => p.message).join(' '), problems });
}

export const webcareApiRoutes = routes([
  {
    method: 'GET',
    url: '/api/orgs/:org/cases',
    kind: 'api',
    access: { kind: 'org', permission: 'messages.read' },
    schema: {
      summary: 'The webcare inbox: a view of the cases, filtered and searched, a page at a time',
      tags: ['webcare'],
      params: orgParams,
      querystring: {
        type: 'object',
        properties: {
          weergave: { enum: [...INBOX_VIEWS], default: 'nieuw' },
          status: { enum: [...CASE_STATUSES] },
          kanaal: { type: 'string' },
          account: { type: 'integer', minimum: 1 },
          categorie: { type: 'string', maxLength: 100 },
          label: { type: 'string', maxLength: 100 },
          norm: { enum: [...SLA_FILTERS] },
          sentiment: { enum: [...SENTIMENTS] },
          zoek: {
            type: 'string',
            maxLength: 2000,
            description: 'a query in the query language, over the messages',
          },
          pagina: { type: 'integer', minimum: 1, default: 1 },
        },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            view: { enum: [...INBOX_VIEWS] },
            total: { type: 'integer' },
            page: { type: 'integer' },
            pageSize: { type: 'integer' },
            counts: {
              type: 'object',
              properties: Object.fromEntries(INBOX_VIEWS.map((v) => [v, { type: 'integer' }])),
              required: [...INBOX_VIEWS],
            },
            cases: { type: 'array', items: caseSchema },
          },
          required: ['view', 'total', 'page', 'pageSize', 'counts', 'cases'],
        },
        400: errorSchema,
      },
    },
    async handler(request, reply, context) {
      const asked = inboxRequest(
        Object.fromEntries(
          Object.entries(request.query as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
        ) as InboxQuery,
        'nieuw',
      );
      if (asked.searchError) {
        const { message, hint } = queryErrorParts(asked.searchError, localeOf(request));
        return reply.code(400).send({ error: 'query_syntax', message: `${message} ${hint}` });
      }
      const org = orgOf(request);
      const viewerId = caseActor(request).userId;
      const now = new Date();
      const [page, counts] = await Promise.all([
        listInbox(context.db, {
          organisationId: org.id,
          viewerId,
          view: asked.view,
          filter: asked.filter,
          limit: INBOX_PAGE_SIZE,
          offset: (asked.page - 1) * INBOX_PAGE_SIZE,
          now,
        }),
        inboxCounts(context.db, org.id, viewerId),
      ]);
      return {
        view: asked.view,
        total: page.total,
        page: asked.page,
        pageSize: INBOX_PAGE_SIZE,
        counts,
        cases: page.cases.map((c) => caseJson(c, now)),
      };
    },
  },
  {
    method: 'GET',
    url: '/api/orgs/:org/cases/:caseId',
    kind: 'api',
    access: { kind: 'org', permission: 'messages.read' },
    schema: {
      summary: 'One case: the case, its whole conversation, its trail and the citizen’s earlier cases',
      tags: ['webcare'],
      params: caseParams,
      response: { 200: detailSchema, 404: errorSchema },
    },
    async handler(request, _reply, context) {
      const detail = await loadCaseDetail(context.db, orgOf(request).id, caseIdOf(request));
      if (!detail) throw new HttpError(404, 'not_found');
      return detailJson(detail, new Date());
    },
  },
  {
    method: 'POST',
    url: '/api/orgs/:org/cases/:caseId/claim',
    kind: 'api',
    access: { kind: 'org', permission: 'cases.work' },
    schema: {
      summary: 'Takes the case (when nobody has it); 409 says who has it',
      tags: ['webcare'],
      params: caseParams,
      response: changeResponses,
    },
    async handler(request, reply, context) {
      return answer(
        request,
        reply,
        await claimCase(context.db, orgOf(request).id, caseIdOf(request), caseActor(request)),
      );
    },
  },
  {
    method: 'PUT',
    url: '/api/orgs/:org/cases/:caseId/assignee',
    kind: 'api',
    access: { kind: 'org', permission: 'cases.work' },
    schema: {
      summary: 'Gives the case to a member (or to nobody)',
      tags: ['webcare'],
      params: caseParams,
      body: {
        type: 'object',
        properties: { assigneeId: { type: ['integer', 'null'], minimum: 1 }, ...versioned },
        required: ['assigneeId', 'version'],
        additionalProperties: false,
      },
      response: changeResponses,
    },
    async handler(request, reply, context) {
      const body = request.body as { assigneeId: number | null; version: number };
      const outcome = await assignCase(
        context.db,
        orgOf(request).id,
        caseIdOf(request),
        body.assigneeId,
        body.version,
        caseActor(request),
      );
      return answer(request, reply, outcome);
    },
  },
  {
    method: 'PUT',
    url: '/api/orgs/:org/cases/:caseId/status',
    kind: 'api',
    access: { kind: 'org', permission: 'cases.work' },
    schema: {
      summary: 'Changes the status of the case',
      tags: ['webcare'],
      params: caseParams,
      body: {
        type: 'object',
        properties: { status: { enum: [...CASE_STATUSES] }, ...versioned },
        required: ['status', 'version'],
        additionalProperties: false,
      },
      response: changeResponses,
    },
    async handler(request, reply, context) {
      const body = request.body as { status: CaseStatus; version: number };
      const outcome = await setCaseStatus(
        context.db,
        orgOf(request).id,
        caseIdOf(request),
        body.status,
        body.version,
        caseActor(request),
      );
      return answer(request, reply, outcome);
    },
  },
  {
    method: 'PUT',
    url: '/api/orgs/:org/cases/:caseId/labels',
    kind: 'api',
    access: { kind: 'org', permission: 'cases.work' },
    schema: {
      summary: 'Files the case under a category of the organisation and tags',
      tags: ['webcare'],
      params: caseParams,
      body: {
        type: 'object',
        properties: {
          category: { type: ['string', 'null'], maxLength: 100 },
          tags: { type: 'array', items: { type: 'string', maxLength: 200 }, maxItems: 100 },
          ...versioned,
        },
        required: ['category', 'tags', 'version'],
        additionalProperties: false,
      },
      response: changeResponses,
    },
    async handler(request, reply, context) {
      const body = request.body as { category: string | null; tags: string[]; version: number };
      const org = orgOf(request);
      const outcome = await labelCase(
        context.db,
        org.id,
        caseIdOf(request),
        { category: body.category, tags: body.tags },
        await categoriesOf(context.db, org.id),
        body.version,
        caseActor(request),
      );
      return answer(request, reply, outcome);
    },
  },
  {
    method: 'POST',
    url: '/api/orgs/:org/cases/:caseId/notes',
    kind: 'api',
    access: { kind: 'org', permission: 'cases.work' },
    schema: {
      summary: 'Adds an internal note to the case (never sent to the citizen)',
      tags: ['webcare'],
      params: caseParams,
      body: {
        type: 'object',
        properties: { text: { type: 'string', maxLength: 10_000 } },
        required: ['text'],
        additionalProperties: false,
      },
      response: changeResponses,
    },
    async handler(request, reply, context) {
      const { text } = request.body as { text: string };
      return answer(
        request,
        reply,
        await addCaseNote(context.db, orgOf(request).id, caseIdOf(request), text, caseActor(request)),
      );
    },
  },
  {
    method: 'POST',
    url: '/api/orgs/:org/cases/:caseId/replies/draft',
    kind: 'api',
    access: { kind: 'org', permission: 'cases.work' },
    schema: {
      summary: 'A reply as it would go out (variables filled, signed), its length and what stands in its way',
      tags: ['webcare'],
      params: caseParams,
      body: replyBody,
      response: {
        200: {
          type: 'object',
          properties: {
            text: { type: 'string' },
            signature: { type: 'string' },
            length: { type: 'integer' },
            maxLength: { type: ['integer', 'null'] },
            problems: { type: 'array', items: problemSchema },
          },
          required: ['text', 'signature', 'length', 'maxLength', 'problems'],
        },
        404: errorSchema,
      },
    },
    async handler(request, _reply, context) {
      const { text } = request.body as { text: string };
      const { draft, problems } = await draftReply(
        context.db,
        context.box,
        orgOf(request).id,
        caseIdOf(request),
        text,
        replyAuthor(request),
      );
      if (!draft) throw new HttpError(404, 'not_found');
      const t = translate(request);
      return {
        ...draft,
        problems: problems.map((p) => ({ problem: p.problem, message: replyProblemText(p, t) })),
      };
    },
  },
  {
    method: 'POST',
    url: '/api/orgs/:org/cases/:caseId/replies',
    kind: 'api',
    access: { kind: 'org', permission: 'cases.work' },
    schema: {
      summary:
        'Sends a reply to the citizen through the channel; 400 says what stands in its way, 502 what the platform said',
      tags: ['webcare'],
      params: caseParams,
      body: replyBody,
      response: replyResponses,
    },
    async handler(request, reply, context) {
      const body = request.body as { text: string; after?: AfterReply };
      const outcome = await sendReply(context.db, context.box, {
        organisationId: orgOf(request).id,
        caseId: caseIdOf(request),
        text: body.text,
        author: replyAuthor(request),
        after: body.after,
      });
      return replyAnswer(request, reply, outcome, 201);
    },
  },
  {
    method: 'POST',
    url: '/api/orgs/:org/cases/:caseId/replies/:replyId/retry',
    kind: 'api',
    access: { kind: 'org', permission: 'cases.work' },
    schema: {
      summary: 'Tries a failed reply again, with the same text and idempotency key (it is never sent twice)',
      tags: ['webcare'],
      params: {
        type: 'object',
        properties: {
          org: { type: 'string' },
          caseId: { type: 'integer', minimum: 1 },
          replyId: { type: 'integer', minimum: 1 },
        },
        required: ['org', 'caseId', 'replyId'],
      },
      response: replyResponses,
    },
    async handler(request, reply, context) {
      const outcome = await retryReply(context.db, context.box, {
        organisationId: orgOf(request).id,
        caseId: caseIdOf(request),
        replyId: (request.params as { replyId: number }).replyId,
        author: replyAuthor(request),
      });
      return replyAnswer(request, reply, outcome, 200);
    },
  },
]);
