import { stringify } from 'csv-stringify/sync';
import type { FastifyRequest } from 'fastify';
import { addDays, dutchDay, isDay, startOfDutchDay } from '../../domain/dutchTime.ts';
import { spreadsheetSafe } from '../../domain/spreadsheetSafe.ts';
import { formatDecimal, formatDuration, formatPercent } from '../../report/format.ts';
import { html } from '../../report/html.ts';
import { rowBar, stackedColumns } from '../../web/charts.ts';
import { submitButton, textField } from '../../web/forms.ts';
import type { Translate } from '../../web/i18n/index.ts';
import { localeOf, sendPage, translate } from '../../web/render.ts';
import { scrollingTable } from '../../web/tables.ts';
import { type FigureRow, webcareFigures } from '../../webcare/figures.ts';
import { routes } from '../access.ts';
import { HttpError } from '../errors.ts';
import { errorSchema } from '../schemas.ts';
import { orgOf, orgParams } from './audit.ts';
import { dayText, formatCount } from './listeningView.ts';

/**
 * The webcare figures for managers (`webcare/figures.ts`) in the web app at
 * `/o/:org/webcare/cijfers` (a period form, a chart of cases opened and handled per day, a table
 * per agent with the team's row, each figure with its definition), as CSV and in the API.
 */

const DEFAULT_DAYS = 30;
const MAX_DAYS = 366;

interface PeriodQuery {
  van?: string;
  tot?: string;
}

/** The Dutch days asked for (`van` and `tot` inclusive), by default the 30 up to today. */
function periodOf(request: FastifyRequest): { from: Date; to: Date; first: string; last: string } {
  const q = (request.query ?? {}) as PeriodQuery;
  const today = dutchDay(new Date());
  const last = q.tot && isDay(q.tot) ? q.tot : today;
  const first = q.van && isDay(q.van) ? q.van : addDays(last, -(DEFAULT_DAYS - 1));
  const t = translate(request);
  if (first > last) throw new HttpError(400, 'invalid', t('webcare.figures.error.order'));
  if (Date.parse(last) - Date.parse(first) > MAX_DAYS * 86_400_000)
    throw new HttpError(400, 'invalid', t('webcare.figures.error.long', { days: MAX_DAYS }));
  return { from: startOfDutchDay(first), to: startOfDutchDay(addDays(last, 1)), first, last };
}

function rowName(r: FigureRow, t: Translate): string {
  return r.kind === 'team'
    ? t('webcare.figures.team')
    : r.kind === 'unassigned'
      ? t('webcare.nobody')
      : r.name;
}

const duration = (s: number | null) => (s === null ? '–' : formatDuration(s));

const rowSchema = {
  type: 'object',
  properties: {
    userId: { type: ['integer', 'null'] },
    name: { type: 'string' },
    kind: { enum: ['agent', 'unassigned', 'team'] },
    cases: { type: 'integer' },
    answered: { type: 'integer' },
    unanswered: { type: 'integer' },
    anomalies: { type: 'integer' },
    meanFirstResponseS: { type: ['number', 'null'] },
    medianFirstResponseS: { type: ['number', 'null'] },
    p90FirstResponseS: { type: ['number', 'null'] },
    medianFirstResponseOfficeS: { type: ['number', 'null'] },
    slaAssessed: { type: 'integer' },
    slaMet: { type: 'integer' },
    slaMetPct: { type: ['number', 'null'] },
    resolutionBreaches: { type: 'integer' },
    handled: { type: 'integer' },
    handledPerDay: { type: 'number' },
    openWorkload: { type: 'integer' },
  },
  required: [
    'userId',
    'name',
    'kind',
    'cases',
    'answered',
    'slaAssessed',
    'slaMet',
    'handled',
    'openWorkload',
  ],
} as const;

export const webcareFigureRoutes = routes([
  {
    method: 'GET',
    url: '/o/:org/webcare/cijfers',
    kind: 'page',
    access: { kind: 'org', permission: 'webcare.figures' },
    async handler(request, reply, context) {
      const period = periodOf(request);
      const figures = await webcareFigures(context.db, orgOf(request).id, period);
      const locale = localeOf(request);
      const t0 = translate(request);
      const base = `/o/${encodeURIComponent(orgOf(request).code)}/webcare/cijfers`;
      const query = `?van=${period.first}&tot=${period.last}`;
      const max = Math.max(1, ...figures.rows.filter((r) => r.kind !== 'team').map((r) => r.handled));
      return sendPage(request, reply, context, {
        title: t0('webcare.figures.title'),
        active: 'webcare',
        main: (
          _csrf,
          t,
        ) => html`<p class="utrecht-paragraph">${t('webcare.figures.intro', { from: dayText(period.first, locale), to: dayText(period.last, locale) })}</p>
<form method="get" action="${base}" class="meetlat-form meetlat-filters" aria-label="${t('webcare.figures.period')}">
${textField({ name: 'van', label: t('webcare.figures.from'), value: period.first, hint: 'JJJJ-MM-DD', maxlength: 10, idPrefix: 'periode' })}
${textField({ name: 'tot', label: t('webcare.figures.to'), value: period.last, hint: 'JJJJ-MM-DD', maxlength: 10, idPrefix: 'periode' })}
${submitButton(t('webcare.figures.show'), 'secondary')}
</form>
${stackedColumns({
  id: 'per-dag',
  title: t('webcare.figures.perDay'),
  description: t('webcare.figures.perDay.desc'),
  categories: figures.perDay.map((d) => d.day.slice(5)),
  series: [
    {
      label: t('webcare.figures.opened'),
      colour: '#154273',
      pattern: 'solid',
      values: figures.perDay.map((d) => d.opened),
    },
    {
      label: t('webcare.figures.handled'),
      colour: '#b35900',
      pattern: 'hatch',
      values: figures.perDay.map((d) => d.handled),
    },
  ],
  format: (n) => formatCount(n, locale),
})}
${scrollingTable(
  t('webcare.figures.caption'),
  html`<thead class="utrecht-table__header"><tr class="utrecht-table__row">
<th class="utrecht-table__header-cell" scope="col">${t('webcare.col.assignee')}</th>
<th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">${t('webcare.figures.cases')}</th>
<th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">${t('webcare.figures.median')}</th>
<th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">${t('webcare.figures.p90')}</th>
<th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">${t('webcare.figures.office')}</th>
<th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">${t('webcare.figures.sla')}</th>
<th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">${t('webcare.figures.breaches')}</th>
<th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">${t('webcare.figures.handled')}</th>
<th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">${t('webcare.figures.perDayCol')}</th>
<th class="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">${t('webcare.figures.workload')}</th>
</tr></thead><tbody class="utrecht-table__body">${figures.rows.map(
    (
      r,
    ) => html`<tr class="utrecht-table__row${r.kind === 'team' ? ' meetlat-row--total' : ''}" data-kind="${r.kind}">
<th class="utrecht-table__header-cell" scope="row">${rowName(r, t)}</th>
<td class="utrecht-table__cell utrecht-table__cell--numeric">${formatCount(r.cases, locale)}</td>
<td class="utrecht-table__cell utrecht-table__cell--numeric">${duration(r.medianFirstResponseS)}</td>
<td class="utrecht-table__cell utrecht-table__cell--numeric">${duration(r.p90FirstResponseS)}</td>
<td class="utrecht-table__cell utrecht-table__cell--numeric">${duration(r.medianFirstResponseOfficeS)}</td>
<td class="utrecht-table__cell utrecht-table__cell--numeric">${r.slaMetPct === null ? '–' : formatPercent(r.slaMetPct)}</td>
<td class="utrecht-table__cell utrecht-table__cell--numeric">${formatCount(r.resolutionBreaches, locale)}</td>
<td class="utrecht-table__cell utrecht-table__cell--numeric">${formatCount(r.handled, locale)} ${r.kind === 'team' ? '' : rowBar(r.handled, max)}</td>
<td class="utrecht-table__cell utrecht-table__cell--numeric">${formatDecimal(r.handledPerDay, 1)}</td>
<td class="utrecht-table__cell utrecht-table__cell--numeric">${formatCount(r.openWorkload, locale)}</td>
</tr>`,
  )}</tbody>`,
)}
<p class="utrecht-paragraph"><a class="utrecht-link" href="${base}.csv${query}">${t('webcare.figures.csv')}</a></p>
<details class="meetlat-details"><summary>${t('webcare.figures.definitions')}</summary><p class="utrecht-paragraph">${t('webcare.figures.definitions.text')}</p></details>`,
      });
    },
  },
  {
    method: 'GET',
    url: '/o/:org/webcare/cijfers.csv',
    kind: 'page',
    access: { kind: 'org', permission: 'webcare.figures' },
    async handler(request, reply, context) {
      const period = periodOf(request);
      const figures = await webcareFigures(context.db, orgOf(request).id, period);
      const t = translate(request);
      const csv = stringify(
        figures.rows.map((r) => [
          spreadsheetSafe(rowName(r, t)),
          r.kind,
          r.cases,
          r.answered,
          r.unanswered,
          r.anomalies,
          r.meanFirstResponseS ?? '',
          r.medianFirstResponseS ?? '',
          r.p90FirstResponseS ?? '',
          r.medianFirstResponseOfficeS ?? '',
          r.slaAssessed,
          r.slaMet,
          r.slaMetPct ?? '',
          r.resolutionBreaches,
          r.handled,
          r.handledPerDay,
          r.openWorkload,
        ]),
        {
          header: true,
          columns: [
            'name',
            'kind',
            'cases',
            'answered',
            'unanswered',
            'anomalies',
            'mean_first_response_s',
            'median_first_response_s',
            'p90_first_response_s',
            'median_first_response_office_s',
            'sla_assessed',
            'sla_met',
            'sla_met_pct',
            'resolution_breaches',
            'handled',
            'handled_per_day',
            'open_workload',
          ],
        },
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="webcare-${orgOf(request).code.replace(/[^A-Za-z0-9_-]/g, '_')}-${period.first}-${period.last}.csv"`,
        )
        .header('cache-control', 'no-store')
        .send(csv);
    },
  },
  {
    method: 'GET',
    url: '/api/orgs/:org/webcare/figures',
    kind: 'api',
    access: { kind: 'org', permission: 'webcare.figures' },
    schema: {
      summary: "The webcare team's figures per agent and for the team over a period of Dutch days",
      tags: ['webcare'],
      params: orgParams,
      querystring: {
        type: 'object',
        properties: { van: { type: 'string', format: 'date' }, tot: { type: 'string', format: 'date' } },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            days: { type: 'integer' },
            rows: { type: 'array', items: rowSchema },
            perDay: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  day: { type: 'string' },
                  opened: { type: 'integer' },
                  handled: { type: 'integer' },
                },
                required: ['day', 'opened', 'handled'],
              },
            },
          },
          required: ['from', 'to', 'days', 'rows', 'perDay'],
        },
        400: errorSchema,
      },
    },
    async handler(request, _reply, context) {
      const figures = await webcareFigures(context.db, orgOf(request).id, periodOf(request));
      return {
        ...figures,
        from: figures.from.toISOString(),
        to: figures.to.toISOString(),
        rows: figures.rows,
      };
    },
  },
]);
