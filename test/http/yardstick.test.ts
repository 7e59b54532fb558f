/**
 * The yardstick pages and API, on both engines: a small demo workspace with the gemeenten and
 * their boundaries goes into the test database, and what the server shows is checked against
 * the engine's own figures for the same period. Also: the pages run no inline script or style
 * (the CSP forbids both), the map has one area per gemeente with a boundary and a table of the
 * same values, an anonymous visitor is sent to the login page, and a database without messages
 * gives a clear "nog geen gegevens" rather than an error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoSource } from '../../src/demo/generator.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { importReferenceFile } from '../../src/reference/importer.ts';
import { formatInteger } from '../../src/report/format.ts';
import { escapeHtml } from '../../src/report/html.ts';
import { formatValue, METRIC_INFO } from '../../src/report/metrics.ts';
import { defaultPeriod, periodOfKey } from '../../src/server/routes/yardstick.ts';
import { computeYardstick, computeYardsticks } from '../../src/yardstick/engine.ts';
import {
  figuresOf,
  type OrganisationFigures,
  type Period,
  SCALAR_METRICS,
  type Yardstick,
} from '../../src/yardstick/figures.ts';
import { previousYear, quartersOf } from '../../src/yardstick/periods.ts';
import { sharedFile } from '../support/data.ts';
import { ENGINES } from '../support/engines.ts';
import { FOREIGN, OWN, startTestServer, type TestServer } from '../support/server.ts';

const YEAR_2025: Period = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') };

const PAGES = [
  '/meetlat?periode=2025',
  `/o/${OWN}/meetlat?periode=2025`,
  '/meetlat/kaart?periode=2025',
  '/meetlat/kaart?periode=2025&kengetal=followers',
] as const;

/** The same data as JSON, for comparing numbers exactly as the API sends them. */
function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** No inline script, no inline style, no event handler attribute: what the CSP would block. */
function assertNoInlineScriptOrStyle(body: string, url: string): void {
  assert.doesNotMatch(body, /<script\b/i, `${url}: no <script>`);
  assert.doesNotMatch(body, /<style\b/i, `${url}: no <style>`);
  assert.doesNotMatch(body, /\sstyle\s*=/i, `${url}: no style attribute`);
  assert.doesNotMatch(body, /\son[a-z]+\s*=/i, `${url}: no event handler attribute`);
  assert.doesNotMatch(body, /javascript:/i, `${url}: no javascript: URL`);
}

/** The text of the first cell after the row header `label` in `table`. */
function cellAfter(table: string, label: string): string | null {
  const row = new RegExp(
    `<th scope="row">${escapeRe(escapeHtml(label))}(?:<span[^>]*>[^<]*</span>)?</th><td[^>]*>([^<]*)`,
  ).exec(table);
  return row?.[1] ?? null;
}

test('the default period: the last full year with messages, else the last full quarter', () => {
  const span = { first: new Date('2025-01-01T08:00:00Z'), last: new Date('2025-12-31T23:00:00Z') };
  assert.deepEqual(defaultPeriod(span, new Date('2026-03-01T00:00:00Z')), { period: YEAR_2025, key: '2025' });
  // 2025 is not over yet: the last quarter that is.
  assert.deepEqual(defaultPeriod(span, new Date('2025-12-31T23:30:00Z')), {
    period: { from: new Date('2025-07-01T00:00:00Z'), to: new Date('2025-10-01T00:00:00Z') },
    key: '2025-K3',
  });
  // Data over two years, the second still running: the first, which is full.
  const twoYears = { first: new Date('2024-05-01T00:00:00Z'), last: new Date('2025-02-01T00:00:00Z') };
  assert.equal(defaultPeriod(twoYears, new Date('2025-02-02T00:00:00Z')).key, '2024');
  // Only days of a quarter that is still running: that year.
  const fresh = { first: new Date('2025-02-01T00:00:00Z'), last: new Date('2025-02-03T00:00:00Z') };
  assert.equal(defaultPeriod(fresh, new Date('2025-02-04T00:00:00Z')).key, '2025');
  // No messages: last year.
  assert.equal(defaultPeriod(null, new Date('2026-06-01T00:00:00Z')).key, '2025');
  assert.deepEqual(periodOfKey('2025'), YEAR_2025);
  assert.deepEqual(periodOfKey('2025-Q2'), periodOfKey('2025-K2'));
  assert.deepEqual(periodOfKey('2025-K2'), {
    from: new Date('2025-04-01T00:00:00Z'),
    to: new Date('2025-07-01T00:00:00Z'),
  });
  assert.deepEqual(periodOfKey('alles'), { from: null, to: null });
  assert.equal(periodOfKey('2025-K5'), null);
  assert.equal(periodOfKey('vorig jaar'), null);
});

for (const engine of ENGINES) {
  describe(`yardstick pages and API [${engine}]`, () => {
    let server: TestServer;
    let current: Yardstick;
    let boundaryCodes: string[];

    before(async () => {
      server = await startTestServer(engine);
      const reference = await importReferenceFile(server.db, 'gemeenten', {
        csv: sharedFile('nl-gemeenten', 'gemeenten.csv'),
        geometry: sharedFile('nl-gemeenten', 'nl-vr-gm_2023.topo.json'),
      });
      assert.equal(reference.boundaries?.rejected.length, 0);
      const demo = await ingest(server.db, demoSource({ size: 3000, seed: 7 }), {
        sourceKind: 'demo',
        source: 'demo size=3000 seed=7',
        sourceSha256: null,
      });
      assert.equal(demo.rejected, 0);
      current = await computeYardstick(server.db, YEAR_2025);
      const rows = await server.db.query<{ code: string }>(
        "SELECT code FROM region_boundaries WHERE kind = 'gemeente' ORDER BY code",
      );
      boundaryCodes = rows.map((r) => r.code);
    });
    after(() => server?.close());

    test('an anonymous visitor is sent to the login page; the API answers 401', async () => {
      const anonymous = server.client();
      for (const url of PAGES) {
        const reply = await anonymous.get(url);
        assert.equal(reply.status, 303, url);
        assert.equal(reply.headers.location, `/inloggen?terug=${encodeURIComponent(url)}`);
      }
      for (const url of ['/api/yardstick', `/api/yardstick/orgs/${OWN}`, '/api/yardstick/map']) {
        const reply = await anonymous.get(url);
        assert.equal(reply.status, 401, url);
        assert.equal(reply.json<{ error: string }>().error, 'login');
      }
    });

    test('a lezer opens every page; none has inline script or style', async () => {
      const lezer = await server.loggedIn('lezer');
      for (const url of PAGES) {
        const reply = await lezer.get(url);
        assert.equal(reply.status, 200, `${url}: ${reply.body.slice(0, 400)}`);
        assert.match(String(reply.headers['content-type']), /^text\/html/);
        assert.match(reply.body, /<link rel="stylesheet" href="\/assets\/yardstick.css">/);
        assert.doesNotMatch(reply.body, /nog geen gegevens/i, url);
        assertNoInlineScriptOrStyle(reply.body, url);
      }
      const css = await lezer.get('/assets/yardstick.css');
      assert.equal(css.status, 200);
      assert.match(String(css.headers['content-type']), /^text\/css/);
      assert.match(css.body, /\.meetlat-yardstick table\.data/);
    });

    test("the organisation page shows the engine's figures for the organisation and its class", async () => {
      const lezer = await server.loggedIn('lezer');
      const reply = await lezer.get(`/o/${OWN}/meetlat?periode=2025`);
      assert.equal(reply.status, 200);
      // The navigation marks the yardstick as the current page.
      assert.match(reply.body, /href="\/o\/GM0344\/meetlat" aria-current="page"/);
      const org = current.organisations.find((o) => o.code === OWN) as OrganisationFigures;
      assert.ok(org && org.accounts > 0, 'the demo has accounts of Utrecht');
      const table = /<table class="data figures">[\s\S]*?<\/table>/.exec(reply.body)?.[0] ?? '';
      assert.ok(table, 'the figures table is there');
      let compared = 0;
      for (const metric of SCALAR_METRICS) {
        const value = org[metric];
        const shown = cellAfter(table, METRIC_INFO[metric].label);
        assert.ok(shown !== null, `a row for ${metric}`);
        if (value === null) assert.match(shown, /^niet te berekenen/, metric);
        else {
          assert.equal(shown, formatValue(metric, value), metric);
          compared++;
        }
      }
      assert.ok(compared >= 10, `${compared} figures compared`);
      assert.match(
        reply.body,
        /Gemeente Utrecht valt in de categorie grote gemeenten: aantal volgers [\d.]+ tegen [\d.]+ gemiddeld/,
      );
      // Its charts are SVG with their numbers as tables beside them.
      assert.match(reply.body, /<svg class="chart-svg" role="img" aria-labelledby="org-GM0344-buckets-title/);
      assert.match(
        reply.body,
        /<caption>Reactietijden van Gemeente Utrecht: aandeel van de beantwoorde berichten/,
      );
      // Headings in order: h1 (the frame), h2 (the period), then the report's h3 and h4.
      const levels = [...reply.body.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
      levels.forEach((level, i) => {
        if (i > 0) assert.ok(level <= (levels[i - 1] as number) + 1, `heading levels ${levels.join(',')}`);
      });
    });

    test('a member of another organisation cannot open its page, but sees its public figures in the API', async () => {
      const lezer = await server.loggedIn('lezer');
      assert.equal((await lezer.get(`/o/${FOREIGN}/meetlat`)).status, 403);
      const reply = await lezer.get(`/api/yardstick/orgs/${FOREIGN}?period=2025`);
      assert.equal(reply.status, 200);
      const body = reply.json<{ organisation: { code: string }; figures: unknown }>();
      assert.equal(body.organisation.code, FOREIGN);
      const engineOrg = current.organisations.find((o) => o.code === FOREIGN) as OrganisationFigures;
      assert.deepEqual(body.figures, json(figuresOf(engineOrg)));
      assert.equal((await lezer.get('/api/yardstick/orgs/XX9999')).status, 404);
    });

    test('the national overview page shows the engine totals per class and nationally', async () => {
      const lezer = await server.loggedIn('lezer');
      const reply = await lezer.get('/meetlat?periode=2025');
      const t = current.totals;
      assert.ok(
        reply.body.includes(
          `<tr class="total"><th scope="row">Alle accounts samen</th><td class="num">${formatInteger(t.organisations)}</td><td class="num">${formatInteger(t.accounts)}</td><td class="num">${formatInteger(t.sent ?? 0)}`,
        ),
        'the totals row',
      );
      for (const c of current.classes) {
        assert.ok(reply.body.includes(`<td class="num">${formatInteger(c.accounts)}</td>`), c.class);
      }
      assert.match(
        reply.body,
        /<th scope="row">Grote gemeenten<span class="prev">meer dan 100.000 inwoners<\/span><\/th>/,
      );
      assert.match(reply.body, /href="\/meetlat\/kaart\?periode=2025"/);
      assert.match(reply.body, /<option value="2025" selected>2025<\/option>/);
    });

    test('GET /api/yardstick gives the engine figures: classes, totals, last year and quarters', async () => {
      const lezer = await server.loggedIn('analist');
      const reply = await lezer.get('/api/yardstick?period=2025');
      assert.equal(reply.status, 200);
      const body = reply.json<{
        period: Yardstick['period'];
        classes: unknown;
        totals: unknown;
        previous: { period: Yardstick['period']; totals: unknown } | null;
        quarters: { period: Yardstick['period']; totals: unknown }[];
      }>();
      const previous = previousYear(YEAR_2025) as Period;
      const quarters = quartersOf(YEAR_2025);
      const [now, before, ...q] = await computeYardsticks(server.db, [YEAR_2025, previous, ...quarters]);
      assert.deepEqual(body.period, { from: '2025-01-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' });
      assert.deepEqual(body.classes, json(now?.classes));
      assert.deepEqual(body.totals, json(now?.totals));
      assert.deepEqual(
        body.previous,
        json({ period: before?.period, classes: before?.classes, totals: before?.totals }),
      );
      assert.equal(body.quarters.length, 4);
      assert.deepEqual(body.quarters, json(q.map((y) => ({ period: y.period, totals: y.totals }))));
      // The same by from/to, as the CLI takes them.
      const byDates = await lezer.get('/api/yardstick?from=2025-01-01&to=2026-01-01');
      assert.deepEqual(byDates.json<{ totals: unknown }>().totals, body.totals);
      // Aggregates only: no message text or author anywhere.
      assert.doesNotMatch(reply.body, /"(text|author|author_id|body|content)"/);
    });

    test('GET /api/yardstick/orgs/:code gives the organisation beside its class and the nation', async () => {
      const lezer = await server.loggedIn('lezer');
      const reply = await lezer.get(`/api/yardstick/orgs/${OWN}?from=2025-01-01&to=2026-01-01`);
      assert.equal(reply.status, 200);
      const body = reply.json<{
        organisation: Record<string, unknown>;
        figures: unknown;
        class: unknown;
        totals: unknown;
        ranks: Record<string, { rank: number; of: number } | null>;
        accounts: { platform: string; handle: string }[];
      }>();
      const org = current.organisations.find((o) => o.code === OWN) as OrganisationFigures;
      assert.deepEqual(body.organisation, {
        code: OWN,
        name: org.name,
        kind: 'gemeente',
        class: 'groot',
        inhabitants: org.inhabitants,
        accounts: org.accounts,
      });
      assert.deepEqual(body.figures, json(figuresOf(org)));
      assert.deepEqual(body.class, json(current.classes.find((c) => c.class === 'groot')));
      assert.deepEqual(body.totals, json(current.totals));
      assert.equal(body.accounts.length, org.accounts);
      const rate = body.ranks.response_rate;
      assert.ok(rate && rate.rank >= 1 && rate.rank <= rate.of);
      assert.equal(body.ranks.anomalies, undefined, 'a count of data errors is not ranked');
      assert.doesNotMatch(reply.body, /"(text|author|author_id|body|content)"/);
    });

    test('the map: one path per gemeente with a boundary, the same values as a table, chosen by a form', async () => {
      const lezer = await server.loggedIn('lezer');
      const reply = await lezer.get('/meetlat/kaart?periode=2025&kengetal=followers');
      assert.equal(reply.status, 200);
      const svg = /<svg id="map"[\s\S]*?<\/svg>/.exec(reply.body)?.[0] ?? '';
      const codes = [...svg.matchAll(/<path d="M[^"]+" data-code="([^"]+)" fill="[^"]+"><title>/g)].map(
        (m) => m[1],
      );
      assert.equal(codes.length, boundaryCodes.length);
      assert.deepEqual([...codes].sort(), boundaryCodes);
      assert.equal(boundaryCodes.length, 342);
      // The text alternative: the SVG is named and described, and the table holds the same values.
      assert.match(svg, /role="img" aria-labelledby="map-title map-desc"/);
      assert.match(reply.body, /<a class="utrecht-link" href="#map-table">/);
      const table = /<table class="data" id="map-table">[\s\S]*?<\/table>/.exec(reply.body)?.[0] ?? '';
      const withAccounts = current.organisations.filter(
        (o) => o.kind === 'gemeente' && o.accounts > 0 && boundaryCodes.includes(o.code),
      );
      assert.equal([...table.matchAll(/<tr data-code=/g)].length, withAccounts.length);
      for (const o of withAccounts) {
        const value = o.followers;
        const text = value === null ? /geen gegevens/ : formatValue('followers', value);
        const row = new RegExp(
          `<tr data-code="${o.code}"><th scope="row">[^<]+</th><td class="v">([^<]*)</td>`,
        ).exec(table);
        assert.ok(row, o.code);
        if (typeof text === 'string') assert.equal(row[1], text, o.code);
        else assert.match(row[1] ?? '', text);
        // The area's title on the map says the same.
        assert.match(
          svg,
          new RegExp(`data-code="${o.code}" fill="[^"]+"><title>[^<]+: ${escapeRe(row[1] ?? '')}</title>`),
        );
      }
      // The figure is chosen with a GET form: a labelled select and a button, no script.
      assert.match(reply.body, /<form method="get" action="\/meetlat\/kaart"/);
      assert.match(reply.body, /<label class="utrecht-form-label" for="veld-kengetal">/);
      assert.match(reply.body, /<option value="followers" selected>Aantal volgers<\/option>/);
      assert.match(reply.body, /<title id="map-title">Kaart: Aantal volgers per gemeente<\/title>/);
    });

    test('GET /api/yardstick/map gives each gemeente on the map its engine value', async () => {
      const lezer = await server.loggedIn('lezer');
      const reply = await lezer.get('/api/yardstick/map?period=2025&metric=response_rate');
      assert.equal(reply.status, 200);
      const body = reply.json<{
        metric: string;
        legend: { label: string; count: number; fill: string }[];
        noData: number;
        areas: { code: string; value: number | null; class: number | null; text: string }[];
      }>();
      assert.equal(body.metric, 'response_rate');
      assert.equal(body.areas.length, boundaryCodes.length);
      const byCode = new Map(current.organisations.map((o) => [o.code, o]));
      for (const area of body.areas) {
        const org = byCode.get(area.code);
        assert.equal(area.value, org && org.accounts > 0 ? org.response_rate : null, area.code);
        assert.equal(area.class === null, area.value === null, area.code);
      }
      const counted = body.legend.reduce((n, c) => n + c.count, 0);
      assert.equal(counted + body.noData, body.areas.length);
      assert.equal((await lezer.get('/api/yardstick/map?metric=nonsense')).status, 400);
    });

    test('a period that is not one is refused: 400 for the API and the page', async () => {
      const lezer = await server.loggedIn('lezer');
      for (const url of [
        '/api/yardstick?period=vorig',
        '/api/yardstick?from=gisteren',
        '/api/yardstick?from=2026-01-01&to=2025-01-01',
        '/api/yardstick?period=2025&from=2025-01-01',
      ]) {
        const reply = await lezer.get(url);
        assert.equal(reply.status, 400, url);
        assert.equal(reply.json<{ error: string }>().error, 'invalid');
      }
      const page = await lezer.get('/meetlat?periode=morgen');
      assert.equal(page.status, 400);
      assertNoInlineScriptOrStyle(page.body, '/meetlat?periode=morgen');
    });

    test('the OpenAPI document describes the yardstick API with its response schemas', async () => {
      const doc = (await server.client().get('/api/openapi.json')).json<{
        paths: Record<string, { get?: { tags?: string[]; responses?: Record<string, unknown> } }>;
      }>();
      for (const path of ['/api/yardstick', '/api/yardstick/orgs/{code}', '/api/yardstick/map']) {
        const get = doc.paths[path]?.get;
        assert.ok(get, path);
        assert.deepEqual(get.tags, ['yardstick']);
        assert.ok(get.responses?.['200'], `${path} has a 200 schema`);
      }
    });
  });

  describe(`yardstick pages on a database without messages [${engine}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine);
    });
    after(() => server?.close());

    test('every page says "nog geen gegevens" instead of failing; the API gives empty figures', async () => {
      const lezer = await server.loggedIn('lezer');
      for (const url of ['/meetlat', `/o/${OWN}/meetlat`, '/meetlat/kaart', '/meetlat?periode=alles']) {
        const reply = await lezer.get(url);
        assert.equal(reply.status, 200, `${url}: ${reply.body.slice(0, 400)}`);
        assert.match(reply.body, /Nog geen gegevens/, url);
        assertNoInlineScriptOrStyle(reply.body, url);
      }
      const overview = await lezer.get('/api/yardstick');
      assert.equal(overview.status, 200);
      const body = overview.json<{ classes: unknown[]; totals: { accounts: number; response_rate: null } }>();
      assert.deepEqual(body.classes, []);
      assert.equal(body.totals.accounts, 0);
      assert.equal(body.totals.response_rate, null);
      const org = await lezer.get(`/api/yardstick/orgs/${OWN}`);
      assert.equal(org.status, 200);
      assert.equal(org.json<{ figures: unknown }>().figures, null);
      const map = await lezer.get('/api/yardstick/map');
      assert.equal(map.status, 200);
      assert.deepEqual(map.json<{ areas: unknown[] }>().areas, []);
    });
  });
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
