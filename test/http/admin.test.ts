/**
 * The organisation's administration pages and API, on both engines: settings (checked, saved,
 * audited), channel accounts (an RSS feed of the fake feed server connected through the form,
 * paused, resumed, synced now; a refused connection said in words, secrets never echoed),
 * members (added, new and existing, role changed, removed, the last beheerder kept), and the
 * audit log (every change in it, as a page, as JSON with paging, and as CSV safe for
 * spreadsheets). Nothing of another organisation is visible or reachable. The full
 * authorisation matrix lives in authorisation.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { connectChannelAccount } from '../../src/channels/connect.ts';
import { ADAPTERS } from '../../src/channels/registry.ts';
import { type FakeRss, startFakeRss } from '../../src/channels/rss/fakeServer.ts';
import { addUser } from '../../src/identity/people.ts';
import { appendAudit } from '../../src/store/audit.ts';
import { findUserByEmail } from '../../src/store/users.ts';
import { ENGINES } from '../support/engines.ts';
import { type Client, FOREIGN, OWN, PASSWORD, startTestServer, type TestServer } from '../support/server.ts';

async function orgId(server: TestServer, code: string): Promise<number> {
  const [row] = await server.db.query<{ id: number }>('SELECT id FROM organisations WHERE code = $1', [code]);
  return Number(row?.id);
}

async function auditActions(server: TestServer, code: string): Promise<{ action: string; target: string }[]> {
  return server.db.query<{ action: string; target: string }>(
    `SELECT a.action, a.target FROM audit_log a JOIN organisations o ON o.id = a.organisation_id
     WHERE o.code = $1 ORDER BY a.id`,
    [code],
  );
}

/** No stack trace, no file path of ours in a page. */
function assertNoStack(body: string): void {
  assert.doesNotMatch(body, /\bat [\w.<>]+ \(|node:internal|\/src\/|\.ts:\d+/);
}

for (const engine of ENGINES) {
  describe(`organisation administration [${engine}]`, () => {
    let server: TestServer;
    let rss: FakeRss;
    let admin: Client;
    let ownId: number;
    let foreignId: number;
    let foreignAccount: number;
    let foreignMember: number;

    before(async () => {
      server = await startTestServer(engine);
      rss = await startFakeRss({ format: 'rss' });
      admin = await server.loggedIn('beheerder');
      ownId = await orgId(server, OWN);
      foreignId = await orgId(server, FOREIGN);
      // The other organisation: an account of its own (the fake's Atom feed), a member, a log entry.
      foreignAccount = (
        await connectChannelAccount(server.db, server.context.box, {
          platform: 'rss',
          organisationCode: FOREIGN,
          settings: { feedUrl: rss.atomUrl },
          secrets: {},
        })
      ).accountId;
      foreignMember = await addUser(
        server.db,
        { userId: null, name: 'test', ip: null },
        {
          email: 'lid@gm0363.test',
          name: 'Amsterdams Lid',
          password: PASSWORD,
          membership: { organisationId: foreignId, role: 'beheerder' },
        },
      );
      await appendAudit(server.db, {
        userId: null,
        actor: 'geheim@gm0363.test',
        organisationId: foreignId,
        action: 'org.settings',
        target: 'GEHEIM-GM0363',
        ip: '10.3.6.3',
      });
    });
    after(async () => {
      await server?.close();
      await rss?.close();
    });

    test('each administration page renders for a beheerder, with its navigation entry current', async () => {
      const pages: [string, RegExp][] = [
        ['instellingen', /<h1 class="utrecht-heading-1">Instellingen van de organisatie<\/h1>/],
        ['kanalen', /<h1 class="utrecht-heading-1">Kanalen<\/h1>/],
        ['gebruikers', /<h1 class="utrecht-heading-1">Gebruikers en rollen<\/h1>/],
        ['logboek', /<h1 class="utrecht-heading-1">Logboek<\/h1>/],
      ];
      for (const [path, heading] of pages) {
        const page = await admin.get(`/o/${OWN}/${path}`);
        assert.equal(page.status, 200, path);
        assert.match(page.body, heading);
        assert.match(page.body, new RegExp(`href="/o/${OWN}/${path}" aria-current="page"`));
        assert.match(page.body, /<html lang="nl"/);
      }
      const rssForm = await admin.get(`/o/${OWN}/kanalen/toevoegen/rss`);
      assert.equal(rssForm.status, 200);
      assert.match(rssForm.body, /name="instelling\.feedUrl"[^>]* required/);
      for (const adapter of ADAPTERS) {
        const form = await admin.get(`/o/${OWN}/kanalen/toevoegen/${adapter.platform}`);
        assert.equal(form.status, 200, adapter.platform);
        assert.match(
          form.body,
          /name="instelling\.historyDays"/,
          `${adapter.platform}: its settings schema is known`,
        );
        for (const secret of Object.keys(adapter.secrets)) {
          assert.match(
            form.body,
            new RegExp(`name="geheim\\.${secret}" type="password"`),
            `${adapter.platform}: ${secret} is a password field`,
          );
        }
      }
      assert.equal((await admin.get(`/o/${OWN}/kanalen/toevoegen/myspace`)).status, 404);
    });

    test('settings: a wrong value is shown next to its field and nothing is saved; a right one is saved and audited', async () => {
      const wrong = await admin.post(`/o/${OWN}/instellingen`, {
        displayName: 'Gemeente Utrecht',
        contactEmail: 'geen-adres',
        caseNumberFormat: 'ZAAK-{jaar}',
        signatureConvention: 'Met vriendelijke groet',
      });
      assert.equal(wrong.status, 400);
      assert.match(wrong.body, /id="veld-caseNumberFormat-error">Het zaaknummer moet \{nummer\}/);
      assert.match(wrong.body, /id="veld-signatureConvention-error">De ondertekening moet \{initialen\}/);
      assert.match(wrong.body, /id="veld-contactEmail-error">Dit is geen geldig e-mailadres/);
      assert.match(wrong.body, /aria-describedby="[^"]*veld-caseNumberFormat-error"/);
      assert.match(wrong.body, /value="ZAAK-\{jaar\}"/, 'what was typed stays in the field');
      const [unchanged] = await server.db.query<Record<string, string | null>>(
        'SELECT display_name, contact_email, case_number_format, signature_convention FROM organisations WHERE id = $1',
        [ownId],
      );
      assert.deepEqual(unchanged, {
        display_name: null,
        contact_email: null,
        case_number_format: '{jaar}-{nummer:6}',
        signature_convention: '*{initialen}',
      });
      const unknown = await admin.post(`/o/${OWN}/instellingen`, {
        caseNumberFormat: '{jaar}-{volgnummer}',
        signatureConvention: '*{initialen}',
      });
      assert.equal(unknown.status, 400);
      assert.match(unknown.body, /Meetlat kent \{volgnummer\} niet/);

      const right = await admin.post(`/o/${OWN}/instellingen`, {
        displayName: 'Gemeente Utrecht',
        contactEmail: 'Webcare@Utrecht.example',
        caseNumberFormat: 'U{jaar}/{nummer:5}',
        signatureConvention: '^{initialen}',
      });
      assert.equal(right.status, 303);
      const saved = await admin.get(`/o/${OWN}/instellingen?opgeslagen=1`);
      assert.match(saved.body, /Opgeslagen\./);
      assert.match(saved.body, /Gemeente Utrecht/);
      assert.match(saved.body, new RegExp(`U${new Date().getFullYear()}/00123`));
      assert.match(saved.body, /\^BK/);
      const [entry] = await server.db.query<{ details: { changes: Record<string, unknown> } }>(
        "SELECT details FROM audit_log WHERE action = 'org.settings' AND organisation_id = $1",
        [ownId],
      );
      assert.deepEqual(entry?.details.changes, {
        displayName: { before: null, after: 'Gemeente Utrecht' },
        contactEmail: { before: null, after: 'webcare@utrecht.example' },
        caseNumberFormat: { before: '{jaar}-{nummer:6}', after: 'U{jaar}/{nummer:5}' },
        signatureConvention: { before: '*{initialen}', after: '^{initialen}' },
      });

      // The API: the same checks and the same saving.
      const api = await admin.request('GET', `/api/orgs/${OWN}/settings`);
      assert.equal(api.status, 200);
      assert.equal(api.json<{ displayName: string }>().displayName, 'Gemeente Utrecht');
      const refused = await admin.request('PUT', `/api/orgs/${OWN}/settings`, {
        json: {
          displayName: null,
          contactEmail: null,
          caseNumberFormat: '{jaar}',
          signatureConvention: '*{initialen}',
        },
      });
      assert.equal(refused.status, 400);
      assert.ok(refused.json<{ fields: Record<string, string> }>().fields.caseNumberFormat);
      const put = await admin.request('PUT', `/api/orgs/${OWN}/settings`, {
        json: {
          displayName: 'Gemeente Utrecht',
          contactEmail: null,
          caseNumberFormat: '{jaar}-{nummer:6}',
          signatureConvention: '*{initialen}',
        },
      });
      assert.equal(put.status, 200);
      assert.equal(put.json<{ contactEmail: string | null }>().contactEmail, null);
      const settingsEntries = (await auditActions(server, OWN)).filter((a) => a.action === 'org.settings');
      assert.equal(settingsEntries.length, 2, 'each save that changed something, once');
    });

    test('channels: an RSS feed connected through the form, paused, resumed and synced now', async () => {
      const added = await admin.post(`/o/${OWN}/kanalen/toevoegen/rss`, {
        'instelling.feedUrl': rss.rssUrl,
        relatie: 'watched',
        interval: '45',
      });
      assert.equal(added.status, 303, added.body);
      const list = await admin.get(`/o/${OWN}/kanalen?melding=toegevoegd`);
      assert.match(list.body, /Het account is gekoppeld/);
      assert.match(list.body, /Nog niet gesynchroniseerd/);
      const handle = new URL(rss.rssUrl).host;
      assert.ok(list.body.includes(handle), 'the feed is listed');
      assert.ok(!list.body.includes('/regio/atom.xml'), "the other organisation's feed is not");
      const api = await admin.request('GET', `/api/orgs/${OWN}/channels`);
      const [channel, ...others] = api.json<{
        channels: { accountId: number; enabled: boolean; state: string; syncIntervalMinutes: number }[];
      }>().channels;
      assert.equal(others.length, 0);
      assert.ok(channel);
      assert.equal(channel.enabled, true);
      assert.equal(channel.syncIntervalMinutes, 45);
      const id = channel.accountId;
      const enabled = async () =>
        (
          await server.db.query<{ enabled: boolean }>(
            'SELECT enabled FROM channel_connections WHERE account_id = $1',
            [id],
          )
        )[0]?.enabled;

      assert.equal((await admin.post(`/o/${OWN}/kanalen/${id}/pauzeren`, {})).status, 303);
      assert.equal(await enabled(), false);
      const paused = await admin.get(`/o/${OWN}/kanalen`);
      assert.match(paused.body, /meetlat-status--paused">Gepauzeerd</);
      assert.match(paused.body, new RegExp(`action="/o/${OWN}/kanalen/${id}/hervatten"`));
      const pausedSync = await admin.request('POST', `/api/orgs/${OWN}/channels/${id}/sync`);
      assert.equal(pausedSync.status, 409, 'a paused account is not synced');
      assert.equal((await admin.post(`/o/${OWN}/kanalen/${id}/hervatten`, {})).status, 303);
      assert.equal(await enabled(), true);

      await server.db.execute(
        "UPDATE channel_connections SET next_sync_at = now() + interval '1 day' WHERE account_id = $1",
        [id],
      );
      const sync = await admin.post(`/o/${OWN}/kanalen/${id}/synchroniseren`, {});
      assert.equal(sync.status, 303);
      assert.match(String(sync.headers.location), /melding=ingepland/);
      const [due] = await server.db.query<{ due: boolean }>(
        'SELECT next_sync_at <= now() AS due FROM channel_connections WHERE account_id = $1',
        [id],
      );
      assert.equal(due?.due, true, 'the worker picks it up at its next look');

      const patched = await admin.request('PATCH', `/api/orgs/${OWN}/channels/${id}`, {
        json: { enabled: false },
      });
      assert.equal(patched.status, 200);
      assert.equal(patched.json<{ enabled: boolean; state: string }>().state, 'paused');
      assert.equal(await enabled(), false);
      await admin.request('PATCH', `/api/orgs/${OWN}/channels/${id}`, { json: { enabled: true } });

      const actions = (await auditActions(server, OWN)).map((a) => a.action);
      for (const action of ['channel.add', 'channel.pause', 'channel.resume', 'channel.sync'])
        assert.ok(actions.includes(action), action);
    });

    test('channels: a refused connection is said in plain words, secrets are never echoed', async () => {
      const gone = await admin.post(`/o/${OWN}/kanalen/toevoegen/rss`, {
        'instelling.feedUrl': `${rss.server.url}/bestaat-niet.xml`,
        relatie: 'watched',
        interval: '30',
      });
      assert.equal(gone.status, 422);
      assert.match(gone.body, /Het koppelen is niet gelukt: het account of bericht bestaat niet \(meer\)/);
      assert.match(gone.body, /role="alert"/);
      assertNoStack(gone.body);
      assert.ok(gone.body.includes('bestaat-niet.xml'), 'the settings typed stay in the form');

      const token = 'geheim-token-5f2c9e';
      const mastodon = await admin.post(`/o/${OWN}/kanalen/toevoegen/mastodon`, {
        'instelling.instanceUrl': 'http://127.0.0.1:9',
        'geheim.accessToken': token,
        relatie: 'owned',
        interval: '5',
      });
      assert.equal(mastodon.status, 422);
      assert.ok(!mastodon.body.includes(token), 'the secret is not answered back');
      assert.match(mastodon.body, /name="geheim\.accessToken" type="password"(?! value)/);
      assertNoStack(mastodon.body);

      const badSetting = await admin.post(`/o/${OWN}/kanalen/toevoegen/rss`, {
        'instelling.feedUrl': 'ftp://example.org/feed',
        relatie: 'watched',
        interval: '30',
      });
      assert.equal(badSetting.status, 400);
      assert.match(badSetting.body, /id="veld-instelling_feedUrl-error">Deze instelling klopt niet/);
      const badInterval = await admin.post(`/o/${OWN}/kanalen/toevoegen/rss`, {
        'instelling.feedUrl': rss.rssUrl,
        relatie: 'watched',
        interval: '0',
      });
      assert.equal(badInterval.status, 400);
      assert.match(badInterval.body, /id="veld-interval-error"/);

      const apiRefused = await admin.request('POST', `/api/orgs/${OWN}/channels`, {
        json: {
          platform: 'mastodon',
          settings: { instanceUrl: 'http://127.0.0.1:9' },
          secrets: { accessToken: token },
        },
      });
      assert.equal(apiRefused.status, 422);
      assert.equal(apiRefused.json<{ error: string }>().error, 'platform_refused');
      assert.ok(!apiRefused.body.includes(token));
      const count = await server.db.query('SELECT 1 FROM channel_connections');
      assert.equal(count.length, 2, 'nothing was connected by the refusals');
    });

    test('members: add new and existing users, change a role, remove; the last beheerder stays', async () => {
      const created = await admin.post(`/o/${OWN}/gebruikers`, {
        email: 'Nieuw.Lid@GM0344.test',
        name: 'Nieuw Lid',
        initials: 'nl',
        role: 'webcare',
      });
      assert.equal(created.status, 303);
      const notice = await admin.get(String(created.headers.location));
      assert.match(notice.body, /Er is nog geen wachtwoord/);
      assert.match(notice.body, /Wachtwoord vergeten\?/);
      const newUser = await findUserByEmail(server.db, 'nieuw.lid@gm0344.test');
      assert.ok(newUser);
      assert.equal(newUser.passwordHash, null, 'no password: they set one themselves');
      assert.equal(newUser.initials, 'NL');

      const existing = await admin.post(`/o/${OWN}/gebruikers`, {
        email: server.emailOf('nobody'),
        name: 'Wordt genegeerd',
        role: 'lezer',
      });
      assert.equal(existing.status, 303);
      assert.match(String(existing.headers.location), /melding=toegevoegd/);
      const nobody = await findUserByEmail(server.db, server.emailOf('nobody'));
      assert.equal(nobody?.name, 'Geen Lid', 'an existing user keeps their name');
      const again = await admin.post(`/o/${OWN}/gebruikers`, {
        email: server.emailOf('nobody'),
        name: 'Geen Lid',
        role: 'lezer',
      });
      assert.equal(again.status, 409);
      assert.match(again.body, /id="nieuw-email-error">Deze persoon is al lid/);
      const invalid = await admin.post(`/o/${OWN}/gebruikers`, {
        email: 'geen-adres',
        name: '',
        role: 'baas',
      });
      assert.equal(invalid.status, 400);
      assert.match(invalid.body, /id="nieuw-email-error"/);
      assert.match(invalid.body, /id="nieuw-name-error"/);

      const page = await admin.get(`/o/${OWN}/gebruikers`);
      assert.ok(page.body.includes('nieuw.lid@gm0344.test'));
      assert.ok(!page.body.includes('lid@gm0363.test'), "the other organisation's member is not listed");
      assert.match(page.body, /<td class="utrecht-table__cell">Uit<\/td>/, '2FA off is said in words');

      const role = await admin.post(`/o/${OWN}/gebruikers/${newUser.id}/rol`, { rol: 'redacteur' });
      assert.equal(role.status, 303);
      const membership = async (userId: number) =>
        (
          await server.db.query<{ role: string }>(
            'SELECT role FROM memberships WHERE user_id = $1 AND organisation_id = $2',
            [userId, ownId],
          )
        )[0]?.role;
      assert.equal(await membership(newUser.id), 'redacteur');
      assert.equal(
        (await admin.post(`/o/${OWN}/gebruikers/${Number(nobody?.id)}/verwijderen`, {})).status,
        303,
      );
      assert.equal(await membership(Number(nobody?.id)), undefined);

      // The last beheerder: neither demoted nor removed, by the page or the API.
      const me = await findUserByEmail(server.db, server.emailOf('beheerder'));
      const myId = Number(me?.id);
      const demote = await admin.post(`/o/${OWN}/gebruikers/${myId}/rol`, { rol: 'lezer' });
      assert.equal(demote.status, 409);
      assert.match(demote.body, /Dit is de laatste beheerder van de organisatie/);
      const remove = await admin.post(`/o/${OWN}/gebruikers/${myId}/verwijderen`, {});
      assert.equal(remove.status, 409);
      const apiDemote = await admin.request('PATCH', `/api/orgs/${OWN}/members/${myId}`, {
        json: { role: 'lezer' },
      });
      assert.equal(apiDemote.status, 409);
      assert.match(apiDemote.json<{ message: string }>().message, /at least one beheerder/);
      assert.equal((await admin.request('DELETE', `/api/orgs/${OWN}/members/${myId}`)).status, 409);
      assert.equal(await membership(myId), 'beheerder');

      // With a second beheerder, one of them may step down.
      const promote = await admin.request('PATCH', `/api/orgs/${OWN}/members/${newUser.id}`, {
        json: { role: 'beheerder' },
      });
      assert.equal(promote.status, 200);
      assert.equal(promote.json<{ role: string }>().role, 'beheerder');
      assert.equal((await admin.request('DELETE', `/api/orgs/${OWN}/members/${newUser.id}`)).status, 204);
      assert.equal(await membership(newUser.id), undefined);

      // The API's list and add.
      const listed = await admin.request('GET', `/api/orgs/${OWN}/members`);
      const emails = listed.json<{ members: { email: string }[] }>().members.map((m) => m.email);
      assert.ok(emails.includes(server.emailOf('lezer')));
      assert.ok(!emails.includes('lid@gm0363.test'));
      const apiAdd = await admin.request('POST', `/api/orgs/${OWN}/members`, {
        json: { email: 'api.lid@gm0344.test', name: 'API Lid', role: 'analist' },
      });
      assert.equal(apiAdd.status, 201);
      assert.equal(apiAdd.json<{ created: boolean }>().created, true);

      const actions = (await auditActions(server, OWN)).map((a) => a.action);
      for (const action of ['user.add', 'member.add', 'member.set_role', 'member.remove'])
        assert.ok(actions.includes(action), action);
    });

    test('audit log: every change listed newest first, paged, and exported as CSV safe for spreadsheets', async () => {
      // E-mail addresses a spreadsheet would take for formulas end up as targets in the log.
      for (const email of ['=1+2@gm0344.test', '+31612345678@gm0344.test', '-2+3@gm0344.test']) {
        const added = await admin.request('POST', `/api/orgs/${OWN}/members`, {
          json: { email, name: 'Formule', role: 'lezer' },
        });
        assert.equal(added.status, 201, email);
      }
      const page = await admin.get(`/o/${OWN}/logboek`);
      assert.equal(page.status, 200);
      for (const words of [
        'Instellingen gewijzigd',
        'Account gekoppeld',
        'Account gepauzeerd',
        'Account hervat',
        'Rol gewijzigd',
        'Lidmaatschap beëindigd',
        'Gebruiker aangemaakt',
      ])
        assert.ok(page.body.includes(words), words);
      const time = /<time datetime="([^"]+)">([^<]+)<\/time>/.exec(page.body);
      assert.ok(time?.[1] && time[2], 'when: a <time> with the ISO time');
      const local = new Intl.DateTimeFormat('nl-NL', {
        timeZone: 'Europe/Amsterdam',
        dateStyle: 'medium',
        timeStyle: 'medium',
      }).format(new Date(time[1]));
      assert.equal(time[2], local, 'shown in Dutch local time');
      assert.ok(page.body.includes(server.emailOf('beheerder')), 'who');
      assert.ok(page.body.includes('127.0.0.1'), 'from where');
      assert.ok(!page.body.includes('GEHEIM-GM0363'), "not the other organisation's entries");
      // The newest first: the last member added is the first row.
      const firstRow = page.body.indexOf('-2+3@gm0344.test');
      const settingsRow = page.body.indexOf('Instellingen gewijzigd');
      assert.ok(firstRow > 0 && firstRow < settingsRow);

      const all = await auditActions(server, OWN);
      const first = await admin.request('GET', `/api/orgs/${OWN}/audit?limit=3`);
      assert.equal(first.status, 200);
      const one = first.json<{ entries: { id: number; action: string }[]; next: number }>();
      assert.equal(one.entries.length, 3);
      assert.ok(one.entries[0] && one.entries[1] && one.entries[0].id > one.entries[1].id);
      const collected = [...one.entries];
      let next: number | null = one.next;
      while (next !== null) {
        const more = await admin.request('GET', `/api/orgs/${OWN}/audit?limit=3&before=${next}`);
        const body = more.json<{ entries: { id: number; action: string }[]; next: number | null }>();
        collected.push(...body.entries);
        next = body.next;
      }
      assert.equal(collected.length, all.length, 'paging walks every entry once');
      assert.equal(new Set(collected.map((e) => e.id)).size, all.length);
      const olderPage = await admin.get(`/o/${OWN}/logboek?voor=${one.entries[2]?.id}`);
      assert.equal(olderPage.status, 200);
      assert.match(olderPage.body, /Nieuwste regels/);

      for (const url of [`/o/${OWN}/logboek.csv`, `/api/orgs/${OWN}/audit.csv`]) {
        const csv = await admin.get(url);
        assert.equal(csv.status, 200, url);
        assert.match(String(csv.headers['content-type']), /^text\/csv/);
        assert.match(
          String(csv.headers['content-disposition']),
          /attachment; filename="logboek-GM0344\.csv"/,
        );
        const rows = parse(csv.body) as string[][];
        assert.deepEqual(rows[0], ['id', 'at', 'actor', 'action', 'description', 'target', 'ip', 'details']);
        assert.equal(rows.length - 1, all.length, 'every entry');
        const targets = rows.map((r) => r[5]);
        assert.ok(targets.includes("'=1+2@gm0344.test"), 'a formula gets an apostrophe');
        assert.ok(targets.includes("'+31612345678@gm0344.test"));
        assert.ok(targets.includes("'-2+3@gm0344.test"));
        for (const row of rows) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@]/);
        assert.ok(!csv.body.includes('GEHEIM-GM0363'));
        assert.ok(rows.some((r) => r[3] === 'channel.pause' && r[4] === 'Account gepauzeerd'));
      }
    });

    test('nothing of GM0363 is visible to or changeable by a GM0344 beheerder', async () => {
      for (const path of [
        'instellingen',
        'kanalen',
        'gebruikers',
        'logboek',
        'logboek.csv',
        'kanalen/toevoegen/rss',
      ]) {
        const page = await admin.get(`/o/${FOREIGN}/${path}`);
        assert.equal(page.status, 403, path);
        assert.ok(!page.body.includes('GEHEIM-GM0363') && !page.body.includes('lid@gm0363.test'));
      }
      for (const path of ['settings', 'channels', 'channels/platforms', 'members', 'audit', 'audit.csv']) {
        assert.equal((await admin.request('GET', `/api/orgs/${FOREIGN}/${path}`)).status, 403, path);
      }
      const writes: [string, string, unknown][] = [
        [
          'PUT',
          `/api/orgs/${FOREIGN}/settings`,
          {
            displayName: 'x',
            contactEmail: null,
            caseNumberFormat: '{nummer}',
            signatureConvention: '{initialen}',
          },
        ],
        ['PATCH', `/api/orgs/${FOREIGN}/channels/${foreignAccount}`, { enabled: false }],
        ['POST', `/api/orgs/${FOREIGN}/members`, { email: 'x@gm0363.test', name: 'X', role: 'lezer' }],
        ['DELETE', `/api/orgs/${FOREIGN}/members/${foreignMember}`, undefined],
      ];
      for (const [method, url, json] of writes) {
        assert.equal((await admin.request(method, url, json === undefined ? {} : { json })).status, 403, url);
      }
      // The other organisation's account and member through our own organisation: not found.
      assert.equal(
        (
          await admin.request('PATCH', `/api/orgs/${OWN}/channels/${foreignAccount}`, {
            json: { enabled: false },
          })
        ).status,
        404,
      );
      assert.equal(
        (await admin.request('POST', `/api/orgs/${OWN}/channels/${foreignAccount}/sync`)).status,
        404,
      );
      assert.equal((await admin.post(`/o/${OWN}/kanalen/${foreignAccount}/pauzeren`, {})).status, 404);
      assert.equal((await admin.post(`/o/${OWN}/kanalen/${foreignAccount}/synchroniseren`, {})).status, 404);
      assert.equal(
        (
          await admin.request('PATCH', `/api/orgs/${OWN}/members/${foreignMember}`, {
            json: { role: 'lezer' },
          })
        ).status,
        404,
      );
      assert.equal((await admin.request('DELETE', `/api/orgs/${OWN}/members/${foreignMember}`)).status, 404);
      assert.equal((await admin.post(`/o/${OWN}/gebruikers/${foreignMember}/verwijderen`, {})).status, 404);
      // Connecting the other organisation's feed does not take it over.
      const taken = await admin.request('POST', `/api/orgs/${OWN}/channels`, {
        json: { platform: 'rss', settings: { feedUrl: rss.atomUrl } },
      });
      assert.equal(taken.status, 409);
      const [foreign] = await server.db.query<{ enabled: boolean; code: string }>(
        `SELECT c.enabled, o.code FROM channel_connections c JOIN accounts a ON a.id = c.account_id
         JOIN organisations o ON o.id = a.organisation_id WHERE c.account_id = $1`,
        [foreignAccount],
      );
      assert.deepEqual(foreign, { enabled: true, code: FOREIGN });
      const [member] = await server.db.query<{ role: string }>(
        'SELECT role FROM memberships WHERE user_id = $1 AND organisation_id = $2',
        [foreignMember, foreignId],
      );
      assert.equal(member?.role, 'beheerder');
      const foreignLog = await auditActions(server, FOREIGN);
      assert.deepEqual(
        foreignLog.map((a) => a.target),
        ['lid@gm0363.test', 'GEHEIM-GM0363'],
        'nothing was written to the other organisation',
      );
    });

    test('a lezer sees the channels but cannot change them, nor open the other administration pages', async () => {
      const reader = await server.loggedIn('lezer');
      const page = await reader.get(`/o/${OWN}/kanalen`);
      assert.equal(page.status, 200);
      assert.ok(!page.body.includes('/pauzeren"') && !page.body.includes('/hervatten"'));
      assert.ok(!page.body.includes('/toevoegen/'));
      assert.equal((await reader.get(`/o/${OWN}/gebruikers`)).status, 403);
      assert.equal((await reader.get(`/o/${OWN}/logboek`)).status, 403);
      assert.equal((await reader.get(`/o/${OWN}/instellingen`)).status, 403);
    });
  });
}
