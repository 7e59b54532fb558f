/**
 * The web app in headless Chromium (Debian's `chromium`, driven by playwright-core), on both
 * engines. Every page of the route table is opened with hostile text seeded everywhere a page
 * can show it (organisation name, user names, account handles and names, feed addresses, sync
 * errors, audit entries, message texts, authors and URLs: the XSS corpus of
 * test/support/xssCorpus.ts): no script runs, no dialog opens, the CSP reports nothing, and no
 * link leads to `javascript:`. axe-core finds no WCAG 2.1 A/AA violation on any page, and a
 * keyboard-only walk logs in and moves through the navigation.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addUser } from '../../src/identity/people.ts';
import { launchChromium } from '../../src/report/pdf.ts';
import { ROUTES } from '../../src/server/routes/index.ts';
import { appendAudit } from '../../src/store/audit.ts';
import { createSavedSearch } from '../../src/store/savedSearches.ts';
import { findUserByEmail } from '../../src/store/users.ts';
import { ENGINES } from '../support/engines.ts';
import { OWN, PASSWORD, startTestServer, type TestServer } from '../support/server.ts';
import { XSS_PAYLOADS } from '../support/xssCorpus.ts';
import { importLines, type Line } from '../support/yardstickFixtures.ts';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Pages that answer other than 200 when opened with nothing more than their path: the reset form
 * without a token (400, "the link is not valid"), OIDC login on a server without OIDC settings (404),
 * and a path that does not exist. Their pages are still checked like the others.
 */
const EXPECTED_STATUS: Readonly<Record<string, number>> = {
  '/wachtwoord-herstellen': 400,
  '/inloggen/oidc': 404,
  '/inloggen/oidc/terug': 404,
  '/bestaat-niet': 404,
};

interface PageFindings {
  xss: unknown;
  csp: string[];
  handlers: number;
  scriptLinks: number;
  inlineScripts: number;
  lang: string;
}

const ACTIVE_TEXT = "document.activeElement?.textContent?.trim() ?? ''";

/** What the seeding made that pages beyond `:org` are opened with. */
interface Seeded {
  /** A saved search whose dashboard lists the hostile messages. */
  search: number;
  /** A hostile message in the organisation's conversations. */
  message: number;
  /** The case of that message, with hostile labels, a note and a failed reply. */
  caseId: number;
  /** A canned answer with a hostile title and text. */
  answer: number;
}

/** Puts every payload somewhere a page shows text from outside. */
async function seedHostile(server: TestServer): Promise<Seeded> {
  const { db } = server;
  const p = (i: number) => XSS_PAYLOADS[i % XSS_PAYLOADS.length] ?? '';
  await db.execute('UPDATE organisations SET display_name = $1 WHERE code = $2', [`Utrecht ${p(0)}`, OWN]);
  const [own] = await db.query<{ id: number }>('SELECT id FROM organisations WHERE code = $1', [OWN]);
  const orgId = Number(own?.id);
  const cli = { userId: null, name: 'test', ip: null };
  for (let i = 0; i < 12; i++) {
    await addUser(db, cli, {
      email: `hostile${i}@gm0344.test`,
      name: p(i + 1).slice(0, 200),
      membership: { organisationId: orgId, role: 'lezer' },
    });
  }
  for (let i = 0; i < XSS_PAYLOADS.length; i++) {
    await appendAudit(db, {
      userId: null,
      actor: p(i),
      organisationId: orgId,
      action: 'test.hostile',
      target: p(i + 7),
      details: { text: p(i + 13) },
      ip: '203.0.113.9',
    });
  }
  // The organisation's own Mastodon account, which the hostile messages mention: so they are in
  // its conversations, on the listening pages.
  const lines: Line[] = [
    {
      type: 'account',
      platform: 'mastodon',
      id: 'gemeenteutrecht',
      handle: 'gemeenteutrecht',
      name: p(2),
      organisation: OWN,
    },
  ];
  for (let i = 0; i < 20; i++) {
    lines.push({
      type: 'account',
      platform: 'rss',
      id: `feed-${i}`,
      handle: p(i + 3),
      name: p(i + 5),
      organisation: OWN,
      relation: 'owned',
    });
  }
  for (let i = 0; i < XSS_PAYLOADS.length; i++) {
    lines.push({
      platform: 'mastodon',
      id: `https://social.example/statuses/${i}`,
      author: { id: `citizen-${i}`, handle: p(i + 11).slice(0, 100), name: p(i + 17) },
      created_at: new Date(Date.UTC(2026, 9, 1 + (i % 28), 9, i)).toISOString(),
      text: `${p(i)} @gemeenteutrecht`,
      url: p(i + 23),
    });
  }
  await importLines(db, lines);
  const accounts = await db.query<{ id: number }>(
    "SELECT id FROM accounts WHERE platform = 'rss' AND organisation_id = $1 ORDER BY id",
    [orgId],
  );
  for (const [i, account] of accounts.entries()) {
    await db.execute(
      `INSERT INTO channel_connections (account_id, settings, sync_interval_minutes, failures, last_error_at,
         last_error_kind, last_error)
       VALUES ($1, $2::jsonb, 30, 2, now(), 'unknown', $3) ON CONFLICT (account_id) DO NOTHING`,
      [account.id, JSON.stringify({ url: p(i + 29), historyDays: 30, timeoutMs: 10000 }), p(i + 31)],
    );
  }
  const owner = await findUserByEmail(db, server.emailOf('beheerder'));
  const search = await createSavedSearch(db, orgId, Number(owner?.id), {
    name: p(5).slice(0, 200),
    query: '@gemeenteutrecht',
    platforms: [],
    shared: true,
  });
  const [message] = await db.query<{ id: number }>(
    "SELECT id FROM messages WHERE platform = 'mastodon' AND platform_id = 'https://social.example/statuses/0'",
  );
  const [hostileCase] = await db.query<{ case_id: number }>(
    'SELECT case_id FROM case_messages WHERE message_id = $1',
    [message?.id],
  );
  const caseId = Number(hostileCase?.case_id);
  await db.execute('UPDATE cases SET category = $2, tags = $3::text[] WHERE id = $1', [
    caseId,
    p(3).slice(0, 100),
    [p(4), p(6)],
  ]);
  await db.execute(
    `INSERT INTO case_events (case_id, user_id, actor, kind, details) VALUES ($1, $2, $3, 'note', $4::jsonb)`,
    [caseId, owner?.id, p(7), JSON.stringify({ text: p(8) })],
  );
  await db.execute(
    `INSERT INTO case_replies (case_id, author_name, text, idempotency_key, state, attempts, error_kind, error_text)
     VALUES ($1, $2, $3, 'hostile-key', 'failed', 1, 'unknown', $4)`,
    [caseId, p(9), p(10), p(12)],
  );
  const [answer] = await db.query<{ id: number }>(
    'INSERT INTO canned_answers (organisation_id, title, text) VALUES ($1, $2, $3) RETURNING id',
    [orgId, p(13).slice(0, 100), p(14)],
  );
  return { search: search.id, message: Number(message?.id), caseId, answer: Number(answer?.id) };
}

/**
 * The HTML pages of the route table a member can open, with the organisation, the seeded search
 * and message filled in (downloads, such as the audit log's CSV, are not pages). The listening
 * pages are opened on the hostile messages: the search for their mention, the dashboard over
 * their month.
 */
const PAGE_QUERIES: Readonly<Record<string, string>> = {
  '/o/:org/luisteren': '?q=%40gemeenteutrecht',
  '/o/:org/luisteren/:id': '?van=2026-10-01&tot=2026-10-31',
};

function pagePaths(seeded: Seeded): string[] {
  const pages = ROUTES.filter((r) => r.method === 'GET' && r.kind === 'page' && !r.url.endsWith('.csv'));
  return pages.flatMap((r) => {
    const path = r.url
      .replace(':org', OWN)
      .replace(':id', String(seeded.search))
      .replace(':messageId', String(seeded.message))
      .replace(':caseId', String(seeded.caseId))
      .replace(':answerId', String(seeded.answer));
    return /:\w/.test(path) ? [] : [`${path}${PAGE_QUERIES[r.url] ?? ''}`];
  });
}

async function trapScripts(context: BrowserContext): Promise<void> {
  // Browser-side code is given as text: the project's types describe Node, not the DOM.
  await context.addInitScript(`
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(e.violatedDirective + ': ' + e.blockedURI + ' ' + e.sample);
    });
  `);
}

for (const engine of ENGINES) {
  describe(`the web app in Chromium [${engine}]`, () => {
    let server: TestServer;
    let browser: Browser;
    let base: string;
    let seeded: Seeded;

    before(async () => {
      server = await startTestServer(engine);
      seeded = await seedHostile(server);
      await server.app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    async function loggedInPage(
      email: string,
    ): Promise<{ context: BrowserContext; page: Page; dialogs: string[] }> {
      const context = await browser.newContext();
      await trapScripts(context);
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(`${base}/inloggen`);
      await page.getByLabel('E-mailadres').fill(email);
      await page.getByLabel('Wachtwoord', { exact: true }).fill(PASSWORD);
      await Promise.all([
        page.waitForURL((url) => !url.pathname.startsWith('/inloggen')),
        page.getByRole('button', { name: 'Inloggen' }).click(),
      ]);
      return { context, page, dialogs };
    }

    test('every page: no script from the corpus runs, the CSP reports nothing, axe finds no WCAG 2.1 AA violation', async () => {
      const { context, page, dialogs } = await loggedInPage(server.emailOf('beheerder'));
      const paths = pagePaths(seeded);
      assert.ok(paths.length >= 6, `pages: ${paths.join(', ')}`);
      const problems: string[] = [];
      for (const path of [...paths, '/bestaat-niet']) {
        const response = await page.goto(`${base}${path}`);
        const status = response?.status() ?? 0;
        if (status !== (EXPECTED_STATUS[path] ?? 200)) problems.push(`${path}: status ${status}`);
        const found = await page.evaluate<PageFindings>(`(() => {
          const handlers = [...document.querySelectorAll('*')].filter((el) =>
            [...el.attributes].some((a) => a.name.startsWith('on'))).length;
          const scriptLinks = [...document.querySelectorAll('a[href], iframe[src], form[action]')].filter((el) =>
            /^\\s*(javascript|data):/i.test(el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('action') ?? '')).length;
          const inlineScripts = [...document.querySelectorAll('script:not([src])')].filter(
            (s) => s.getAttribute('type') !== 'application/json').length;
          return { xss: window.__xss ?? null, csp: window.__csp, handlers, scriptLinks, inlineScripts,
                   lang: document.documentElement.lang };
        })()`);
        if (found.xss !== null) problems.push(`${path}: a payload ran (window.__xss)`);
        if (found.csp.length > 0) problems.push(`${path}: CSP violations ${found.csp.join('; ')}`);
        if (found.handlers > 0)
          problems.push(`${path}: ${found.handlers} elements with event-handler attributes`);
        if (found.scriptLinks > 0) problems.push(`${path}: ${found.scriptLinks} javascript:/data: links`);
        if (found.inlineScripts > 0) problems.push(`${path}: ${found.inlineScripts} inline scripts`);
        if (found.lang !== 'nl') problems.push(`${path}: lang=${found.lang}`);
        const axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
        for (const v of axe.violations) {
          problems.push(
            `${path}: axe ${v.id} (${v.impact}) ${v.help} — ${v.nodes.length}× e.g. ${v.nodes[0]?.target.join(' ')}`,
          );
        }
      }
      assert.deepEqual(dialogs, [], 'no dialog opens');
      assert.deepEqual(problems, []);
      // The payloads were on the pages, as text.
      await page.goto(`${base}/o/${OWN}`);
      assert.match(await page.locator('header').innerText(), /<script>alert\(1\)<\/script>/);
      // Every hostile message is on the search's dashboard, its text as text.
      await page.goto(`${base}/o/${OWN}/luisteren/${seeded.search}${PAGE_QUERIES['/o/:org/luisteren/:id']}`);
      assert.equal(await page.locator('#berichten').innerText(), `Berichten (${XSS_PAYLOADS.length})`);
      assert.match(
        await page.locator('.meetlat-messages').innerText(),
        /<script>alert\(1\)<\/script> @gemeenteutrecht/,
      );
      await context.close();
    });

    test('the login page and the English pages pass axe too', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${base}/inloggen`);
      assert.equal(await page.getAttribute('html', 'lang'), 'nl');
      let axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      assert.deepEqual(
        axe.violations.map((v) => `${v.id}: ${v.help}`),
        [],
      );
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.waitForURL(`${base}/inloggen`);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Log in');
      axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      assert.deepEqual(
        axe.violations.map((v) => `${v.id}: ${v.help}`),
        [],
      );
      await context.close();
    });

    test('keyboard only: skip link, log in, move through the navigation', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${base}/inloggen`);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate<string>(ACTIVE_TEXT), 'Naar de inhoud');
      const focusedName = () => page.evaluate<string>("document.activeElement?.name ?? ''");
      for (let i = 0; i < 10 && (await focusedName()) !== 'email'; i++) await page.keyboard.press('Tab');
      assert.equal(await focusedName(), 'email');
      await page.keyboard.type(server.emailOf('beheerder'));
      await page.keyboard.press('Tab');
      assert.equal(await focusedName(), 'password');
      await page.keyboard.type(PASSWORD);
      await Promise.all([page.waitForURL(`${base}/o/${OWN}`), page.keyboard.press('Enter')]);
      // The skip link moves focus to the main content.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate<string>(ACTIVE_TEXT), 'Naar de inhoud');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate<string>("document.activeElement?.id ?? ''"), 'inhoud');
      // Every navigation link is reached with Tab, in order, from the top.
      await page.goto(`${base}/o/${OWN}`);
      const navLabels = await page.locator('nav a').allInnerTexts();
      const reached: string[] = [];
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const text = await page.evaluate<string>(
          "document.activeElement?.closest('nav') ? document.activeElement.textContent.trim() : ''",
        );
        if (navLabels.includes(text) && !reached.includes(text)) reached.push(text);
      }
      assert.deepEqual(reached, navLabels);
      // And a link is followed with Enter.
      await page.locator('nav a', { hasText: 'Webcare' }).focus();
      await Promise.all([page.waitForURL(`${base}/o/${OWN}/webcare`), page.keyboard.press('Enter')]);
      await context.close();
    });
  });
}
