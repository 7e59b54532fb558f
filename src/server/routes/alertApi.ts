import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationItem,
  unreadNotifications,
} from '../../alerts/notifications.ts';
import type { AlertRule } from '../../alerts/ruleStore.ts';
import { listAlertRules } from '../../alerts/ruleStore.ts';
import type { AlertKind, RuleInput, RuleProblem } from '../../alerts/rules.ts';
import { describeRuleProblem, notificationText } from '../../alerts/texts.ts';
import type { Locale } from '../../web/i18n/index.ts';
import { localeOf } from '../../web/render.ts';
import { routes } from '../access.ts';
import { HttpError } from '../errors.ts';
import { errorSchema } from '../schemas.ts';
import {
  alertErrors,
  notificationSchema,
  ruleBody,
  ruleChangeBody,
  ruleSchema,
  unreadSchema,
} from './alertSchemas.ts';
import {
  addRule,
  changeRule,
  loadRule,
  notificationParams,
  problemsByField,
  removeRule,
  ruleJson,
  ruleParams,
  switchRule,
} from './alerts.ts';
import { orgOf, orgParams } from './audit.ts';
import { loadSearch, searchParams, viewerId } from './listening.ts';

/**
 * The alerts' API: a saved search's rules (list, add), a rule (read, change, switch on or off,
 * delete), and the user's notifications (list with the unread count, mark one or all read).
 * Within the organisation of the URL: another organisation's rule or notification is a 404.
 * A rule that does not check is a 400 with every problem in words (in the user's language).
 */

interface RuleBody {
  kind?: AlertKind;
  settings?: Record<string, unknown>;
  emailTo?: string[];
  webhookUrl?: string | null;
  enabled?: boolean;
  newWebhookSecret?: boolean;
}

/** The rule as asked: what the body leaves out stays as it is in `current` (settings merged, unless the kind changes). */
function ruleInput(body: RuleBody, current: AlertRule | null): RuleInput {
  const kind = body.kind ?? current?.settings.kind;
  const keep = current && current.settings.kind === kind ? current.settings : {};
  return {
    kind,
    settings: { ...keep, ...(body.settings ?? {}) },
    emailTo: body.emailTo ?? current?.emailTo ?? [],
    webhookUrl: body.webhookUrl === undefined ? (current?.webhookUrl ?? null) : body.webhookUrl,
  };
}

function refusal(reply: FastifyReply, problems: readonly RuleProblem[], locale: Locale) {
  const fields = problemsByField(problems, locale);
  return reply.code(400).send({
    error: 'invalid',
    message: Object.values(fields).join(' '),
    fields,
    problems: problems.map((p) => ({
      field: p.field,
      problem: p.problem,
      message: describeRuleProblem(p, locale),
    })),
  });
}

function withSecret(json: ReturnType<typeof ruleJson>, secret: string | null) {
  return secret === null ? json : { ...json, webhookSecret: secret };
}

function notificationJson(n: NotificationItem, locale: Locale) {
  const text = notificationText(locale, n.message);
  return {
    id: n.id,
    createdAt: n.createdAt.toISOString(),
    read: n.read,
    kind: n.message.kind,
    title: text.title,
    body: text.body,
    searchId: n.searchId,
    searchName: n.searchName,
    ruleId: n.ruleId,
    episode: {
      id: n.episode.id,
      startedAt: n.episode.startedAt.toISOString(),
      lastSeenAt: n.episode.lastSeenAt.toISOString(),
      endedAt: n.episode.endedAt?.toISOString() ?? null,
      messageCount: n.episode.messageCount,
    },
  };
}

function ruleId(request: FastifyRequest): number {
  return (request.params as { ruleId: number }).ruleId;
}

export const alertApiRoutes = routes([
  {
    method: 'GET',
    url: '/api/orgs/:org/searches/:id/alerts',
    kind: 'api',
    access: { kind: 'org', permission: 'messages.read' },
    schema: {
      summary: "A saved search's alert rules, oldest first",
      tags: ['alerts'],
      params: searchParams,
      response: {
        200: {
          type: 'object',
          properties: { rules: { type: 'array', items: ruleSchema } },
          required: ['rules'],
        },
        404: errorSchema,
      },
    },
    async handler(request, _reply, context) {
      const search = await loadSearch(request, context, (request.params as { id: number }).id);
      const rules = await listAlertRules(context.db, orgOf(request).id, search.id);
      return { rules: rules.map((rule) => ruleJson(request, rule, search)) };
    },
  },
  {
    method: 'POST',
    url: '/api/orgs/:org/searches/:id/alerts',
    kind: 'api',
    access: { kind: 'org', permission: 'searches.manage' },
    schema: {
      summary:
        'Adds an alert rule to a saved search (audited): a spike in its volume, or signal words among its messages; told in the app, by e-mail and by webhook',
      description:
        'With a webhook, the answer holds its secret (webhookSecret), once. Each webhook call is a JSON POST signed with X-Meetlat-Signature: sha256=<hex HMAC-SHA256 of the raw body with the secret>, with X-Meetlat-Timestamp (Unix seconds) and X-Meetlat-Event (the event id, the same on every attempt).',
      tags: ['alerts'],
      params: searchParams,
      body: ruleBody,
      response: { 201: ruleSchema, 403: errorSchema, ...alertErrors },
    },
    async handler(request, reply, context) {
      const search = await loadSearch(request, context, (request.params as { id: number }).id);
      const outcome = await addRule(request, context, search, ruleInput(request.body as RuleBody, null));
      if (!outcome.ok) return refusal(reply, outcome.problems, localeOf(request));
      return reply.code(201).send(withSecret(ruleJson(request, outcome.rule, search), outcome.webhookSecret));
    },
  },
  {
    method: 'GET',
    url: '/api/orgs/:org/alerts/:ruleId',
    kind: 'api',
    access: { kind: 'org', permission: 'messages.read' },
    schema: {
      summary: 'One alert rule (of a saved search the user may see); never its webhook secret',
      tags: ['alerts'],
      params: ruleParams,
      response: { 200: ruleSchema, 404: errorSchema },
    },
    async handler(request, _reply, context) {
      const { rule, search } = await loadRule(request, context, ruleId(request));
      return ruleJson(request, rule, search);
    },
  },
  {
    method: 'PUT',
    url: '/api/orgs/:org/alerts/:ruleId',
    kind: 'api',
    access: { kind: 'org', permission: 'searches.manage' },
    schema: {
      summary:
        'Changes an alert rule (audited, before and after), switches it on or off (enabled), or makes a new webhook secret (newWebhookSecret)',
      tags: ['alerts'],
      params: ruleParams,
      body: ruleChangeBody,
      response: { 200: ruleSchema, 403: errorSchema, ...alertErrors },
    },
    async handler(request, reply, context) {
      const body = request.body as RuleBody;
      const id = ruleId(request);
      let secret: string | null = null;
      const changes =
        body.kind !== undefined ||
        body.settings !== undefined ||
        body.emailTo !== undefined ||
        body.webhookUrl !== undefined ||
        body.newWebhookSecret === true;
      if (changes) {
        const outcome = await changeRule(
          request,
          context,
          id,
          (current) => ruleInput(body, current),
          body.newWebhookSecret === true,
        );
        if (!outcome.ok) return refusal(reply, outcome.problems, localeOf(request));
        secret = outcome.webhookSecret;
      }
      if (body.enabled !== undefined) await switchRule(request, context, id, body.enabled);
      const { rule, search } = await loadRule(request, context, id);
      return withSecret(ruleJson(request, rule, search), secret);
    },
  },
  {
    method: 'DELETE',
    url: '/api/orgs/:org/alerts/:ruleId',
    kind: 'api',
    access: { kind: 'org', permission: 'searches.manage' },
    schema: {
      summary: 'Deletes an alert rule with its notifications (audited)',
      tags: ['alerts'],
      params: ruleParams,
      response: { 204: { type: 'null' }, 403: errorSchema, 404: errorSchema },
    },
    async handler(request, reply, context) {
      await removeRule(request, context, ruleId(request));
      return reply.code(204).send();
    },
  },
  {
    method: 'GET',
    url: '/api/orgs/:org/notifications',
    kind: 'api',
    access: { kind: 'org', permission: 'messages.read' },
    schema: {
      summary:
        "The user's notifications in the organisation (of shared saved searches and their own private ones), newest first, with how many are unread",
      tags: ['alerts'],
      params: orgParams,
      querystring: {
        type: 'object',
        properties: {
          limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          beforeId: { type: 'integer', minimum: 1, description: 'only those older than this one (paging)' },
        },
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'object',
          properties: {
            unread: unreadSchema,
            notifications: { type: 'array', items: notificationSchema },
            nextBeforeId: {
              type: ['integer', 'null'],
              description: 'beforeId for the next page; null: this is the last',
            },
          },
          required: ['unread', 'notifications', 'nextBeforeId'],
        },
      },
    },
    async handler(request, _reply, context) {
      const asked = request.query as { limit: number; beforeId?: number };
      const found = await listNotifications(context.db, orgOf(request).id, viewerId(request), {
        limit: asked.limit + 1,
        beforeId: asked.beforeId,
      });
      const page = found.notifications.slice(0, asked.limit);
      const locale = localeOf(request);
      return {
        unread: found.unread,
        notifications: page.map((n) => notificationJson(n, locale)),
        nextBeforeId: found.notifications.length > asked.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },
  },
  {
    method: 'POST',
    url: '/api/orgs/:org/notifications/:notificationId/read',
    kind: 'api',
    access: { kind: 'org', permission: 'messages.read' },
    schema: {
      summary: 'Marks a notification read for the user',
      tags: ['alerts'],
      params: notificationParams,
      response: {
        200: {
          type: 'object',
          properties: { id: { type: 'integer' }, read: { const: true }, unread: unreadSchema },
          required: ['id', 'read', 'unread'],
        },
        404: errorSchema,
      },
    },
    async handler(request, _reply, context) {
      const { notificationId } = request.params as { notificationId: number };
      const org = orgOf(request);
      const user = viewerId(request);
      if (!(await markNotificationRead(context.db, org.id, user, notificationId)))
        throw new HttpError(404, 'not_found');
      return { id: notificationId, read: true, unread: await unreadNotifications(context.db, org.id, user) };
    },
  },
  {
    method: 'POST',
    url: '/api/orgs/:org/notifications/read-all',
    kind: 'api',
    access: { kind: 'org', permission: 'messages.read' },
    schema: {
      summary: 'Marks every notification the user may see in the organisation read',
      tags: ['alerts'],
      params: orgParams,
      response: {
        200: {
          type: 'object',
          properties: {
            marked: { type: 'integer', description: 'how many were unread' },
            unread: unreadSchema,
          },
          required: ['marked', 'unread'],
        },
      },
    },
    async handler(request, _reply, context) {
      const org = orgOf(request);
      const user = viewerId(request);
      const marked = await markAllNotificationsRead(context.db, org.id, user);
      return { marked, unread: await unreadNotifications(context.db, org.id, user) };
    },
  },
]);
