import { stringify } from 'csv-stringify/sync';
import type { FastifyRequest } from 'fastify';
import { spreadsheetSafe } from '../../domain/spreadsheetSafe.ts';
import type { Actor } from '../../identity/people.ts';
import { type HtmlValue, html, type SafeHtml } from '../../report/html.ts';
import { type AuditRecord, listAudit } from '../../store/audit.ts';
import type { Queryable } from '../../store/db.ts';
import { csrfField } from '../../web/forms.ts';
import type { Locale, MessageKey, Translate } from '../../web/i18n/index.ts';
import { localeOf, sendPage, translate } from '../../web/render.ts';
import { scrollingTable } from '../../web/tables.ts';
import { type OrgScope, routes } from '../access.ts';
import { HttpError } from '../errors.ts';

/**
 * The organisation's audit log: who changed what, when and from where, newest first, page by
 * page, and the whole of it as CSV. Only the organisation's own entries. Also the small helpers
 * the organisation's other administration pages share (the actor of a request, times).
 */

/** Who makes a change, as the audit log records it. */
export function actorOf(request: FastifyRequest): Actor {
  const viewer = request.viewer;
  if (!viewer) throw new HttpError(401, 'login');
  return { userId: viewer.user.id, name: viewer.user.email, ip: request.ip };
}

/** The organisation of a route under `:org` (the access check sets it). */
export function orgOf(request: FastifyRequest): OrgScope {
  if (!request.org) throw new HttpError(404, 'not_found');
  return request.org;
}

const TIME_ZONE = 'Europe/Amsterdam';
const FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'medium' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'medium' }),
};

/** A moment in Dutch local time, in the page's language. */
export function localTime(date: Date, locale: Locale): string {
  return FORMATS[locale].format(date);
}

/** A moment as `<time>`: local time for people, the ISO time for machines; `empty` when none. */
export function timeHtml(date: Date | null, locale: Locale, empty = '–'): SafeHtml {
  if (!date) return html`${empty}`;
  return html`<time datetime="${date.toISOString()}">${localTime(date, locale)}</time>`;
}

/** A small POST form beside others (a button in a table row), with its CSRF token. */
export function inlineForm(action: string, csrf: string, body: HtmlValue): SafeHtml {
  return html`<form method="post" action="${action}" class="meetlat-form meetlat-form--inline">${csrfField(csrf)}${body}</form>`;
}

/** The actions people meet in an organisation's log, in words. */
const ACTIONS: Readonly<Record<string, MessageKey>> = {
  'user.add': 'audit.action.userAdd',
  'member.add': 'audit.action.memberAdd',
  'member.set_role': 'audit.action.memberSetRole',
  'member.remove': 'audit.action.memberRemove',
  'org.settings': 'audit.action.orgSettings',
  'channel.add': 'audit.action.channelAdd',
  'channel.pause': 'audit.action.channelPause',
  'channel.resume': 'audit.action.channelResume',
  'channel.sync': 'audit.action.channelSync',
  'user.disable': 'audit.action.userDisable',
  'user.enable': 'audit.action.userEnable',
  'search.create': 'listening.audit.searchCreate',
  'search.update': 'listening.audit.searchUpdate',
  'search.delete': 'listening.audit.searchDelete',
  'sentiment.correct': 'listening.audit.sentimentCorrect',
  'alert.create': 'alerts.audit.create',
  'alert.update': 'alerts.audit.update',
  'alert.enable': 'alerts.audit.enable',
  'alert.disable': 'alerts.audit.disable',
  'alert.delete': 'alerts.audit.delete',
  'case.claimed': 'webcare.audit.claimed',
  'case.assigned': 'webcare.audit.assigned',
  'case.status': 'webcare.audit.status',
  'case.labelled': 'webcare.audit.labelled',
  'case.note': 'webcare.audit.note',
  'case.replied': 'webcare.audit.replied',
  'case.reply_failed': 'webcare.audit.replyFailed',
  'canned.create': 'webcare.audit.cannedCreate',
  'canned.update': 'webcare.audit.cannedUpdate',
  'canned.delete': 'webcare.audit.cannedDelete',
  'webcare.settings': 'webcare.audit.settings',
  'webcare.sla_account': 'webcare.audit.slaAccount',
  'webcare.sla_remove': 'webcare.audit.slaRemove',
};

/** An action in words where known, else its code. */
export function actionWords(action: string, t: Translate): string {
  const key = ACTIONS[action];
  return key ? t(key) : action;
}

/** The details of an entry on one line: `role: webcare; before: lezer`. */
function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(
      ([key, value]) =>
        `${key}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`,
    )
    .join('; ');
}

const PAGE_SIZE = 50;
const MAX_PAGE = 500;

/** One page of the log, newest first, and the id to ask the next page with (null at the end). */
async function auditPage(
  q: Queryable,
  organisationId: number,
  options: { before?: number; limit: number },
): Promise<{ entries: AuditRecord[]; next: number | null }> {
  const rows = await listAudit(q, { organisationId, limit: options.limit + 1, beforeId: options.before });
  const entries = rows.slice(0, options.limit);
  return { entries, next: rows.length > options.limit ? (entries.at(-1)?.id ?? null) : null };
}

/** The whole log of an organisation as CSV, newest first. */
async function auditCsv(q: Queryable, organisationId: number, t: Translate): Promise<string> {
  const rows: string[][] = [['id', 'at', 'actor', 'action', 'description', 'target', 'ip', 'details']];
  let before: number | undefined;
  for (;;) {
    const entries = await listAudit(q, { organisationId, limit: 1000, beforeId: before });
    for (const e of entries) {
      rows.push(
        [
          String(e.id),
          e.at.toISOString(),
          e.actor,
          e.action,
          actionWords(e.action, t),
          e.target ?? '',
          e.ip ?? '',
          JSON.stringify(e.details),
        ].map((cell) => spreadsheetSafe(cell)),
      );
    }
    if (entries.length < 1000) break;
    before = entries.at(-1)?.id;
  }
  return stringify(rows, { record_delimiter: '\r\n' });
}

function entryJson(e: AuditRecord) {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actor: e.actor,
    userId: e.userId,
    action: e.action,
    target: e.target,
    details: e.details,
    ip: e.ip,
  };
}

/** The `:org` parameter of the API's organisation routes. */
export const orgParams = {
  type: 'object',
  properties: { org: { type: 'string', description: 'the organisation code, such as GM0344' } },
  required: ['org'],
} as const;

const entrySchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    at: { type: 'string', format: 'date-time' },
    actor: { type: 'string', description: 'e-mail of the user (kept as it was), or cli/system' },
    userId: { type: ['integer', 'null'] },
    action: { type: 'string', description: 'dotted code, such as member.set_role' },
    target: { type: ['string', 'null'] },
    details: { type: 'object', additionalProperties: true },
    ip: { type: ['string', 'null'] },
  },
  required: ['id', 'at', 'actor', 'userId', 'action', 'target', 'details', 'ip'],
} as const;

function csvReply(code: string) {
  return {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="logboek-${code.replace(/[^A-Za-z0-9_-]/g, '_')}.csv"`,
    'cache-control': 'no-store',
  };
}

export const auditRoutes = routes([
  {
    method: 'GET',
    url: '/o/:org/logboek',
    kind: 'page',
    access: { kind: 'org', permission: 'audit.read' },
    schema: {
      querystring: {
        type: 'object',
        properties: { voor: { type: 'integer', minimum: 1 } },
      },
    },
    async handler(request, reply, context) {
      const org = orgOf(request);
      const { voor } = request.query as { voor?: number };
      const { entries, next } = await auditPage(context.db, org.id, { before: voor, limit: PAGE_SIZE });
      const locale = localeOf(request);
      const t = translate(request);
      const base = `/o/${encodeURIComponent(org.code)}/logboek`;
      return sendPage(request, reply, context, {
        title: t('audit.title'),
        active: 'audit',
        main: () => html`<p class="utrecht-paragraph">${t('audit.intro')}</p>
<p class="utrecht-paragraph"><a class="utrecht-link" href="${base}.csv" download>${t('audit.csv')}</a></p>
${
  entries.length === 0
    ? html`<p class="utrecht-paragraph">${voor ? t('audit.noMore') : t('audit.empty')}</p>`
    : html`${scrollingTable(
        voor ? t('audit.captionOlder') : t('audit.caption'),
        html`<thead class="utrecht-table__header"><tr class="utrecht-table__row">
<th scope="col" class="utrecht-table__header-cell">${t('audit.col.when')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('audit.col.who')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('audit.col.action')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('audit.col.target')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('audit.col.details')}</th>
<th scope="col" class="utrecht-table__header-cell">${t('audit.col.ip')}</th>
</tr></thead>
<tbody class="utrecht-table__body">${entries.map(
          (e) => html`<tr class="utrecht-table__row">
<td class="utrecht-table__cell">${timeHtml(e.at, locale)}</td>
<td class="utrecht-table__cell">${e.actor}</td>
<td class="utrecht-table__cell">${actionWords(e.action, t)}</td>
<td class="utrecht-table__cell">${e.target ?? '–'}</td>
<td class="utrecht-table__cell meetlat-code">${detailsText(e.details) || '–'}</td>
<td class="utrecht-table__cell">${e.ip ?? '–'}</td>
</tr>`,
        )}</tbody>`,
      )}`
}
<nav aria-label="${t('audit.paging')}"><p class="utrecht-paragraph">${voor ? html`<a class="utrecht-link" href="${base}">${t('audit.newest')}</a> ` : ''}${next ? html`<a class="utrecht-link" href="${base}?voor=${next}">${t('audit.older')}</a>` : ''}</p></nav>`,
      });
    },
  },
  {
    method: 'GET',
    url: '/o/:org/logboek.csv',
    kind: 'page',
    access: { kind: 'org', permission: 'audit.read' },
    async handler(request, reply, context) {
      const org = orgOf(request);
      const csv = await auditCsv(context.db, org.id, translate(request));
      return reply.headers(csvReply(org.code)).send(csv);
    },
  },
  {
    method: 'GET',
    url: '/api/orgs/:org/audit',
    kind: 'api',
    access: { kind: 'org', permission: 'audit.read' },
    schema: {
      summary: "The organisation's audit log, newest first; page on with `before` = the answer's `next`",
      tags: ['audit'],
      params: orgParams,
      querystring: {
        type: 'object',
        properties: {
          before: { type: 'integer', minimum: 1, description: 'entries older than this id' },
          limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: PAGE_SIZE },
        },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            entries: { type: 'array', items: entrySchema },
            next: { type: ['integer', 'null'], description: 'pass as `before` for the next page' },
          },
          required: ['entries', 'next'],
        },
      },
    },
    async handler(request, _reply, context) {
      const org = orgOf(request);
      const query = request.query as { before?: number; limit: number };
      const { entries, next } = await auditPage(context.db, org.id, {
        before: query.before,
        limit: query.limit,
      });
      return { entries: entries.map(entryJson), next };
    },
  },
  {
    method: 'GET',
    url: '/api/orgs/:org/audit.csv',
    kind: 'api',
    access: { kind: 'org', permission: 'audit.read' },
    schema: {
      summary:
        "The organisation's whole audit log as CSV (id, at, actor, action, description, target, ip, details); cells a spreadsheet would take for a formula start with an apostrophe",
      tags: ['audit'],
      params: orgParams,
      produces: ['text/csv'],
      response: { 200: { type: 'string', description: 'text/csv' } },
    },
    async handler(request, reply, context) {
      const org = orgOf(request);
      const csv = await auditCsv(context.db, org.id, translate(request));
      return reply.headers(csvReply(org.code)).send(csv);
    },
  },
]);
