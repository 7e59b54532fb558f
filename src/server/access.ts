import type { FastifyReply, FastifyRequest, FastifySchema, HTTPMethods } from 'fastify';
import type { Permission, Role } from '../identity/roles.ts';
import type { Membership, User } from '../store/users.ts';
import type { ServerContext } from './context.ts';

/**
 * Who may call a route. Every route in the table declares one; the server enforces it before the
 * handler runs, so a handler never checks access itself and no route goes without a rule.
 *
 * - `public`: anyone (login, health, the OpenAPI document).
 * - `pending2fa`: a session that gave the right password and still owes its TOTP code.
 * - `user`: any logged-in user.
 * - `org`: a member of the route's `:org` with a role that has `permission` (or a superbeheerder).
 * - `super`: a superbeheerder.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'pending2fa' }
  | { kind: 'user' }
  | { kind: 'org'; permission: Permission }
  | { kind: 'super' };

export interface Viewer {
  user: User;
  memberships: Membership[];
  sessionHash: string;
  csrfSecret: string;
}

/** The organisation a route under `:org` is about, and the viewer's role in it. */
export interface OrgScope {
  id: number;
  code: string;
  name: string;
  /** Null for a superbeheerder who is not a member. */
  role: Role | null;
}

/** A session that gave the right password and still owes its TOTP code. */
export interface PendingLogin {
  userId: number;
  sessionHash: string;
  csrfSecret: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | null;
    pending: PendingLogin | null;
    org: OrgScope | null;
  }
}

export type RouteRequest = FastifyRequest;

export interface RouteSpec {
  method: HTTPMethods;
  url: string;
  access: Access;
  /** `api`: JSON under /api; `page`: HTML; `form`: an HTML form post answered by a redirect or page. */
  kind: 'api' | 'page' | 'form' | 'asset' | 'health';
  schema?: FastifySchema;
  /** Rate limit for this route: requests per minute per client address. */
  rateLimitPerMinute?: number;
  handler: (request: RouteRequest, reply: FastifyReply, context: ServerContext) => Promise<unknown>;
}

/** Keeps the literal types of a module's route list. */
export function routes(list: RouteSpec[]): RouteSpec[] {
  return list;
}
