import type { FastifyRequest } from 'fastify';
import { addDays, isDay, startOfDutchDay } from '../../domain/dutchTime.ts';
import { formatPercent } from '../../report/format.ts';
import { type HtmlValue, html, type SafeHtml } from '../../report/html.ts';
import type { BucketUnit, Dashboard } from '../../search/dashboard.ts';
import { highlightTargets, type ParsedQuery } from '../../search/query/index.ts';
import type { SavedSearch } from '../../store/savedSearches.ts';
import { markViewed } from '../../store/savedSearches.ts';
import { columnsWithLine, rowBar, stackedColumns } from '../../web/charts.ts';
import { submitButton, textField } from '../../web/forms.ts';
import type { Locale, MessageKey, Translate } from '../../web/i18n/index.ts';
import { localeOf, sendPage, translate } from '../../web/render.ts';
import { scrollingTable } from '../../web/tables.ts';
import { routes } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { orgOf } from './audit.ts';
import {
  askedPeriod,
  dashboardOf,
  type Filters,
  loadSearch,
  mayChange,
  organisationMessages,
  type Period,
  PLATFORMS,
  resolveFilters,
  scopeOf,
  searchParams,
  storedQuery,
} from './listening.ts';
import {
  backPath,
  canCorrect,
  listeningBase,
  noticeOf,
  orgBase,
  PAGE_SIZE,
  pageNumber,
} from './listeningPages.ts';
import {
  checkboxGroup,
  dayText,
  errorSummary,
  formatCount,
  kindName,
  messageList,
  pager,
  periodDays,
  periodText,
  platformName,
  sentimentName,
} from './listeningView.ts';

/**
 * A saved search's dashboard page: the filters (van, tot en met, platforms), the total beside
 * the period before, the volume over time (columns, the period before as a line), per platform
 * and per kind, the top authors, mentions and hashtags, the tag cloud, sentiment (share and per
 * bucket), links to every chart's CSV, and the messages (newest first, hits marked, paged).
 * Every chart has its numbers in a table. Opening it marks the search as seen by the user.
 */

// ---------------------------------------------------------------------------------------------
// The page's filters: `van` and `tot` (days, `tot` included) and `platform`

export interface PageFilters {
  van: string;
  tot: string;
  platforms: string[];
  problems: { field: 'van' | 'tot'; key: MessageKey }[];
  period: Period | null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** The filters of a dashboard page or export as asked, with what is wrong with them. */
export function askedFilters(request: FastifyRequest, search: SavedSearch): PageFilters {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const van = text(query.van);
  const tot = text(query.tot);
  const own = search.platforms.length > 0 ? search.platforms : PLATFORMS;
  const platforms = list(query.platform).filter((p) => own.includes(p));
  const problems: PageFilters['problems'] = [];
  if (van && !isDay(van)) problems.push({ field: 'van', key: 'listening.error.day' });
  if (tot && !isDay(tot)) problems.push({ field: 'tot', key: 'listening.error.day' });
  let period: Period | null = null;
  if (problems.length === 0) {
    try {
      period = askedPeriod(van ? startOfDutchDay(van) : null, tot ? startOfDutchDay(addDays(tot, 1)) : null);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      problems.push({
        field: 'tot',
        key: van && tot && van > tot ? 'listening.error.order' : 'listening.error.tooLong',
      });
    }
  }
  return { van, tot, platforms, problems, period };
}

export interface DashboardData {
  search: SavedSearch;
  query: ParsedQuery;
  asked: PageFilters;
  filters: Filters;
}

/** The search of the URL, its query and the filters the page or export asks for. */
export async function dashboardRequest(
  request: FastifyRequest,
  context: ServerContext,
): Promise<DashboardData> {
  const org = orgOf(request);
  const search = await loadSearch(request, context, (request.params as { id: number }).id);
  const query = storedQuery(search, localeOf(request));
  const asked = askedFilters(request, search);
  const filters = await resolveFilters(context, org.id, search, query, {
    period: asked.period,
    platforms: asked.platforms,
  });
  return { search, query, asked, filters };
}

/** The resolved filters as the page's query string (so links and exports show the same period). */
export function filterQuery(filters: Filters, extra: Record<string, string> = {}): string {
  const { first, last } = periodDays(filters.period);
  const params = new URLSearchParams({ van: first, tot: last });
  for (const p of filters.platforms) params.append('platform', p);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

// ---------------------------------------------------------------------------------------------
// Buckets in words

const UNIT_KEYS: Record<BucketUnit, MessageKey> = {
  hour: 'listening.volume.perHour',
  day: 'listening.volume.perDay',
  week: 'listening.volume.perWeek',
};

/** A bucket's start (`2025-05-01T09:00`, Dutch time) for the axis. */
function shortLabel(start: string, unit: BucketUnit): string {
  const [day = '', time = ''] = start.split('T');
  const [, month, date] = day.split('-');
  const dm = `${Number(date)}-${Number(month)}`;
  return unit === 'hour' ? `${dm} ${time}` : dm;
}

/** A bucket's start in full, for the tables. */
export function bucketLabel(start: string, unit: BucketUnit, locale: Locale, t: Translate): string {
  const [day = '', time = ''] = start.split('T');
  if (unit === 'hour') return `${dayText(day, locale)} ${time}`;
  if (unit === 'day') return dayText(day, locale);
  return t('listening.volume.weekOf', { day: dayText(day, locale) });
}

function share(count: number, total: number): string {
  return total > 0 ? formatPercent((count / total) * 100) : '–';
}

function changeText(total: number, previous: number, locale: Locale): string {
  if (previous === 0) return '–';
  const change = ((total - previous) / previous) * 100;
  const rounded = Math.round(change);
  return `${rounded > 0 ? '+' : ''}${formatCount(rounded, locale)}%`;
}

// ---------------------------------------------------------------------------------------------
// Tables

const cell = (content: HtmlValue, numeric = false) =>
  html`<td class="utrecht-table__cell${numeric ? ' utrecht-table__cell--numeric-data' : ''}">${content}</td>`;

const head = (labels: readonly string[], hidden: readonly string[] = []) =>
  html`<thead class="utrecht-table__header"><tr class="utrecht-table__row">${labels.map((l) => html`<th scope="col" class="utrecht-table__header-cell">${l}</th>`)}${hidden.map(
    (l) =>
      html`<th scope="col" class="utrecht-table__header-cell"><span class="meetlat-visually-hidden">${l}</span></th>`,
  )}</tr></thead>`;

/** A ranked list (platforms, kinds, authors, …) as a table with a bar per row. */
function rankedTable(
  id: string,
  caption: string,
  keyLabel: string,
  rows: readonly { label: HtmlValue; key: string; count: number }[],
  total: number,
  t: Translate,
  locale: Locale,
): SafeHtml {
  if (rows.length === 0)
    return html`<p class="utrecht-paragraph" id="${id}">${caption}: ${t('listening.dashboard.none')}</p>`;
  const max = Math.max(...rows.map((r) => r.count));
  return html`<div id="${id}">${scrollingTable(
    caption,
    html`${head([keyLabel, t('listening.col.count'), t('listening.col.share')], [t('listening.col.bar')])}
<tbody class="utrecht-table__body">${rows.map(
      (r) => html`<tr class="utrecht-table__row" data-key="${r.key}">
<th scope="row" class="utrecht-table__header-cell">${r.label}</th>
${cell(formatCount(r.count, locale), true)}${cell(share(r.count, total), true)}${cell(rowBar(r.count, max))}
</tr>`,
    )}</tbody>`,
  )}</div>`;
}

function detailsTable(
  id: string,
  caption: string,
  labels: readonly string[],
  rows: readonly HtmlValue[][],
  t: Translate,
): SafeHtml {
  return html`<details class="meetlat-details"><summary>${t('listening.dashboard.tableOf', { chart: caption })}</summary><div id="${id}">${scrollingTable(
    caption,
    html`${head(labels)}<tbody class="utrecht-table__body">${rows.map(
      ([first, ...rest]) =>
        html`<tr class="utrecht-table__row"><th scope="row" class="utrecht-table__header-cell">${first}</th>${rest.map((c) => cell(c, true))}</tr>`,
    )}</tbody>`,
  )}</div></details>`;
}

const SENTIMENT_FILLS = {
  positive: { colour: '#0a6b2d', pattern: 'solid' },
  neutral: { colour: '#5c5c5c', pattern: 'hatch' },
  negative: { colour: '#a4000f', pattern: 'dots' },
} as const;

function tagCloud(d: Dashboard, t: Translate, locale: Locale): SafeHtml {
  if (d.tagCloud.length === 0)
    return html`<p class="utrecht-paragraph" id="woordwolk">${t('listening.dashboard.none')}</p>`;
  const counts = d.tagCloud.map((w) => w.count);
  const min = Math.min(...counts);
  const max = Math.max(...counts);
  const step = (count: number) => (max === min ? 3 : 1 + Math.round((4 * (count - min)) / (max - min)));
  const words = [...d.tagCloud].sort((a, b) => a.word.localeCompare(b.word, 'nl'));
  return html`<p class="utrecht-paragraph">${t('listening.cloud.intro', { count: formatCount(d.tagCloudOf, locale) })}</p>
<ul class="meetlat-cloud" id="woordwolk">${words.map(
    (w) =>
      html`<li class="meetlat-cloud__word meetlat-cloud__word--${step(w.count)}" data-count="${w.count}">${w.word}<span class="meetlat-visually-hidden"> (${t('listening.cloud.times', { count: formatCount(w.count, locale) })})</span></li>`,
  )}</ul>`;
}

function figures(d: Dashboard, t: Translate, locale: Locale): SafeHtml {
  const fmt = (n: number) => formatCount(n, locale);
  const labels = d.volume.map((v) => shortLabel(v.start, d.unit));
  const previousText = periodText(d.previousPeriod, locale, t);
  const unitTitle = t(UNIT_KEYS[d.unit]);
  const rows = (items: readonly { key: string; count: number }[], label: (key: string) => HtmlValue) =>
    items.map((r) => ({ key: r.key, count: r.count, label: label(r.key) }));
  const sentimentRows = (['positive', 'neutral', 'negative'] as const).map((s) => ({
    key: s,
    count: d.sentiment[s],
    label: sentimentName(s, t),
  }));
  const table = (
    id: string,
    caption: MessageKey,
    key: MessageKey,
    items: { key: string; count: number; label: HtmlValue }[],
  ) => rankedTable(id, t(caption), t(key), items, d.total, t, locale);
  const sources = [
    table(
      'tabel-platforms',
      'listening.platforms.caption',
      'listening.col.platform',
      rows(d.platforms, platformName),
    ),
    table(
      'tabel-soorten',
      'listening.kinds.caption',
      'listening.col.kind',
      rows(d.kinds, (k) => kindName(k, t)),
    ),
  ];
  const authors = d.authors.map((a) => ({
    key: a.key,
    count: a.count,
    label: a.name && a.name !== a.key ? html`${a.name} <span class="meetlat-muted">${a.key}</span>` : a.key,
  }));
  const top = [
    table('tabel-auteurs', 'listening.authors.caption', 'listening.col.author', authors),
    table(
      'tabel-vermeldingen',
      'listening.mentions.caption',
      'listening.col.mention',
      rows(d.mentions, (k) => `@${k}`),
    ),
    table(
      'tabel-hashtags',
      'listening.hashtags.caption',
      'listening.col.hashtag',
      rows(d.hashtags, (k) => `#${k}`),
    ),
  ];
  return html`<h2 class="utrecht-heading-2">${t('listening.total.title')}</h2>
<p class="utrecht-paragraph utrecht-paragraph--lead" id="totaal" data-total="${d.total}" data-previous="${d.previousTotal}">${t(
    'listening.total.text',
    {
      count: fmt(d.total),
      previous: fmt(d.previousTotal),
      period: previousText,
      change: changeText(d.total, d.previousTotal, locale),
    },
  )}</p>
${columnsWithLine({
  id: 'grafiek-volume',
  title: unitTitle,
  description: t('listening.volume.description', { count: d.volume.length, previous: previousText }),
  categories: labels,
  columns: { label: t('listening.volume.current'), values: d.volume.map((v) => v.count) },
  line: { label: t('listening.volume.previous'), values: d.volume.map((v) => v.previous) },
  format: fmt,
})}
${detailsTable(
  'tabel-volume',
  unitTitle,
  [t('listening.col.bucket'), t('listening.volume.current'), t('listening.volume.previous')],
  d.volume.map((v) => [bucketLabel(v.start, d.unit, locale, t), fmt(v.count), fmt(v.previous)]),
  t,
)}
<h2 class="utrecht-heading-2">${t('listening.sources.title')}</h2>
<div class="meetlat-grid">${sources}</div>
<h2 class="utrecht-heading-2">${t('listening.top.title')}</h2>
<div class="meetlat-grid">${top}</div>
<h2 class="utrecht-heading-2">${t('listening.cloud.title')}</h2>
${tagCloud(d, t, locale)}
<h2 class="utrecht-heading-2">${t('listening.sentiment.title')}</h2>
<p class="utrecht-paragraph">${t('listening.sentiment.intro')}</p>
${table('tabel-sentiment', 'listening.sentiment.caption', 'listening.col.sentiment', sentimentRows)}
${stackedColumns({
  id: 'grafiek-sentiment',
  title: t('listening.sentiment.trend', { unit: unitTitle.toLocaleLowerCase(locale) }),
  description: t('listening.sentiment.trendDescription', { count: d.volume.length }),
  categories: labels,
  series: (['positive', 'neutral', 'negative'] as const).map((s) => ({
    label: sentimentName(s, t),
    ...SENTIMENT_FILLS[s],
    values: d.volume.map((v) => v.sentiment[s]),
  })),
  format: fmt,
})}
${detailsTable(
  'tabel-sentiment-verloop',
  t('listening.sentiment.trend', { unit: unitTitle.toLocaleLowerCase(locale) }),
  [
    t('listening.col.bucket'),
    sentimentName('positive', t),
    sentimentName('neutral', t),
    sentimentName('negative', t),
  ],
  d.volume.map((v) => [
    bucketLabel(v.start, d.unit, locale, t),
    fmt(v.sentiment.positive),
    fmt(v.sentiment.neutral),
    fmt(v.sentiment.negative),
  ]),
  t,
)}`;
}

// ---------------------------------------------------------------------------------------------
// Exports

export const EXPORTS: readonly { file: string; key: MessageKey }[] = [
  { file: 'berichten.csv', key: 'listening.export.messages' },
  { file: 'volume.csv', key: 'listening.export.volume' },
  { file: 'platforms.csv', key: 'listening.export.platforms' },
  { file: 'soorten.csv', key: 'listening.export.kinds' },
  { file: 'auteurs.csv', key: 'listening.export.authors' },
  { file: 'vermeldingen.csv', key: 'listening.export.mentions' },
  { file: 'hashtags.csv', key: 'listening.export.hashtags' },
  { file: 'sentiment.csv', key: 'listening.export.sentiment' },
  { file: 'tagcloud.csv', key: 'listening.export.cloud' },
];

function exportLinks(base: string, filters: Filters, t: Translate): SafeHtml {
  const query = filterQuery(filters);
  return html`<h2 class="utrecht-heading-2">${t('listening.export.title')}</h2>
<p class="utrecht-paragraph">${t('listening.export.intro')}</p>
<ul class="utrecht-unordered-list meetlat-columns" id="downloads">${EXPORTS.map(
    (e) =>
      html`<li><a class="utrecht-link" href="${base}/export/${e.file}?${query}" download>${t(e.key)}</a></li>`,
  )}</ul>`;
}

// ---------------------------------------------------------------------------------------------
// The page

const BASIS_KEYS: Record<Filters['basis'], MessageKey> = {
  asked: 'listening.period.asked',
  recent: 'listening.period.recent',
  latest: 'listening.period.latest',
};

function filterForm(base: string, data: DashboardData, t: Translate, locale: Locale): SafeHtml {
  const { asked, filters, search } = data;
  const { first, last } = periodDays(filters.period);
  const error = (field: 'van' | 'tot') => {
    const problem = asked.problems.find((p) => p.field === field);
    return problem ? t(problem.key) : null;
  };
  const own = search.platforms.length > 0 ? search.platforms : PLATFORMS;
  return html`<form method="get" action="${base}" class="meetlat-form meetlat-filters" aria-labelledby="filters">
<h2 class="utrecht-heading-2" id="filters">${t('listening.filters.title')}</h2>
<div class="meetlat-filters__dates">
${textField({ name: 'van', label: t('listening.filters.from'), value: asked.problems.length > 0 ? asked.van : first, hint: t('listening.filters.dayHint'), error: error('van'), maxlength: 10, idPrefix: 'filter', autocomplete: 'off' })}
${textField({ name: 'tot', label: t('listening.filters.to'), value: asked.problems.length > 0 ? asked.tot : last, hint: t('listening.filters.dayHint'), error: error('tot'), maxlength: 10, idPrefix: 'filter', autocomplete: 'off' })}
</div>
${
  own.length > 1
    ? checkboxGroup({
        name: 'platform',
        legend: t('listening.filters.platforms'),
        hint: t('listening.filters.platformsHint'),
        options: own.map((p) => ({ value: p, label: platformName(p) })),
        checked: asked.platforms,
        idPrefix: 'filter',
        inline: true,
      })
    : ''
}
${submitButton(t('listening.filters.submit'))}
</form>
<p class="utrecht-paragraph" id="periode">${t('listening.period.shown', { period: periodText(filters.period, locale, t) })} ${t(BASIS_KEYS[filters.basis])}</p>`;
}

function searchFacts(
  base: string,
  listening: string,
  search: SavedSearch,
  changeable: boolean,
  t: Translate,
): SafeHtml {
  const item = (key: MessageKey, value: HtmlValue) =>
    html`<div class="utrecht-data-list__item"><dt class="utrecht-data-list__item-key">${t(key)}</dt><dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">${value}</dd></div>`;
  return html`<dl class="utrecht-data-list meetlat-facts">
${item('listening.col.query', html`<span class="meetlat-code">${search.query}</span>`)}
${item('listening.col.platforms', search.platforms.length === 0 ? t('listening.platforms.all') : search.platforms.map(platformName).join(', '))}
${item('listening.col.owner', search.ownerName ?? '–')}
${item('listening.col.visibility', search.shared ? t('listening.shared') : t('listening.private'))}
</dl>
<p class="utrecht-paragraph">${changeable ? html`<a class="utrecht-link" href="${base}/bewerken">${t('listening.edit')}<span class="meetlat-visually-hidden"> ${search.name}</span></a> · ` : ''}<a class="utrecht-link" href="${base}/meldingen" id="meldingen">${t('alerts.link')}</a> · <a class="utrecht-link" href="${listening}/hulp">${t('listening.helpLink')}</a> · <a class="utrecht-link" href="${listening}">${t('listening.back')}</a></p>`;
}

export const listeningDashboardRoutes = routes([
  {
    method: 'GET',
    url: '/o/:org/luisteren/:id',
    kind: 'page',
    access: { kind: 'org', permission: 'messages.read' },
    schema: { params: searchParams },
    async handler(request, reply, context) {
      const org = orgOf(request);
      const viewer = request.viewer;
      if (!viewer) throw new HttpError(401, 'login');
      const t = translate(request);
      const locale = localeOf(request);
      const data = await dashboardRequest(request, context);
      const dashboard = await dashboardOf(context, org.id, data.query, data.filters);
      const page = pageNumber((request.query as { pagina?: unknown }).pagina);
      const found = await organisationMessages(context, org.id, data.query, scopeOf(data.filters), {
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      await markViewed(context.db, data.search.id, viewer.user.id);
      const base = `${listeningBase(org)}/${data.search.id}`;
      const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
      const summary = data.asked.problems.map((p) => ({ href: `#filter-${p.field}`, text: t(p.key) }));
      return sendPage(request, reply, context, {
        title: data.search.name,
        active: 'listening',
        status: data.asked.problems.length > 0 ? 400 : 200,
        notice: noticeOf(request, t),
        main: (csrf) => html`${errorSummary(t, summary)}
${searchFacts(base, listeningBase(org), data.search, mayChange(request, data.search), t)}
${filterForm(base, data, t, locale)}
${figures(dashboard, t, locale)}
${exportLinks(base, data.filters, t)}
<h2 class="utrecht-heading-2" id="berichten">${t('listening.messages.title', { count: formatCount(found.total, locale) })}</h2>
${messageList(found.messages, {
  t,
  locale,
  csrf,
  targets: highlightTargets(data.query),
  orgBase: orgBase(org),
  canCorrect: canCorrect(request),
  back: backPath(request),
  conversationLinks: true,
})}
${pager(t, page, pages, (p) => `${base}?${filterQuery(data.filters, { pagina: String(p) })}#berichten`, t('listening.messages.paging'))}`,
      });
    },
  },
]);
