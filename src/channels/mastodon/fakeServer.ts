import { readFileSync } from 'node:fs';
import {
  type FakePlatform,
  type FakeRequest,
  type FakeResponse,
  FakeServer,
  formatsFile,
} from '../fakeServer.ts';
import { buildScenario, deleteStatus } from './fakeScenario.ts';
import { type FakeStatus, type FakeWorld, LOCAL_DOMAIN, type Visibility } from './fakeWorld.ts';

/**
 * A fake Mastodon instance on 127.0.0.1 for the adapter's tests and the generic sync tests: the
 * documented endpoints the adapter uses, Mastodon's paging (a `Link` header with `max_id`/`min_id`,
 * a next link only after a full page, `limit` capped), its rate-limit headers on every answer, its
 * 429 and 401 bodies (from the recorded real answers), and `POST /api/v1/statuses` honouring
 * `Idempotency-Key` for an hour as Mastodon does.
 */
export interface FakeMastodonOptions {
  /** The scenario ends here (default: the moment the server starts). */
  now?: Date;
  /** The largest page the fake gives, below Mastodon's own caps (40 statuses, 80 notifications). */
  pageSize?: number;
  /** `configuration.statuses.max_characters` of the instance. */
  maxCharacters?: number;
  /** Whether the gemeente's own DMs are in its statuses list (Mastodon shows an author all its statuses). */
  ownDmsInStatuses?: boolean;
}

export interface SentStatus {
  params: Record<string, string>;
  idempotencyKey: string | null;
  status: FakeStatus;
}

export interface FakeMastodon extends FakePlatform {
  readonly world: FakeWorld;
  /** Every status created through `POST /api/v1/statuses` (a repeated idempotency key creates none). */
  readonly sent: SentStatus[];
  /** The `X-RateLimit-Reset` of the last 429 given. */
  readonly lastRateLimitReset: Date | null;
  deleteStatus(uri: string): void;
}

const TOKEN = 'fake-mastodon-token-Lindewaard';
const RATE_LIMIT = 300;
const IDEMPOTENCY_MS = 3600_000;

type Json = Record<string, unknown>;

function recorded(name: string): Json {
  return JSON.parse(readFileSync(formatsFile('mastodon', name), 'utf8')) as Json;
}

function big(id: string): bigint {
  return /^\d+$/.test(id) ? BigInt(id) : -1n;
}

/** Mastodon's paging of a newest-first list by `max_id`, `since_id` and `min_id`. */
function paginate<T>(
  items: readonly T[],
  key: (item: T) => string,
  request: FakeRequest,
  limits: { standard: number; max: number },
): { page: T[]; link: string | null } {
  const q = request.url.searchParams;
  const asked = Number(q.get('limit'));
  const limit = Math.min(Number.isInteger(asked) && asked > 0 ? asked : limits.standard, limits.max);
  const maxId = q.get('max_id');
  const sinceId = q.get('since_id') ?? q.get('min_id');
  const within = items.filter(
    (i) => (!maxId || big(key(i)) < big(maxId)) && (!sinceId || big(key(i)) > big(sinceId)),
  );
  // min_id: the page just above it (the oldest of the newer items), still newest first.
  const page = q.get('min_id') ? within.slice(-limit) : within.slice(0, limit);
  const link = (rel: 'next' | 'prev', param: string, value: string) => {
    const url = new URL(request.url);
    for (const p of ['max_id', 'since_id', 'min_id']) url.searchParams.delete(p);
    url.searchParams.set(param, value);
    return `<${url}>; rel="${rel}"`;
  };
  const links: string[] = [];
  const first = page[0];
  const last = page.at(-1);
  if (last && page.length === limit) links.push(link('next', 'max_id', key(last)));
  if (first) links.push(link('prev', 'min_id', key(first)));
  return { page, link: links.length > 0 ? links.join(', ') : null };
}

function newestFirst<T extends { id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (big(b.id) > big(a.id) ? 1 : big(b.id) < big(a.id) ? -1 : 0));
}

function formParams(request: FakeRequest): Record<string, string> {
  const type = String(request.headers['content-type'] ?? '');
  if (type.includes('application/json')) {
    const body = JSON.parse(request.body || '{}') as Record<string, unknown>;
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));
  }
  return Object.fromEntries(new URLSearchParams(request.body));
}

type Answer = (request: FakeRequest, match: RegExpExecArray) => FakeResponse;

/** The instance: its world, what was posted, and its routes, one method per kind of request. */
class FakeInstance {
  readonly server: FakeServer;
  readonly sent: SentStatus[] = [];
  lastRateLimitReset: Date | null = null;
  private readonly idempotent = new Map<string, { status: FakeStatus; at: number }>();
  private used = 0;

  constructor(
    readonly world: FakeWorld,
    private readonly options: Required<Omit<FakeMastodonOptions, 'now'>>,
  ) {
    this.server = new FakeServer({ rateLimited: () => this.rateLimited(), revoked: () => revokedAnswer() });
    this.accountRoutes();
    this.listRoutes();
    this.statusRoutes();
    this.route('POST', /^\/api\/v1\/statuses$/, (r) => this.postStatus(r));
  }

  /** Mastodon's window: 300 requests per 5 minutes, reset at the end of the window (an ISO date). */
  private rateHeaders(remaining: number): Record<string, string> {
    const reset = new Date(Math.ceil((Date.now() + 1) / 300_000) * 300_000);
    return {
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': String(Math.max(remaining, 0)),
      'x-ratelimit-reset': reset.toISOString(),
    };
  }

  private rateLimited(): FakeResponse {
    const headers = this.rateHeaders(0);
    this.lastRateLimitReset = new Date(headers['x-ratelimit-reset'] as string);
    return {
      status: 429,
      headers,
      body: recorded('method_accounts_003_Register_an_account_create_Response_429_Rate_limited.json'),
    };
  }

  /** Every route checks the token and answers with Mastodon's rate-limit headers. */
  private route(method: string, pattern: RegExp, answer: Answer): void {
    this.server.route(method, pattern, (request) => {
      if (request.headers.authorization !== `Bearer ${TOKEN}`) return revokedAnswer();
      this.used++;
      const response = answer(request, pattern.exec(request.url.pathname) as RegExpExecArray);
      return { ...response, headers: { ...this.rateHeaders(RATE_LIMIT - this.used), ...response.headers } };
    });
  }

  /** A list as Mastodon pages it: `standard` items unless `limit` says otherwise, at most `cap`. */
  private list<T>(
    items: T[],
    key: (t: T) => string,
    request: FakeRequest,
    [standard, cap]: [number, number],
    json: (t: T) => unknown,
  ): FakeResponse {
    const size = this.options.pageSize;
    const { page, link } = paginate(items, key, request, {
      standard: Math.min(standard, size),
      max: Math.min(cap, size),
    });
    const headers: Record<string, string> = link ? { link } : {};
    return { body: page.map(json), headers };
  }

  private visibleById(id: string): FakeStatus | null {
    return this.world.statuses.find((s) => s.id === id && this.world.visible(s)) ?? null;
  }

  private accountRoutes(): void {
    const world = this.world;
    this.route('GET', /^\/api\/v1\/accounts\/verify_credentials$/, () => ({ body: world.credentialsJson() }));
    this.route('GET', /^\/api\/v2\/instance$/, () => ({
      body: {
        domain: LOCAL_DOMAIN,
        title: 'Lindewaard Sociaal',
        version: '4.5.0',
        source_url: 'https://github.com/mastodon/mastodon',
        description: 'De Mastodon-server van de gemeente Lindewaard',
        languages: ['nl'],
        configuration: {
          statuses: {
            max_characters: this.options.maxCharacters,
            max_media_attachments: 4,
            characters_reserved_per_url: 23,
          },
        },
      },
    }));
    this.route('GET', /^\/api\/v1\/accounts\/(\d+)$/, (_, m) => {
      const account = world.accounts.find((a) => a.id === m[1]);
      return account ? { body: world.accountJson(account) } : notFound();
    });
  }

  private listRoutes(): void {
    const world = this.world;
    this.route('GET', /^\/api\/v1\/accounts\/(\d+)\/statuses$/, (r, m) => {
      const account = world.accounts.find((a) => a.id === m[1]);
      if (!account) return notFound();
      const ownDms = account === world.gemeente && this.options.ownDmsInStatuses;
      const statuses = world.statuses.filter(
        (s) => s.account === account && world.visible(s) && (s.visibility !== 'direct' || ownDms),
      );
      return this.list(
        newestFirst(statuses),
        (s) => s.id,
        r,
        [20, 40],
        (s) => world.statusJson(s),
      );
    });
    this.route('GET', /^\/api\/v1\/notifications$/, (r) => {
      const types = r.url.searchParams.getAll('types[]');
      const excluded = r.url.searchParams.getAll('exclude_types[]');
      const chosen = world.notifications.filter(
        (n) => (types.length === 0 || types.includes(n.type)) && !excluded.includes(n.type),
      );
      return this.list(
        newestFirst(chosen),
        (n) => n.id,
        r,
        [40, 80],
        (n) => world.notificationJson(n),
      );
    });
    this.route('GET', /^\/api\/v1\/conversations$/, (r) =>
      this.list(
        world.conversations(),
        (c) => c.last.id,
        r,
        [20, 40],
        (c) => ({
          id: c.id,
          unread: false,
          accounts: c.accounts.map((a) => world.accountJson(a)),
          last_status: world.statusJson(c.last),
        }),
      ),
    );
  }

  private statusRoutes(): void {
    const world = this.world;
    this.route('GET', /^\/api\/v1\/statuses\/(\d+)\/context$/, (_, m) => {
      const status = this.visibleById(m[1] as string);
      if (!status) return notFound();
      const { ancestors, descendants } = world.context(status);
      const json = (list: FakeStatus[]) => list.map((s) => world.statusJson(s));
      return { body: { ancestors: json(ancestors), descendants: json(descendants) } };
    });
    this.route('GET', /^\/api\/v1\/statuses\/(\d+)$/, (_, m) => {
      const status = this.visibleById(m[1] as string);
      return status ? { body: world.statusJson(status) } : notFound();
    });
    this.route('GET', /^\/api\/v2\/search$/, (r) => {
      const q = r.url.searchParams.get('q') ?? '';
      const type = r.url.searchParams.get('type');
      const found =
        type && type !== 'statuses'
          ? []
          : world.statuses.filter((s) => world.visible(s) && (s.uri === q || s.url === q));
      return { body: { accounts: [], statuses: found.map((s) => world.statusJson(s)), hashtags: [] } };
    });
  }

  /** `POST /api/v1/statuses`, with Mastodon's checks and its hour-long `Idempotency-Key`. */
  private postStatus(request: FakeRequest): FakeResponse {
    const params = formParams(request);
    const header = request.headers['idempotency-key'];
    const key = typeof header === 'string' ? header : null;
    const earlier = key ? this.idempotent.get(key) : undefined;
    if (earlier && Date.now() - earlier.at < IDEMPOTENCY_MS)
      return { body: this.world.statusJson(earlier.status) };
    const text = params.status ?? '';
    if (text.trim() === '') {
      const body = recorded(
        'method_statuses_003_Post_a_new_status_create_Response_422_Unprocessable_entity.json',
      );
      return { status: 422, body };
    }
    const max = this.options.maxCharacters;
    if ([...text].length > max)
      return { status: 422, body: { error: `Validation failed: Text character limit of ${max} exceeded` } };
    const parent = params.in_reply_to_id ? this.visibleById(params.in_reply_to_id) : null;
    if (params.in_reply_to_id && !parent)
      return {
        status: 404,
        body: { error: 'The status you are trying to reply to does not appear to exist.' },
      };
    const status = this.world.addStatus(this.world.gemeente, this.nextMoment(), text, {
      visibility: (params.visibility as Visibility | undefined) ?? 'public',
      ...(parent ? { inReplyTo: parent } : {}),
    });
    if (key) this.idempotent.set(key, { status, at: Date.now() });
    this.sent.push({ params, idempotencyKey: key, status });
    return { body: this.world.statusJson(status) };
  }

  /** Now, or just after the newest status (a scenario may end in the future of a slow test). */
  nextMoment(): Date {
    const last = this.world.statuses.reduce((a, s) => Math.max(a, s.createdAt.getTime()), 0);
    return new Date(Math.max(Date.now(), last + 1000));
  }
}

function revokedAnswer(): FakeResponse {
  return {
    status: 401,
    body: recorded(
      'method_accounts_005_Verify_account_credentials_verify_credentials_Response_401_Unauthorized.json',
    ),
  };
}

function notFound(): FakeResponse {
  return {
    status: 404,
    body: recorded('method_statuses_006_View_a_single_status_get_Response_404_Not_found.json'),
  };
}

export async function startFakeMastodon(options: FakeMastodonOptions = {}): Promise<FakeMastodon> {
  const world = buildScenario(options.now ?? new Date());
  const instance = new FakeInstance(world, {
    pageSize: options.pageSize ?? 5,
    maxCharacters: options.maxCharacters ?? 500,
    ownDmsInStatuses: options.ownDmsInStatuses ?? true,
  });
  const server = await instance.server.start();
  const citizens = world.accounts.filter((a) => a.acct.includes('@'));
  let inbound = 0;
  const messages = () => world.messages();
  return {
    platform: 'mastodon',
    server,
    world,
    sent: instance.sent,
    get lastRateLimitReset() {
      return instance.lastRateLimitReset;
    },
    settings: { instanceUrl: server.url, historyDays: 30, timeoutMs: 5000 },
    secrets: { accessToken: TOKEN },
    messageIds: () => messages().map((s) => s.uri),
    inboundIds: () => messages().flatMap((s) => (s.account === world.gemeente ? [] : [s.uri])),
    addInbound(text: string): string {
      const author = citizens[inbound++ % citizens.length] ?? world.gemeente;
      const body = /@gemeentelindewaard\b/i.test(text) ? text : `@gemeentelindewaard ${text}`;
      return world.addStatus(author, instance.nextMoment(), body).uri;
    },
    readPaths: /^\/api\/v1\/(accounts\/\d+\/statuses|notifications|conversations)$/,
    deleteStatus(uri: string) {
      const status = world.statuses.find((s) => s.uri === uri);
      if (status) deleteStatus(world, status);
    },
    close: () => server.close(),
  };
}
