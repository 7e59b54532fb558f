import { readFileSync } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import { ORGANISATION_KINDS, SIZE_CLASSES } from '../../domain/organisation.ts';
import { listBoundaries } from '../../reference/store.ts';
import { formatPeriod } from '../../report/format.ts';
import { html, idFragment, type SafeHtml } from '../../report/html.ts';
import type { ReportInput } from '../../report/input.ts';
import { loadReportInput } from '../../report/loadReport.ts';
import { classIn, displayName, organisationIn } from '../../report/lookup.ts';
import { choroplethFigure, mapData, PALETTES } from '../../report/map.ts';
import { MAP_METRICS, METRIC_INFO } from '../../report/metrics.ts';
import { organisationPage } from '../../report/organisationPage.ts';
import { headline, overviewSection } from '../../report/overview.ts';
import { hasData, mapInputs } from '../../report/yardstickHtml.ts';
import { findOrganisation } from '../../store/organisations.ts';
import { selectField, submitButton } from '../../web/forms.ts';
import type { Locale, MessageKey, Translate } from '../../web/i18n/index.ts';
import { alert } from '../../web/layout.ts';
import { localeOf, sendPage, translate } from '../../web/render.ts';
import { METRIC_DIRECTION, rankWithinClass } from '../../yardstick/compare.ts';
import { computeYardstick } from '../../yardstick/engine.ts';
import {
  type Figures,
  figuresOf,
  type Period,
  SCALAR_METRICS,
  type ScalarMetric,
  type Yardstick,
} from '../../yardstick/figures.ts';
import { ALL_TIME, parseMoment } from '../../yardstick/periods.ts';
import { messageSpan } from '../../yardstick/queries.ts';
import { routes } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { errorSchema } from '../schemas.ts';

/**
 * The yardstick served live: the national overview (`/meetlat`), an organisation's figures
 * (`/o/:org/meetlat`) and the map (`/meetlat/kaart`), and the same figures as JSON under
 * `/api/yardstick`. Every figure comes from the engine (`src/yardstick/engine.ts`) and is shown
 * with the report's own modules (`src/report/`), so the pages, the API and the offline report
 * agree. The aggregate figures of every organisation are public to every logged-in user; no
 * message text and no author is ever part of them.
 *
 * Periods are the CLI's (`meetlat report yardstick --from --to`): `from`/`to` as an ISO date or a
 * moment with a time zone, half-open `[from, to)`, or `period` as a calendar year (`2025`), a
 * quarter (`2025-K1`, also `2025-Q1`) or `alles` (all time). Without either: the last full
 * calendar year in the data, else the last full quarter, else the year of the last message.
 * Pages take the same as `periode`, `van` and `tot`.
 */

// ---------------------------------------------------------------------------------------------
// Periods

const PERIOD_PATTERN = '^(\\d{4}(-[KkQq][1-4])?|alles|all)$';
const ALL_KEYS = new Set(['alles', 'all']);

interface ChosenPeriod {
  period: Period;
  /** The key of a year, quarter or `alles`; null for a period given by its ends. */
  key: string | null;
  /** The first and last message in the store; null when there are none. */
  span: { first: Date; last: Date } | null;
}

function yearPeriod(year: number): Period {
  return { from: new Date(Date.UTC(year, 0, 1)), to: new Date(Date.UTC(year + 1, 0, 1)) };
}

function quarterPeriod(year: number, quarter: number): Period {
  return {
    from: new Date(Date.UTC(year, (quarter - 1) * 3, 1)),
    to: new Date(Date.UTC(year, quarter * 3, 1)),
  };
}

/** A year, quarter or `alles` as a period; null when the key is not one. */
export function periodOfKey(key: string): Period | null {
  if (ALL_KEYS.has(key)) return ALL_TIME;
  const match = /^(\d{4})(?:-[KkQq]([1-4]))?$/.exec(key);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 1971 || year > 2200) return null;
  return match[2] ? quarterPeriod(year, Number(match[2])) : yearPeriod(year);
}

function quarterKey(year: number, quarter: number): string {
  return `${year}-K${quarter}`;
}

/**
 * The period shown when none is asked for: the last calendar year with messages that is over,
 * else the last quarter with messages that is over, else the year of the last message. Without
 * messages: last year.
 */
export function defaultPeriod(
  span: { first: Date; last: Date } | null,
  now: Date,
): { period: Period; key: string } {
  if (!span) {
    const year = now.getUTCFullYear() - 1;
    return { period: yearPeriod(year), key: String(year) };
  }
  const firstYear = span.first.getUTCFullYear();
  const lastYear = span.last.getUTCFullYear();
  for (let year = lastYear; year >= firstYear; year--) {
    if (Date.UTC(year + 1, 0, 1) <= now.getTime()) return { period: yearPeriod(year), key: String(year) };
  }
  const firstQuarter = firstYear * 4 + Math.floor(span.first.getUTCMonth() / 3);
  for (let q = lastYear * 4 + Math.floor(span.last.getUTCMonth() / 3); q >= firstQuarter; q--) {
    const year = Math.floor(q / 4);
    const quarter = (q % 4) + 1;
    const period = quarterPeriod(year, quarter);
    if ((period.to as Date).getTime() <= now.getTime()) return { period, key: quarterKey(year, quarter) };
  }
  return { period: yearPeriod(lastYear), key: String(lastYear) };
}

function parseBound(name: string, value: string): Date {
  const moment = parseMoment(value);
  if (!moment) {
    throw new HttpError(
      400,
      'invalid',
      `${name} must be an ISO date (2025-01-01) or a moment with a time zone (2025-01-01T00:00:00+01:00)`,
    );
  }
  return moment;
}

/** The period a request asks for (API names; pages pass theirs), or the default one. */
async function choosePeriod(
  context: ServerContext,
  query: { period?: string | undefined; from?: string | undefined; to?: string | undefined },
  names: { period: string; from: string; to: string },
): Promise<ChosenPeriod> {
  const span = await messageSpan(context.db);
  const key = query.period?.trim() || undefined;
  const from = query.from?.trim() || undefined;
  const to = query.to?.trim() || undefined;
  if (key !== undefined && (from !== undefined || to !== undefined)) {
    throw new HttpError(400, 'invalid', `give ${names.period}, or ${names.from} and ${names.to}, not both`);
  }
  if (key !== undefined) {
    const period = periodOfKey(key);
    if (!period) {
      throw new HttpError(
        400,
        'invalid',
        `${names.period} must be a year (2025), a quarter (2025-K1) or "alles", not ${JSON.stringify(key.slice(0, 40))}`,
      );
    }
    return { period, key: ALL_KEYS.has(key) ? 'alles' : key.toUpperCase(), span };
  }
  if (from !== undefined || to !== undefined) {
    const period: Period = {
      from: from === undefined ? null : parseBound(names.from, from),
      to: to === undefined ? null : parseBound(names.to, to),
    };
    if (period.from && period.to && period.from >= period.to) {
      throw new HttpError(
        400,
        'invalid',
        `${names.to} must come after ${names.from}: the period is [from, to)`,
      );
    }
    return { period, key: null, span };
  }
  return { ...defaultPeriod(span, new Date()), span };
}

function apiPeriod(request: FastifyRequest, context: ServerContext): Promise<ChosenPeriod> {
  const query = request.query as { period?: string; from?: string; to?: string };
  return choosePeriod(context, query, { period: 'period', from: 'from', to: 'to' });
}

function pagePeriod(request: FastifyRequest, context: ServerContext): Promise<ChosenPeriod> {
  const query = request.query as Record<string, unknown>;
  const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : undefined);
  return choosePeriod(
    context,
    { period: text('periode'), from: text('van'), to: text('tot') },
    { period: 'periode', from: 'van', to: 'tot' },
  );
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A period in words: the report's Dutch, or ISO dates in English. */
function periodText(period: Period | Yardstick['period'], locale: Locale, t: Translate): string {
  if (locale === 'nl') return formatPeriod(period);
  const from = period.from === null ? null : new Date(period.from);
  const to = period.to === null ? null : new Date(new Date(period.to).getTime() - 1);
  if (from && to) return t('yardstick.period.range', { from: isoDay(from), to: isoDay(to) });
  if (from) return t('yardstick.period.since', { from: isoDay(from) });
  if (to) return t('yardstick.period.until', { to: isoDay(to) });
  return t('yardstick.period.everything');
}

/** The periods to choose from: each year and quarter with messages (newest first), and all time. */
function periodOptions(chosen: ChosenPeriod, t: Translate): { value: string; label: string }[] {
  const options: { value: string; label: string }[] = [];
  const { span } = chosen;
  const years: number[] = [];
  const quarters: [number, number][] = [];
  if (span) {
    for (let y = span.last.getUTCFullYear(); y >= span.first.getUTCFullYear(); y--) years.push(y);
    const first = span.first.getUTCFullYear() * 4 + Math.floor(span.first.getUTCMonth() / 3);
    for (let q = span.last.getUTCFullYear() * 4 + Math.floor(span.last.getUTCMonth() / 3); q >= first; q--)
      quarters.push([Math.floor(q / 4), (q % 4) + 1]);
  }
  const yearKey = chosen.key !== null && /^\d{4}$/.test(chosen.key) ? Number(chosen.key) : null;
  if (yearKey !== null && !years.includes(yearKey)) years.push(yearKey);
  years.sort((a, b) => b - a);
  const quarterMatch = chosen.key === null ? null : /^(\d{4})-[KQ]([1-4])$/.exec(chosen.key);
  if (quarterMatch) {
    const wanted: [number, number] = [Number(quarterMatch[1]), Number(quarterMatch[2])];
    if (!quarters.some(([y, q]) => y === wanted[0] && q === wanted[1])) quarters.push(wanted);
    quarters.sort((a, b) => b[0] * 4 + b[1] - (a[0] * 4 + a[1]));
  }
  for (const y of years) options.push({ value: String(y), label: String(y) });
  for (const [year, quarter] of quarters)
    options.push({
      value: quarterKey(year, quarter),
      label: t('yardstick.period.quarter', { quarter, year }),
    });
  options.push({ value: 'alles', label: t('yardstick.period.all') });
  return options;
}

/** The key as the select names it (`2025-Q1` is `2025-K1`). */
function selectedKey(chosen: ChosenPeriod): string | null {
  return chosen.key?.replace(/-Q/, '-K') ?? null;
}

// ---------------------------------------------------------------------------------------------
// Loading the figures

/** The period, the same period a year earlier and its quarters, as the report reads them. */
function loadFigures(context: ServerContext, period: Period): Promise<ReportInput> {
  return loadReportInput(context.db, period, { mapMetric: 'response_rate', boundaries: false });
}

const RANKED = SCALAR_METRICS.filter((m) => METRIC_DIRECTION[m] !== undefined);

function ranksOf(current: Yardstick, code: string) {
  return Object.fromEntries(
    RANKED.map((metric) => {
      const rank = rankWithinClass(current.organisations, code, metric);
      return [
        metric,
        'none' in rank
          ? null
          : { rank: rank.rank, of: rank.of, sharedBy: rank.sharedBy, direction: rank.direction },
      ];
    }),
  );
}

function figuresOrNull(entry: Figures | null): Figures | null {
  return entry ? figuresOf(entry) : null;
}

function overviewJson(input: ReportInput) {
  const { current, previous } = input;
  return {
    period: current.period,
    classes: current.classes,
    totals: current.totals,
    previous: previous
      ? { period: previous.period, classes: previous.classes, totals: previous.totals }
      : null,
    quarters: input.quarters.map((q) => ({ period: q.period, totals: q.totals })),
  };
}

async function organisationJson(context: ServerContext, input: ReportInput, code: string) {
  const { current, previous } = input;
  const org = organisationIn(current, code);
  let organisation: {
    code: string;
    name: string;
    kind: string;
    class: string | null;
    inhabitants: number | null;
    accounts: number;
  };
  if (org) {
    organisation = {
      code: org.code,
      name: org.name,
      kind: org.kind,
      class: org.class,
      inhabitants: org.inhabitants,
      accounts: org.accounts,
    };
  } else {
    const stored = await findOrganisation(context.db, code);
    if (!stored) throw new HttpError(404, 'not_found', `no organisation with code ${JSON.stringify(code)}`);
    organisation = {
      code: stored.code,
      name: stored.name,
      kind: stored.kind,
      class: null,
      inhabitants: null,
      accounts: 0,
    };
  }
  const cls = org?.class ?? null;
  return {
    period: current.period,
    organisation,
    figures: figuresOrNull(org),
    class: classIn(current, cls),
    totals: current.totals,
    ranks: org ? ranksOf(current, code) : Object.fromEntries(RANKED.map((m) => [m, null])),
    accounts: current.accounts
      .filter((a) => a.organisation?.code === code)
      .map((a) => ({ platform: a.platform, handle: a.handle, ...figuresOf(a) })),
    previous: previous
      ? {
          period: previous.period,
          figures: figuresOrNull(organisationIn(previous, code)),
          class: classIn(previous, organisationIn(previous, code)?.class ?? cls),
        }
      : null,
    quarters: input.quarters.map((q) => {
      const own = organisationIn(q, code);
      return { period: q.period, figures: figuresOrNull(own), class: classIn(q, own?.class ?? cls) };
    }),
  };
}

interface MapFigures {
  current: Yardstick;
  metric: ScalarMetric;
  inputs: ReturnType<typeof mapInputs>;
  data: ReturnType<typeof mapData>;
}

async function loadMap(context: ServerContext, period: Period, metric: ScalarMetric): Promise<MapFigures> {
  const [current, boundaries] = await Promise.all([
    computeYardstick(context.db, period),
    listBoundaries(context.db, 'gemeente'),
  ]);
  const inputs = mapInputs(
    current,
    boundaries.map((b) => ({ code: b.code, name: b.name, geometry: b.geometry })),
  );
  return { current, metric, inputs, data: mapData(metric, inputs.areas, inputs.figureOf) };
}

function mapJson(map: MapFigures) {
  const { data, inputs, metric } = map;
  const palette = PALETTES[data.legend.length] ?? [];
  const absent: [number, string] = [-1, `geen gegevens: ${inputs.absent}`];
  return {
    period: map.current.period,
    metric,
    label: METRIC_INFO[metric].label,
    legend: data.legend.map((entry, i) => ({ ...entry, fill: palette[i] ?? '' })),
    noData: data.noData,
    areas: inputs.areas.map((area) => {
      const figure = inputs.figureOf(area.code, metric);
      const [cls, text] = data.values[area.code] ?? absent;
      return {
        code: area.code,
        name: area.name,
        value: figure && 'value' in figure ? figure.value : null,
        class: cls < 0 ? null : cls,
        text,
      };
    }),
  };
}

/** The map's figures as the page's language names them (the report's Dutch label otherwise). */
const METRIC_KEYS: Partial<Record<ScalarMetric, MessageKey>> = {
  response_rate: 'yardstick.metric.response_rate',
  mean_first_response_s: 'yardstick.metric.mean_first_response_s',
  median_first_response_s: 'yardstick.metric.median_first_response_s',
  reply_pct: 'yardstick.metric.reply_pct',
  sent: 'yardstick.metric.sent',
  inbound: 'yardstick.metric.inbound',
  followers: 'yardstick.metric.followers',
  followers_per_1000_inhabitants: 'yardstick.metric.followers_per_1000_inhabitants',
  followers_growth_pct: 'yardstick.metric.followers_growth_pct',
};

function metricLabel(metric: ScalarMetric, t: Translate): string {
  const key = METRIC_KEYS[metric];
  return key ? t(key) : METRIC_INFO[metric].label;
}

function parseMetric(value: unknown, name: string): ScalarMetric {
  if (value === undefined || value === '') return 'response_rate';
  if (typeof value === 'string' && (SCALAR_METRICS as readonly string[]).includes(value))
    return value as ScalarMetric;
  throw new HttpError(400, 'invalid', `${name} must be one of ${SCALAR_METRICS.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// Pages

const STYLESHEET = '/assets/yardstick.css';

/** The style sheet of these pages (a `<link>` may stand in the body; the frame is shared). */
const stylesheetLink = html`<link rel="stylesheet" href="${STYLESHEET}">`;

/** The report's content: in Dutch whatever the page's language. */
function reportContent(locale: Locale, t: Translate, content: SafeHtml | string): SafeHtml {
  return html`${locale === 'nl' ? '' : html`<p class="utrecht-paragraph meetlat-muted">${t('yardstick.dutchOnly')}</p>`}
<div class="meetlat-yardstick" lang="nl">${content}</div>`;
}

function chooser(
  action: string,
  chosen: ChosenPeriod,
  t: Translate,
  locale: Locale,
  extra: SafeHtml | string = '',
): SafeHtml {
  return html`<form method="get" action="${action}" class="meetlat-form meetlat-form--inline" aria-label="${t('yardstick.choose')}">
${selectField({ name: 'periode', label: t('yardstick.period.label'), options: periodOptions(chosen, t), value: selectedKey(chosen) })}
${extra}
${submitButton(t('yardstick.show'))}
</form>
<p class="utrecht-paragraph">${t('yardstick.period.shown', { period: periodText(chosen.period, locale, t) })}</p>`;
}

/** The period as a query string for links between the pages. */
function periodQuery(chosen: ChosenPeriod): string {
  const params = new URLSearchParams();
  if (chosen.key !== null) params.set('periode', selectedKey(chosen) ?? '');
  else {
    if (chosen.period.from) params.set('van', chosen.period.from.toISOString());
    if (chosen.period.to) params.set('tot', chosen.period.to.toISOString());
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function links(items: { href: string; text: string }[], t: Translate): SafeHtml {
  return html`<nav aria-label="${t('yardstick.links.label')}"><ul class="meetlat-yardstick-links">${items.map(
    (item) => html`<li><a class="utrecht-link" href="${item.href}">${item.text}</a></li>`,
  )}</ul></nav>`;
}

/** "Nog geen gegevens": no messages at all, or none in this period. */
function noDataNotice(chosen: ChosenPeriod, t: Translate, locale: Locale): SafeHtml {
  return alert(
    'info',
    chosen.span === null
      ? t('yardstick.noDataAtAll')
      : t('yardstick.noData', { period: periodText(chosen.period, locale, t) }),
  );
}

function orgLinks(request: FastifyRequest, chosen: ChosenPeriod, t: Translate) {
  const query = periodQuery(chosen);
  return (request.viewer?.memberships ?? []).map((m) => ({
    href: `/o/${encodeURIComponent(m.code)}/meetlat${query}`,
    text: t('yardstick.links.org', { org: m.name }),
  }));
}

// ---------------------------------------------------------------------------------------------
// JSON schemas

const nullableNumber = { type: ['number', 'null'] } as const;

const figureProperties: Record<string, unknown> = Object.fromEntries(
  SCALAR_METRICS.map((metric) => [metric, { ...nullableNumber, description: METRIC_INFO[metric].label }]),
);
figureProperties.buckets = {
  type: ['array', 'null'],
  items: { type: 'number' },
  description:
    'Percentages of the answered inbound messages per response-time bucket: [0,20m), [20m,60m), [1h,2h), [2h,4h), [4h,8h), [8h,24h), [24h,48h), [48h,∞)',
};
const figureNames = [...SCALAR_METRICS, 'buckets'];

const periodSchema = {
  type: 'object',
  description: 'The half-open period [from, to) in UTC; null is unbounded',
  properties: {
    from: { type: ['string', 'null'], format: 'date-time' },
    to: { type: ['string', 'null'], format: 'date-time' },
  },
  required: ['from', 'to'],
} as const;

const figuresSchema = {
  type: 'object',
  description: 'Every figure of METRICS.md; unknown is null, never 0',
  properties: figureProperties,
  required: figureNames,
};

const classSchema = {
  type: 'object',
  description: "A size class: the mean over the class's accounts of each figure (nulls left out)",
  properties: {
    class: { enum: [...SIZE_CLASSES] },
    organisations: { type: 'integer' },
    accounts: { type: 'integer' },
    ...figureProperties,
  },
  required: ['class', 'organisations', 'accounts', ...figureNames],
};

const totalsSchema = {
  type: 'object',
  description: 'National totals: the messages of every account pooled',
  properties: { organisations: { type: 'integer' }, accounts: { type: 'integer' }, ...figureProperties },
  required: ['organisations', 'accounts', ...figureNames],
};

const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

const rankSchema = nullable({
  type: 'object',
  properties: {
    rank: { type: 'integer', description: '1 is the best (or, for a neutral figure, the highest)' },
    of: { type: 'integer' },
    sharedBy: { type: 'integer' },
    direction: { enum: ['higher', 'lower', 'neutral'] },
  },
  required: ['rank', 'of', 'sharedBy', 'direction'],
});

const periodQuerySchema = {
  period: {
    type: 'string',
    pattern: PERIOD_PATTERN,
    description: 'A calendar year (2025), a quarter (2025-K1 or 2025-Q1) or "alles" (all time)',
  },
  from: {
    type: 'string',
    maxLength: 40,
    description: 'Start of the period, included: an ISO date or a moment with a time zone',
  },
  to: {
    type: 'string',
    maxLength: 40,
    description: 'End of the period, excluded: an ISO date or a moment with a time zone',
  },
} as const;

const PERIOD_HELP =
  ' Without period, from or to: the last full calendar year with messages, else the last full quarter.';

const errors = { 400: errorSchema, 404: errorSchema } as const;

// ---------------------------------------------------------------------------------------------
// Routes

let stylesheet: string | undefined;

export const yardstickRoutes = routes([
  {
    method: 'GET',
    url: STYLESHEET,
    kind: 'asset',
    access: { kind: 'public' },
    schema: { hide: true },
    async handler(_request, reply) {
      stylesheet ??= readFileSync(new URL('../../web/assets/yardstick.css', import.meta.url), 'utf8');
      return reply
        .type('text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(stylesheet);
    },
  },
  {
    method: 'GET',
    url: '/api/yardstick',
    kind: 'api',
    access: { kind: 'user' },
    schema: {
      summary: 'The national yardstick: per size class and nationally, last year beside it, and per quarter',
      description: `Aggregate figures only: no message text, no author.${PERIOD_HELP}`,
      tags: ['yardstick'],
      querystring: { type: 'object', properties: periodQuerySchema, additionalProperties: false },
      response: {
        200: {
          type: 'object',
          properties: {
            period: periodSchema,
            classes: { type: 'array', items: classSchema },
            totals: totalsSchema,
            previous: nullable({
              type: 'object',
              description: 'The same period a year earlier; null for an unbounded period',
              properties: {
                period: periodSchema,
                classes: { type: 'array', items: classSchema },
                totals: totalsSchema,
              },
              required: ['period', 'classes', 'totals'],
            }),
            quarters: {
              type: 'array',
              description: 'Each calendar quarter of the period (cut to it), national totals',
              items: {
                type: 'object',
                properties: { period: periodSchema, totals: totalsSchema },
                required: ['period', 'totals'],
              },
            },
          },
          required: ['period', 'classes', 'totals', 'previous', 'quarters'],
        },
        ...errors,
      },
    },
    async handler(request, _reply, context) {
      const chosen = await apiPeriod(request, context);
      return overviewJson(await loadFigures(context, chosen.period));
    },
  },
  {
    method: 'GET',
    url: '/api/yardstick/orgs/:code',
    kind: 'api',
    access: { kind: 'user' },
    schema: {
      summary: "One organisation's figures beside its class average and the national totals",
      description: `Public aggregate figures of any organisation, with its rank within its class, last year's figures and the quarters. An organisation without accounts has figures null.${PERIOD_HELP}`,
      tags: ['yardstick'],
      params: {
        type: 'object',
        properties: {
          code: { type: 'string', maxLength: 40, description: 'The organisation code, e.g. GM0344' },
        },
        required: ['code'],
      },
      querystring: { type: 'object', properties: periodQuerySchema, additionalProperties: false },
      response: {
        200: {
          type: 'object',
          properties: {
            period: periodSchema,
            organisation: {
              type: 'object',
              properties: {
                code: { type: 'string' },
                name: { type: 'string' },
                kind: { enum: [...ORGANISATION_KINDS] },
                class: { anyOf: [{ enum: [...SIZE_CLASSES] }, { type: 'null' }] },
                inhabitants: { type: ['integer', 'null'] },
                accounts: { type: 'integer' },
              },
              required: ['code', 'name', 'kind', 'class', 'inhabitants', 'accounts'],
            },
            figures: nullable(figuresSchema),
            class: nullable(classSchema),
            totals: totalsSchema,
            ranks: {
              type: 'object',
              description: 'Rank within the class per ranked figure; null without a class or a value',
              properties: Object.fromEntries(RANKED.map((m) => [m, rankSchema])),
              required: [...RANKED],
            },
            accounts: {
              type: 'array',
              description: "The organisation's own accounts",
              items: {
                type: 'object',
                properties: { platform: { type: 'string' }, handle: { type: 'string' }, ...figureProperties },
                required: ['platform', 'handle', ...figureNames],
              },
            },
            previous: nullable({
              type: 'object',
              properties: {
                period: periodSchema,
                figures: nullable(figuresSchema),
                class: nullable(classSchema),
              },
              required: ['period', 'figures', 'class'],
            }),
            quarters: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  period: periodSchema,
                  figures: nullable(figuresSchema),
                  class: nullable(classSchema),
                },
                required: ['period', 'figures', 'class'],
              },
            },
          },
          required: [
            'period',
            'organisation',
            'figures',
            'class',
            'totals',
            'ranks',
            'accounts',
            'previous',
            'quarters',
          ],
        },
        ...errors,
      },
    },
    async handler(request, _reply, context) {
      const { code } = request.params as { code: string };
      const chosen = await apiPeriod(request, context);
      return organisationJson(context, await loadFigures(context, chosen.period), code);
    },
  },
  {
    method: 'GET',
    url: '/api/yardstick/map',
    kind: 'api',
    access: { kind: 'user' },
    schema: {
      summary: 'One figure per gemeente, as the map colours it',
      description: `Every gemeente with a boundary in the database, its figure (null when it has none, with the reason in text) and its class on the map (quantiles of the gemeenten with a figure, light to dark).${PERIOD_HELP}`,
      tags: ['yardstick'],
      querystring: {
        type: 'object',
        properties: {
          ...periodQuerySchema,
          metric: { enum: [...SCALAR_METRICS], description: 'The figure (default response_rate)' },
        },
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'object',
          properties: {
            period: periodSchema,
            metric: { enum: [...SCALAR_METRICS] },
            label: { type: 'string', description: 'The figure as the map names it (Dutch)' },
            legend: {
              type: 'array',
              description: 'The classes, light to dark',
              items: {
                type: 'object',
                properties: {
                  label: { type: 'string' },
                  count: { type: 'integer' },
                  fill: { type: 'string' },
                },
                required: ['label', 'count', 'fill'],
              },
            },
            noData: { type: 'integer', description: 'Gemeenten on the map without the figure' },
            areas: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  code: { type: 'string' },
                  name: { type: 'string' },
                  value: nullableNumber,
                  class: {
                    type: ['integer', 'null'],
                    description: 'Index into legend; null without a figure',
                  },
                  text: { type: 'string', description: 'The figure as shown, or why there is none (Dutch)' },
                },
                required: ['code', 'name', 'value', 'class', 'text'],
              },
            },
          },
          required: ['period', 'metric', 'label', 'legend', 'noData', 'areas'],
        },
        ...errors,
      },
    },
    async handler(request, _reply, context) {
      const chosen = await apiPeriod(request, context);
      const metric = parseMetric((request.query as { metric?: string }).metric, 'metric');
      return mapJson(await loadMap(context, chosen.period, metric));
    },
  },
  {
    method: 'GET',
    url: '/meetlat',
    kind: 'page',
    access: { kind: 'user' },
    async handler(request, reply, context) {
      const t = translate(request);
      const locale = localeOf(request);
      const chosen = await pagePeriod(request, context);
      const input = await loadFigures(context, chosen.period);
      const { current } = input;
      const previous = input.previous && hasData(input.previous) ? input.previous : null;
      const lead = headline(current.totals, previous?.totals ?? null);
      const query = periodQuery(chosen);
      return sendPage(request, reply, context, {
        title: t('yardstick.overview.title'),
        main: () => html`${stylesheetLink}
<p class="utrecht-paragraph">${t('yardstick.overview.intro')}</p>
${chooser('/meetlat', chosen, t, locale)}
${links([{ href: `/meetlat/kaart${query}`, text: t('yardstick.links.map') }, ...orgLinks(request, chosen, t)], t)}
${
  hasData(current)
    ? reportContent(
        locale,
        t,
        html`${lead ? html`<p class="lead">${lead}</p>` : ''}${overviewSection(current, previous, input.quarters)}`,
      )
    : noDataNotice(chosen, t, locale)
}`,
      });
    },
  },
  {
    method: 'GET',
    url: '/o/:org/meetlat',
    kind: 'page',
    access: { kind: 'org', permission: 'org.view' },
    async handler(request, reply, context) {
      const scope = request.org;
      if (!scope) throw new HttpError(404, 'not_found');
      const t = translate(request);
      const locale = localeOf(request);
      const chosen = await pagePeriod(request, context);
      const input = await loadFigures(context, chosen.period);
      const { current } = input;
      const org = organisationIn(current, scope.code);
      const query = periodQuery(chosen);
      const base = `/o/${encodeURIComponent(scope.code)}/meetlat`;
      const body = () => {
        if (!org) return alert('info', t('yardstick.org.noAccounts', { org: scope.name }));
        if (!hasData(current)) return noDataNotice(chosen, t, locale);
        return html`<h2 class="utrecht-heading-2">${t('yardstick.org.figures', { period: periodText(chosen.period, locale, t) })}</h2>
${reportContent(
  locale,
  t,
  organisationPage({
    org,
    id: `org-${idFragment(org.code)}`,
    current,
    previous: input.previous && hasData(input.previous) ? input.previous : null,
    quarters: input.quarters,
  }),
)}`;
      };
      return sendPage(request, reply, context, {
        title: t('yardstick.org.title', { org: org ? displayName(org) : scope.name }),
        active: 'yardstick',
        main: () => html`${stylesheetLink}
<p class="utrecht-paragraph">${t('yardstick.org.intro', { org: org ? displayName(org) : scope.name })}</p>
${chooser(base, chosen, t, locale)}
${links(
  [
    { href: `/meetlat${query}`, text: t('yardstick.links.overview') },
    { href: `/meetlat/kaart${query}`, text: t('yardstick.links.map') },
  ],
  t,
)}
${body()}`,
      });
    },
  },
  {
    method: 'GET',
    url: '/meetlat/kaart',
    kind: 'page',
    access: { kind: 'user' },
    async handler(request, reply, context) {
      const t = translate(request);
      const locale = localeOf(request);
      const chosen = await pagePeriod(request, context);
      const metric = parseMetric((request.query as { kengetal?: unknown }).kengetal, 'kengetal');
      const map = await loadMap(context, chosen.period, metric);
      const { inputs } = map;
      const metrics = MAP_METRICS.includes(metric) ? MAP_METRICS : [metric, ...MAP_METRICS];
      const metricSelect = selectField({
        name: 'kengetal',
        label: t('yardstick.map.metric'),
        options: metrics.map((m) => ({ value: m, label: metricLabel(m, t) })),
        value: metric,
      });
      const query = periodQuery(chosen);
      const body = () => {
        if (!hasData(map.current)) return noDataNotice(chosen, t, locale);
        if (inputs.areas.length === 0) return alert('info', t('yardstick.map.noBoundaries'));
        return html`<h2 class="utrecht-heading-2">${t('yardstick.map.heading', { metric: metricLabel(metric, t) })}</h2>
<p class="utrecht-paragraph"><a class="utrecht-link" href="#map-table">${t('yardstick.map.skip')}</a></p>
${reportContent(
  locale,
  t,
  choroplethFigure({
    areas: inputs.areas,
    selected: metric,
    figureOf: inputs.figureOf,
    absent: inputs.absent,
    tableCodes: inputs.tableCodes,
  }),
)}`;
      };
      return sendPage(request, reply, context, {
        title: t('yardstick.map.title'),
        main: () => html`${stylesheetLink}
<p class="utrecht-paragraph">${t('yardstick.map.intro')}</p>
${chooser('/meetlat/kaart', chosen, t, locale, metricSelect)}
${links([{ href: `/meetlat${query}`, text: t('yardstick.links.overview') }, ...orgLinks(request, chosen, t)], t)}
${body()}`,
      });
    },
  },
]);
