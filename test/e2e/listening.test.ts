/**
 * Listening in headless Chromium (Debian's `chromium` through playwright-core), on PGlite: a
 * webcare member logs in, goes to Luisteren, types a query with a mistake and reads where it is
 * and what to do (in Dutch, tied to the field), saves a search through the form, opens its
 * dashboard for a period, and every chart's numbers (its table) and the message list are
 * checked against the API's JSON for the same filters; adds an alert on signal words through the
 * form and opens the notifications. axe-core finds no WCAG 2.1 AA violation on any of these pages.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../src/report/pdf.ts';
import { axeViolations as axe } from '../support/axe.ts';
import { type ApiDashboard, type Ranked, worldLines } from '../support/listeningFixtures.ts';
import { OWN, PASSWORD, startTestServer, type TestServer } from '../support/server.ts';
import { importLines } from '../support/yardstickFixtures.ts';

/** The page's figures as its tables and lists show them (read in the browser, as text). */
interface PageFigures {
  total: number;
  previous: number;
  volume: string[][];
  trend: string[][];
  ranked: Record<string, [string, string][]>;
  cloud: [string, string][];
  messages: string[];
  marks: string[];
}

const READ_FIGURES = `(() => {
  const cells = (row) => [...row.children].map((c) => c.textContent.trim());
  const rows = (id) => [...document.querySelectorAll('#' + id + ' tbody tr')];
  const ranked = {};
  for (const id of ['tabel-platforms', 'tabel-soorten', 'tabel-auteurs', 'tabel-vermeldingen', 'tabel-hashtags', 'tabel-sentiment']) {
    ranked[id] = rows(id).map((r) => [r.dataset.key, cells(r)[1]]);
  }
  const total = document.getElementById('totaal');
  return {
    total: Number(total.dataset.total),
    previous: Number(total.dataset.previous),
    volume: rows('tabel-volume').map(cells),
    trend: rows('tabel-sentiment-verloop').map(cells),
    ranked,
    cloud: [...document.querySelectorAll('#woordwolk li')].map((li) => [li.firstChild.textContent, li.dataset.count]),
    messages: [...document.querySelectorAll('.meetlat-messages > li')].map((li) => li.id),
    marks: [...document.querySelectorAll('.meetlat-messages mark')].map((m) => m.textContent),
  };
})()`;

describe('listening in Chromium [pglite]', () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;

  before(async () => {
    server = await startTestServer('pglite');
    await importLines(server.db, worldLines());
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('save a search, open its dashboard: every chart and the list as the API says; errors in Dutch; axe finds nothing', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    await page.goto(`${base}/inloggen`);
    await page.getByLabel('E-mailadres').fill(server.emailOf('webcare'));
    await page.getByLabel('Wachtwoord', { exact: true }).fill(PASSWORD);
    await Promise.all([
      page.waitForURL(`${base}/o/${OWN}`),
      page.getByRole('button', { name: 'Inloggen' }).click(),
    ]);
    await Promise.all([
      page.waitForURL(`${base}/o/${OWN}/luisteren`),
      page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Luisteren' }).click(),
    ]);
    violations.push(...(await axe(page)));

    // A query with a mistake: where it is and what to do, tied to the field, the query kept.
    const search = page.getByRole('search');
    await search.getByLabel('Zoekvraag').fill('afval AND');
    await Promise.all([page.waitForURL(/\?q=/), search.getByRole('button', { name: 'Zoeken' }).click()]);
    const field = page.getByRole('search').getByLabel('Zoekvraag');
    assert.equal(await field.inputValue(), 'afval AND');
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    const error = await page.locator(`#${describedBy.split(' ').at(-1)}`).innerText();
    assert.equal(
      error,
      'Na AND op positie 7 komt geen zoekwoord. Tip: Zet na AND nog een zoekwoord, of haal AND weg.',
    );
    const summary = page.getByRole('alert');
    assert.match(await summary.innerText(), /Na AND op positie 7/);
    violations.push(...(await axe(page)));

    // Save a search through the form.
    const form = page.getByRole('form', { name: 'Zoekopdracht opslaan' });
    await form.getByLabel('Naam').fill('Afval in mei');
    await form.getByLabel('Zoekvraag').fill('#afval');
    await form.getByLabel('Iedereen in de organisatie (gedeeld)').check();
    await Promise.all([
      page.waitForURL(/\/luisteren\/\d+\?melding=opgeslagen$/),
      form.getByRole('button', { name: 'Zoekopdracht opslaan' }).click(),
    ]);
    assert.match(await page.getByRole('status').innerText(), /De zoekopdracht is opgeslagen\./);
    const id = Number(/\/luisteren\/(\d+)/.exec(page.url())?.[1]);
    violations.push(...(await axe(page)));

    // Choose a period on the dashboard.
    await page.getByLabel('Van', { exact: true }).fill('2025-05-01');
    await page.getByLabel('Tot en met').fill('2025-05-12');
    await Promise.all([
      page.waitForURL(/van=2025-05-01/),
      page.getByRole('button', { name: 'Toon' }).click(),
    ]);
    assert.match(await page.locator('#periode').innerText(), /1 mei 2025 t\/m 12 mei 2025/);

    // The same filters through the API, with the browser's session.
    const apiBase = `${base}/api/orgs/${OWN}/searches/${id}`;
    const d = (await (
      await page.request.get(`${apiBase}/dashboard?from=2025-05-01&to=2025-05-13`)
    ).json()) as ApiDashboard;
    const listed = (await (
      await page.request.get(`${apiBase}/messages?from=2025-05-01&to=2025-05-13&limit=25`)
    ).json()) as {
      total: number;
      messages: { id: number }[];
    };
    assert.equal(d.period.basis, 'asked');
    assert.ok(d.total > 25 && d.hashtags.length > 1 && d.authors.length > 1 && d.tagCloud.length > 5);
    const shown = await page.evaluate<PageFigures>(READ_FIGURES);
    assert.equal(shown.total, d.total);
    assert.equal(shown.previous, d.previousTotal);
    assert.equal(shown.volume[0]?.[0], '1 mei 2025');
    assert.deepEqual(
      shown.volume.map((r) => [Number(r[1]), Number(r[2])]),
      d.volume.map((v) => [v.count, v.previous]),
    );
    assert.deepEqual(
      shown.trend.map((r) => r.slice(1).map(Number)),
      d.volume.map((v) => [v.sentiment.positive, v.sentiment.neutral, v.sentiment.negative]),
    );
    const pairs = (list: Ranked[]) => list.map((r) => [r.key, String(r.count)]);
    assert.deepEqual(shown.ranked['tabel-platforms'], pairs(d.platforms));
    assert.deepEqual(shown.ranked['tabel-soorten'], pairs(d.kinds));
    assert.deepEqual(shown.ranked['tabel-auteurs'], pairs(d.authors));
    assert.deepEqual(shown.ranked['tabel-vermeldingen'], pairs(d.mentions));
    assert.deepEqual(shown.ranked['tabel-hashtags'], pairs(d.hashtags));
    assert.deepEqual(shown.ranked['tabel-sentiment'], [
      ['positive', String(d.sentiment.positive)],
      ['neutral', String(d.sentiment.neutral)],
      ['negative', String(d.sentiment.negative)],
    ]);
    assert.deepEqual([...shown.cloud].sort(), d.tagCloud.map((w) => [w.word, String(w.count)]).sort());
    // The list: newest first as the API gives it, the hashtag marked.
    assert.equal(await page.locator('#berichten').innerText(), `Berichten (${listed.total})`);
    assert.deepEqual(
      shown.messages,
      listed.messages.map((m) => `bericht-${m.id}`),
    );
    assert.ok(shown.marks.length >= listed.messages.length);
    assert.ok(shown.marks.every((m) => m.toLowerCase() === '#afval'));
    // Every chart has its SVG, named.
    for (const chart of ['grafiek-volume', 'grafiek-sentiment']) {
      assert.equal(await page.locator(`svg[aria-labelledby="${chart}-title ${chart}-desc"]`).count(), 1);
    }
    violations.push(...(await axe(page)));

    // The next page of messages, and the help.
    await Promise.all([
      page.waitForURL(/pagina=2/),
      page.getByRole('link', { name: 'Volgende pagina' }).click(),
    ]);
    const second = (await (
      await page.request.get(`${apiBase}/messages?from=2025-05-01&to=2025-05-13&limit=25&offset=25`)
    ).json()) as {
      messages: { id: number }[];
    };
    assert.deepEqual(
      (await page.evaluate<PageFigures>(READ_FIGURES)).messages,
      second.messages.map((m) => `bericht-${m.id}`),
    );
    await page.goto(`${base}/o/${OWN}/luisteren/hulp`);
    violations.push(...(await axe(page)));

    // An alert on signal words through the form on the search's alerts page, listed; then the notifications.
    await page.goto(`${base}/o/${OWN}/luisteren/${id}/meldingen`);
    const alertForm = page.getByRole('form', { name: 'Melding bij signaalwoorden toevoegen' });
    await alertForm.getByLabel('Signaalwoorden', { exact: true }).fill('brand\nexplosie*');
    await Promise.all([
      page.waitForURL(/\/meldingen\?melding=toegevoegd/),
      alertForm.getByRole('button', { name: 'Melding toevoegen' }).click(),
    ]);
    assert.match(await page.getByRole('status').innerText(), /De melding is toegevoegd\./);
    const row = page.locator('#regels tbody tr');
    assert.equal(await row.count(), 1);
    assert.match(await row.innerText(), /Signaalwoorden[\s\S]*brand of explosie\*[\s\S]*Aan/);
    violations.push(...(await axe(page)));
    await Promise.all([
      page.waitForURL(`${base}/o/${OWN}/meldingen`),
      page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Meldingen' }).click(),
    ]);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Meldingen');
    violations.push(...(await axe(page)));

    assert.deepEqual(violations, []);
    await context.close();
  });
});
