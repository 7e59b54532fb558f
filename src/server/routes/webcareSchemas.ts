import type { CaseDetail } from '../../store/caseDetail.ts';
import type { CaseSummary } from '../../store/caseList.ts';
import { CASE_STATUSES } from '../../webcare/placement.ts';
import { slaState } from '../../webcare/sla.ts';
import { errorSchema } from '../schemas.ts';

/**
 * The webcare API's JSON: a case (with where its service level stands), a case with its
 * conversation and trail, and the bodies and answers of the changes and replies.
 */

export const time = { type: ['string', 'null'], format: 'date-time' } as const;

export const caseSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    number: { type: 'string' },
    status: { enum: [...CASE_STATUSES] },
    version: { type: 'integer' },
    channel: { type: 'string' },
    account: { type: ['string', 'null'] },
    citizen: { type: ['string', 'null'] },
    citizenId: { type: ['string', 'null'] },
    openedAt: { type: 'string', format: 'date-time' },
    lastInboundAt: { type: 'string', format: 'date-time' },
    waitingSince: time,
    firstResponseAt: time,
    firstResponseDueAt: { type: 'string', format: 'date-time' },
    responseDueAt: time,
    resolutionDueAt: { type: 'string', format: 'date-time' },
    resolvedAt: time,
    sla: { enum: ['met', 'late', 'breached', 'at_risk', 'on_track', 'none'] },
    assignee: {
      type: ['object', 'null'],
      properties: { id: { type: 'integer' }, name: { type: 'string' } },
      required: ['id', 'name'],
    },
    category: { type: ['string', 'null'] },
    tags: { type: 'array', items: { type: 'string' } },
    messages: { type: 'integer', description: "the citizen's messages in the case" },
  },
  required: [
    'id',
    'number',
    'status',
    'version',
    'channel',
    'openedAt',
    'sla',
    'assignee',
    'tags',
    'messages',
  ],
} as const;

/** Where the answer that is due now stands (for a case that waits), else how its first answer went. */
export function caseSla(c: CaseSummary, now: Date) {
  if (c.waitingSince && c.responseDueAt && (c.status === 'nieuw' || c.status === 'open')) {
    return slaState({ dueAt: c.responseDueAt, atRiskAt: c.responseAtRiskAt ?? c.responseDueAt }, null, now);
  }
  return slaState({ dueAt: c.firstResponseDueAt, atRiskAt: c.firstResponseDueAt }, c.firstResponseAt, now);
}

export function caseJson(c: CaseSummary, now: Date) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: c.id,
    number: c.number,
    status: c.status,
    version: c.version,
    channel: c.platform,
    account: c.accountHandle,
    citizen: c.citizenHandle,
    citizenId: c.citizenId,
    openedAt: c.openedAt.toISOString(),
    lastInboundAt: c.lastInboundAt.toISOString(),
    waitingSince: iso(c.waitingSince),
    firstResponseAt: iso(c.firstResponseAt),
    firstResponseDueAt: c.firstResponseDueAt.toISOString(),
    responseDueAt: iso(c.responseDueAt),
    resolutionDueAt: c.resolutionDueAt.toISOString(),
    resolvedAt: iso(c.resolvedAt),
    sla: caseSla(c, now),
    assignee: c.assignee ? { id: c.assignee.id, name: c.assignee.name } : null,
    category: c.category,
    tags: c.tags,
    messages: c.messages,
  };
}

export const detailSchema = {
  type: 'object',
  properties: {
    case: caseSchema,
    conversation: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          platform: { type: 'string' },
          platformId: { type: 'string' },
          author: { type: 'string' },
          authorName: { type: ['string', 'null'] },
          createdAt: { type: 'string', format: 'date-time' },
          text: { type: 'string' },
          url: { type: ['string', 'null'] },
          sentiment: { type: ['string', 'null'] },
          inCase: { type: 'boolean' },
          own: { type: 'boolean' },
        },
        required: ['id', 'platform', 'platformId', 'author', 'createdAt', 'text', 'inCase', 'own'],
      },
    },
    events: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          at: { type: 'string', format: 'date-time' },
          actor: { type: 'string' },
          userId: { type: ['integer', 'null'] },
          kind: { type: 'string' },
          details: { type: 'object', additionalProperties: true },
        },
        required: ['id', 'at', 'actor', 'kind', 'details'],
      },
    },
    earlier: { type: 'array', items: caseSchema },
  },
  required: ['case', 'conversation', 'events', 'earlier'],
} as const;

export function detailJson(d: CaseDetail, now: Date) {
  return {
    case: caseJson(d.case, now),
    conversation: d.conversation.map((m) => ({
      id: m.id,
      platform: m.platform,
      platformId: m.platformId,
      author: m.authorHandle ?? m.authorId,
      authorName: m.authorName,
      createdAt: m.createdAt.toISOString(),
      text: m.text,
      url: m.url,
      sentiment: m.sentiment,
      inCase: m.inCase,
      own: m.own,
    })),
    events: d.events.map((e) => ({ ...e, at: e.at.toISOString() })),
    earlier: d.earlier.map((c) => caseJson(c, now)),
  };
}

export const conflictSchema = {
  type: 'object',
  properties: {
    error: { enum: ['taken', 'stale'] },
    message: { type: 'string' },
    version: { type: 'integer', description: 'the version of the case now' },
    assignee: {
      type: 'object',
      properties: { id: { type: 'integer' }, name: { type: 'string' } },
      required: ['id', 'name'],
    },
  },
  required: ['error', 'message', 'version'],
} as const;

export const versionSchema = {
  type: 'object',
  properties: { version: { type: 'integer' } },
  required: ['version'],
} as const;

export const changeResponses = {
  200: versionSchema,
  400: errorSchema,
  404: errorSchema,
  409: conflictSchema,
} as const;

/** Answers a change: its new version, or why not (409 with who has the case, or its version). */
export const replyBody = {
  type: 'object',
  properties: {
    text: { type: 'string', maxLength: 20_000 },
    after: { enum: ['wacht', 'opgelost'], description: 'the status once sent (default: wacht)' },
  },
  required: ['text'],
  additionalProperties: false,
} as const;

export const problemSchema = {
  type: 'object',
  properties: { problem: { type: 'string' }, message: { type: 'string' } },
  required: ['problem', 'message'],
} as const;

export const replyResponses = {
  200: {
    type: 'object',
    properties: { replyId: { type: 'integer' }, url: { type: ['string', 'null'] } },
    required: ['replyId'],
  },
  201: {
    type: 'object',
    properties: { replyId: { type: 'integer' }, url: { type: ['string', 'null'] } },
    required: ['replyId'],
  },
  400: {
    type: 'object',
    properties: {
      error: { type: 'string' },
      message: { type: 'string' },
      problems: { type: 'array', items: problemSchema },
    },
    required: ['error', 'message', 'problems'],
  },
  404: errorSchema,
  409: errorSchema,
  502: {
    type: 'object',
    properties: {
      error: { const: 'platform' },
      message: { type: 'string' },
      replyId: { type: 'integer' },
      kind: { type: 'string' },
      platformMessage: { type: 'string' },
    },
    required: ['error', 'message', 'replyId', 'kind'],
  },
} as const;

export const versioned = {
  version: { type: 'integer', minimum: 1, description: 'the version of the case the change was made on' },
};
