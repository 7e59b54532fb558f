/**
 * The yardstick report end to end, in a real browser: the reference gemeenten with their
 * boundaries (../shared/data/nl-gemeenten) and the demo workspace go into a fresh PGlite
 * database, the engine computes the yardsticks, the report is rendered and opened in Debian's
 * Chromium through playwright-core (no browser is downloaded; MEETLAT_CHROMIUM overrides the
 * path). Checked there: nothing is fetched, the map has exactly one area per gemeente boundary in
 * the store, the map switch works, axe-core finds no WCAG 2.1 A/AA violation, and the PDF
 * printed from the same HTML is a PDF of more than one page.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { demoSource } from '../../src/demo/generator.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { importReferenceFile } from '../../src/reference/importer.ts';
import { loadReportInput } from '../../src/report/loadReport.ts';
import { htmlToPdf, launchChromium } from '../../src/report/pdf.ts';
import { renderYardstickReport } from '../../src/report/yardstickHtml.ts';
import type { Db } from '../../src/store/db.ts';
import { sharedFile } from '../support/data.ts';
import { freshDb } from '../support/engines.ts';

const YEAR_2025 = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') };

let db: Db;
let browser: Browser;
let html: string;
let storedCodes: string[];
let organisationsWithAccounts: string[];
let page: Page;
const requests: string[] = [];

before(async () => {
  db = await freshDb('pglite');
  const reference = await importReferenceFile(db, 'gemeenten', {
    csv: sharedFile('nl-gemeenten', 'gemeenten.csv'),
    geometry: sharedFile('nl-gemeenten', 'nl-vr-gm_2023.topo.json'),
  });
  assert.equal(reference.boundaries?.rejected.length, 0);
  const demo = await ingest(db, demoSource({ size: 4000, seed: 7 }), {
    sourceKind: 'demo',
    source: 'demo size=4000 seed=7',
    sourceSha256: null,
  });
  assert.equal(demo.rejected, 0);
  const rows = await db.query<{ code: string }>(
    "SELECT code FROM region_boundaries WHERE kind = 'gemeente' ORDER BY code",
  );
  storedCodes = rows.map((r) => r.code);
  const orgs = await db.query<{ code: string }>(
    'SELECT DISTINCT o.code FROM organisations o JOIN accounts a ON a.organisation_id = o.id ORDER BY o.code',
  );
  organisationsWithAccounts = orgs.map((r) => r.code);

  const input = await loadReportInput(db, YEAR_2025, {
    mapMetric: 'response_rate',
    now: new Date('2026-01-05T10:00:00Z'),
  });
  html = renderYardstickReport(input);

  browser = await launchChromium();
  const context = await browser.newContext({ offline: true });
  page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  await page.route('**/*', (route) => route.abort());
  await page.setContent(html, { waitUntil: 'load' });
});

after(async () => {
  await browser?.close();
  await db?.close();
});

test('the reference data is all there: 342 gemeente boundaries, and demo organisations with accounts', () => {
  assert.equal(storedCodes.length, 342);
  assert.ok(organisationsWithAccounts.length >= 20, `${organisationsWithAccounts.length} organisations`);
});

test('the report is self-contained: the page asks for nothing', () => {
  assert.deepEqual(requests, []);
  assert.ok(Buffer.byteLength(html) < 1.5 * 1024 * 1024, `${Buffer.byteLength(html)} bytes`);
});

test('the map has exactly one area per gemeente boundary in the store, each named', async () => {
  const areas = await page.$$eval('#map path[data-code]', (paths) =>
    paths.map((p) => ({
      code: p.getAttribute('data-code') ?? '',
      title: p.querySelector('title')?.textContent ?? '',
      width: (p as unknown as { getBBox(): { width: number } }).getBBox().width,
    })),
  );
  assert.equal(areas.length, storedCodes.length);
  assert.deepEqual(areas.map((a) => a.code).sort(), storedCodes);
  // Drawn: every area has a size on the map and none covers the whole map (winding order).
  const map = Number((await page.getAttribute('#map', 'viewBox'))?.split(' ')[2]);
  assert.ok(map > 0);
  for (const a of areas) {
    assert.ok(a.width > 0 && a.width < map / 2, `${a.code} is ${a.width} wide`);
    assert.match(a.title, /^.+: .+$/);
  }
  // The demo's gemeenten are coloured; one without accounts is "geen gegevens".
  const utrecht = areas.find((a) => a.code === 'GM0344');
  assert.match(utrecht?.title ?? '', /^Utrecht: \d+%$/);
  const veere = areas.find((a) => a.code === 'GM0717');
  assert.equal(veere?.title, 'Veere: geen gegevens: geen account in de database');
  assert.equal(
    await page.$eval('#map path[data-code="GM0717"]', (p) => p.getAttribute('fill')),
    'url(#map-nodata)',
  );
});

test("an organisation page per organisation with accounts, with the study's sentence", async () => {
  const pages = await page.$$eval('article.org-page', (articles) => articles.map((a) => a.id));
  assert.deepEqual(pages.sort(), organisationsWithAccounts.map((c) => `org-${c}`).sort());
  const sentence = await page.textContent('#org-GM0344 .summary');
  assert.match(
    sentence ?? '',
    /Gemeente Utrecht valt in de categorie grote gemeenten: aantal volgers [\d.]+ tegen [\d.]+ gemiddeld; % reactie \d+% tegen \d+%; % beantwoord \d+% tegen \d+%; gemiddelde reactietijd \d+:\d\d:\d\d tegen \d+:\d\d:\d\d\./,
  );
});

test('the map switch recolours the map, legend and table from the embedded data', async () => {
  assert.equal(await page.isVisible('#map-control'), true);
  const before = await page.$eval('#map path[data-code="GM0344"] title', (t) => t.textContent);
  await page.selectOption('#map-metric', 'followers');
  const afterTitle = await page.$eval('#map path[data-code="GM0344"] title', (t) => t.textContent);
  assert.notEqual(afterTitle, before);
  assert.match(afterTitle ?? '', /^Utrecht: [\d.]+$/);
  assert.equal(await page.textContent('#map-legend-metric'), 'Aantal volgers');
  assert.match((await page.textContent('#map-legend')) ?? '', /geen gegevens \(\d+ gemeenten\)/);
  const row = await page.textContent('#map-table tr[data-code="GM0344"] .v');
  assert.equal(row, afterTitle?.replace('Utrecht: ', ''));
  await page.selectOption('#map-metric', 'response_rate');
  assert.equal(await page.$eval('#map path[data-code="GM0344"] title', (t) => t.textContent), before);
});

test('axe-core finds no WCAG 2.1 A or AA violation', async () => {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length}× e.g. ${v.nodes[0]?.target.join(' ')}`,
  );
  assert.deepEqual(summary, []);
  // It did look: the rules that matter here ran and passed.
  const passed = new Set(results.passes.map((p) => p.id));
  for (const rule of [
    'color-contrast',
    'html-has-lang',
    'svg-img-alt',
    'document-title',
    'th-has-data-cells',
  ]) {
    assert.ok(passed.has(rule), `${rule} did not pass`);
  }
});

test('the PDF is printed from the same HTML: a PDF of more than one page', async () => {
  const pdf = await htmlToPdf(html);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0;
  // The overview, the map and a page per organisation at the least.
  assert.ok(pages > 2 + organisationsWithAccounts.length, `${pages} pages`);
});
