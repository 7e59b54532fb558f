import { stringify } from 'csv-stringify/sync';
import { spreadsheetSafe } from '../../domain/spreadsheetSafe.ts';
import type { Dashboard } from '../../search/dashboard.ts';
import { translate } from '../../web/render.ts';
import { routes } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { orgOf } from './audit.ts';
import { dashboardOf, organisationMessages, scopeOf, searchParams } from './listening.ts';
import { type DashboardData, dashboardRequest, EXPORTS } from './listeningDashboard.ts';

/**
 * A dashboard's data as CSV, with the page's filters (`van`, `tot`, `platform`): the messages of
 * the period, and one file per chart. Headers in English as the API names things; times in UTC
 * (ISO 8601), buckets as the Dutch local time they start at. Every cell a spreadsheet would read
 * as a formula starts with an apostrophe.
 */

type Rows = (string | number)[][];

const BATCH = 2000;

async function messageRows(
  context: ServerContext,
  organisationId: number,
  data: DashboardData,
): Promise<Rows> {
  const rows: Rows = [
    [
      'id',
      'time',
      'platform',
      'author',
      'author_name',
      'kind',
      'text',
      'url',
      'sentiment',
      'sentiment_corrected',
    ],
  ];
  for (let offset = 0; ; offset += BATCH) {
    const page = await organisationMessages(context, organisationId, data.query, scopeOf(data.filters), {
      limit: BATCH,
      offset,
    });
    for (const m of page.messages) {
      rows.push([
        m.id,
        m.createdAt.toISOString(),
        m.platform,
        m.authorHandle ?? m.authorId,
        m.authorName ?? '',
        m.kind,
        m.text,
        m.url ?? '',
        m.sentiment ?? '',
        m.corrected ? 'yes' : 'no',
      ]);
    }
    if (page.messages.length < BATCH) return rows;
  }
}

const CHARTS: Readonly<Record<string, (d: Dashboard) => Rows>> = {
  'volume.csv': (d) => [
    ['bucket_start', 'unit', 'count', 'previous_period'],
    ...d.volume.map((v) => [v.start, d.unit, v.count, v.previous]),
  ],
  'platforms.csv': (d) => [['platform', 'count'], ...d.platforms.map((r) => [r.key, r.count])],
  'soorten.csv': (d) => [['kind', 'count'], ...d.kinds.map((r) => [r.key, r.count])],
  'auteurs.csv': (d) => [
    ['author', 'name', 'count'],
    ...d.authors.map((r) => [r.key, r.name ?? '', r.count]),
  ],
  'vermeldingen.csv': (d) => [['mention', 'count'], ...d.mentions.map((r) => [r.key, r.count])],
  'hashtags.csv': (d) => [['hashtag', 'count'], ...d.hashtags.map((r) => [r.key, r.count])],
  'sentiment.csv': (d) => [
    ['bucket_start', 'unit', 'positive', 'neutral', 'negative'],
    ...d.volume.map((v) => [
      v.start,
      d.unit,
      v.sentiment.positive,
      v.sentiment.neutral,
      v.sentiment.negative,
    ]),
  ],
  'tagcloud.csv': (d) => [['word', 'count'], ...d.tagCloud.map((w) => [w.word, w.count])],
};

function csvText(rows: Rows): string {
  return stringify(
    rows.map((row) =>
      row.map((value) => (typeof value === 'number' ? String(value) : spreadsheetSafe(value))),
    ),
    { record_delimiter: '\r\n' },
  );
}

function fileName(search: { id: number; name: string }, file: string): string {
  const name = search.name
    .normalize('NFD')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${name || 'zoekopdracht'}-${search.id}-${file}`;
}

export const listeningExportRoutes = routes([
  {
    method: 'GET',
    url: '/o/:org/luisteren/:id/export/:file',
    kind: 'page',
    access: { kind: 'org', permission: 'messages.read' },
    schema: {
      params: {
        type: 'object',
        properties: { ...searchParams.properties, file: { enum: EXPORTS.map((e) => e.file) } },
        required: ['org', 'id', 'file'],
      },
    },
    async handler(request, reply, context) {
      const org = orgOf(request);
      const { file } = request.params as { file: string };
      const data = await dashboardRequest(request, context);
      const problem = data.asked.problems[0];
      if (problem)
        throw new HttpError(400, 'invalid', `${problem.field}: ${translate(request)(problem.key)}`);
      const chart = CHARTS[file];
      const rows = chart
        ? chart(await dashboardOf(context, org.id, data.query, data.filters))
        : await messageRows(context, org.id, data);
      return reply
        .headers({
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${fileName(data.search, file)}"`,
          'cache-control': 'no-store',
        })
        .send(csvText(rows));
    },
  },
]);
