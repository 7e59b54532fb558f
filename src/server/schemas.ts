import type { FastifyReply, FastifyRequest } from 'fastify';
import { ROLES } from '../identity/roles.ts';
import { csrfToken } from './auth.ts';
import type { ServerContext } from './context.ts';

/** JSON schemas the API shares, and the JSON of the logged-in user. */
export const membershipSchema = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    name: { type: 'string' },
    role: { enum: [...ROLES] },
  },
  required: ['code', 'name', 'role'],
} as const;

export const userSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    email: { type: 'string' },
    name: { type: 'string' },
    initials: { type: ['string', 'null'] },
    locale: { enum: ['nl', 'en'] },
    superbeheerder: { type: 'boolean' },
    totpEnabled: { type: 'boolean' },
    memberships: { type: 'array', items: membershipSchema },
    csrfToken: { type: 'string', description: 'send as X-CSRF-Token with every state-changing request' },
  },
  required: ['id', 'email', 'name', 'locale', 'superbeheerder', 'totpEnabled', 'memberships', 'csrfToken'],
} as const;

/** What the API answers when it refuses: a code, a sentence, and where it applies, what is wrong per field or the platform's kind of error. */
export const errorSchema = {
  type: 'object',
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    fields: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'what is wrong, per field of the request',
    },
    kind: { type: 'string', description: "the platform's kind of error, when the platform refused" },
  },
  required: ['error', 'message'],
} as const;

export function viewerJson(request: FastifyRequest, reply: FastifyReply, context: ServerContext) {
  const viewer = request.viewer;
  if (!viewer) throw new Error('viewerJson needs a logged-in user');
  return {
    id: viewer.user.id,
    email: viewer.user.email,
    name: viewer.user.name,
    initials: viewer.user.initials,
    locale: viewer.user.locale,
    superbeheerder: viewer.user.superbeheerder,
    totpEnabled: viewer.user.totpEnabled,
    memberships: viewer.memberships.map((m) => ({ code: m.code, name: m.name, role: m.role })),
    csrfToken: csrfToken(request, reply, context),
  };
}
