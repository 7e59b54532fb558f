/**
 * The server in-process for HTTP tests: a fresh database of either engine with a few
 * organisations and a user for every role, and a browser-like client (cookie jar, CSRF token
 * read from the page or from /api/me) over Fastify's `inject`, so no port is needed.
 */
import type { FastifyInstance } from 'fastify';
import { addUser } from '../../src/identity/people.ts';
import { ROLES, type Role } from '../../src/identity/roles.ts';
import { buildServer } from '../../src/server/app.ts';
import type { ServerContext } from '../../src/server/context.ts';
import type { Db, Engine } from '../../src/store/db.ts';
import { upsertOrganisations } from '../../src/store/organisations.ts';
import { SecretBox } from '../../src/store/secretBox.ts';
import { freshDb } from './engines.ts';

export const TEST_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const PASSWORD = 'lang genoeg wachtwoord 42';

/** The organisation every role user is a member of, and one none of them is. */
export const OWN = 'GM0344';
export const FOREIGN = 'GM0363';

export interface TestServer {
  app: FastifyInstance;
  db: Db;
  context: ServerContext;
  /** E-mail of the user holding `role` in OWN; `superbeheerder` for the platform administrator. */
  emailOf(role: Role | 'superbeheerder' | 'nobody'): string;
  client(remoteAddress?: string): Client;
  /** A client logged in (by the login form) as the user of `role`. */
  loggedIn(role: Role | 'superbeheerder' | 'nobody', remoteAddress?: string): Promise<Client>;
  close(): Promise<void>;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = unknown>(): T;
}

export class Client {
  readonly cookies = new Map<string, string>();
  /** The last CSRF token seen on a page or in /api/me. */
  csrf: string | null = null;

  constructor(
    private readonly app: FastifyInstance,
    /** The client's address as the server sees it (rate limits count per address). */
    readonly remoteAddress = '127.0.0.1',
  ) {}

  async request(
    method: string,
    url: string,
    options: {
      form?: Record<string, string>;
      json?: unknown;
      headers?: Record<string, string>;
      csrf?: boolean;
    } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let payload: string | undefined;
    const withCsrf = options.csrf !== false && this.csrf !== null;
    if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams({
        ...(withCsrf ? { _csrf: this.csrf ?? '' } : {}),
        ...options.form,
      }).toString();
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(options.json);
      if (withCsrf) headers['x-csrf-token'] = this.csrf ?? '';
    } else if (withCsrf && !['GET', 'HEAD'].includes(method)) {
      headers['x-csrf-token'] = this.csrf ?? '';
    }
    const response = await this.app.inject({
      method: method as 'GET',
      url,
      headers,
      payload,
      remoteAddress: this.remoteAddress,
    });
    for (const c of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired =
        c.value === '' || (c.expires !== undefined && c.expires.getTime() < Date.now()) || c.maxAge === 0;
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const body = response.body;
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token) this.csrf = token;
    return {
      status: response.statusCode,
      headers: response.headers as Record<string, string | string[] | undefined>,
      body,
      json: <T>() => JSON.parse(body) as T,
    };
  }

  get(url: string): Promise<Reply> {
    return this.request('GET', url);
  }

  post(url: string, form: Record<string, string>): Promise<Reply> {
    return this.request('POST', url, { form });
  }

  /** Logs in through the form (page first, for the CSRF token); returns the answer to the post. */
  async login(email: string, password: string): Promise<Reply> {
    await this.get('/inloggen');
    return this.post('/inloggen', { email, password });
  }

  /** Reads /api/me for the session's CSRF token (API clients do this). */
  async refreshCsrf(): Promise<void> {
    const me = await this.get('/api/me');
    if (me.status === 200) this.csrf = me.json<{ csrfToken: string }>().csrfToken;
  }
}

export async function startTestServer(
  engine: Engine,
  overrides: Partial<Omit<ServerContext, 'db'>> = {},
): Promise<TestServer> {
  const db = await freshDb(engine);
  await upsertOrganisations(db, [
    {
      code: OWN,
      name: 'Utrecht',
      displayName: null,
      kind: 'gemeente',
      provinceCode: 'PV26',
      safetyRegionCode: null,
      inhabitants: [],
    },
    {
      code: FOREIGN,
      name: 'Amsterdam',
      displayName: null,
      kind: 'gemeente',
      provinceCode: 'PV27',
      safetyRegionCode: null,
      inhabitants: [],
    },
  ]);
  const [own] = await db.query<{ id: number }>('SELECT id FROM organisations WHERE code = $1', [OWN]);
  const cli = { userId: null, name: 'test', ip: null };
  const emails = new Map<string, string>();
  for (const role of ROLES) {
    const email = `${role}@${OWN.toLowerCase()}.test`;
    await addUser(db, cli, {
      email,
      name: `Test ${role}`,
      password: PASSWORD,
      membership: { organisationId: Number(own?.id), role },
    });
    emails.set(role, email);
  }
  await addUser(db, cli, {
    email: 'super@meetlat.test',
    name: 'Super Beheerder',
    password: PASSWORD,
    superbeheerder: true,
  });
  emails.set('superbeheerder', 'super@meetlat.test');
  await addUser(db, cli, { email: 'nobody@meetlat.test', name: 'Geen Lid', password: PASSWORD });
  emails.set('nobody', 'nobody@meetlat.test');
  const context: ServerContext = {
    db,
    box: SecretBox.fromKey(Buffer.from(TEST_KEY, 'hex')),
    mailer: null,
    oidc: null,
    publicUrl: 'http://127.0.0.1:8080',
    secure: false,
    version: 'test',
    lockAfter: 5,
    lockMs: 15 * 60_000,
    ...overrides,
  };
  const app = await buildServer({ ...context, logger: false });
  await app.ready();
  return {
    app,
    db,
    context,
    emailOf: (role) => emails.get(role) ?? '',
    client: (remoteAddress) => new Client(app, remoteAddress),
    async loggedIn(role, remoteAddress) {
      const client = new Client(app, remoteAddress);
      const reply = await client.login(emails.get(role) ?? '', PASSWORD);
      if (reply.status !== 303) throw new Error(`login as ${role} failed: ${reply.status}`);
      await client.refreshCsrf();
      return client;
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}
