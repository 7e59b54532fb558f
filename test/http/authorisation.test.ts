/**
 * The authorisation matrix, generated from the route table: every route × every kind of caller
 * (anonymous, a login waiting for its TOTP code, a user without organisation, each role, the
 * superbeheerder) × the caller's own organisation and a foreign one, asserting allow or deny.
 * The expected access is written here by hand, independently of the routes' declarations; a
 * route without an entry (or an entry without a route) fails the suite.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLES, type Role } from '../../src/identity/roles.ts';
import { checkTotp, newTotpSecret } from '../../src/identity/totp.ts';
import { ROUTES } from '../../src/server/routes/index.ts';
import { acceptTotpStep, findUserByEmail, setTotpSecret } from '../../src/store/users.ts';
import { ENGINES } from '../support/engines.ts';
import {
  type Client,
  FOREIGN,
  OWN,
  PASSWORD,
  type Reply,
  startTestServer,
  type TestServer,
} from '../support/server.ts';

type Expected =
  | { who: 'public' }
  | { who: 'pending' }
  | { who: 'users' }
  | { who: 'super' }
  | { who: 'members'; roles: readonly Role[] };

const PUBLIC = { who: 'public' } as const;
const USERS = { who: 'users' } as const;
const PENDING = { who: 'pending' } as const;
const EVERY_ROLE = { who: 'members', roles: ROLES } as const;
const BEHEERDER = { who: 'members', roles: ['beheerder'] } as const;
/** Who saves searches, and who corrects sentiment (roles.ts's listening rights, written out here). */
const SEARCHERS = { who: 'members', roles: ['beheerder', 'webcare', 'redacteur', 'analist'] } as const;
const CORRECTORS = { who: 'members', roles: ['beheerder', 'webcare', 'analist'] } as const;
/** Who works the webcare inbox. */
const AGENTS = { who: 'members', roles: ['beheerder', 'webcare'] } as const;
/** Who reads the webcare team's figures per agent: the beheerder, the team and the analist. */
const FIGURE_READERS = { who: 'members', roles: ['beheerder', 'webcare', 'analist'] } as const;

/** Who may call each route. Keep in step with the route table; the test says when it is not. */
const EXPECTED: Record<string, Expected> = {
  'GET /healthz': PUBLIC,
  'GET /readyz': PUBLIC,
  'GET /api/openapi.json': PUBLIC,
  'GET /assets/nlds.css': PUBLIC,
  'GET /assets/theme.css': PUBLIC,
  'GET /assets/meetlat.css': PUBLIC,
  'GET /assets/webcare.js': PUBLIC,
  'GET /assets/yardstick.css': PUBLIC,
  'GET /inloggen': PUBLIC,
  'POST /inloggen': PUBLIC,
  'GET /inloggen/code': PENDING,
  'POST /inloggen/code': PENDING,
  'POST /uitloggen': USERS,
  'POST /taal': PUBLIC,
  'POST /api/session': PUBLIC,
  'POST /api/session/totp': PENDING,
  'DELETE /api/session': USERS,
  'GET /api/me': USERS,
  'GET /': USERS,
  'GET /api/orgs': USERS,
  'GET /o/:org': EVERY_ROLE,
  // Listening: every member reads, searches and exports; saving searches and correcting
  // sentiment are for some roles only.
  'GET /o/:org/luisteren': EVERY_ROLE,
  'POST /o/:org/luisteren': SEARCHERS,
  'GET /o/:org/luisteren/hulp': EVERY_ROLE,
  'GET /o/:org/luisteren/:id': EVERY_ROLE,
  'GET /o/:org/luisteren/:id/bewerken': SEARCHERS,
  'POST /o/:org/luisteren/:id/bewerken': SEARCHERS,
  'POST /o/:org/luisteren/:id/verwijderen': SEARCHERS,
  'GET /o/:org/luisteren/:id/export/:file': EVERY_ROLE,
  'GET /o/:org/gesprekken/:messageId': EVERY_ROLE,
  'POST /o/:org/berichten/:messageId/sentiment': CORRECTORS,
  'GET /api/orgs/:org/search': EVERY_ROLE,
  'GET /api/orgs/:org/searches': EVERY_ROLE,
  'POST /api/orgs/:org/searches': SEARCHERS,
  'GET /api/orgs/:org/searches/:id': EVERY_ROLE,
  'PUT /api/orgs/:org/searches/:id': SEARCHERS,
  'DELETE /api/orgs/:org/searches/:id': SEARCHERS,
  'GET /api/orgs/:org/searches/:id/dashboard': EVERY_ROLE,
  'GET /api/orgs/:org/searches/:id/messages': EVERY_ROLE,
  'GET /api/orgs/:org/messages/:messageId/conversation': EVERY_ROLE,
  'PUT /api/orgs/:org/messages/:messageId/sentiment': CORRECTORS,
  // Alerts: every member sees a search's rules and reads their own notifications; adding,
  // changing and deleting rules is for those who save searches.
  'GET /o/:org/luisteren/:id/meldingen': EVERY_ROLE,
  'POST /o/:org/luisteren/:id/meldingen': SEARCHERS,
  'GET /o/:org/luisteren/:id/meldingen/:ruleId/bewerken': SEARCHERS,
  'POST /o/:org/luisteren/:id/meldingen/:ruleId/bewerken': SEARCHERS,
  'POST /o/:org/luisteren/:id/meldingen/:ruleId/schakelen': SEARCHERS,
  'GET /o/:org/luisteren/:id/meldingen/:ruleId/verwijderen': SEARCHERS,
  'POST /o/:org/luisteren/:id/meldingen/:ruleId/verwijderen': SEARCHERS,
  'GET /o/:org/meldingen': EVERY_ROLE,
  'POST /o/:org/meldingen/gelezen': EVERY_ROLE,
  'POST /o/:org/meldingen/:notificationId/gelezen': EVERY_ROLE,
  'GET /api/orgs/:org/searches/:id/alerts': EVERY_ROLE,
  'POST /api/orgs/:org/searches/:id/alerts': SEARCHERS,
  'GET /api/orgs/:org/alerts/:ruleId': EVERY_ROLE,
  'PUT /api/orgs/:org/alerts/:ruleId': SEARCHERS,
  'DELETE /api/orgs/:org/alerts/:ruleId': SEARCHERS,
  'GET /api/orgs/:org/notifications': EVERY_ROLE,
  'POST /api/orgs/:org/notifications/:notificationId/read': EVERY_ROLE,
  'POST /api/orgs/:org/notifications/read-all': EVERY_ROLE,
  // Webcare: every member reads the inbox and its cases (the organisation's messages); working
  // them is for webcare and the beheerder.
  'GET /o/:org/webcare': EVERY_ROLE,
  'GET /o/:org/webcare/zaken/:caseId': EVERY_ROLE,
  'GET /o/:org/webcare/live': EVERY_ROLE,
  'GET /o/:org/webcare/instellingen': BEHEERDER,
  'POST /o/:org/webcare/instellingen': BEHEERDER,
  'POST /o/:org/webcare/instellingen/kanalen': BEHEERDER,
  'GET /o/:org/webcare/cijfers': FIGURE_READERS,
  'GET /o/:org/webcare/cijfers.csv': FIGURE_READERS,
  'GET /api/orgs/:org/webcare/figures': FIGURE_READERS,
  'POST /o/:org/webcare/zaken/:caseId/nemen': AGENTS,
  'POST /o/:org/webcare/zaken/:caseId/toewijzen': AGENTS,
  'POST /o/:org/webcare/zaken/:caseId/status': AGENTS,
  'POST /o/:org/webcare/zaken/:caseId/labels': AGENTS,
  'POST /o/:org/webcare/zaken/:caseId/notitie': AGENTS,
  'GET /api/orgs/:org/cases': EVERY_ROLE,
  'GET /api/orgs/:org/cases/:caseId': EVERY_ROLE,
  'POST /api/orgs/:org/cases/:caseId/claim': AGENTS,
  'PUT /api/orgs/:org/cases/:caseId/assignee': AGENTS,
  'PUT /api/orgs/:org/cases/:caseId/status': AGENTS,
  'PUT /api/orgs/:org/cases/:caseId/labels': AGENTS,
  'POST /api/orgs/:org/cases/:caseId/notes': AGENTS,
  'POST /o/:org/webcare/zaken/:caseId/antwoord': AGENTS,
  'POST /o/:org/webcare/zaken/:caseId/antwoorden/:replyId/opnieuw': AGENTS,
  'POST /api/orgs/:org/cases/:caseId/replies/draft': AGENTS,
  'POST /api/orgs/:org/cases/:caseId/replies': AGENTS,
  'POST /api/orgs/:org/cases/:caseId/replies/:replyId/retry': AGENTS,
  'GET /o/:org/webcare/antwoorden': AGENTS,
  'POST /o/:org/webcare/antwoorden': AGENTS,
  'GET /o/:org/webcare/antwoorden/:answerId': AGENTS,
  'POST /o/:org/webcare/antwoorden/:answerId': AGENTS,
  'POST /o/:org/webcare/antwoorden/:answerId/verwijderen': AGENTS,
  'GET /api/orgs/:org/canned-answers': AGENTS,
  'POST /api/orgs/:org/canned-answers': AGENTS,
  'PUT /api/orgs/:org/canned-answers/:answerId': AGENTS,
  'DELETE /api/orgs/:org/canned-answers/:answerId': AGENTS,
  'GET /o/:org/groeimodel': EVERY_ROLE,
  'GET /o/:org/publiceren': EVERY_ROLE,
  // The yardstick: aggregate figures of every organisation, public to every user.
  'GET /api/yardstick': USERS,
  'GET /api/yardstick/orgs/:code': USERS,
  'GET /api/yardstick/map': USERS,
  'GET /meetlat': USERS,
  'GET /meetlat/kaart': USERS,
  'GET /o/:org/meetlat': EVERY_ROLE,
  // Organisation settings, channels, members, audit log.
  'GET /o/:org/instellingen': BEHEERDER,
  'POST /o/:org/instellingen': BEHEERDER,
  'GET /api/orgs/:org/settings': BEHEERDER,
  'PUT /api/orgs/:org/settings': BEHEERDER,
  'GET /o/:org/kanalen': EVERY_ROLE,
  'GET /api/orgs/:org/channels': EVERY_ROLE,
  'GET /o/:org/kanalen/toevoegen/:platform': BEHEERDER,
  'POST /o/:org/kanalen/toevoegen/:platform': BEHEERDER,
  'POST /o/:org/kanalen/:account/pauzeren': BEHEERDER,
  'POST /o/:org/kanalen/:account/hervatten': BEHEERDER,
  'POST /o/:org/kanalen/:account/synchroniseren': BEHEERDER,
  'GET /api/orgs/:org/channels/platforms': BEHEERDER,
  'POST /api/orgs/:org/channels': BEHEERDER,
  'PATCH /api/orgs/:org/channels/:account': BEHEERDER,
  'POST /api/orgs/:org/channels/:account/sync': BEHEERDER,
  'GET /o/:org/gebruikers': BEHEERDER,
  'POST /o/:org/gebruikers': BEHEERDER,
  'POST /o/:org/gebruikers/:userId/rol': BEHEERDER,
  'POST /o/:org/gebruikers/:userId/verwijderen': BEHEERDER,
  'GET /api/orgs/:org/members': BEHEERDER,
  'POST /api/orgs/:org/members': BEHEERDER,
  'PATCH /api/orgs/:org/members/:userId': BEHEERDER,
  'DELETE /api/orgs/:org/members/:userId': BEHEERDER,
  'GET /o/:org/logboek': BEHEERDER,
  'GET /o/:org/logboek.csv': BEHEERDER,
  'GET /api/orgs/:org/audit': BEHEERDER,
  'GET /api/orgs/:org/audit.csv': BEHEERDER,
  // The user's own account.
  'GET /account': USERS,
  'POST /account/profiel': USERS,
  'POST /account/wachtwoord': USERS,
  'POST /account/2fa/start': USERS,
  'POST /account/2fa/bevestigen': USERS,
  'POST /account/2fa/uit': USERS,
  'PUT /api/me/profile': USERS,
  'PUT /api/me/password': USERS,
  'POST /api/me/totp': USERS,
  'POST /api/me/totp/confirm': USERS,
  'POST /api/me/totp/disable': USERS,
  // Password reset and OIDC: before login.
  'GET /wachtwoord-vergeten': PUBLIC,
  'POST /wachtwoord-vergeten': PUBLIC,
  'GET /wachtwoord-herstellen': PUBLIC,
  'POST /wachtwoord-herstellen': PUBLIC,
  'POST /api/password-reset': PUBLIC,
  'POST /api/password-reset/complete': PUBLIC,
  'GET /inloggen/oidc': PUBLIC,
  'GET /inloggen/oidc/terug': PUBLIC,
};

type Caller = 'anonymous' | 'pending' | 'nobody' | Role | 'superbeheerder';
const CALLERS: readonly Caller[] = ['anonymous', 'pending', 'nobody', ...ROLES, 'superbeheerder'];

function allowed(expected: Expected, caller: Caller, org: 'own' | 'foreign' | null): boolean {
  switch (expected.who) {
    case 'public':
      return true;
    case 'pending':
      return caller === 'pending';
    case 'users':
      return caller !== 'anonymous' && caller !== 'pending';
    case 'super':
      return caller === 'superbeheerder';
    case 'members':
      return (
        caller === 'superbeheerder' ||
        (org === 'own' && (expected.roles as readonly string[]).includes(caller))
      );
  }
}

/** Denied: 401, 403, or (for a page) the way to the login form and back. */
function denied(reply: Reply): boolean {
  if (reply.status === 401 || reply.status === 403) return true;
  const location = String(reply.headers.location ?? '');
  return reply.status === 303 && location.startsWith('/inloggen?terug=');
}

/** A URL for the route: `:org` as given, other parameters a number no row has. */
function urlFor(url: string, org: string | null): string {
  return url.replace(':org', org ?? '').replace(/:[a-zA-Z]+/g, '999999');
}

test('every route has an expected access, and every expectation a route', () => {
  const routes = ROUTES.map((r) => `${r.method} ${r.url}`);
  assert.deepEqual(
    routes.filter((r) => !(r in EXPECTED)),
    [],
    'routes without an entry in the authorisation matrix',
  );
  assert.deepEqual(
    Object.keys(EXPECTED).filter((key) => !routes.includes(key)),
    [],
    'matrix entries without a route',
  );
  assert.equal(new Set(routes).size, routes.length, 'a route is in the table twice');
});

for (const engine of ENGINES) {
  describe(`authorisation matrix [${engine}]`, () => {
    let server: TestServer;
    const clients = new Map<Caller, Client>();
    let address = 0;

    async function login(caller: Caller): Promise<Client> {
      const remote = `10.0.${CALLERS.indexOf(caller)}.${++address % 250}`;
      if (caller === 'anonymous') {
        const client = server.client(remote);
        await client.get('/inloggen');
        return client;
      }
      if (caller === 'pending') {
        const client = server.client(remote);
        const reply = await client.login('totp@meetlat.test', PASSWORD);
        assert.equal(reply.headers.location?.toString().startsWith('/inloggen/code'), true);
        await client.get('/inloggen/code');
        return client;
      }
      return server.loggedIn(caller, remote);
    }

    before(async () => {
      server = await startTestServer(engine);
      const { addUser } = await import('../../src/identity/people.ts');
      await addUser(
        server.db,
        { userId: null, name: 'test', ip: null },
        { email: 'totp@meetlat.test', name: 'Met TOTP', password: PASSWORD },
      );
      const user = await findUserByEmail(server.db, 'totp@meetlat.test');
      const secret = newTotpSecret();
      await setTotpSecret(server.db, Number(user?.id), {
        secret: server.context.box.sealForUser(secret, Number(user?.id)),
        keyId: server.context.box.keyId,
      });
      const step = await checkTotp(
        secret,
        await (await import('../../src/identity/totp.ts')).totpCode(secret),
        null,
      );
      assert.ok(step !== null && (await acceptTotpStep(server.db, Number(user?.id), step)));
      for (const caller of CALLERS) clients.set(caller, await login(caller));
    });
    after(() => server.close());

    test('each route allows exactly the callers it should, in their own organisation only', async () => {
      const wrong: string[] = [];
      let checked = 0;
      for (const route of ROUTES) {
        const key = `${route.method} ${route.url}`;
        const expected = EXPECTED[key];
        if (!expected) continue;
        const orgs: ('own' | 'foreign' | null)[] = route.url.includes(':org') ? ['own', 'foreign'] : [null];
        for (const caller of CALLERS) {
          for (const org of orgs) {
            let client = clients.get(caller) as Client;
            const url = urlFor(route.url, org === 'own' ? OWN : org === 'foreign' ? FOREIGN : null);
            const reply = await client.request(route.method, url, route.method === 'GET' ? {} : { json: {} });
            checked++;
            const should = allowed(expected, caller, org);
            if (denied(reply) === should) {
              wrong.push(
                `${key} as ${caller}${org ? ` (${org})` : ''}: ${reply.status} ${reply.headers.location ?? ''}, expected ${should ? 'allow' : 'deny'}`,
              );
            }
            // A route that ended the session (logout) or began another: log in again.
            if (route.method !== 'GET' && caller !== 'anonymous') {
              const still =
                caller === 'pending' ? await client.get('/inloggen/code') : await client.get('/api/me');
              if (still.status !== 200) {
                client = await login(caller);
                clients.set(caller, client);
              } else if (caller !== 'pending') {
                await client.refreshCsrf();
              }
            }
          }
        }
      }
      assert.deepEqual(wrong, [], `${wrong.length} of ${checked} checks wrong`);
      assert.ok(checked >= ROUTES.length * CALLERS.length);
    });
  });
}
