/**
 * Listening's API and pages, on both engines: ad-hoc search (hits, paging, filters; a syntax
 * error as a 400 with position and hint), saved searches (created, changed, deleted, audited;
 * private ones their owner's alone; what is new since the user last opened each), a search's
 * dashboard against counts made here from the fixture itself (and SQL for sentiment), its
 * messages, the CSV exports, sentiment corrections that count for the correcting organisation
 * only, and tenancy: nothing of another organisation's conversations through any route.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { addUser } from '../../src/identity/people.ts';
import { stopwords } from '../../src/sentiment/lexicon.ts';
import { ENGINES } from '../support/engines.ts';
import {
  type ApiDashboard,
  FOREIGN_WORD,
  ranked,
  type WorldMessage,
  withHashtag,
  worldLines,
  worldMessages,
} from '../support/listeningFixtures.ts';
import { type Client, FOREIGN, OWN, PASSWORD, startTestServer, type TestServer } from '../support/server.ts';
import { importLines, msg } from '../support/yardstickFixtures.ts';

interface ApiMessage {
  id: number;
  platform: string;
  platformId: string;
  authorHandle: string | null;
  createdAt: string;
  text: string;
  url: string | null;
  sentiment: string | null;
  sentimentCorrected: boolean;
}

interface ApiSearch {
  id: number;
  name: string;
  query: string;
  platforms: string[];
  shared: boolean;
  mayChange: boolean;
  ownerName: string | null;
  newSinceViewed: number | null;
}

/** May 1 to 12 2025 as the API asks it (Dutch days; `to` excluded) and as ISO bounds on `at`. */
const MAY = { query: 'from=2025-05-01&to=2025-05-13', from: '2025-05-01', to: '2025-05-13' };

const newestFirst = (a: WorldMessage, b: WorldMessage) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0);

for (const engine of ENGINES) {
  describe(`listening [${engine}]`, () => {
    let server: TestServer;
    let beheerder: Client;
    let webcare: Client;
    let redacteur: Client;
    let analist: Client;
    let lezer: Client;
    let foreign: Client;
    /** Meetlat's message id by platform id. */
    const idOf = new Map<string, number>();
    let afvalSearch: number;

    const api = (path: string) => `/api/orgs/${OWN}${path}`;

    async function createSearch(
      client: Client,
      body: Record<string, unknown>,
      org = OWN,
    ): Promise<ApiSearch> {
      const reply = await client.request('POST', `/api/orgs/${org}/searches`, { json: body });
      assert.equal(reply.status, 201, reply.body);
      return reply.json<ApiSearch>();
    }

    async function dashboard(client: Client, id: number, query = '', org = OWN): Promise<ApiDashboard> {
      const reply = await client.get(`/api/orgs/${org}/searches/${id}/dashboard${query ? `?${query}` : ''}`);
      assert.equal(reply.status, 200, reply.body);
      return reply.json<ApiDashboard>();
    }

    async function auditOf(action: string): Promise<{ target: string; details: Record<string, unknown> }[]> {
      return server.db.query(
        `SELECT a.target, a.details FROM audit_log a JOIN organisations o ON o.id = a.organisation_id
         WHERE o.code = $1 AND a.action = $2 ORDER BY a.id`,
        [OWN, action],
      );
    }

    before(async () => {
      server = await startTestServer(engine);
      await importLines(server.db, worldLines());
      for (const row of await server.db.query<{ id: number; platform_id: string }>(
        'SELECT id, platform_id FROM messages',
      )) {
        idOf.set(row.platform_id, Number(row.id));
      }
      beheerder = await server.loggedIn('beheerder');
      webcare = await server.loggedIn('webcare');
      redacteur = await server.loggedIn('redacteur');
      analist = await server.loggedIn('analist');
      lezer = await server.loggedIn('lezer');
      const [foreignOrg] = await server.db.query<{ id: number }>(
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
          membership: { organisationId: Number(foreignOrg?.id), role: 'beheerder' },
        },
      );
      foreign = server.client('10.9.9.9');
      assert.equal((await foreign.login('beheerder@gm0363.test', PASSWORD)).status, 303);
      await foreign.refreshCsrf();
      afvalSearch = (await createSearch(beheerder, { name: 'Afval', query: '#afval' })).id;
    });
    after(() => server.close());

    test('search: the hits in the organisation’s conversations, newest first, paged and filtered', async () => {
      const expected = withHashtag(OWN, 'afval').sort(newestFirst);
      const all = (await lezer.get(api('/search?q=%23afval&limit=200'))).json<{
        total: number;
        messages: ApiMessage[];
      }>();
      assert.equal(all.total, expected.length);
      assert.deepEqual(all.messages.map((m) => m.platformId).sort(), expected.map((m) => m.id).sort());
      const times = all.messages.map((m) => m.createdAt);
      assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
      assert.ok(all.messages.every((m) => !m.text.includes(FOREIGN_WORD)));
      const page = (await lezer.get(api('/search?q=%23afval&limit=5&offset=5'))).json<{
        messages: ApiMessage[];
      }>();
      assert.deepEqual(page.messages, all.messages.slice(5, 10));
      const bluesky = (await lezer.get(api('/search?q=%23afval&limit=200&platform=bluesky'))).json<{
        total: number;
      }>();
      assert.equal(bluesky.total, expected.filter((m) => m.platform === 'bluesky').length);
      const may = (await lezer.get(api(`/search?q=%23afval&limit=200&from=2025-05-01&to=2025-05-06`))).json<{
        total: number;
      }>();
      assert.equal(may.total, withHashtag(OWN, 'afval', '2025-05-01', '2025-05-06').length);
      assert.equal((await lezer.get(api(`/search?q=${FOREIGN_WORD}`))).json<{ total: number }>().total, 0);
      // A syntax error: where, what and what to do, in Dutch.
      const wrong = await lezer.get(api('/search?q=afval%20AND'));
      assert.equal(wrong.status, 400);
      const error = wrong.json<{ error: string; message: string; position: number; hint: string }>();
      assert.equal(error.error, 'query_syntax');
      assert.equal(error.position, 7);
      assert.match(error.message, /positie 7/);
      assert.match(error.hint, /AND/);
      assert.equal((await lezer.get(api('/search?q=afval&from=gisteren'))).status, 400);
    });

    test('saved searches: created, changed and deleted with an audit entry; a private one is its owner’s alone', async () => {
      assert.equal(
        (await lezer.request('POST', api('/searches'), { json: { name: 'x', query: 'afval' } })).status,
        403,
      );
      const own = await createSearch(redacteur, { name: 'Mijn afval', query: 'afval', shared: false });
      assert.equal(own.shared, false);
      assert.equal(own.mayChange, true);
      assert.equal(own.ownerName, 'Test redacteur');
      // Others neither see nor touch it.
      const listed = (await webcare.get(api('/searches'))).json<{ searches: ApiSearch[] }>().searches;
      assert.ok(!listed.some((s) => s.id === own.id));
      assert.equal((await webcare.get(api(`/searches/${own.id}`))).status, 404);
      assert.equal((await webcare.get(api(`/searches/${own.id}/dashboard`))).status, 404);
      assert.equal(
        (await webcare.request('PUT', api(`/searches/${own.id}`), { json: { name: 'x', query: 'x' } }))
          .status,
        404,
      );
      assert.equal((await webcare.request('DELETE', api(`/searches/${own.id}`))).status, 404);
      assert.equal((await webcare.get(`/o/${OWN}/luisteren/${own.id}`)).status, 404);
      // A shared one: anyone who manages searches changes it; only the owner makes it private.
      const shared = await createSearch(redacteur, {
        name: 'Grofvuil',
        query: '#grofvuil',
        platforms: ['mastodon'],
      });
      const renamed = await webcare.request('PUT', api(`/searches/${shared.id}`), {
        json: {
          name: 'Grofvuil op straat',
          query: '#grofvuil',
          platforms: ['mastodon', 'bluesky'],
          shared: true,
        },
      });
      assert.equal(renamed.status, 200, renamed.body);
      assert.deepEqual(renamed.json<ApiSearch>().platforms, ['bluesky', 'mastodon']);
      const hide = await webcare.request('PUT', api(`/searches/${shared.id}`), {
        json: { name: 'Grofvuil op straat', query: '#grofvuil', shared: false },
      });
      assert.equal(hide.status, 400);
      assert.ok(hide.json<{ fields: Record<string, string> }>().fields.shared);
      const lezerView = (await lezer.get(api(`/searches/${shared.id}`))).json<ApiSearch>();
      assert.equal(lezerView.mayChange, false);
      assert.equal(
        (await lezer.request('PUT', api(`/searches/${shared.id}`), { json: { name: 'x', query: 'x' } }))
          .status,
        403,
      );
      // What is wrong comes back per field; a query with its position and hint.
      const noName = await redacteur.request('POST', api('/searches'), {
        json: { name: '  ', query: 'afval' },
      });
      assert.equal(noName.status, 400);
      assert.ok(noName.json<{ fields: Record<string, string> }>().fields.name);
      const badQuery = await redacteur.request('POST', api('/searches'), {
        json: { name: 'x', query: '(afval' },
      });
      assert.equal(badQuery.status, 400);
      const syntax = badQuery.json<{
        error: string;
        position: number;
        hint: string;
        fields: Record<string, string>;
      }>();
      assert.equal(syntax.error, 'query_syntax');
      assert.equal(syntax.position, 1);
      assert.match(syntax.fields.query ?? '', /Tip:/);
      const badPlatform = await redacteur.request('POST', api('/searches'), {
        json: { name: 'x', query: 'afval', platforms: ['myspace'] },
      });
      assert.equal(badPlatform.status, 400);
      // Deleted by someone else who manages searches; gone for everyone.
      assert.equal((await webcare.request('DELETE', api(`/searches/${shared.id}`))).status, 204);
      assert.equal((await redacteur.get(api(`/searches/${shared.id}`))).status, 404);
      // The owner makes a private search shared, and deletes it.
      const opened = await redacteur.request('PUT', api(`/searches/${own.id}`), {
        json: { name: 'Mijn afval', query: 'afval', shared: true },
      });
      assert.equal(opened.status, 200);
      assert.equal((await webcare.get(api(`/searches/${own.id}`))).status, 200);
      assert.equal((await redacteur.request('DELETE', api(`/searches/${own.id}`))).status, 204);
      // Every change audited, with the search as target.
      const created = await auditOf('search.create');
      assert.ok(created.some((e) => e.target === `search:${own.id}`));
      const updated = await auditOf('search.update');
      const rename = updated.find((e) => e.target === `search:${shared.id}`);
      assert.ok(rename);
      assert.equal((rename.details.before as { name: string }).name, 'Grofvuil');
      assert.equal((rename.details.after as { name: string }).name, 'Grofvuil op straat');
      assert.deepEqual(
        (await auditOf('search.delete')).map((e) => e.target),
        [`search:${shared.id}`, `search:${own.id}`],
      );
    });

    test('the dashboard equals counts made from the messages themselves', async () => {
      const expected = withHashtag(OWN, 'afval', MAY.from, MAY.to);
      const d = await dashboard(lezer, afvalSearch, MAY.query);
      assert.deepEqual(d.period, {
        from: '2025-04-30T22:00:00.000Z',
        to: '2025-05-12T22:00:00.000Z',
        basis: 'asked',
      });
      assert.deepEqual(d.previousPeriod, {
        from: '2025-04-18T22:00:00.000Z',
        to: '2025-04-30T22:00:00.000Z',
      });
      assert.equal(d.unit, 'day');
      assert.equal(d.total, expected.length);
      assert.equal(d.previousTotal, withHashtag(OWN, 'afval', '2025-04-19', '2025-05-01').length);
      assert.deepEqual(d.platforms, ranked(expected.map((m) => m.platform)));
      assert.deepEqual(
        d.kinds,
        [
          { key: 'reply', count: expected.filter((m) => m.replyTo).length },
          { key: 'post', count: expected.filter((m) => !m.replyTo).length },
        ]
          .filter((k) => k.count > 0)
          .sort((a, b) => b.count - a.count),
      );
      assert.deepEqual(d.hashtags, ranked(expected.flatMap((m) => m.hashtags)).slice(0, 10));
      assert.deepEqual(d.mentions, ranked(expected.flatMap((m) => m.mentions)).slice(0, 10));
      assert.deepEqual(
        d.authors.map((a) => ({ key: a.key, count: a.count })),
        ranked(expected.map((m) => m.author)).slice(0, 10),
      );
      // Volume: one bucket per Dutch day, with the twelve days before beside them.
      assert.equal(d.volume.length, 12);
      for (const bucket of d.volume) {
        const day = bucket.start.slice(0, 10);
        assert.equal(bucket.count, expected.filter((m) => m.at.startsWith(day)).length, day);
      }
      assert.equal(
        d.volume.reduce((sum, b) => sum + b.previous, 0),
        d.previousTotal,
      );
      // Sentiment: as stored for these very messages.
      const stored = await server.db.query<{ sentiment: string; n: number }>(
        'SELECT sentiment, count(*)::integer AS n FROM messages WHERE platform_id = ANY($1) GROUP BY sentiment',
        [expected.map((m) => m.id)],
      );
      const want = { positive: 0, neutral: 0, negative: 0 };
      for (const row of stored) want[row.sentiment as keyof typeof want] = row.n;
      assert.deepEqual(d.sentiment, want);
      for (const label of ['positive', 'neutral', 'negative'] as const) {
        assert.equal(
          d.volume.reduce((sum, b) => sum + b.sentiment[label], 0),
          want[label],
        );
      }
      // The tag cloud: words of these messages, no stop words.
      const words = new Set(expected.flatMap((m) => m.text.toLowerCase().split(/[^\p{L}\p{N}]+/u)));
      assert.ok(d.tagCloud.length > 0);
      for (const { word } of d.tagCloud) {
        assert.ok(words.has(word), word);
        assert.ok(!stopwords.has(word), word);
      }
      assert.equal(d.tagCloudOf, expected.length);
      // A platform within the search's; the messages of the same filters.
      const bluesky = await dashboard(lezer, afvalSearch, `${MAY.query}&platform=bluesky`);
      assert.equal(bluesky.total, expected.filter((m) => m.platform === 'bluesky').length);
      assert.deepEqual(bluesky.filter.platforms, ['bluesky']);
      const listed = (await lezer.get(api(`/searches/${afvalSearch}/messages?${MAY.query}&limit=200`))).json<{
        total: number;
        period: ApiDashboard['period'];
        messages: ApiMessage[];
      }>();
      assert.equal(listed.total, d.total);
      assert.deepEqual(listed.period, d.period);
      assert.deepEqual(
        listed.messages.map((m) => m.platformId),
        [...expected].sort(newestFirst).map((m) => m.id),
      );
      assert.equal(
        (await lezer.get(api(`/searches/${afvalSearch}/dashboard?from=2025-05-13&to=2025-05-01`))).status,
        400,
      );
      assert.equal((await lezer.get(api(`/searches/${afvalSearch}/dashboard?from=mei`))).status, 400);
    });

    test('the default period: the 30 days up to the newest match when nothing is recent, else up to today', async () => {
      const d = await dashboard(lezer, afvalSearch);
      // The newest #afval of Utrecht was written on 12 May 2025.
      assert.deepEqual(d.period, {
        from: '2025-04-12T22:00:00.000Z',
        to: '2025-05-12T22:00:00.000Z',
        basis: 'latest',
      });
      const nothing = await createSearch(beheerder, {
        name: 'Amsterdam',
        query: `${FOREIGN_WORD} OR #amsterdam`,
      });
      const recent = await dashboard(lezer, nothing.id);
      assert.equal(recent.period.basis, 'recent');
      assert.ok(new Date(recent.period.to).getTime() > Date.now());
      assert.equal(recent.total, 0);
      const limited = await createSearch(beheerder, {
        name: 'Mastodon',
        query: '#afval',
        platforms: ['mastodon'],
      });
      assert.equal((await lezer.get(api(`/searches/${limited.id}/dashboard?platform=bluesky`))).status, 400);
      const mastodon = await dashboard(lezer, limited.id, MAY.query);
      assert.equal(
        mastodon.total,
        withHashtag(OWN, 'afval', MAY.from, MAY.to).filter((m) => m.platform === 'mastodon').length,
      );
    });

    test('the pages: saved searches, a search, saving by the form (errors in Dutch), the dashboard, changing, deleting', async () => {
      const list = await lezer.get(`/o/${OWN}/luisteren`);
      assert.equal(list.status, 200);
      assert.match(list.body, /Opgeslagen zoekopdrachten/);
      assert.doesNotMatch(list.body, /Zoekopdracht opslaan/, 'a lezer does not save searches');
      const found = await lezer.get(`/o/${OWN}/luisteren?q=${encodeURIComponent('#grofvuil')}`);
      assert.match(found.body, new RegExp(`${withHashtag(OWN, 'grofvuil').length} berichten gevonden`));
      assert.match(found.body, /<mark class="meetlat-mark">#grofvuil<\/mark>/);
      // A syntax error next to the field, with its position and hint, the query kept.
      const wrong = await lezer.get(`/o/${OWN}/luisteren?q=${encodeURIComponent('afval AND')}`);
      assert.equal(wrong.status, 400);
      assert.match(wrong.body, /id="zoek-q-error">Na AND op positie 7 komt geen zoekwoord\. Tip: /);
      assert.match(wrong.body, /aria-describedby="zoek-q-hint zoek-q-error" aria-invalid="true"/);
      assert.match(wrong.body, /value="afval AND"/);
      assert.match(wrong.body, /href="#zoek-q"/);
      // Saving through the form.
      await redacteur.get(`/o/${OWN}/luisteren`);
      const refused = await redacteur.post(`/o/${OWN}/luisteren`, {
        naam: 'Fout',
        zoekvraag: '"niet opgehaald',
        zichtbaarheid: 'gedeeld',
      });
      assert.equal(refused.status, 400);
      assert.match(refused.body, /Het aanhalingsteken op positie 1 wordt niet afgesloten\./);
      assert.match(refused.body, /href="#nieuw-zoekvraag"/);
      assert.match(refused.body, /value="&quot;niet opgehaald"/);
      const saved = await redacteur.request('POST', `/o/${OWN}/luisteren`, {
        form: { naam: 'Grofvuil', zoekvraag: '#grofvuil', zichtbaarheid: 'prive' },
      });
      assert.equal(saved.status, 303);
      const location = String(saved.headers.location);
      const match = /^\/o\/GM0344\/luisteren\/(\d+)\?melding=opgeslagen$/.exec(location);
      assert.ok(match, location);
      const id = Number(match[1]);
      const page = await redacteur.get(location);
      assert.equal(page.status, 200);
      assert.match(page.body, /De zoekopdracht is opgeslagen\./);
      assert.match(page.body, /Alleen de eigenaar \(privé\)/);
      assert.match(page.body, /id="tabel-volume"/);
      assert.match(page.body, /<mark class="meetlat-mark">#grofvuil<\/mark>/);
      for (const file of ['berichten.csv', 'volume.csv', 'tagcloud.csv']) {
        assert.match(
          page.body,
          new RegExp(`/o/GM0344/luisteren/${id}/export/${file.replace('.', '\\.')}\\?van=`),
        );
      }
      // Private: not for others, on the list or behind the link.
      assert.doesNotMatch((await webcare.get(`/o/${OWN}/luisteren`)).body, /zoekopdracht-\d+.*Grofvuil/s);
      assert.equal((await webcare.get(`/o/${OWN}/luisteren/${id}/bewerken`)).status, 404);
      assert.equal((await lezer.get(`/o/${OWN}/luisteren/${afvalSearch}/bewerken`)).status, 403);
      // Changing and deleting, each confirmed.
      const edit = await redacteur.get(`/o/${OWN}/luisteren/${id}/bewerken`);
      assert.equal(edit.status, 200);
      const changed = await redacteur.post(`/o/${OWN}/luisteren/${id}/bewerken`, {
        naam: 'Grofvuil in de straat',
        zoekvraag: '#grofvuil',
        platform: 'mastodon',
        zichtbaarheid: 'prive',
      });
      assert.equal(changed.status, 303);
      assert.equal(changed.headers.location, `/o/${OWN}/luisteren/${id}?melding=gewijzigd`);
      const after = (await redacteur.get(api(`/searches/${id}`))).json<ApiSearch>();
      assert.equal(after.name, 'Grofvuil in de straat');
      assert.deepEqual(after.platforms, ['mastodon']);
      await redacteur.get(`/o/${OWN}/luisteren/${id}/bewerken`);
      const removed = await redacteur.post(`/o/${OWN}/luisteren/${id}/verwijderen`, {});
      assert.equal(removed.status, 303);
      assert.equal(removed.headers.location, `/o/${OWN}/luisteren?melding=verwijderd`);
      assert.match(
        (await redacteur.get(String(removed.headers.location))).body,
        /De zoekopdracht is verwijderd\./,
      );
      // The help page and a conversation.
      const help = await lezer.get(`/o/${OWN}/luisteren/hulp`);
      assert.match(help.body, /vergunn\*/);
      assert.match(help.body, /Na AND op positie 7 komt geen zoekwoord/);
      const reply = idOf.get('own-0') as number;
      const conversation = await lezer.get(`/o/${OWN}/gesprekken/${reply}`);
      assert.equal(conversation.status, 200);
      const inThread = worldMessages().filter((m) => m.replyTo === 'u1').length + 1;
      assert.equal(conversation.body.match(/class="meetlat-message[ "]/g)?.length, inThread);
      assert.match(
        conversation.body,
        new RegExp(
          `id="bericht-${reply}"[^>]*>|class="meetlat-message meetlat-message--current" id="bericht-${reply}"`,
        ),
      );
      // Links to the original keep the referrer and rank to themselves.
      assert.match(
        conversation.body,
        /href="https:\/\/mastodon\.example\/own-0" rel="noopener noreferrer nofollow"/,
      );
    });

    test('what is new since the user last opened a search', async () => {
      const search = await createSearch(beheerder, { name: 'Nieuw', query: '#afval' });
      const all = withHashtag(OWN, 'afval').length;
      const newFor = async (client: Client) =>
        (await client.get(api('/searches')))
          .json<{ searches: ApiSearch[] }>()
          .searches.find((s) => s.id === search.id)?.newSinceViewed;
      assert.equal(await newFor(beheerder), all);
      await dashboard(beheerder, search.id);
      assert.equal(await newFor(beheerder), all, 'the API does not mark it seen');
      assert.equal((await beheerder.get(`/o/${OWN}/luisteren/${search.id}`)).status, 200);
      assert.equal(await newFor(beheerder), 0);
      assert.equal(await newFor(webcare), all, 'seen by one user, new to another');
      const late = (id: string, text: string, replyTo: string) =>
        msg({ platform: 'mastodon', id, author: 'laat', at: '2025-03-01T10:00:00Z', text, replyTo });
      await importLines(server.db, [
        late('late-1', 'Nog steeds #afval', 'u1'),
        late('late-2', 'Ook hier #afval', 'u1'),
        late('late-3', 'Amsterdam #afval', 'a1'),
        late('late-4', 'Geen hashtag', 'u1'),
      ]);
      assert.equal(await newFor(beheerder), 2);
      const list = await beheerder.get(`/o/${OWN}/luisteren`);
      assert.match(list.body, new RegExp(`id="zoekopdracht-${search.id}"[\\s\\S]*?data-new="2"`));
    });

    test('CSV exports: the messages and every chart, with the page’s filters, safe for spreadsheets', async () => {
      const d = await dashboard(lezer, afvalSearch, MAY.query);
      const base = `/o/${OWN}/luisteren/${afvalSearch}/export`;
      const filters = 'van=2025-05-01&tot=2025-05-12';
      const csv = async (file: string) => {
        const reply = await lezer.get(`${base}/${file}?${filters}`);
        assert.equal(reply.status, 200, `${file}: ${reply.body}`);
        assert.match(String(reply.headers['content-type']), /^text\/csv/);
        assert.match(String(reply.headers['content-disposition']), /^attachment; filename="Afval-\d+-/);
        return parse(reply.body, { columns: true }) as Record<string, string>[];
      };
      const messages = await csv('berichten.csv');
      assert.equal(messages.length, d.total);
      const expected = withHashtag(OWN, 'afval', MAY.from, MAY.to);
      assert.deepEqual(
        messages.map((m) => Number(m.id)).sort((a, b) => a - b),
        expected.map((m) => idOf.get(m.id)).sort((a, b) => (a ?? 0) - (b ?? 0)),
      );
      const formula = messages.find((m) => Number(m.id) === idOf.get('formula-1'));
      assert.equal(formula?.text, "'=1+2 de bak is vol #afval");
      assert.equal(formula?.author_name, `'=HYPERLINK("https://example.org")`);
      assert.deepEqual(
        (await csv('volume.csv')).map((r) => [r.bucket_start, Number(r.count), Number(r.previous_period)]),
        d.volume.map((v) => [v.start, v.count, v.previous]),
      );
      const pairs = (rows: Record<string, string>[], key: string) =>
        rows.map((r) => ({ key: r[key], count: Number(r.count) }));
      assert.deepEqual(pairs(await csv('platforms.csv'), 'platform'), d.platforms);
      assert.deepEqual(pairs(await csv('soorten.csv'), 'kind'), d.kinds);
      assert.deepEqual(
        pairs(await csv('auteurs.csv'), 'author'),
        d.authors.map((a) => ({ key: a.key, count: a.count })),
      );
      assert.deepEqual(pairs(await csv('vermeldingen.csv'), 'mention'), d.mentions);
      assert.deepEqual(pairs(await csv('hashtags.csv'), 'hashtag'), d.hashtags);
      assert.deepEqual(
        (await csv('sentiment.csv')).map((r) => [
          r.bucket_start,
          Number(r.positive),
          Number(r.neutral),
          Number(r.negative),
        ]),
        d.volume.map((v) => [v.start, v.sentiment.positive, v.sentiment.neutral, v.sentiment.negative]),
      );
      assert.deepEqual(
        (await csv('tagcloud.csv')).map((r) => ({ word: r.word, count: Number(r.count) })),
        d.tagCloud,
      );
      assert.equal((await lezer.get(`${base}/geheim.csv`)).status, 400);
      assert.equal((await lezer.get(`${base}/volume.csv?van=gisteren`)).status, 400);
    });

    test('a sentiment correction counts for the correcting organisation only, and is audited', async () => {
      const both = idOf.get('both-1') as number;
      const [row] = await server.db.query<{ sentiment: string }>(
        'SELECT sentiment FROM messages WHERE id = $1',
        [both],
      );
      const before = row?.sentiment as 'positive' | 'neutral' | 'negative';
      const to = before === 'positive' ? 'negative' : 'positive';
      const foreignSearch = await createSearch(foreign, { name: 'Afval', query: '#afval' }, FOREIGN);
      const ownBefore = await dashboard(lezer, afvalSearch, MAY.query);
      const foreignBefore = await dashboard(foreign, foreignSearch.id, MAY.query, FOREIGN);
      assert.equal(
        (await lezer.request('PUT', api(`/messages/${both}/sentiment`), { json: { sentiment: to } })).status,
        403,
      );
      assert.equal(
        (await redacteur.request('PUT', api(`/messages/${both}/sentiment`), { json: { sentiment: to } }))
          .status,
        403,
      );
      const corrected = await analist.request('PUT', api(`/messages/${both}/sentiment`), {
        json: { sentiment: to },
      });
      assert.equal(corrected.status, 200, corrected.body);
      assert.deepEqual(corrected.json(), { messageId: both, sentiment: to, previous: before });
      const ownAfter = await dashboard(lezer, afvalSearch, MAY.query);
      assert.equal(ownAfter.sentiment[to], ownBefore.sentiment[to] + 1);
      assert.equal(ownAfter.sentiment[before], ownBefore.sentiment[before] - 1);
      assert.deepEqual(await dashboard(foreign, foreignSearch.id, MAY.query, FOREIGN), foreignBefore);
      const listed = (await lezer.get(api(`/searches/${afvalSearch}/messages?${MAY.query}&limit=200`))).json<{
        messages: ApiMessage[];
      }>();
      const message = listed.messages.find((m) => m.id === both);
      assert.equal(message?.sentiment, to);
      assert.equal(message?.sentimentCorrected, true);
      const audit = await auditOf('sentiment.correct');
      assert.deepEqual(audit.at(-1), { target: `message:${both}`, details: { before, after: to } });
      // By the form on the dashboard, back to where it was sent from.
      const page = `/o/${OWN}/luisteren/${afvalSearch}?van=2025-05-01&tot=2025-05-12`;
      await webcare.get(page);
      const back = await webcare.post(`/o/${OWN}/berichten/${both}/sentiment`, {
        sentiment: before,
        terug: page,
      });
      assert.equal(back.status, 303);
      assert.equal(
        back.headers.location,
        `/o/${OWN}/luisteren/${afvalSearch}?van=2025-05-01&tot=2025-05-12&melding=sentiment#bericht-${both}`,
      );
      const shown = await webcare.get(String(back.headers.location));
      assert.match(shown.body, /Het sentiment van het bericht is gecorrigeerd/);
      assert.match(shown.body, /\(gecorrigeerd\)/);
      assert.equal(
        (await dashboard(lezer, afvalSearch, MAY.query)).sentiment[before],
        ownBefore.sentiment[before],
      );
      // An address elsewhere is not followed.
      const away = await webcare.post(`/o/${OWN}/berichten/${both}/sentiment`, {
        sentiment: before,
        terug: 'https://evil.example/',
      });
      assert.equal(away.headers.location, `/?melding=sentiment#bericht-${both}`);
    });

    test('the OpenAPI document describes the listening API with its schemas', async () => {
      const doc = (await server.client().get('/api/openapi.json')).json<{
        paths: Record<string, Record<string, { tags?: string[]; responses?: Record<string, unknown> }>>;
      }>();
      const paths: [string, string, string][] = [
        ['/api/orgs/{org}/search', 'get', '200'],
        ['/api/orgs/{org}/searches', 'get', '200'],
        ['/api/orgs/{org}/searches', 'post', '201'],
        ['/api/orgs/{org}/searches/{id}', 'get', '200'],
        ['/api/orgs/{org}/searches/{id}', 'put', '200'],
        ['/api/orgs/{org}/searches/{id}', 'delete', '204'],
        ['/api/orgs/{org}/searches/{id}/dashboard', 'get', '200'],
        ['/api/orgs/{org}/searches/{id}/messages', 'get', '200'],
        ['/api/orgs/{org}/messages/{messageId}/conversation', 'get', '200'],
        ['/api/orgs/{org}/messages/{messageId}/sentiment', 'put', '200'],
      ];
      for (const [path, method, status] of paths) {
        const operation = doc.paths[path]?.[method];
        assert.ok(operation, `${method} ${path}`);
        assert.deepEqual(operation.tags, ['listening']);
        assert.ok(operation.responses?.[status], `${method} ${path} answers ${status}`);
      }
      assert.ok(
        doc.paths['/api/orgs/{org}/search']?.get?.responses?.['400'],
        'the syntax error is described',
      );
    });

    test('tenancy: nothing of another organisation’s conversations through any route', async () => {
      const foreignOnly = idOf.get('foreign-0') as number;
      const stranger = idOf.get('stranger-1') as number;
      for (const id of [foreignOnly, stranger]) {
        assert.equal((await beheerder.get(`/o/${OWN}/gesprekken/${id}`)).status, 404);
        assert.equal((await beheerder.get(api(`/messages/${id}/conversation`))).status, 404);
        assert.equal(
          (
            await beheerder.request('PUT', api(`/messages/${id}/sentiment`), {
              json: { sentiment: 'positive' },
            })
          ).status,
          404,
        );
        await beheerder.get(`/o/${OWN}/luisteren`);
        assert.equal(
          (await beheerder.post(`/o/${OWN}/berichten/${id}/sentiment`, { sentiment: 'positive' })).status,
          404,
        );
      }
      const [corrections] = await server.db.query<{ n: number }>(
        'SELECT count(*)::integer AS n FROM sentiment_corrections WHERE message_id = ANY($1)',
        [[foreignOnly, stranger]],
      );
      assert.equal(corrections?.n, 0);
      // Search, dashboard, messages and exports never hold Amsterdam's words.
      const search = await createSearch(beheerder, {
        name: 'Geheim',
        query: `${FOREIGN_WORD} OR #amsterdam OR gescheiden`,
      });
      assert.equal(
        (await beheerder.get(api(`/search?q=${FOREIGN_WORD}`))).json<{ total: number }>().total,
        0,
      );
      const d = await dashboard(beheerder, search.id, MAY.query);
      assert.equal(d.total, 0);
      assert.equal(
        (await beheerder.get(api(`/searches/${search.id}/messages?${MAY.query}`))).json<{ total: number }>()
          .total,
        0,
      );
      for (const file of ['berichten.csv', 'tagcloud.csv', 'hashtags.csv']) {
        const csv = await beheerder.get(
          `/o/${OWN}/luisteren/${search.id}/export/${file}?van=2025-05-01&tot=2025-05-12`,
        );
        assert.doesNotMatch(csv.body, new RegExp(`${FOREIGN_WORD}|amsterdam`, 'i'), file);
      }
      const page = await beheerder.get(`/o/${OWN}/luisteren/${search.id}?van=2025-05-01&tot=2025-05-12`);
      assert.doesNotMatch(
        page.body,
        /Amsterdammer|ligt op straat in Oost/,
        'the query is on the page, no message of theirs',
      );
      const afval = await beheerder.get(`/o/${OWN}/luisteren/${afvalSearch}?van=2025-05-01&tot=2025-05-12`);
      assert.doesNotMatch(afval.body, /Amsterdammer/);
      // Another organisation's saved search is not found through this one's address.
      const theirs = (await foreign.get(`/api/orgs/${FOREIGN}/searches`)).json<{ searches: ApiSearch[] }>()
        .searches;
      assert.ok(theirs.length > 0);
      assert.ok(!theirs.some((s) => s.name === 'Geheim'));
      for (const s of theirs) {
        assert.equal((await beheerder.get(api(`/searches/${s.id}`))).status, 404);
        assert.equal((await beheerder.get(api(`/searches/${s.id}/dashboard`))).status, 404);
        assert.equal((await beheerder.get(api(`/searches/${s.id}/messages`))).status, 404);
        assert.equal((await beheerder.get(`/o/${OWN}/luisteren/${s.id}`)).status, 404);
        assert.equal((await beheerder.get(`/o/${OWN}/luisteren/${s.id}/export/berichten.csv`)).status, 404);
        assert.equal(
          (await beheerder.request('PUT', api(`/searches/${s.id}`), { json: { name: 'x', query: 'x' } }))
            .status,
          404,
        );
        assert.equal((await beheerder.request('DELETE', api(`/searches/${s.id}`))).status, 404);
      }
      // And the other way round: Amsterdam's member does not reach Utrecht at all.
      assert.equal((await foreign.get(api('/searches'))).status, 403);
    });
  });
}
