/**
 * Alerts in the API and the web app, on both engines: rules on a saved search created (defaults
 * filled in), changed, switched off and on, and deleted, through the API and through the forms,
 * each with its audit entry; the webhook's secret shown once (and sealed, never read back);
 * problems in words tied to their fields; another organisation's rules and notifications a 404,
 * a private search's rules its owner's alone; notifications made by the real engine
 * (`evaluateAlerts` over imported messages) listed newest first in the reader's language, paged,
 * counted as unread (also in the navigation's badge) and marked read, one or all.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { evaluateAlerts } from '../../src/alerts/evaluate.ts';
import { webhookBinding } from '../../src/alerts/ruleStore.ts';
import { SPIKE_DEFAULTS } from '../../src/alerts/rules.ts';
import { addUser } from '../../src/identity/people.ts';
import { at, HOUR, ORGS } from '../support/alertWorld.ts';
import { ENGINES } from '../support/engines.ts';
import { type Client, FOREIGN, OWN, PASSWORD, startTestServer, type TestServer } from '../support/server.ts';
import { importLines, msg } from '../support/yardstickFixtures.ts';

interface ApiRule {
  id: number;
  searchId: number;
  kind: 'spike' | 'term';
  settings: Record<string, unknown>;
  enabled: boolean;
  emailTo: string[];
  webhookUrl: string | null;
  mayChange: boolean;
  webhookSecret?: string;
}

interface ApiNotification {
  id: number;
  read: boolean;
  kind: string;
  title: string;
  body: string;
  searchId: number;
  searchName: string;
  episode: { startedAt: string; endedAt: string | null; messageCount: number };
}

interface ApiNotifications {
  unread: number;
  notifications: ApiNotification[];
  nextBeforeId: number | null;
}

interface ApiProblem {
  error: string;
  message: string;
  fields: Record<string, string>;
  problems: { field: string; problem: string; message: string }[];
}

const T = '2025-03-10T00:00:00Z';

for (const engine of ENGINES) {
  describe(`alerts in the API and the web app [${engine}]`, () => {
    let server: TestServer;
    let redacteur: Client;
    let webcare: Client;
    let lezer: Client;
    let beheerder: Client;
    let foreign: Client;
    /** A shared search of Utrecht's, by the redacteur. */
    let searchId: number;
    /** A rule of Amsterdam's, and its notification. */
    let foreignRule: number;

    const api = (path: string, org = OWN) => `/api/orgs/${org}${path}`;
    const page = (path: string) => `/o/${OWN}${path}`;

    async function createSearch(client: Client, body: Record<string, unknown>, org = OWN): Promise<number> {
      const reply = await client.request('POST', api('/searches', org), { json: body });
      assert.equal(reply.status, 201, reply.body);
      return reply.json<{ id: number }>().id;
    }

    async function createRule(
      client: Client,
      search: number,
      body: Record<string, unknown>,
      org = OWN,
    ): Promise<ApiRule> {
      const reply = await client.request('POST', api(`/searches/${search}/alerts`, org), { json: body });
      assert.equal(reply.status, 201, reply.body);
      return reply.json<ApiRule>();
    }

    async function rule(client: Client, id: number): Promise<ApiRule> {
      const reply = await client.get(api(`/alerts/${id}`));
      assert.equal(reply.status, 200, reply.body);
      return reply.json<ApiRule>();
    }

    async function audited(action: string, target: string) {
      return server.db.query<{ actor: string; details: Record<string, unknown> }>(
        'SELECT actor, details FROM audit_log WHERE action = $1 AND target = $2 ORDER BY id',
        [action, target],
      );
    }

    /** The secret as sealed in the store. */
    async function storedSecret(id: number): Promise<string | null> {
      const [row] = await server.db.query<{ webhook_secret: Uint8Array | null }>(
        'SELECT webhook_secret FROM alert_rules WHERE id = $1',
        [id],
      );
      return row?.webhook_secret
        ? server.context.box.openBound(row.webhook_secret, webhookBinding(id), 'webhook secret')
        : null;
    }

    before(async () => {
      server = await startTestServer(engine);
      await importLines(server.db, ORGS);
      redacteur = await server.loggedIn('redacteur');
      webcare = await server.loggedIn('webcare');
      lezer = await server.loggedIn('lezer');
      beheerder = await server.loggedIn('beheerder');
      const [amsterdam] = await server.db.query<{ id: number }>(
        'SELECT id FROM organisations WHERE code = $1',
        [FOREIGN],
      );
      await addUser(
        server.db,
        { userId: null, name: 'test', ip: null },
        {
          email: 'beheerder@gm0363.test',
          name: 'Amsterdamse Beheerder',
          password: PASSWORD,
          membership: { organisationId: Number(amsterdam?.id), role: 'beheerder' },
        },
      );
      foreign = server.client('10.9.9.9');
      assert.equal((await foreign.login('beheerder@gm0363.test', PASSWORD)).status, 303);
      await foreign.refreshCsrf();
      searchId = await createSearch(redacteur, { name: 'Brand', query: '@utrecht' });
      const theirs = await createSearch(
        foreign,
        { name: 'Brand in Amsterdam', query: '@amsterdam' },
        FOREIGN,
      );
      foreignRule = (
        await createRule(
          foreign,
          theirs,
          { kind: 'term', settings: { terms: ['brand'], quietHours: 1 } },
          FOREIGN,
        )
      ).id;
    });
    after(() => server.close());

    test('the API: rules added with defaults, changed, switched, deleted, each audited; the secret given once', async () => {
      assert.equal(
        (await lezer.request('POST', api(`/searches/${searchId}/alerts`), { json: { kind: 'spike' } }))
          .status,
        403,
      );
      const spike = await createRule(redacteur, searchId, { kind: 'spike' });
      assert.deepEqual(spike.settings, { ...SPIKE_DEFAULTS });
      assert.deepEqual(
        [spike.enabled, spike.emailTo, spike.webhookUrl, spike.mayChange],
        [true, [], null, true],
      );
      assert.equal(spike.webhookSecret, undefined);
      const term = await createRule(webcare, searchId, {
        kind: 'term',
        settings: { terms: ['brand', 'explosie*'] },
        emailTo: ['Webcare@Utrecht.nl', 'webcare@utrecht.nl'],
        webhookUrl: 'https://hooks.example/meetlat',
      });
      assert.deepEqual(term.settings, { terms: ['brand', 'explosie*'], quietHours: 6 });
      assert.deepEqual(term.emailTo, ['webcare@utrecht.nl']);
      const secret = term.webhookSecret ?? '';
      assert.match(secret, /^[0-9a-f]{64}$/);
      assert.equal(await storedSecret(term.id), secret, 'the secret is sealed in the store');
      // Never read back: not by the rule, the list, or the audit log.
      const read = await webcare.get(api(`/alerts/${term.id}`));
      assert.equal(read.json<ApiRule>().webhookSecret, undefined);
      const listed = await lezer.get(api(`/searches/${searchId}/alerts`));
      assert.deepEqual(
        listed.json<{ rules: ApiRule[] }>().rules.map((r) => [r.id, r.kind, r.mayChange]),
        [
          [spike.id, 'spike', false],
          [term.id, 'term', false],
        ],
      );
      assert.ok(!`${read.body}${listed.body}`.includes(secret));
      const [created] = await audited('alert.create', `alert:${term.id}`);
      assert.equal(created?.actor, server.emailOf('webcare'));
      assert.equal(created?.details.webhookSecretSet, true);
      assert.ok(!JSON.stringify(created).includes(secret));

      // Changed: the settings merged with the rule's; audited before and after.
      const changed = await redacteur.request('PUT', api(`/alerts/${spike.id}`), {
        json: { settings: { zScore: 3, factor: 1.5 } },
      });
      assert.equal(changed.status, 200, changed.body);
      assert.deepEqual(changed.json<ApiRule>().settings, { ...SPIKE_DEFAULTS, zScore: 3, factor: 1.5 });
      const [update] = await audited('alert.update', `alert:${spike.id}`);
      assert.ok(update);
      assert.deepEqual(update.details.before, {
        kind: 'spike',
        settings: { ...SPIKE_DEFAULTS },
        emailTo: [],
        webhookUrl: null,
      });
      assert.deepEqual((update.details.after as { settings: unknown }).settings, {
        ...SPIKE_DEFAULTS,
        zScore: 3,
        factor: 1.5,
      });

      // Switched off and on; switching off what is off changes (and audits) nothing.
      for (const enabled of [false, false, true]) {
        const reply = await redacteur.request('PUT', api(`/alerts/${spike.id}`), { json: { enabled } });
        assert.equal(reply.json<ApiRule>().enabled, enabled);
      }
      assert.equal((await audited('alert.disable', `alert:${spike.id}`)).length, 1);
      assert.equal((await audited('alert.enable', `alert:${spike.id}`)).length, 1);

      // A new secret on request, once; removing the webhook removes it.
      const renewed = (
        await redacteur.request('PUT', api(`/alerts/${term.id}`), { json: { newWebhookSecret: true } })
      ).json<ApiRule>();
      assert.match(renewed.webhookSecret ?? '', /^[0-9a-f]{64}$/);
      assert.notEqual(renewed.webhookSecret, secret);
      assert.equal(await storedSecret(term.id), renewed.webhookSecret);
      const moved = (
        await redacteur.request('PUT', api(`/alerts/${term.id}`), {
          json: { webhookUrl: 'https://hooks.example/elders' },
        })
      ).json<ApiRule>();
      assert.equal(
        moved.webhookSecret,
        undefined,
        'a new address keeps the secret, which is not shown again',
      );
      assert.equal(await storedSecret(term.id), renewed.webhookSecret);
      const removed = (
        await redacteur.request('PUT', api(`/alerts/${term.id}`), { json: { webhookUrl: null } })
      ).json<ApiRule>();
      assert.equal(removed.webhookUrl, null);
      assert.equal(await storedSecret(term.id), null);

      // Deleted.
      for (const id of [spike.id, term.id]) {
        assert.equal((await redacteur.request('DELETE', api(`/alerts/${id}`))).status, 204);
        assert.equal((await redacteur.get(api(`/alerts/${id}`))).status, 404);
        assert.equal((await audited('alert.delete', `alert:${id}`)).length, 1);
      }
      // The audit log in words.
      const log = await beheerder.get(page('/logboek'));
      for (const words of [
        'Melding toegevoegd',
        'Melding gewijzigd',
        'Melding uitgezet',
        'Melding verwijderd',
      ])
        assert.ok(log.body.includes(words), words);
    });

    test('the API: what is wrong, in words per field (Dutch by default)', async () => {
      const reply = await redacteur.request('POST', api(`/searches/${searchId}/alerts`), {
        json: {
          kind: 'term',
          settings: { terms: ['brand AND'], quietHours: 0 },
          emailTo: ['geen-adres'],
          webhookUrl: 'ftp://hooks.example/x',
        },
      });
      assert.equal(reply.status, 400);
      const problem = reply.json<ApiProblem>();
      assert.equal(problem.error, 'invalid');
      assert.match(
        problem.fields.terms ?? '',
        /^Het signaalwoord 'brand AND' is zo geen zoekopdracht\. Na AND/,
      );
      assert.equal(problem.fields.quietHours, 'Vul een getal in van 0.25 tot en met 720.');
      assert.equal(problem.fields.emailTo, "'geen-adres' is geen geldig e-mailadres.");
      assert.match(problem.fields.webhookUrl ?? '', /moet beginnen met https:\/\//);
      assert.deepEqual(
        problem.problems.map((p) => [p.field, p.problem]),
        [
          ['terms', 'term'],
          ['quietHours', 'range'],
          ['emailTo', 'email'],
          ['webhookUrl', 'webhookUrl'],
        ],
      );
      assert.ok(problem.message.includes(problem.fields.emailTo ?? '-'));
      const window = await redacteur.request('POST', api(`/searches/${searchId}/alerts`), {
        json: { kind: 'spike', settings: { windowMinutes: 7 } },
      });
      assert.equal(window.status, 400);
      assert.match(window.json<ApiProblem>().fields.windowMinutes ?? '', /een dag precies verdelen/);
      const noKind = await redacteur.request('POST', api(`/searches/${searchId}/alerts`), {
        json: { kind: 'storm' },
      });
      assert.equal(noKind.status, 400);
      assert.equal(
        (await server.db.query('SELECT id FROM alert_rules WHERE search_id = $1', [searchId])).length,
        0,
        'nothing stored',
      );
    });

    test('tenancy: another organisation’s rules are a 404; a private search’s rules are its owner’s', async () => {
      // Amsterdam's rule, asked within Utrecht (by Utrecht's members) and within Amsterdam's own URL by them.
      assert.equal((await redacteur.get(api(`/alerts/${foreignRule}`))).status, 404);
      assert.equal(
        (await redacteur.request('PUT', api(`/alerts/${foreignRule}`), { json: { enabled: false } })).status,
        404,
      );
      assert.equal((await redacteur.request('DELETE', api(`/alerts/${foreignRule}`))).status, 404);
      assert.equal(
        (await redacteur.get(page(`/luisteren/${searchId}/meldingen/${foreignRule}/bewerken`))).status,
        404,
      );
      const ours = await createRule(redacteur, searchId, { kind: 'spike' });
      assert.equal((await foreign.get(api(`/alerts/${ours.id}`, FOREIGN))).status, 404);
      assert.equal((await foreign.get(api(`/searches/${searchId}/alerts`, FOREIGN))).status, 404);
      assert.equal(
        (
          await foreign.request('POST', api(`/searches/${searchId}/alerts`, FOREIGN), {
            json: { kind: 'spike' },
          })
        ).status,
        404,
      );
      assert.equal((await foreign.get(api(`/alerts/${ours.id}`))).status, 403);
      // A private search: its rules are its owner's alone.
      const mine = await createSearch(redacteur, { name: 'Eigen', query: 'brand', shared: false });
      const privateRule = await createRule(redacteur, mine, { kind: 'spike' });
      assert.equal((await webcare.get(api(`/alerts/${privateRule.id}`))).status, 404);
      assert.equal((await webcare.get(api(`/searches/${mine}/alerts`))).status, 404);
      assert.equal((await webcare.request('DELETE', api(`/alerts/${privateRule.id}`))).status, 404);
      assert.equal((await webcare.get(page(`/luisteren/${mine}/meldingen`))).status, 404);
      // A rule asked under another search of the URL is not found there.
      assert.equal(
        (await redacteur.get(page(`/luisteren/${mine}/meldingen/${ours.id}/bewerken`))).status,
        404,
      );
      for (const id of [ours.id, privateRule.id])
        assert.equal((await redacteur.request('DELETE', api(`/alerts/${id}`))).status, 204);
    });

    test('the pages: rules added by the forms (problems tied to fields), the secret once, edited, switched, deleted after a confirmation', async () => {
      const base = page(`/luisteren/${searchId}/meldingen`);
      const dashboard = await lezer.get(page(`/luisteren/${searchId}`));
      assert.ok(dashboard.body.includes(`href="${base}"`), 'the dashboard links to its alerts');
      const readOnly = await lezer.get(base);
      assert.equal(readOnly.status, 200);
      assert.ok(readOnly.body.includes('Deze zoekopdracht heeft nog geen meldingen.'));
      assert.ok(!readOnly.body.includes('Melding toevoegen'), 'a reader gets no forms');
      const empty = await redacteur.get(base);
      assert.match(empty.body, /id="piek-venster"[^>]*value="60"|value="60"[^>]*id="piek-venster"/);
      assert.match(empty.body, /<textarea[^>]*id="woorden-woorden"/);

      // Refused: every problem in the summary, linked to its field, and at the field.
      const refused = await redacteur.post(base, {
        soort: 'term',
        woorden: 'brand AND\nexplosie',
        stilte: '0',
        email: 'geen-adres',
        webhook: 'javascript:alert(1)',
      });
      assert.equal(refused.status, 400);
      for (const field of ['woorden', 'stilte', 'email', 'webhook'])
        assert.ok(refused.body.includes(`href="#woorden-${field}"`), field);
      assert.ok(refused.body.includes('id="woorden-woorden-error"'));
      assert.ok(refused.body.includes('aria-invalid="true"'));
      assert.match(
        refused.body,
        /Het signaalwoord &#39;brand AND&#39; is zo geen zoekopdracht|Het signaalwoord 'brand AND'/,
      );
      assert.ok(refused.body.includes('geen geldig e-mailadres'));
      assert.ok(refused.body.includes('brand AND\nexplosie</textarea>'), 'what was typed is kept');

      // A spike with the defaults and an address: a 303 with a confirmation.
      const added = await redacteur.post(base, {
        soort: 'spike',
        venster: '30',
        minimum: '10',
        factor: '2,5',
        zscore: '4',
        basis: '24',
        email: 'Webcare@utrecht.nl\nteam@utrecht.nl',
        webhook: '',
      });
      assert.equal(added.status, 303, added.body);
      const location = String(added.headers.location);
      const match = new RegExp(`^${base}\\?melding=toegevoegd#regel-(\\d+)$`).exec(location);
      assert.ok(match, location);
      const spikeId = Number(match[1]);
      assert.deepEqual((await rule(lezer, spikeId)).settings, {
        ...SPIKE_DEFAULTS,
        windowMinutes: 30,
        factor: 2.5,
      });
      assert.deepEqual((await rule(lezer, spikeId)).emailTo, ['webcare@utrecht.nl', 'team@utrecht.nl']);
      const listed = await redacteur.get(location.split('#')[0] ?? '');
      assert.ok(listed.body.includes('De melding is toegevoegd.'));
      assert.ok(listed.body.includes(`id="regel-${spikeId}"`));
      assert.ok(
        listed.body.includes(
          'Ten minste 10 berichten in een venster van 30 minuten, 2,5 keer zo veel als normaal',
        ),
      );
      assert.equal((await audited('alert.create', `alert:${spikeId}`)).length, 1);

      // Signal words with a webhook: the secret on the page that answers, once.
      const withHook = await redacteur.post(base, {
        soort: 'term',
        woorden: 'brand\n"gaslucht"',
        stilte: '1,5',
        email: '',
        webhook: 'https://hooks.example/in',
      });
      assert.equal(withHook.status, 200, withHook.body);
      const secret = /id="geheim-waarde">([0-9a-f]{64})</.exec(withHook.body)?.[1] ?? '';
      assert.ok(secret, 'the secret is shown');
      assert.ok(withHook.body.includes('X-Meetlat-Signature'));
      assert.ok(withHook.body.includes('De melding is toegevoegd.'));
      const termId = Number(/id="regel-(\d+)"[^>]*>\s*<th[^>]*>Signaalwoorden/.exec(withHook.body)?.[1]);
      assert.ok(termId > 0);
      assert.equal(await storedSecret(termId), secret);
      assert.deepEqual((await rule(lezer, termId)).settings, {
        terms: ['brand', '"gaslucht"'],
        quietHours: 1.5,
      });
      const edit = await redacteur.get(`${base}/${termId}/bewerken`);
      assert.equal(edit.status, 200);
      assert.ok(edit.body.includes('value="1,5"'));
      for (const reply of [await redacteur.get(base), edit, await lezer.get(api(`/alerts/${termId}`))])
        assert.ok(!reply.body.includes(secret), 'never shown again');

      // Edited: a problem stays on the form; a new secret is shown once more.
      const wrong = await redacteur.post(`${base}/${termId}/bewerken`, {
        soort: 'term',
        woorden: '',
        stilte: '2',
        email: '',
        webhook: 'https://hooks.example/in',
      });
      assert.equal(wrong.status, 400);
      assert.ok(wrong.body.includes('href="#wijzig-woorden"'));
      assert.ok(wrong.body.includes('Vul ten minste één signaalwoord in'));
      const renewed = await redacteur.post(`${base}/${termId}/bewerken`, {
        soort: 'term',
        woorden: 'brand\nexplosie',
        stilte: '2',
        email: '',
        webhook: 'https://hooks.example/in',
        geheim: 'nieuw',
      });
      assert.equal(renewed.status, 200, renewed.body);
      const second = /id="geheim-waarde">([0-9a-f]{64})</.exec(renewed.body)?.[1];
      assert.ok(second && second !== secret);
      assert.equal(await storedSecret(termId), second);
      assert.deepEqual((await rule(lezer, termId)).settings, { terms: ['brand', 'explosie'], quietHours: 2 });
      const plain = await redacteur.post(`${base}/${termId}/bewerken`, {
        soort: 'term',
        woorden: 'brand',
        stilte: '2',
        email: 'webcare@utrecht.nl',
        webhook: 'https://hooks.example/in',
      });
      assert.equal(plain.status, 303);
      assert.equal(plain.headers.location, `${base}?melding=gewijzigd#regel-${termId}`);
      assert.equal(await storedSecret(termId), second, 'the secret stays without asking for a new one');
      const updates = await audited('alert.update', `alert:${termId}`);
      assert.deepEqual(
        updates.map((u) => u.details.webhookSecretSet),
        [true, false],
      );

      // Switched off and on by the form.
      const off = await redacteur.post(`${base}/${termId}/schakelen`, { aan: 'nee' });
      assert.equal(off.headers.location, `${base}?melding=uit#regel-${termId}`);
      assert.equal((await rule(lezer, termId)).enabled, false);
      assert.ok((await redacteur.get(`${base}?melding=uit`)).body.includes('De melding staat uit.'));
      await redacteur.post(`${base}/${termId}/schakelen`, { aan: 'ja' });
      assert.equal((await rule(lezer, termId)).enabled, true);
      assert.equal((await audited('alert.disable', `alert:${termId}`)).length, 1);
      assert.equal((await audited('alert.enable', `alert:${termId}`)).length, 1);
      assert.equal((await lezer.post(`${base}/${termId}/schakelen`, { aan: 'nee' })).status, 403);

      // Deleted after a confirmation.
      const confirm = await redacteur.get(`${base}/${termId}/verwijderen`);
      assert.equal(confirm.status, 200);
      assert.ok(confirm.body.includes('Ja, verwijderen'));
      assert.ok(confirm.body.includes('Een nieuw bericht met brand.'));
      for (const id of [termId, spikeId]) {
        const gone = await redacteur.post(`${base}/${id}/verwijderen`, {});
        assert.equal(gone.headers.location, `${base}?melding=verwijderd`);
        assert.equal((await redacteur.get(api(`/alerts/${id}`))).status, 404);
        assert.equal((await audited('alert.delete', `alert:${id}`)).length, 1);
      }
    });

    test('the OpenAPI document describes the alerts’ API with its schemas', async () => {
      const doc = (await server.client().get('/api/openapi.json')).json<{
        paths: Record<string, Record<string, { tags?: string[]; responses?: Record<string, unknown> }>>;
      }>();
      const paths: [string, string, string][] = [
        ['/api/orgs/{org}/searches/{id}/alerts', 'get', '200'],
        ['/api/orgs/{org}/searches/{id}/alerts', 'post', '201'],
        ['/api/orgs/{org}/searches/{id}/alerts', 'post', '400'],
        ['/api/orgs/{org}/alerts/{ruleId}', 'get', '200'],
        ['/api/orgs/{org}/alerts/{ruleId}', 'put', '200'],
        ['/api/orgs/{org}/alerts/{ruleId}', 'delete', '204'],
        ['/api/orgs/{org}/notifications', 'get', '200'],
        ['/api/orgs/{org}/notifications/{notificationId}/read', 'post', '200'],
        ['/api/orgs/{org}/notifications/read-all', 'post', '200'],
      ];
      for (const [path, method, status] of paths) {
        const operation = doc.paths[path]?.[method];
        assert.ok(operation, `${method} ${path}`);
        assert.deepEqual(operation.tags, ['alerts']);
        assert.ok(operation.responses?.[status], `${method} ${path} answers ${status}`);
      }
    });

    test('notifications by the real engine: newest first in the reader’s language, paged, unread counted and marked read', async () => {
      const term = await createRule(redacteur, searchId, {
        kind: 'term',
        settings: { terms: ['brand'], quietHours: 1 },
      });
      const say = (id: string, hours: number, text: string) =>
        msg({ platform: 'mastodon', id, author: `c-${id}`, at: at(T, hours * HOUR).toISOString(), text });
      const evaluate = async (hours: number) => {
        const summary = await evaluateAlerts(server.db, { now: at(T, hours * HOUR) });
        assert.deepEqual(summary.errors, []);
        return summary;
      };
      await evaluate(0);
      await importLines(server.db, [
        say('n1', 1, '@utrecht er is <b>brand</b> bij het station'),
        say('n2', 1.5, '@utrecht de brand is nog niet uit'),
        say('n3', 2, '@amsterdam brand in het centrum'),
      ]);
      assert.equal((await evaluate(1 + 5 / 60)).notifications, 1, "Utrecht's");
      assert.equal((await evaluate(2 + 5 / 60)).notifications, 1, "Amsterdam's");
      assert.equal((await evaluate(3)).episodesClosed, 2, 'an hour without a new match ends them');
      await importLines(server.db, [say('n4', 5, '@utrecht weer brand, nu in de wijk')]);
      assert.equal((await evaluate(5 + 5 / 60)).notifications, 1);

      const listed = (await webcare.get(api('/notifications'))).json<ApiNotifications>();
      assert.equal(listed.unread, 2);
      assert.equal(listed.nextBeforeId, null);
      assert.deepEqual(
        listed.notifications.map((n) => [
          n.searchId,
          n.kind,
          n.read,
          n.episode.messageCount,
          n.episode.endedAt === null,
        ]),
        [
          [searchId, 'term', false, 1, true],
          [searchId, 'term', false, 2, false],
        ],
      );
      const [newest, oldest] = listed.notifications as [ApiNotification, ApiNotification];
      assert.equal(oldest.title, "brand in 'Brand'");
      assert.equal(
        oldest.body,
        "Een bericht in 'Brand' noemt brand: “@utrecht er is <b>brand</b> bij het station”",
      );
      assert.equal(oldest.episode.startedAt, at(T, HOUR).toISOString());
      await server.db.execute("UPDATE users SET locale = 'en' WHERE email = $1", [server.emailOf('analist')]);
      const analist = await server.loggedIn('analist');
      const english = (await analist.get(api('/notifications'))).json<ApiNotifications>();
      assert.equal(
        english.notifications[1]?.body,
        "A message in 'Brand' mentions brand: “@utrecht er is <b>brand</b> bij het station”",
      );
      // Paged with beforeId.
      const first = (await webcare.get(api('/notifications?limit=1'))).json<ApiNotifications>();
      assert.deepEqual([first.notifications.map((n) => n.id), first.nextBeforeId], [[newest.id], newest.id]);
      const next = (
        await webcare.get(api(`/notifications?limit=1&beforeId=${newest.id}`))
      ).json<ApiNotifications>();
      assert.deepEqual([next.notifications.map((n) => n.id), next.nextBeforeId], [[oldest.id], null]);

      // Amsterdam's notification is not Utrecht's to see or mark.
      const theirs = (await foreign.get(api('/notifications', FOREIGN))).json<ApiNotifications>();
      assert.equal(theirs.notifications.length, 1);
      const theirId = theirs.notifications[0]?.id ?? 0;
      assert.equal((await webcare.request('POST', api(`/notifications/${theirId}/read`))).status, 404);
      assert.equal((await webcare.request('POST', api(`/notifications/${theirId + 1000}/read`))).status, 404);
      assert.equal((await webcare.post(page(`/meldingen/${theirId}/gelezen`), {})).status, 404);
      assert.equal(
        (await foreign.request('POST', api(`/notifications/${newest.id}/read`, FOREIGN))).status,
        404,
      );

      // Marked read through the API: one, then all; each user's own.
      const one = await webcare.request('POST', api(`/notifications/${newest.id}/read`));
      assert.deepEqual(one.json(), { id: newest.id, read: true, unread: 1 });
      assert.equal(
        (await webcare.get(api('/notifications'))).json<ApiNotifications>().notifications[0]?.read,
        true,
      );
      assert.equal((await lezer.get(api('/notifications'))).json<ApiNotifications>().unread, 2);
      assert.deepEqual((await webcare.request('POST', api('/notifications/read-all'))).json(), {
        marked: 1,
        unread: 0,
      });

      // The page, with the badge in the navigation, and its forms.
      const inbox = await lezer.get(page('/meldingen'));
      assert.equal(inbox.status, 200);
      assert.ok(inbox.body.includes('class="meetlat-badge" data-unread="2"'), 'the badge');
      assert.ok(inbox.body.includes('Ongelezen: 2.'));
      assert.ok(
        inbox.body.includes('&lt;b&gt;brand&lt;/b&gt;') && !inbox.body.includes('<b>brand</b>'),
        'escaped',
      );
      assert.ok(
        inbox.body.includes(`href="/o/${OWN}/luisteren/${searchId}?van=2025-03-10&amp;tot=2025-03-10"`),
      );
      const ids = (body: string) => [...body.matchAll(/id="melding-(\d+)"/g)].map((m) => Number(m[1]));
      assert.deepEqual(ids(inbox.body), [newest.id, oldest.id]);
      assert.deepEqual(ids((await lezer.get(page(`/meldingen?voor=${newest.id}`))).body), [oldest.id]);
      const marked = await lezer.post(page(`/meldingen/${oldest.id}/gelezen`), { terug: page('/meldingen') });
      assert.equal(marked.headers.location, `${page('/meldingen')}?melding=gelezen#melding-${oldest.id}`);
      const afterOne = await lezer.get(`${page('/meldingen')}?melding=gelezen`);
      assert.ok(afterOne.body.includes('De melding is gelezen.'));
      assert.ok(afterOne.body.includes('class="meetlat-badge" data-unread="1"'));
      assert.ok(afterOne.body.includes(`id="melding-${oldest.id}" data-read="true"`));
      assert.ok(afterOne.body.includes(`id="melding-${newest.id}" data-read="false"`));
      const all = await lezer.post(page('/meldingen/gelezen'), {});
      assert.equal(all.headers.location, `${page('/meldingen')}?melding=allesgelezen`);
      const afterAll = await lezer.get(page('/meldingen'));
      assert.ok(afterAll.body.includes('Ongelezen: 0.'));
      assert.ok(!afterAll.body.includes('class="meetlat-badge" data-unread'), 'no badge with nothing unread');
      // Back to the notifications only, never elsewhere.
      const elsewhere = await lezer.post(page(`/meldingen/${newest.id}/gelezen`), {
        terug: '/o/GM0363/meldingen',
      });
      assert.equal(elsewhere.headers.location, `${page('/meldingen')}?melding=gelezen#melding-${newest.id}`);
      assert.equal((await redacteur.request('DELETE', api(`/alerts/${term.id}`))).status, 204);
    });
  });
}
