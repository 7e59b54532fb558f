/**
 * Webcare in Debian's Chromium with two agents, against the real Mastodon adapter and the fake
 * Mastodon server: both have the inbox open when a citizen's message arrives by sync, and both
 * see its case appear without a reload; one takes the case; the other, who had the case open,
 * is told live that it changed and, trying to take it anyway, is told politely who has it; the
 * first answers with a canned answer, the fake server receives the reply with the agent's
 * initials and the case number, and the case is resolved. The inbox can be worked with the
 * keyboard alone (the documented shortcuts), and axe finds no WCAG 2.1 AA violation on the inbox,
 * the case, the composer's preview, the figures and the canned answers. On both engines.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type FakeMastodon, startFakeMastodon } from '../../src/channels/mastodon/fakeServer.ts';
import { addUser } from '../../src/identity/people.ts';
import { syncAccount } from '../../src/ingest/sync.ts';
import { launchChromium } from '../../src/report/pdf.ts';
import { saveCannedAnswer } from '../../src/store/cannedAnswers.ts';
import { axeViolations as axe } from '../support/axe.ts';
import { connectFake } from '../support/channels.ts';
import { ENGINES } from '../support/engines.ts';
import { OWN, PASSWORD, startTestServer, type TestServer } from '../support/server.ts';

const CANNED = 'Dank je wel {naam}! Je melding is geregistreerd onder nummer {zaaknummer}.';

for (const engine of ENGINES) {
  describe(`webcare in Chromium with two agents [${engine}]`, () => {
    let server: TestServer;
    let fake: FakeMastodon;
    let browser: Browser;
    let base: string;
    let accountId: number;

    before(async () => {
      server = await startTestServer(engine);
      fake = await startFakeMastodon();
      const db = server.db;
      const [own] = await db.query<{ id: number }>('SELECT id FROM organisations WHERE code = $1', [OWN]);
      const organisationId = Number(own?.id);
      await db.execute("UPDATE users SET initials = 'AB' WHERE email = $1", [server.emailOf('webcare')]);
      await addUser(
        db,
        { userId: null, name: 'test', ip: null },
        {
          email: 'kees@utrecht.test',
          name: 'Kees de Vries',
          initials: 'KV',
          password: PASSWORD,
          membership: { organisationId, role: 'webcare' },
        },
      );
      await saveCannedAnswer(
        db,
        organisationId,
        null,
        { title: 'Melding geregistreerd', text: CANNED },
        {
          userId: 1,
          email: 'test',
          ip: null,
        },
      );
      accountId = await connectFake(db, server.context.box, fake, { organisationCode: OWN });
      assert.equal((await syncAccount(db, server.context.box, accountId, { trigger: 'manual' })).ok, true);
      await server.app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await server?.close();
      await fake?.close();
    });

    async function agent(email: string): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${base}/inloggen`);
      await page.getByLabel('E-mailadres').fill(email);
      await page.getByLabel('Wachtwoord', { exact: true }).fill(PASSWORD);
      await Promise.all([
        page.waitForURL(`${base}/o/${OWN}`),
        page.getByRole('button', { name: 'Inloggen' }).click(),
      ]);
      await Promise.all([
        page.waitForURL(`${base}/o/${OWN}/webcare`),
        page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Webcare' }).click(),
      ]);
      return { context, page };
    }

    test('a message arrives live for both, one takes it, the other is told, a canned answer goes out signed', async () => {
      const violations: string[] = [];
      const anna = await agent(server.emailOf('webcare'));
      const kees = await agent('kees@utrecht.test');
      violations.push(...(await axe(anna.page)));
      // Both inboxes are listening before the citizen writes.
      // A locator, not waitForFunction: polling a string predicate needs eval, which the CSP forbids.
      for (const p of [anna.page, kees.page])
        await p.locator('#live-status:not(:empty)').waitFor({ state: 'attached' });

      const text = 'de tijd op busstation St Elisabeth staat nog niet goed';
      const uri = fake.addInbound(text);
      assert.equal(
        (await syncAccount(server.db, server.context.box, accountId, { trigger: 'manual' })).ok,
        true,
      );
      const [row] = await server.db.query<{ id: number; number: string }>(
        `SELECT c.id, c.number FROM cases c JOIN case_messages cm ON cm.case_id = c.id
       JOIN messages m ON m.id = cm.message_id WHERE m.platform_id = $1`,
        [uri],
      );
      assert.ok(row, 'the message is a case');
      // Both see it without a reload.
      for (const p of [anna.page, kees.page]) {
        await p.locator(`[data-case-row="${row.id}"]`).waitFor({ timeout: 5000 });
      }

      // Kees opens the case; Anna takes it from her inbox's case page.
      await kees.page.goto(`${base}/o/${OWN}/webcare/zaken/${row.id}`);
      await kees.page.locator('#live-status:not(:empty)').waitFor({ state: 'attached' });
      await Promise.all([
        anna.page.waitForURL(new RegExp(`/zaken/${row.id}$`)),
        anna.page.locator(`[data-case-row="${row.id}"] a`).click(),
      ]);
      assert.match(
        await anna.page.locator('.meetlat-messages').first().innerText(),
        /busstation St Elisabeth/,
      );
      violations.push(...(await axe(anna.page)));
      await Promise.all([
        anna.page.waitForURL(/melding=genomen/),
        anna.page.getByRole('button', { name: 'Zaak nemen' }).click(),
      ]);
      assert.match(await anna.page.getByRole('status').first().innerText(), /U behandelt deze zaak nu/);
      // Kees's open page hears of it, live; taking it anyway tells him politely who has it.
      await kees.page.locator('#live-notice').waitFor({ state: 'visible', timeout: 5000 });
      await kees.page.locator('#behandelaar', { hasText: 'Test webcare' }).waitFor({ timeout: 5000 });
      await kees.page.getByRole('button', { name: 'Zaak nemen' }).click();
      await kees.page.waitForLoadState();
      assert.match(
        await kees.page.locator('main').innerText(),
        /Deze zaak wordt al behandeld door Test webcare\./,
      );

      // Anna answers with the canned answer: first the preview, then send, and the case is resolved.
      await Promise.all([
        anna.page.waitForURL(/antwoord=\d+/),
        anna.page.getByRole('link', { name: 'Gebruik “Melding geregistreerd”' }).click(),
      ]);
      const composer = anna.page.getByRole('form', { name: 'Antwoorden' });
      assert.equal(await composer.getByLabel('Uw antwoord').inputValue(), CANNED);
      await composer.getByLabel('Zaak opgelost').check();
      await composer.getByRole('button', { name: 'Voorbeeld bekijken' }).click();
      await anna.page.waitForLoadState();
      const preview = await anna.page.locator('.meetlat-preview').innerText();
      assert.match(preview, new RegExp(`geregistreerd onder nummer ${row.number}\\. \\*AB`));
      violations.push(...(await axe(anna.page)));
      const sentBefore = fake.sent.length;
      await Promise.all([
        anna.page.waitForURL(/melding=verstuurd/),
        anna.page
          .getByRole('form', { name: 'Antwoorden' })
          .getByRole('button', { name: 'Versturen' })
          .click(),
      ]);
      assert.equal(fake.sent.length, sentBefore + 1, 'the fake server received one reply');
      const status = fake.sent.at(-1)?.params.status ?? '';
      assert.match(status, new RegExp(`nummer ${row.number}\\. \\*AB$`));
      assert.equal(await anna.page.locator('#zaakstatus').innerText(), 'Opgelost');
      assert.match(await anna.page.locator('section[aria-labelledby="antwoorden"]').innerText(), /Verstuurd/);

      // The manager's figures count the case as handled by Anna, answered within its target.
      await anna.page.goto(`${base}/o/${OWN}/webcare`);
      await Promise.all([
        anna.page.waitForURL(/\/webcare\/cijfers$/),
        anna.page.getByRole('link', { name: 'Cijfers van het webcareteam' }).click(),
      ]);
      const annaRow = anna.page.locator('tr[data-kind="agent"]', { hasText: 'Test webcare' });
      const cells = await annaRow.locator('td').allInnerTexts();
      assert.equal(cells[0], '1', 'one case');
      assert.equal(cells[4]?.trim(), '100%', 'answered within the target');
      assert.match(cells[6] ?? '', /^1\b/, 'handled one');
      violations.push(...(await axe(anna.page)));

      // The canned answers page passes axe too.
      await anna.page.goto(`${base}/o/${OWN}/webcare/antwoorden`);
      violations.push(...(await axe(anna.page)));
      assert.deepEqual(violations, []);
      await anna.context.close();
      await kees.context.close();
    });

    test('the inbox with the keyboard alone: j and k move between cases, Enter opens one, i goes back', async () => {
      const { context, page } = await agent(server.emailOf('webcare'));
      await page.goto(`${base}/o/${OWN}/webcare?weergave=alles`);
      const links = page.locator('[data-case-row] a');
      assert.ok((await links.count()) >= 2, 'cases to move between');
      await page.keyboard.press('j');
      assert.equal(await page.evaluate(`document.activeElement?.closest('[data-case-row]') !== null`), true);
      const first = await page.evaluate(`document.activeElement?.textContent`);
      await page.keyboard.press('j');
      const second = await page.evaluate(`document.activeElement?.textContent`);
      assert.notEqual(second, first);
      await page.keyboard.press('k');
      assert.equal(await page.evaluate(`document.activeElement?.textContent`), first);
      await Promise.all([page.waitForURL(/\/zaken\/\d+$/), page.keyboard.press('Enter')]);
      await Promise.all([page.waitForURL(/\/webcare$/), page.keyboard.press('i')]);
      await context.close();
    });
  });
}
