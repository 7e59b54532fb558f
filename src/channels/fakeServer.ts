import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChannelErrorKind } from './errors.ts';

/**
 * The base of every fake platform server the adapters are tested against: a real HTTP server on
 * 127.0.0.1 (never another address), routes per platform, a log of every request, and faults to
 * inject into the next matching requests, the way platforms really fail:
 *
 * - `rate_limited`: 429 with the platform's own headers (each fake gives them);
 * - `revoked`: 401 with the platform's own error body;
 * - `server_error`: 503;
 * - `timeout`: no answer at all (the client must give up);
 * - `truncated`: 200 with the body cut off half-way;
 * - `garbage`: 200 with an HTML error page instead of JSON;
 * - `drift`: the real answer passed through a function first (a field renamed or dropped).
 */
export type Fault =
  | { kind: 'rate_limited' }
  | { kind: 'revoked' }
  | { kind: 'server_error' }
  | { kind: 'timeout' }
  | { kind: 'truncated' }
  | { kind: 'garbage' }
  | { kind: 'drift'; change: (body: unknown) => unknown };

/** What each fault that fails a whole read must come out as (a drift costs only its item). */
export const FAULT_KINDS: readonly (readonly [Exclude<Fault['kind'], 'drift'>, ChannelErrorKind])[] = [
  ['rate_limited', 'rate_limited'],
  ['revoked', 'auth'],
  ['server_error', 'transient'],
  ['timeout', 'transient'],
  ['truncated', 'malformed'],
  ['garbage', 'malformed'],
];

export interface FakeRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  /** The body as text ('' when none). */
  body: string;
}

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
}

export type Route = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface PlatformFaults {
  /** The 429 answer of this platform (status, headers, body). */
  rateLimited(): FakeResponse;
  /** The answer to a revoked or expired token. */
  revoked(): FakeResponse;
}

export class FakeServer {
  readonly requests: FakeRequest[] = [];
  /** Milliseconds every answer waits (to make a sync slow enough to interrupt in a test). */
  latencyMs = 0;
  private readonly routes: { method: string; pattern: RegExp; route: Route }[] = [];
  private readonly faults: { pattern: RegExp; fault: Fault; times: number }[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | null = null;
  private base = '';

  constructor(private readonly platformFaults: PlatformFaults) {}

  /** Adds a route: `pattern` is matched against the path (without the query). */
  route(method: string, pattern: RegExp, route: Route): this {
    this.routes.push({ method, pattern, route });
    return this;
  }

  /** The next `times` requests whose path matches `pattern` get `fault`. */
  inject(pattern: RegExp, fault: Fault, times = 1): this {
    this.faults.push({ pattern, fault, times });
    return this;
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** `http://127.0.0.1:<port>` once started. */
  get url(): string {
    if (!this.base) throw new Error('the fake server is not started');
    return this.base;
  }

  /** Requests whose path matches, for assertions. */
  requestsTo(pattern: RegExp): FakeRequest[] {
    return this.requests.filter((r) => pattern.test(r.url.pathname));
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.base = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      url: new URL(req.url ?? '/', this.base),
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.requests.push(request);
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const faultIndex = this.faults.findIndex((f) => f.times > 0 && f.pattern.test(request.url.pathname));
    const fault = faultIndex >= 0 ? this.faults[faultIndex] : undefined;
    if (fault) fault.times--;
    try {
      if (fault && fault.fault.kind !== 'drift') {
        this.answerFault(fault.fault, res);
        return;
      }
      const route = this.routes.find(
        (r) => r.method === request.method && r.pattern.test(request.url.pathname),
      );
      let response: FakeResponse = route
        ? await route.route(request)
        : { status: 404, body: { error: `no route for ${request.method} ${request.url.pathname}` } };
      if (fault?.fault.kind === 'drift') response = { ...response, body: fault.fault.change(response.body) };
      send(res, response);
    } catch (error) {
      send(res, { status: 500, body: { error: (error as Error).message } });
    }
  }

  private answerFault(fault: Fault, res: ServerResponse): void {
    switch (fault.kind) {
      case 'rate_limited':
        send(res, this.platformFaults.rateLimited());
        return;
      case 'revoked':
        send(res, this.platformFaults.revoked());
        return;
      case 'server_error':
        send(res, {
          status: 503,
          headers: { 'content-type': 'text/html' },
          body: '<h1>503 Service Unavailable</h1>',
        });
        return;
      case 'timeout':
        this.hanging.add(res);
        return;
      case 'truncated': {
        const whole = JSON.stringify([{ id: '1', content: 'een bericht dat halverwege afbreekt' }]);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(whole.slice(0, Math.floor(whole.length / 2)));
        return;
      }
      case 'garbage':
        send(res, {
          status: 200,
          headers: { 'content-type': 'text/html' },
          body: '<html><body>Onderhoud: we zijn zo terug</body></html>',
        });
        return;
      case 'drift':
        return;
    }
  }
}

function send(res: ServerResponse, response: FakeResponse): void {
  const body = response.body;
  const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  res.writeHead(response.status ?? 200, {
    'content-type':
      typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    ...response.headers,
  });
  res.end(text);
}

/**
 * A fake platform set up for a scenario, as every adapter's fake exports it (`startFake…()`), so
 * generic tests (the sync on both engines, the end-to-end test) can drive any adapter the same way.
 */
export interface FakePlatform {
  readonly platform: string;
  readonly server: FakeServer;
  /** Settings and secrets that point the adapter at this server, as `accounts add` stores them. */
  readonly settings: Record<string, unknown>;
  readonly secrets: Record<string, string>;
  /** The platform ids of every message a complete sync must store. */
  messageIds(): string[];
  /** The platform ids of the messages among them inbound to the account (METRICS.md). */
  inboundIds(): string[];
  /** Adds a new inbound message (a citizen's mention or comment) as the platform would; its id. */
  addInbound(text: string): string;
  /** The paths of the reads, for injecting faults. */
  readonly readPaths: RegExp;
  close(): Promise<void>;
}

/**
 * A file of the real platform payloads in `../shared/data/formats` (or under
 * `$MEETLAT_SHARED_DATA/formats`), which the fakes serve. They hold real people's posts: they are
 * read at test time and never copied into the project.
 */
export function formatsFile(...parts: string[]): string {
  const data =
    process.env.MEETLAT_SHARED_DATA ??
    join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data');
  const path = join(data, 'formats', ...parts);
  if (!existsSync(path))
    throw new Error(`shared test data missing: ${path} (../shared must sit beside the project)`);
  return path;
}
