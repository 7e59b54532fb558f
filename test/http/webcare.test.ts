/**
 * Webcare in the API and the web app, on both engines: the inbox's views and filters as JSON and
 * as a page; two agents claiming one case at once (one wins, the other's 409 names who); a change
 * on an old version refused with the version now; the forms of the case page (take, assign,
 * status, labels, note) each answered with a confirmation or with the case as it is now; a
 * citizen's hostile text shown as text; another organisation's case a 404; the trail on the page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { saveSlaPolicy } from '../../src/store/webcareSettings.ts';
import { ENGINES } from '../support/engines.ts';
import { type Client, FOREIGN, OWN, startTestServer, type TestServer } from '../support/server.ts';
import { account, importLines, msg, plus } from '../support/yardstickFixtures.ts';

interface ApiCase {
  id: number;
  number: string;
  status: string;
  version: number;
  citizen: string | null;
  citizenId: string | null;
  sla: string;
  assignee: { id: number; name: string } | null;
  category: string | null;
  tags: string[];
  messages: number;
}

interface ApiInbox {
  view: string;
  total: number;
  counts: Record<string, number>;
  cases: ApiCase[];
}

const T = new Date(Date.now() - 3 * 3600_000).toISOString();
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

for (const engine of ENGINES) {
  describe(`webcare in the API and the web app [${engine}]`, () => {
    let server: TestServer;
    let bea: Client;
    let kees: Client;
    let lezer: Client;
    const cases = new Map<string, ApiCase>();

    before(async () => {
      server = await startTestServer(engine);
      const [own] = await server.db.query<{ id: number }>('SELECT id FROM organisations WHERE code = $1', [
        OWN,
      ]);
      await saveSlaPolicy(server.db, Number(own?.id), null, {
        firstResponseMinutes: 60,
        resolutionMinutes: 480,
        clock: 'calendar',
      });
      await importLines(server.db, [
        account('mastodon', 'utr', 'utrecht', OWN),
        account('mastodon', 'ams', 'amsterdam', FOREIGN),
        msg({ platform: 'mastodon', id: 'q1', author: 'anna', at: T, text: '@utrecht de container is vol' }),
        msg({ platform: 'mastodon', id: 'q2', author: 'bram', at: plus(T, 60), text: `@utrecht ${HOSTILE}` }),
        msg({
          platform: 'mastodon',
          id: 'q3',
          author: 'cor',
          at: plus(T, 120),
          text: '@utrecht hoe laat open?',
        }),
        msg({
          platform: 'mastodon',
          id: 'a3',
          author: 'utr',
          at: plus(T, 600),
          replyTo: 'q3',
          text: 'Tot 17:00 *BK',
        }),
        msg({ platform: 'mastodon', id: 'f1', author: 'dirk', at: T, text: '@amsterdam afval' }),
      ]);
      bea = await server.loggedIn('webcare', '10.1.0.1');
      kees = await server.loggedIn('beheerder', '10.1.0.2');
      lezer = await server.loggedIn('lezer', '10.1.0.3');
      const all = (await bea.get(`/api/orgs/${OWN}/cases?weergave=alles`)).json<ApiInbox>();
      for (const c of all.cases) cases.set(c.citizenId ?? '', c);
    });
    after(() => server.close());

    test('the inbox as JSON: views with counts, work oldest first, filters and search', async () => {
      const fresh = (await bea.get(`/api/orgs/${OWN}/cases`)).json<ApiInbox>();
      assert.equal(fresh.view, 'nieuw');
      assert.deepEqual(
        fresh.cases.map((c) => c.citizenId),
        ['anna', 'bram'],
        'new cases, the longest waiting first',
      );
      assert.deepEqual(fresh.counts, { nieuw: 2, mijn: 0, team: 0, wacht: 1, alles: 3 });
      assert.equal(fresh.cases[0]?.sla, 'breached', 'an hour to answer, three hours ago');
      assert.deepEqual(
        (await bea.get(`/api/orgs/${OWN}/cases?weergave=wacht`))
          .json<ApiInbox>()
          .cases.map((c) => c.citizenId),
        ['cor'],
      );
      const searched = (
        await bea.get(`/api/orgs/${OWN}/cases?weergave=alles&zoek=container`)
      ).json<ApiInbox>();
      assert.deepEqual(
        searched.cases.map((c) => c.citizenId),
        ['anna'],
      );
      const broken = await bea.get(`/api/orgs/${OWN}/cases?zoek=${encodeURIComponent('(container')}`);
      assert.equal(broken.status, 400);
      assert.match(broken.body, /positie/);
      assert.equal((await bea.get(`/api/orgs/${FOREIGN}/cases`)).status, 403);
    });

    test('two agents claim at once: one wins, the other hears who; an old version is refused', async () => {
      const anna = cases.get('anna');
      assert.ok(anna);
      const [first, second] = await Promise.all([
        bea.request('POST', `/api/orgs/${OWN}/cases/${anna.id}/claim`),
        kees.request('POST', `/api/orgs/${OWN}/cases/${anna.id}/claim`),
      ]);
      const statuses = [first?.status, second?.status].sort();
      assert.deepEqual(statuses, [200, 409]);
      const loser = first?.status === 409 ? first : second;
      const winner = first?.status === 200 ? 'Test webcare' : 'Test beheerder';
      assert.equal(loser?.json<{ error: string; assignee: { name: string } }>().assignee.name, winner);
      assert.match(
        loser?.json<{ message: string }>().message ?? '',
        new RegExp(`al behandeld door ${winner}`),
      );
      // A status change on the version from before the claim is refused, with the version now.
      const stale = await bea.request('PUT', `/api/orgs/${OWN}/cases/${anna.id}/status`, {
        json: { status: 'opgelost', version: anna.version },
      });
      assert.equal(stale.status, 409);
      const now = stale.json<{ error: string; version: number }>();
      assert.equal(now.error, 'stale');
      const done = await bea.request('PUT', `/api/orgs/${OWN}/cases/${anna.id}/status`, {
        json: { status: 'opgelost', version: now.version },
      });
      assert.equal(done.status, 200);
      // A reader may look but not work.
      assert.equal((await lezer.request('POST', `/api/orgs/${OWN}/cases/${anna.id}/claim`)).status, 403);
      assert.equal((await lezer.get(`/api/orgs/${OWN}/cases/${anna.id}`)).status, 200);
    });

    test('the case page: hostile text stays text; the forms take, assign, file and note, each confirmed', async () => {
      const bram = cases.get('bram');
      assert.ok(bram);
      const path = `/o/${OWN}/webcare/zaken/${bram.id}`;
      const page = await bea.get(path);
      assert.equal(page.status, 200);
      assert.ok(!page.body.includes('<script>alert(1)'), 'the script is not markup');
      assert.ok(page.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.match(page.body, new RegExp(`Zaak ${bram.number}`));
      const taken = await bea.post(`${path}/nemen`, {});
      assert.equal(taken.status, 303);
      assert.match(String(taken.headers.location), /melding=genomen/);
      assert.match((await bea.get(String(taken.headers.location))).body, /U behandelt deze zaak nu\./);
      // Kees's form still has the version from before Bea took it: he sees the case as it is now.
      const conflict = await kees.post(`${path}/status`, {
        versie: String(bram.version),
        status: 'gesloten',
      });
      assert.equal(conflict.status, 409);
      assert.match(conflict.body, /Iemand anders heeft deze zaak intussen gewijzigd/);
      const current = (await bea.get(`/api/orgs/${OWN}/cases/${bram.id}`)).json<{ case: ApiCase }>().case;
      const labelled = await bea.post(`${path}/labels`, {
        versie: String(current.version),
        categorie: 'afval',
        labels: 'Spoed, container',
      });
      assert.equal(labelled.status, 303);
      const bad = await bea.post(`${path}/labels`, {
        versie: String(current.version + 1),
        categorie: 'sport',
        labels: '',
      });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /Kies een categorie uit de lijst/);
      const noted = await bea.post(`${path}/notitie`, { tekst: `Doorgezet ${HOSTILE}` });
      assert.equal(noted.status, 303);
      const after = await bea.get(path);
      assert.ok(after.body.includes('Notitie: Doorgezet &lt;script&gt;'), 'the note in the trail, as text');
      assert.match(after.body, /Zaak genomen/);
      assert.match(after.body, /Categorie en labels gewijzigd/);
      const json = (await bea.get(`/api/orgs/${OWN}/cases/${bram.id}`)).json<{
        case: ApiCase;
        events: { kind: string }[];
      }>();
      assert.equal(json.case.category, 'afval');
      assert.deepEqual(json.case.tags, ['spoed', 'container']);
      assert.equal(json.case.assignee?.name, 'Test webcare');
      // The reader sees the case without the forms.
      const read = await lezer.get(path);
      assert.equal(read.status, 200);
      assert.ok(!read.body.includes('/nemen'), 'no forms for a reader');
    });

    test('live: a change reaches an open event stream within a second; a reconnect gets what it missed', async () => {
      const address = await server.app.listen({ host: '127.0.0.1', port: 0 });
      const cookie = [...bea.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const open = (lastEventId?: string) => {
        const abort = new AbortController();
        const events: {
          id: string;
          data: { id: number; status: string; statusText: string; assignee: string | null };
        }[] = [];
        const done = (async () => {
          const response = await fetch(`${address}/o/${OWN}/webcare/live`, {
            headers: {
              cookie,
              accept: 'text/event-stream',
              ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
            },
            signal: abort.signal,
          });
          assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
          const decoder = new TextDecoder();
          let buffer = '';
          for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
            buffer += decoder.decode(chunk, { stream: true });
            let end = buffer.indexOf('\n\n');
            while (end !== -1) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const id = /^id: (.*)$/m.exec(block)?.[1];
              const data = /^data: (.*)$/m.exec(block)?.[1];
              if (id && data && /^event: case$/m.test(block)) events.push({ id, data: JSON.parse(data) });
              end = buffer.indexOf('\n\n');
            }
          }
        })().catch((error: Error) => {
          if (error.name !== 'AbortError') throw error;
        });
        return { events, close: () => abort.abort(), done };
      };
      const waitFor = async (check: () => boolean, ms = 1000) => {
        const until = Date.now() + ms;
        while (!check()) {
          if (Date.now() > until) return false;
          await new Promise((r) => setTimeout(r, 20));
        }
        return true;
      };
      const cor = cases.get('cor');
      assert.ok(cor);
      const stream = open();
      await new Promise((r) => setTimeout(r, 600));
      const started = Date.now();
      const current = (await bea.get(`/api/orgs/${OWN}/cases/${cor.id}`)).json<{ case: ApiCase }>().case;
      assert.equal(
        (
          await bea.request('PUT', `/api/orgs/${OWN}/cases/${cor.id}/status`, {
            json: { status: 'opgelost', version: current.version },
          })
        ).status,
        200,
      );
      assert.ok(
        await waitFor(() => stream.events.some((e) => e.data.id === cor.id && e.data.status === 'opgelost')),
        'the change arrived',
      );
      assert.ok(Date.now() - started < 1000, `within a second (${Date.now() - started} ms)`);
      const seen = stream.events.find((e) => e.data.id === cor.id && e.data.status === 'opgelost');
      assert.equal(seen?.data.statusText, 'Opgelost');
      const lastId = stream.events.at(-1)?.id as string;
      stream.close();
      await stream.done;
      // While nobody listens, the case is taken; the reconnect names what it had and gets the rest.
      const anna = cases.get('anna');
      assert.ok(anna);
      const latest = (await bea.get(`/api/orgs/${OWN}/cases/${anna.id}`)).json<{ case: ApiCase }>().case;
      await bea.request('PUT', `/api/orgs/${OWN}/cases/${anna.id}/status`, {
        json: { status: 'open', version: latest.version },
      });
      const again = open(lastId);
      assert.ok(
        await waitFor(() => again.events.some((e) => e.data.id === anna.id && e.data.status === 'open')),
        'missed change resent',
      );
      again.close();
      await again.done;
    });

    test('settings: the beheerder sets office hours and the service level; mistakes are named; new cases follow them', async () => {
      const page = await kees.get(`/o/${OWN}/webcare/instellingen`);
      assert.equal(page.status, 200);
      assert.match(page.body, /08:30-12:30, 13:00-17:00/);
      assert.equal((await bea.get(`/o/${OWN}/webcare/instellingen`)).status, 403);
      const form = {
        firstMinutes: '30',
        resolutionHours: '4',
        clock: 'office',
        dag1: '09:00-12:00, 13:00-17:00',
        dag2: '09:00-17:00',
        dag3: '09:00-17:00',
        dag4: '09:00-17:00',
        dag5: '09:00-17:00',
        dag6: 'gesloten',
        dag0: '',
        holidays: 'ja',
        exceptions: '2026-12-24: 09:00-12:00',
        reopenDays: '3',
        autoResolveDays: '',
        categories: 'afval\nparkeren\nspoed',
      };
      const bad = await kees.post(`/o/${OWN}/webcare/instellingen`, {
        ...form,
        dag2: '17:00-09:00',
        exceptions: '24 december',
      });
      assert.equal(bad.status, 400);
      assert.match(bad.body, /Deze tijden kloppen niet: 17:00-09:00/);
      assert.match(bad.body, /Regel 1 klopt niet: 24 december/);
      const saved = await kees.post(`/o/${OWN}/webcare/instellingen`, form);
      assert.equal(saved.status, 303);
      assert.match(
        (await kees.get(String(saved.headers.location))).body,
        /De instellingen van webcare zijn opgeslagen/,
      );
      // A case opened on a Monday at 11:45 (Amsterdam) is due 30 office minutes later, over the lunch: 13:15.
      await importLines(server.db, [
        msg({
          platform: 'mastodon',
          id: 'q9',
          author: 'eva',
          at: '2026-01-12T10:45:00Z',
          text: '@utrecht een vraag',
        }),
      ]);
      const [due] = await server.db.query<{ first_response_due_at: Date }>(
        "SELECT c.first_response_due_at FROM cases c WHERE c.citizen_id = 'eva'",
      );
      assert.equal(due?.first_response_due_at.toISOString(), '2026-01-12T12:15:00.000Z');
      const audit = await server.db.query<{ action: string }>(
        "SELECT action FROM audit_log WHERE action = 'webcare.settings'",
      );
      assert.equal(audit.length, 1);
    });

    test('figures: the page, its CSV and the API; a period the wrong way round is said in words', async () => {
      const page = await kees.get(`/o/${OWN}/webcare/cijfers?van=2026-01-01&tot=2026-12-31`);
      assert.equal(page.status, 200);
      assert.match(page.body, /Het hele team/);
      const csv = await kees.get(`/o/${OWN}/webcare/cijfers.csv?van=2026-01-01&tot=2026-12-31`);
      assert.equal(csv.status, 200);
      assert.match(csv.body, /^name,kind,cases,answered,/);
      const api = (await kees.get(`/api/orgs/${OWN}/webcare/figures?van=2026-01-01&tot=2026-12-31`)).json<{
        rows: { kind: string; cases: number }[];
      }>();
      const team = api.rows.find((r) => r.kind === 'team');
      assert.ok(team && team.cases >= 3, JSON.stringify(team));
      const reversed = await kees.get(`/api/orgs/${OWN}/webcare/figures?van=2026-02-01&tot=2026-01-01`);
      assert.equal(reversed.status, 400);
      assert.match(reversed.body, /De datum bij Van ligt na die bij Tot en met/);
      assert.equal((await lezer.get(`/o/${OWN}/webcare/cijfers`)).status, 403);
    });

    test('the inbox page: tabs with counts, the filter form, a row per case; another organisation’s case is a 404', async () => {
      const page = await bea.get(`/o/${OWN}/webcare?weergave=alles`);
      assert.equal(page.status, 200);
      assert.match(page.body, /aria-current="page">Alles \(4\)/);
      assert.equal((page.body.match(/data-case="/g) ?? []).length, 4);
      const filtered = await bea.get(`/o/${OWN}/webcare?weergave=alles&kanaal=mastodon&categorie=afval`);
      assert.equal((filtered.body.match(/data-case="/g) ?? []).length, 1);
      const broken = await bea.get(`/o/${OWN}/webcare?zoek=${encodeURIComponent('"open')}`);
      assert.equal(broken.status, 200);
      assert.match(broken.body, /positie/);
      const [foreign] = await server.db.query<{ id: number }>(
        'SELECT c.id FROM cases c JOIN organisations o ON o.id = c.organisation_id WHERE o.code = $1',
        [FOREIGN],
      );
      assert.ok(foreign);
      assert.equal((await bea.get(`/o/${OWN}/webcare/zaken/${foreign.id}`)).status, 404);
      assert.equal((await bea.get(`/api/orgs/${OWN}/cases/${foreign.id}`)).status, 404);
      assert.equal((await bea.request('POST', `/api/orgs/${OWN}/cases/${foreign.id}/claim`)).status, 404);
    });
  });
}
