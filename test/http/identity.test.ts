/**
 * Identity flows over HTTP, on both engines: login and its generic refusal, CSRF, session
 * fixation, lock-out and rate limiting, logout, the account page (profile, password, TOTP
 * enrolment), two-factor login with one-time codes, password reset through a real SMTP sink on
 * loopback, and OIDC login against a real OpenID Provider (`oidc-provider`) on loopback.
 *
 * Each client gets an address of its own (the test client's `remoteAddress`), so the per-address
 * rate limits of one test do not spill into the next.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { addUser } from '../../src/identity/people.ts';
import { totpCode } from '../../src/identity/totp.ts';
import { type Mailer, smtpMailer } from '../../src/server/mail.ts';
import type { OidcSettings } from '../../src/server/oidc.ts';
import { consumePasswordReset, createPasswordReset } from '../../src/store/passwordResets.ts';
import { hashToken } from '../../src/store/sessions.ts';
import { setDisabled } from '../../src/store/users.ts';
import { ENGINES } from '../support/engines.ts';
import { type Client, PASSWORD, type Reply, startTestServer, type TestServer } from '../support/server.ts';

const PUBLIC_URL = 'http://127.0.0.1:8080';
const CALLBACK = '/inloggen/oidc/terug';
const SESSION_COOKIE = 'meetlat_sessie';
const LOGIN_FAILED_NL =
  'Het e-mailadres of wachtwoord klopt niet, of het account is na te veel pogingen tijdelijk geblokkeerd.';

// --- Clients with an address of their own ---------------------------------------------------

let addressCounter = 0;

function clientAt(server: TestServer): Client {
  const n = ++addressCounter;
  return server.client(`10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`);
}

/** Logs in through the form and picks up the new session's CSRF token. */
async function login(client: Client, email: string, password = PASSWORD): Promise<Reply> {
  const reply = await client.login(email, password);
  if (reply.status === 303) await client.refreshCsrf();
  return reply;
}

async function freshUser(server: TestServer, name: string): Promise<string> {
  const email = `${name}-${++addressCounter}@meetlat.test`;
  await addUser(
    server.db,
    { userId: null, name: 'test', ip: null },
    { email, name: `Test ${name}`, password: PASSWORD },
  );
  return email;
}

async function userRow(server: TestServer, email: string) {
  const [row] = await server.db.query<{
    id: number;
    totp_enabled: boolean;
    locked_until: Date | null;
    failed_logins: number;
  }>('SELECT id, totp_enabled, locked_until, failed_logins FROM users WHERE email = $1', [email]);
  assert.ok(row, `user ${email}`);
  return { ...row, id: Number(row.id) };
}

async function auditActions(server: TestServer, userId: number): Promise<string[]> {
  const rows = await server.db.query<{ action: string }>(
    'SELECT action FROM audit_log WHERE user_id = $1 ORDER BY id',
    [userId],
  );
  return rows.map((r) => r.action);
}

/** The text of the page's alert, if any. */
function alertText(body: string): string | null {
  const match =
    /<div class="utrecht-alert[^"]*" role="\w+"><div class="utrecht-alert__content"><p class="utrecht-paragraph">([^<]*)<\/p>/.exec(
      body,
    );
  return match?.[1] ?? null;
}

/** The main content without CSRF tokens, to compare two answers. */
function mainContent(body: string): string {
  const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(body)?.[1] ?? '';
  return main.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf"');
}

function location(reply: Reply): string {
  return String(reply.headers.location ?? '');
}

/** A client holding only `token` as its session cookie (another browser with a copied cookie). */
function withSessionCookie(server: TestServer, token: string): Client {
  const client = clientAt(server);
  client.cookies.set(SESSION_COOKIE, token);
  return client;
}

// --- An SMTP sink on loopback -----------------------------------------------------------------

interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

class MailSink {
  readonly mails: ReceivedMail[] = [];
  private waiters: (() => void)[] = [];
  private server: SMTPServer;
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      // A plain relay on loopback, as a local mail relay often is: no STARTTLS offered.
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.mails.push(parseMail(Buffer.concat(chunks).toString('latin1'), session.envelope.rcptTo));
          for (const wake of this.waiters.splice(0)) wake();
          callback();
        });
      },
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  /** The first mail from `from` on that satisfies `accept`; fails after 10 s without one. */
  async next(from: number, accept: (mail: ReceivedMail) => boolean): Promise<ReceivedMail> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = this.mails.slice(from).find(accept);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no such mail arrived within 10 s');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function parseMail(raw: string, rcptTo: { address: string }[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  let body = raw.slice(split + 4);
  if (/^content-transfer-encoding:\s*quoted-printable/im.test(head)) {
    body = Buffer.from(
      body
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  } else if (/^content-transfer-encoding:\s*base64/im.test(head)) {
    body = Buffer.from(body, 'base64').toString('utf8');
  }
  const subject = /^subject:\s*(.*)$/im.exec(head)?.[1] ?? '';
  return { to: rcptTo.map((r) => r.address), subject: decodeSubject(subject), text: body };
}

function decodeSubject(subject: string): string {
  return subject.replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
    kind.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

// --- An OpenID Provider on loopback ---------------------------------------------------------

interface ProviderAccount {
  email: string;
  email_verified: boolean;
}

const CLIENT_ID = 'meetlat-test';
const CLIENT_SECRET = 'een-geheim-voor-de-test-van-meetlat-0123456789';

class TestProvider {
  readonly accounts = new Map<string, ProviderAccount>();
  private http: Server | null = null;
  issuer = '';

  async start(): Promise<void> {
    const http = createServer();
    this.http = http;
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    // oidc-provider ships no types; the little used here is typed by hand.
    const specifier = 'oidc-provider';
    const { default: Provider } = (await import(specifier)) as {
      default: new (
        issuer: string,
        configuration: Record<string, unknown>,
      ) => { callback(): (req: unknown, res: unknown) => void };
    };
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const provider = new Provider(this.issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: [`${PUBLIC_URL}${CALLBACK}`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', alg: 'RS256', use: 'sig' }] },
      cookies: { keys: ['cookie-key-for-the-test-provider'] },
      claims: { openid: ['sub'], email: ['email', 'email_verified'] },
      features: { devInteractions: { enabled: true } },
      findAccount: async (_ctx: unknown, id: string) => {
        const account = this.accounts.get(id);
        if (!account) return undefined;
        return { accountId: id, claims: async () => ({ sub: id, ...account }) };
      },
    });
    http.on('request', provider.callback());
  }

  settings(): OidcSettings {
    return { issuer: this.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, label: 'Testprovider' };
  }

  /**
   * Walks a browser through the provider from the authorization URL: the dev login form (any
   * password), the consent form, until the redirect to Meetlat's callback, which it returns.
   */
  async authorize(authorizationUrl: string, login: string): Promise<URL> {
    const jar = new Map<string, string>();
    let url = authorizationUrl;
    let form: URLSearchParams | null = null;
    for (let step = 0; step < 20; step++) {
      const response = await fetch(url, {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        headers: {
          ...(jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: form?.toString(),
      });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = cookie.split(';');
        const name = pair.slice(0, pair.indexOf('='));
        const value = pair.slice(pair.indexOf('=') + 1);
        const expires = attributes.find((a) => /^\s*expires=/i.test(a));
        const gone =
          value === '' || (expires && new Date(expires.split('=')[1] ?? '').getTime() < Date.now());
        if (gone) jar.delete(name);
        else jar.set(name, value);
      }
      form = null;
      if (response.status >= 300 && response.status < 400) {
        const next = new URL(response.headers.get('location') ?? '', url);
        if (next.href.startsWith(`${PUBLIC_URL}${CALLBACK}`)) return next;
        url = next.href;
        continue;
      }
      const page = await response.text();
      assert.equal(response.status, 200, `provider answered ${response.status}: ${page.slice(0, 300)}`);
      const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
      assert.ok(action && prompt, 'a login or consent form');
      url = new URL(action.replace(/&amp;/g, '&'), url).href;
      form = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'egal' } : { prompt });
    }
    throw new Error('the provider did not send the browser back');
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.http) return resolve();
      this.http.closeAllConnections();
      this.http.close(() => resolve());
    });
  }
}

/** Logs `client` in at the provider as `login`; returns Meetlat's answer to the callback. */
async function oidcLogin(
  client: Client,
  provider: TestProvider,
  login: string,
  tamper?: (callback: URL) => void,
): Promise<Reply> {
  const start = await client.get('/inloggen/oidc?terug=%2Faccount');
  assert.equal(start.status, 303);
  assert.ok(location(start).startsWith(`${provider.issuer}/`), location(start));
  const callback = await provider.authorize(location(start), login);
  tamper?.(callback);
  return client.get(`${callback.pathname}${callback.search}`);
}

// --- The suites -----------------------------------------------------------------------------

const sink = new MailSink();
const provider = new TestProvider();
const mailers: Mailer[] = [];

before(async () => {
  await Promise.all([sink.start(), provider.start()]);
});

after(async () => {
  for (const mailer of mailers) mailer.close();
  await Promise.all([sink.close(), provider.close()]);
});

for (const engine of ENGINES) {
  describe(`identity flows [${engine}]`, () => {
    let server: TestServer;

    before(async () => {
      const mailer = smtpMailer(`smtp://127.0.0.1:${sink.port}`, 'Meetlat <meetlat@test>');
      mailers.push(mailer);
      server = await startTestServer(engine, {
        mailer,
        oidc: provider.settings(),
        publicUrl: PUBLIC_URL,
      });
    });

    after(async () => {
      await server?.close();
    });

    test('login works; a wrong password and an unknown address get the same 401 answer', async () => {
      const ok = clientAt(server);
      const reply = await login(ok, server.emailOf('lezer'));
      assert.equal(reply.status, 303);
      assert.equal(location(reply), '/');
      const me = await ok.get('/api/me');
      assert.equal(me.status, 200);
      assert.equal(me.json<{ email: string }>().email, server.emailOf('lezer'));

      const wrong = await clientAt(server).login(server.emailOf('analist'), 'niet het goede wachtwoord');
      assert.equal(wrong.status, 401);
      assert.equal(alertText(wrong.body), LOGIN_FAILED_NL);
      assert.equal(String(wrong.headers['set-cookie'] ?? '').includes(SESSION_COOKIE), false);

      const unknown = await clientAt(server).login('niemand@nergens.test', 'niet het goede wachtwoord');
      assert.equal(unknown.status, 401);
      assert.equal(alertText(unknown.body), LOGIN_FAILED_NL);
      // The two answers differ only in the e-mail address put back in the form.
      assert.equal(
        mainContent(wrong.body).replace(server.emailOf('analist'), 'X'),
        mainContent(unknown.body).replace('niemand@nergens.test', 'X'),
      );
    });

    test('CSRF: a post without a token, with the token of another session, or an API call without the header is refused', async () => {
      const anonymous = clientAt(server);
      await anonymous.get('/inloggen');
      const noTokenLogin = await anonymous.request('POST', '/inloggen', {
        form: { email: server.emailOf('lezer'), password: PASSWORD },
        csrf: false,
      });
      assert.equal(noTokenLogin.status, 403);

      const alice = clientAt(server);
      await login(alice, server.emailOf('webcare'));
      const bob = clientAt(server);
      await login(bob, server.emailOf('redacteur'));

      const noToken = await alice.request('POST', '/uitloggen', { form: {}, csrf: false });
      assert.equal(noToken.status, 403);
      const othersToken = await alice.request('POST', '/uitloggen', {
        form: { _csrf: bob.csrf ?? '' },
        csrf: false,
      });
      assert.equal(othersToken.status, 403);
      const apiNoHeader = await alice.request('DELETE', '/api/session', { csrf: false });
      assert.equal(apiNoHeader.status, 403);
      const apiOthersHeader = await alice.request('DELETE', '/api/session', {
        headers: { 'x-csrf-token': bob.csrf ?? '' },
        csrf: false,
      });
      assert.equal(apiOthersHeader.status, 403);
      assert.equal((await alice.get('/api/me')).status, 200, 'still logged in after the refused posts');

      const apiOwn = await alice.request('DELETE', '/api/session');
      assert.equal(apiOwn.status, 204);
      assert.equal((await alice.get('/api/me')).status, 401);
    });

    test('session fixation: the session cookie changes at login and a planted one dies', async () => {
      // An attacker logs in, and plants their session cookie in the victim's browser.
      const attacker = clientAt(server);
      await login(attacker, server.emailOf('nobody'));
      const planted = attacker.cookies.get(SESSION_COOKIE);
      assert.ok(planted);
      const victim = withSessionCookie(server, planted);
      // The victim's browser is now logged in as the attacker; the victim logs in from there.
      await victim.refreshCsrf();
      const reply = await victim.post('/inloggen', {
        email: server.emailOf('archivaris'),
        password: PASSWORD,
      });
      assert.equal(reply.status, 303);
      const after = victim.cookies.get(SESSION_COOKIE);
      assert.ok(after);
      assert.notEqual(after, planted);
      assert.equal((await withSessionCookie(server, planted).get('/api/me')).status, 401);
      const me = await victim.get('/api/me');
      assert.equal(me.json<{ email: string }>().email, server.emailOf('archivaris'));

      // A made-up cookie value is replaced too.
      const made = clientAt(server);
      made.cookies.set(SESSION_COOKIE, 'gekozen-door-de-aanvaller-0123456789abcdef');
      await login(made, server.emailOf('lezer'));
      assert.notEqual(made.cookies.get(SESSION_COOKIE), 'gekozen-door-de-aanvaller-0123456789abcdef');

      // Logging in again in the same browser gives a new session and ends the old one.
      const again = made.cookies.get(SESSION_COOKIE) ?? '';
      await login(made, server.emailOf('lezer'));
      assert.notEqual(made.cookies.get(SESSION_COOKIE), again);
      assert.equal((await withSessionCookie(server, again).get('/api/me')).status, 401);
    });

    test('lock-out: five wrong passwords lock the account, then even the right one is refused', async () => {
      const email = await freshUser(server, 'slot');
      const client = clientAt(server);
      for (let i = 0; i < 5; i++) {
        const wrong = await client.login(email, `fout wachtwoord ${i}`);
        assert.equal(wrong.status, 401);
      }
      const row = await userRow(server, email);
      assert.ok(row.locked_until && row.locked_until > new Date(), 'locked');
      const right = await clientAt(server).login(email, PASSWORD);
      assert.equal(right.status, 401);
      assert.equal(alertText(right.body), LOGIN_FAILED_NL);
      assert.ok((await auditActions(server, row.id)).includes('user.login_failed'));
    });

    test('rate limiting: the 11th login post from one address within a minute gets 429', async () => {
      const client = clientAt(server);
      await client.get('/inloggen');
      for (let i = 0; i < 10; i++) {
        const reply = await client.post('/inloggen', { email: `onbekend${i}@nergens.test`, password: 'x' });
        assert.equal(reply.status, 401, `attempt ${i + 1}`);
      }
      const limited = await client.post('/inloggen', { email: server.emailOf('lezer'), password: PASSWORD });
      assert.equal(limited.status, 429);
      // Another address is not affected.
      assert.equal((await clientAt(server).login(server.emailOf('lezer'), PASSWORD)).status, 303);
    });

    test('logout ends the session: the old cookie opens nothing', async () => {
      const client = clientAt(server);
      await login(client, server.emailOf('lezer'));
      const token = client.cookies.get(SESSION_COOKIE);
      assert.ok(token);
      const out = await client.post('/uitloggen', {});
      assert.equal(out.status, 303);
      assert.equal(location(out), '/inloggen?uit=1');
      assert.equal(client.cookies.has(SESSION_COOKIE), false);
      const stale = withSessionCookie(server, token);
      const page = await stale.get('/');
      assert.equal(page.status, 303);
      assert.ok(location(page).startsWith('/inloggen'));
      assert.equal((await stale.get('/api/me')).status, 401);
    });

    test('a session lives on with use (written at most once a minute, never past its maximum age) and ends when idle', async () => {
      const client = clientAt(server);
      await login(client, await freshUser(server, 'sessie'));
      const token = client.cookies.get(SESSION_COOKIE) ?? '';
      const row = async () =>
        (
          await server.db.query<{ last_seen_at: Date; expires_at: Date; created_at: Date }>(
            'SELECT last_seen_at, expires_at, created_at FROM sessions WHERE token_hash = $1',
            [hashToken(token)],
          )
        )[0];
      const age = (sql: string) =>
        server.db.execute(`UPDATE sessions SET ${sql} WHERE token_hash = $1`, [hashToken(token)]);

      // Used again within the minute: nothing is written.
      const first = await row();
      assert.equal((await client.get('/api/me')).status, 200);
      assert.deepEqual(await row(), first, 'a request within a minute of the last one writes nothing');

      // Used after ten idle minutes: the idle expiry moves on to eight hours from now.
      await age(
        `last_seen_at = now() - interval '10 minutes', expires_at = now() + interval '7 hours 50 minutes'`,
      );
      assert.equal((await client.get('/api/me')).status, 200);
      const moved = await row();
      assert.ok(moved);
      assert.ok(Date.now() - moved.last_seen_at.getTime() < 60_000, 'last seen now');
      const idleLeft = moved.expires_at.getTime() - Date.now();
      assert.ok(
        idleLeft > 7.9 * 3600_000 && idleLeft <= 8 * 3600_000 + 60_000,
        `idle expiry: ${idleLeft} ms`,
      );

      // Never past the maximum age of seven days from the login.
      await age(
        `created_at = now() - interval '6 days 23 hours', last_seen_at = now() - interval '2 minutes'`,
      );
      assert.equal((await client.get('/api/me')).status, 200);
      const capped = await row();
      assert.ok(capped);
      assert.ok(
        Math.abs(capped.expires_at.getTime() - (capped.created_at.getTime() + 7 * 24 * 3600_000)) < 1000,
        'capped at the maximum age',
      );

      // Idle past its expiry: the cookie opens nothing.
      await age(`expires_at = now() - interval '1 second', last_seen_at = now() - interval '8 hours'`);
      assert.equal((await client.get('/api/me')).status, 401);
      await age(`expires_at = now() + interval '1 hour', last_seen_at = now()`);
      assert.equal((await client.get('/api/me')).status, 200, 'the same row, live again, still opens');
    });

    test('account: profile, and a password change that ends the other sessions only', async () => {
      const email = await freshUser(server, 'konto');
      const here = clientAt(server);
      await login(here, email);
      const elsewhere = clientAt(server);
      await login(elsewhere, email);

      const page = await here.get('/account');
      assert.equal(page.status, 200);
      assert.match(page.body, /<h1 class="utrecht-heading-1">Mijn account<\/h1>/);
      assert.match(page.body, /<label class="utrecht-form-label" for="veld-initials">/);

      const badInitials = await here.post('/account/profiel', {
        name: 'Bea Kok',
        initials: 'B.K.',
        locale: 'nl',
      });
      assert.equal(badInitials.status, 400);
      assert.match(badInitials.body, /aria-invalid="true"/);
      assert.match(badInitials.body, /Initialen zijn één tot vijf letters/);

      const saved = await here.post('/account/profiel', { name: 'Bea Kok', initials: 'bk', locale: 'en' });
      assert.equal(saved.status, 303);
      const me = (await here.get('/api/me')).json<{ name: string; initials: string; locale: string }>();
      assert.deepEqual([me.name, me.initials, me.locale], ['Bea Kok', 'BK', 'en']);
      assert.match((await here.get('/account?klaar=gegevens')).body, /Your details have been saved\./);

      const api = await here.request('PUT', '/api/me/profile', {
        json: { name: 'Bea de Kok', initials: null, locale: 'nl' },
      });
      assert.equal(api.status, 200);
      assert.deepEqual(api.json(), { name: 'Bea de Kok', initials: null, locale: 'nl' });
      const apiBad = await here.request('PUT', '/api/me/profile', { json: { name: '', locale: 'nl' } });
      assert.equal(apiBad.status, 400);
      const apiNoCsrf = await here.request('PUT', '/api/me/profile', {
        json: { name: 'X', locale: 'nl' },
        csrf: false,
      });
      assert.equal(apiNoCsrf.status, 403);

      await here.get('/account');
      const wrongCurrent = await here.post('/account/wachtwoord', {
        currentPassword: 'niet het huidige wachtwoord',
        newPassword: 'een nieuw en lang wachtwoord',
      });
      assert.equal(wrongCurrent.status, 400);
      assert.equal(alertText(wrongCurrent.body), 'Het huidige wachtwoord klopt niet.');
      const tooShort = await here.post('/account/wachtwoord', {
        currentPassword: PASSWORD,
        newPassword: 'kort',
      });
      assert.equal(tooShort.status, 400);
      assert.equal(alertText(tooShort.body), 'Het wachtwoord moet minstens 12 tekens hebben.');

      const changed = await here.post('/account/wachtwoord', {
        currentPassword: PASSWORD,
        newPassword: 'een nieuw en lang wachtwoord',
      });
      assert.equal(changed.status, 303);
      assert.equal((await here.get('/api/me')).status, 200, 'this session stays');
      assert.equal((await elsewhere.get('/api/me')).status, 401, 'the other session ended');
      assert.equal((await clientAt(server).login(email, PASSWORD)).status, 401);
      assert.equal((await clientAt(server).login(email, 'een nieuw en lang wachtwoord')).status, 303);

      const { id } = await userRow(server, email);
      const actions = await auditActions(server, id);
      for (const action of ['user.profile', 'user.password_change_failed', 'user.password_change'])
        assert.ok(actions.includes(action), action);
    });

    test('2FA: enrol on the account page; login then needs a code, a wrong one fails, a code works once', async () => {
      const email = await freshUser(server, 'totp');
      const client = clientAt(server);
      await login(client, email);
      const before = await client.get('/account');
      assert.match(before.body, /Tweestapsverificatie staat uit/);

      const started = await client.post('/account/2fa/start', {});
      assert.equal(started.status, 303);
      const page = await client.get(location(started));
      assert.equal(page.status, 200);
      // The QR code is an image with alt text, its SVG inside a data: URL, never markup in the page.
      assert.match(
        page.body,
        /<img class="meetlat-qr" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="QR-code om Meetlat toe te voegen aan uw authenticator-app"/,
      );
      assert.doesNotMatch(page.body, /<svg/);
      const key = /<code class="meetlat-totp-key">([A-Z2-7 ]+)<\/code>/.exec(page.body)?.[1];
      assert.ok(key, 'the key as text');
      const secret = key.replace(/ /g, '');
      assert.equal((await userRow(server, email)).totp_enabled, false, 'not in force before confirming');

      const now = Date.now();
      const wrong = await wrongCode(secret, now);
      const refused = await client.post('/account/2fa/bevestigen', { code: wrong });
      assert.equal(refused.status, 400);
      assert.equal((await userRow(server, email)).totp_enabled, false);
      // Confirm with the previous step's code (still accepted), so the current one is left for the login.
      const confirmed = await client.post('/account/2fa/bevestigen', {
        code: await totpCode(secret, new Date(now - 30_000)),
      });
      assert.equal(confirmed.status, 303);
      assert.equal(location(confirmed), '/account?klaar=2fa-aan');
      assert.equal((await userRow(server, email)).totp_enabled, true);

      const second = clientAt(server);
      const pending = await second.login(email, PASSWORD);
      assert.equal(pending.status, 303);
      assert.ok(location(pending).startsWith('/inloggen/code'));
      assert.equal((await second.get('/api/me')).status, 401, 'not logged in before the code');
      await second.get('/inloggen/code');
      const badCode = await second.post('/inloggen/code', { code: await wrongCode(secret, Date.now()) });
      assert.equal(badCode.status, 401);
      const code = await totpCode(secret);
      const good = await second.post('/inloggen/code', { code });
      assert.equal(good.status, 303);
      assert.equal((await second.get('/api/me')).status, 200);

      const third = clientAt(server);
      assert.equal((await third.login(email, PASSWORD)).status, 303);
      await third.get('/inloggen/code');
      const replayed = await third.post('/inloggen/code', { code });
      assert.equal(replayed.status, 401, 'a code is used once');
      assert.equal((await third.get('/api/me')).status, 401);

      await client.get('/account');
      const offWrong = await client.post('/account/2fa/uit', { currentPassword: 'niet mijn wachtwoord' });
      assert.equal(offWrong.status, 400);
      assert.equal((await userRow(server, email)).totp_enabled, true);
      const off = await client.post('/account/2fa/uit', { currentPassword: PASSWORD });
      assert.equal(off.status, 303);
      assert.equal((await userRow(server, email)).totp_enabled, false);
      assert.equal((await clientAt(server).login(email, PASSWORD)).headers.location, '/');

      const actions = await auditActions(server, (await userRow(server, email)).id);
      for (const action of ['user.totp_start', 'user.totp_enable', 'user.totp_failed', 'user.totp_disable'])
        assert.ok(actions.includes(action), action);
    });

    test('2FA through the API: start, confirm, disable', async () => {
      const email = await freshUser(server, 'totp-api');
      const client = clientAt(server);
      await login(client, email);
      const started = await client.request('POST', '/api/me/totp');
      assert.equal(started.status, 200);
      const { secret, otpauthUri } = started.json<{ secret: string; otpauthUri: string }>();
      assert.match(otpauthUri, /^otpauth:\/\/totp\//);
      const bad = await client.request('POST', '/api/me/totp/confirm', {
        json: { code: await wrongCode(secret, Date.now()) },
      });
      assert.equal(bad.status, 400);
      const ok = await client.request('POST', '/api/me/totp/confirm', {
        json: { code: await totpCode(secret) },
      });
      assert.equal(ok.status, 204);
      assert.equal((await client.get('/api/me')).json<{ totpEnabled: boolean }>().totpEnabled, true);
      assert.equal((await client.request('POST', '/api/me/totp')).status, 409, 'on already');
      const off = await client.request('POST', '/api/me/totp/disable', {
        json: { currentPassword: PASSWORD },
      });
      assert.equal(off.status, 204);
      assert.equal((await client.get('/api/me')).json<{ totpEnabled: boolean }>().totpEnabled, false);
    });

    test('password reset: the mailed link sets a new password once, ends sessions and lifts a lock-out', async () => {
      const email = await freshUser(server, 'vergeten');
      const { id } = await userRow(server, email);
      const loggedIn = clientAt(server);
      await login(loggedIn, email);
      // Locked out by someone guessing.
      const guesser = clientAt(server);
      for (let i = 0; i < 5; i++) await guesser.login(email, `geraden ${i}`);
      assert.ok((await userRow(server, email)).locked_until);

      const client = clientAt(server);
      const form = await client.get('/wachtwoord-vergeten');
      assert.equal(form.status, 200);
      assert.match(form.body, /<form method="post" action="\/wachtwoord-vergeten"/);
      const mark = sink.mails.length;
      const asked = await client.post('/wachtwoord-vergeten', { email });
      assert.equal(asked.status, 200);
      assert.match(alertText(asked.body) ?? '', /^Als er een account bij dit e-mailadres hoort/);
      const mail = await sink.next(mark, (m) => m.to.includes(email));
      assert.equal(mail.subject, 'Nieuw wachtwoord voor Meetlat');
      const link = /(http:\/\/127\.0\.0\.1:8080\/wachtwoord-herstellen\?token=[A-Za-z0-9_-]+)/.exec(
        mail.text,
      )?.[1];
      assert.ok(link, mail.text);
      const path = link.slice(PUBLIC_URL.length);
      const token = new URL(link).searchParams.get('token') ?? '';

      const newForm = await client.get(path);
      assert.equal(newForm.status, 200);
      assert.ok(newForm.body.includes(`<input type="hidden" name="token" value="${token}">`));
      const tooShort = await client.post('/wachtwoord-herstellen', { token, password: 'kort' });
      assert.equal(tooShort.status, 400);
      assert.equal(alertText(tooShort.body), null);
      assert.match(tooShort.body, /Het wachtwoord moet minstens 12 tekens hebben\./);
      const done = await client.post('/wachtwoord-herstellen', {
        token,
        password: 'mijn herstelde wachtwoord',
      });
      assert.equal(done.status, 303);
      assert.equal(location(done), '/inloggen?hersteld=1');
      assert.match(
        (await client.get('/inloggen?hersteld=1')).body,
        /Uw wachtwoord is ingesteld\. Log in met uw nieuwe wachtwoord\./,
      );

      assert.equal((await loggedIn.get('/api/me')).status, 401, 'sessions ended');
      assert.equal((await clientAt(server).login(email, PASSWORD)).status, 401);
      assert.equal(
        (await clientAt(server).login(email, 'mijn herstelde wachtwoord')).status,
        303,
        'lock lifted',
      );

      const reused = await clientAt(server).get(path);
      assert.equal(reused.status, 400);
      assert.match(alertText(reused.body) ?? '', /verlopen of al gebruikt/);
      const reusedPost = await client.post('/wachtwoord-herstellen', {
        token,
        password: 'nog een ander wachtwoord',
      });
      assert.equal(reusedPost.status, 400);
      assert.equal((await clientAt(server).login(email, 'nog een ander wachtwoord')).status, 401);

      // An expired link.
      const mark2 = sink.mails.length;
      await clientAt(server).get('/wachtwoord-vergeten');
      const other = clientAt(server);
      await other.get('/wachtwoord-vergeten');
      await other.post('/wachtwoord-vergeten', { email });
      const mail2 = await sink.next(mark2, (m) => m.to.includes(email));
      const token2 = /token=([A-Za-z0-9_-]+)/.exec(mail2.text)?.[1] ?? '';
      assert.notEqual(token2, token);
      await server.db.execute(
        `UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
        [hashToken(token2)],
      );
      assert.equal((await other.get(`/wachtwoord-herstellen?token=${token2}`)).status, 400);
      const expired = await other.post('/wachtwoord-herstellen', {
        token: token2,
        password: 'te laat ingesteld wachtwoord',
      });
      assert.equal(expired.status, 400);

      const actions = await auditActions(server, id);
      assert.ok(actions.includes('user.password_reset_request'));
      assert.ok(actions.includes('user.password_reset'));
      const [log] = await server.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE details::text LIKE '%' || $1 || '%'`,
        [token],
      );
      assert.equal(log?.n, 0, 'the token is in no audit entry');
    });

    test('password reset: two uses of one token at once, only one wins', async () => {
      const email = await freshUser(server, 'tegelijk');
      const { id } = await userRow(server, email);
      const direct = await createPasswordReset(server.db, id);
      assert.ok(direct);
      const both = await Promise.all([
        consumePasswordReset(server.db, direct),
        consumePasswordReset(server.db, direct),
      ]);
      assert.deepEqual(
        both.filter((x) => x !== null),
        [id],
      );

      const token = await createPasswordReset(server.db, id);
      assert.ok(token);
      const a = clientAt(server);
      const b = clientAt(server);
      await Promise.all([a.get('/wachtwoord-vergeten'), b.get('/wachtwoord-vergeten')]);
      const answers = await Promise.all([
        a.post('/wachtwoord-herstellen', { token, password: 'wachtwoord van a, lang genoeg' }),
        b.post('/wachtwoord-herstellen', { token, password: 'wachtwoord van b, lang genoeg' }),
      ]);
      assert.deepEqual(answers.map((r) => r.status).sort(), [303, 400]);
      const winner =
        answers[0]?.status === 303 ? 'wachtwoord van a, lang genoeg' : 'wachtwoord van b, lang genoeg';
      assert.equal((await clientAt(server).login(email, winner)).status, 303);
    });

    test('password reset: an unknown or disabled address gets the same page and no mail', async () => {
      const disabled = await freshUser(server, 'uit');
      await setDisabled(server.db, (await userRow(server, disabled)).id, true);
      const marker = await freshUser(server, 'merker');
      const mark = sink.mails.length;

      const answers: string[] = [];
      for (const email of ['niemand@nergens.test', disabled, marker]) {
        const client = clientAt(server);
        await client.get('/wachtwoord-vergeten');
        const reply = await client.post('/wachtwoord-vergeten', { email });
        assert.equal(reply.status, 200);
        answers.push(mainContent(reply.body));
      }
      assert.equal(answers[0], answers[2]);
      assert.equal(answers[1], answers[2]);
      // The mail to the known address arrives; none came for the other two before or with it.
      await sink.next(mark, (m) => m.to.includes(marker));
      assert.deepEqual(
        sink.mails.slice(mark).flatMap((m) => m.to),
        [marker],
      );
      const api = await clientAt(server).request('POST', '/api/password-reset', {
        json: { email: 'niemand@nergens.test' },
      });
      assert.equal(api.status, 403, 'the API needs the CSRF token of the anonymous cookie too');
      const apiClient = clientAt(server);
      await apiClient.get('/wachtwoord-vergeten');
      const accepted = await apiClient.request('POST', '/api/password-reset', {
        json: { email: 'niemand@nergens.test' },
      });
      assert.equal(accepted.status, 202);
    });

    test('OIDC: a verified e-mail of a user links the identity and logs in; afterwards the identity alone', async () => {
      const email = server.emailOf('analist');
      provider.accounts.set('oidc-analist', { email, email_verified: true });
      const client = clientAt(server);
      const reply = await oidcLogin(client, provider, 'oidc-analist');
      assert.equal(reply.status, 303, reply.body.slice(0, 500));
      assert.equal(location(reply), '/account');
      const me = await client.get('/api/me');
      assert.equal(me.status, 200);
      assert.equal(me.json<{ email: string }>().email, email);
      const { id } = await userRow(server, email);
      const links = await server.db.query<{ user_id: number }>(
        'SELECT user_id FROM user_identities WHERE issuer = $1 AND subject = $2',
        [provider.issuer, 'oidc-analist'],
      );
      assert.deepEqual(
        links.map((l) => Number(l.user_id)),
        [id],
      );
      const [session] = await server.db.query<{ method: string; stage: string }>(
        'SELECT method, stage FROM sessions WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1',
        [id],
      );
      assert.deepEqual(session, { method: 'oidc', stage: 'active' });
      const actions = await auditActions(server, id);
      assert.ok(actions.includes('user.identity_link'));
      assert.ok(actions.includes('user.login'));

      // Once linked, the provider's subject is what counts, not the e-mail address.
      provider.accounts.set('oidc-analist', { email: 'nieuw-adres@elders.test', email_verified: false });
      const again = clientAt(server);
      assert.equal((await oidcLogin(again, provider, 'oidc-analist')).status, 303);
      assert.equal((await again.get('/api/me')).json<{ email: string }>().email, email);
    });

    test('OIDC: unknown, unverified and disabled users are refused', async () => {
      provider.accounts.set('oidc-vreemd', { email: 'vreemde@elders.test', email_verified: true });
      const stranger = clientAt(server);
      const unknown = await oidcLogin(stranger, provider, 'oidc-vreemd');
      assert.equal(unknown.status, 403);
      assert.equal(
        alertText(unknown.body),
        'Er is geen Meetlat-account voor vreemde@elders.test. Vraag een beheerder om u toe te voegen.',
      );
      assert.equal((await stranger.get('/api/me')).status, 401);

      provider.accounts.set('oidc-onbevestigd', { email: server.emailOf('webcare'), email_verified: false });
      const unverified = clientAt(server);
      assert.equal((await oidcLogin(unverified, provider, 'oidc-onbevestigd')).status, 403);
      assert.equal((await unverified.get('/api/me')).status, 401);
      const links = await server.db.query('SELECT 1 FROM user_identities WHERE subject = $1', [
        'oidc-onbevestigd',
      ]);
      assert.equal(links.length, 0);

      const disabled = await freshUser(server, 'oidc-uit');
      await setDisabled(server.db, (await userRow(server, disabled)).id, true);
      provider.accounts.set('oidc-uit', { email: disabled, email_verified: true });
      const off = clientAt(server);
      const refused = await oidcLogin(off, provider, 'oidc-uit');
      assert.equal(refused.status, 403);
      assert.match(alertText(refused.body) ?? '', /dit account is uitgeschakeld/);
      assert.equal((await off.get('/api/me')).status, 401);
    });

    test('OIDC: a tampered state, a replayed callback and a callback in another browser are refused', async () => {
      provider.accounts.set('oidc-lezer', { email: server.emailOf('lezer'), email_verified: true });
      const client = clientAt(server);
      let original: URL | null = null;
      const tampered = await oidcLogin(client, provider, 'oidc-lezer', (callback) => {
        original = new URL(callback.href);
        callback.searchParams.set('state', `${callback.searchParams.get('state')}x`);
      });
      assert.equal(tampered.status, 400);
      assert.match(alertText(tampered.body) ?? '', /het antwoord van de inlogdienst klopt niet/);
      assert.equal((await client.get('/api/me')).status, 401);
      assert.ok(original);
      const { pathname, search } = original as URL;
      // The attempt was used up by the tampered answer: the real one no longer works either.
      const replayed = await client.get(`${pathname}${search}`);
      assert.equal(replayed.status, 400);
      assert.equal((await client.get('/api/me')).status, 401);

      // A callback carried to a browser that never started the login (login CSRF).
      const starter = clientAt(server);
      const start = await starter.get('/inloggen/oidc');
      const callback = await provider.authorize(location(start), 'oidc-lezer');
      const victim = clientAt(server);
      const foreign = await victim.get(`${callback.pathname}${callback.search}`);
      assert.equal(foreign.status, 400);
      assert.match(alertText(foreign.body) ?? '', /niet in deze browser/);
      assert.equal((await victim.get('/api/me')).status, 401);
      // The browser that started it still can.
      assert.equal((await starter.get(`${callback.pathname}${callback.search}`)).status, 303);
      assert.equal((await starter.get('/api/me')).status, 200);
    });
  });

  describe(`identity without mail or OIDC [${engine}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine);
    });
    after(async () => {
      await server?.close();
    });

    test('the reset page says no mail is sent; OIDC routes do not exist', async () => {
      const client = clientAt(server);
      const page = await client.get('/wachtwoord-vergeten');
      assert.equal(page.status, 200);
      assert.match(alertText(page.body) ?? '', /verstuurt geen e-mail/);
      assert.doesNotMatch(page.body, /action="\/wachtwoord-vergeten"/);
      const posted = await client.post('/wachtwoord-vergeten', { email: server.emailOf('lezer') });
      assert.equal(posted.status, 200);
      assert.match(alertText(posted.body) ?? '', /verstuurt geen e-mail/);
      const api = await client.request('POST', '/api/password-reset', {
        json: { email: server.emailOf('lezer') },
      });
      assert.equal(api.status, 503);
      assert.equal((await client.get('/inloggen/oidc')).status, 404);
      assert.equal((await client.get('/inloggen/oidc/terug?code=x&state=y')).status, 404);
      const [resets] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM password_resets');
      assert.equal(resets?.n, 0);
    });
  });
}

/** A six-digit code that is none of the codes accepted around `now`. */
async function wrongCode(secret: string, now: number): Promise<string> {
  const accepted = new Set(
    await Promise.all([-60_000, -30_000, 0, 30_000, 60_000].map((d) => totpCode(secret, new Date(now + d)))),
  );
  for (let candidate = 123_456; ; candidate = (candidate + 111_111) % 1_000_000) {
    const code = String(candidate).padStart(6, '0');
    if (!accepted.has(code)) return code;
  }
}
