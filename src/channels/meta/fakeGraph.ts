import type { FakeRequest, FakeResponse, FakeServer, PlatformFaults, Route } from '../fakeServer.ts';

/**
 * What the fake Facebook and Instagram servers share: Graph's error bodies (a 400 with
 * `error.code`), its throttling headers, its cursor paging with `paging.next` URLs that carry the
 * access token (as Meta's do), versioned paths, and parameters from the query or a form body.
 */

/** A Graph error answer. */
export function graphErrorResponse(
  status: number,
  code: number,
  message: string,
  extra: { subcode?: number; transient?: boolean; headers?: Record<string, string> } = {},
): FakeResponse {
  return {
    status,
    headers: extra.headers ?? {},
    body: {
      error: {
        message,
        type: code === 190 ? 'OAuthException' : 'GraphMethodException',
        code,
        ...(extra.subcode === undefined ? {} : { error_subcode: extra.subcode }),
        ...(extra.transient === undefined ? {} : { is_transient: extra.transient }),
        fbtrace_id: 'AbCdEfGhIjK',
      },
    },
  };
}

/** Minutes until access returns in the fakes' throttling answers. */
export const FAKE_REGAIN_MINUTES = 7;

/**
 * How Graph throttles and refuses: a Business Use Case limit (80001 for pages, 80002 for
 * Instagram) with `X-Business-Use-Case-Usage` naming the minutes to wait, and code 190/460 for a
 * token invalidated (a password change, a removed app).
 */
export function graphFaults(kind: 'pages' | 'instagram', accountId: string): PlatformFaults {
  const usage = (minutes: number) =>
    JSON.stringify({
      [accountId]: [
        {
          type: kind,
          call_count: 100,
          total_cputime: 31,
          total_time: 44,
          estimated_time_to_regain_access: minutes,
        },
      ],
    });
  return {
    rateLimited: () =>
      graphErrorResponse(
        400,
        kind === 'pages' ? 80001 : 80002,
        `There have been too many calls to this ${kind === 'pages' ? 'Page' : 'Instagram'} account. Wait a bit and try again.`,
        {
          transient: true,
          headers: {
            'x-business-use-case-usage': usage(FAKE_REGAIN_MINUTES),
            'x-app-usage': JSON.stringify({ call_count: 12, total_cputime: 3, total_time: 5 }),
          },
        },
      ),
    revoked: () =>
      graphErrorResponse(
        400,
        190,
        'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
        {
          subcode: 460,
          headers: {
            'www-authenticate': 'OAuth "Facebook Platform" "invalid_token" "Error validating access token"',
          },
        },
      ),
  };
}

/** The request's parameters: the query, and a form body on top. */
export function paramsOf(request: FakeRequest): URLSearchParams {
  const params = new URLSearchParams(request.url.search);
  const type = String(request.headers['content-type'] ?? '');
  if (request.body && type.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(request.body)) params.set(key, value);
  }
  return params;
}

/** A route on a versioned Graph path (`/v26.0/…`; the version may be left out, as Meta allows). */
export function graphRoute(server: FakeServer, method: string, path: string, route: Route): void {
  server.route(method, new RegExp(`^(?:/v\\d+\\.\\d+)?${path}$`), route);
}

/** Answers a request without a valid token as Graph does; null when the token is good. */
export function refuseBadToken(request: FakeRequest, tokens: ReadonlySet<string>): FakeResponse | null {
  const token = paramsOf(request).get('access_token');
  if (token && tokens.has(token)) return null;
  return graphErrorResponse(400, 190, 'Invalid OAuth access token - Cannot parse access token');
}

/** Graph's answer for an id it does not know. */
export function unknownObject(id: string): FakeResponse {
  return graphErrorResponse(
    400,
    100,
    `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    { subcode: 33 },
  );
}

function encodeCursor(index: number): string {
  return Buffer.from(`offset:${index}`).toString('base64url');
}

function decodeCursor(cursor: string | null): number {
  if (!cursor) return 0;
  const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : 0;
}

/**
 * One page of a list as Graph pages it: `data`, `paging.cursors` and, unless the edge is
 * cursor-only, `paging.next`: the same request on Meta's host with `after` (and the token, as Meta
 * puts it there). The page size is the smaller of `limit` and the fake's own.
 */
export function graphPage(
  items: unknown[],
  request: FakeRequest,
  options: { pageSize: number; host: string; cursorsOnly?: boolean },
): FakeResponse {
  const params = paramsOf(request);
  const start = decodeCursor(params.get('after'));
  const asked = Number(params.get('limit') ?? options.pageSize);
  const size = Math.max(
    1,
    Math.min(options.pageSize, Number.isFinite(asked) && asked > 0 ? asked : options.pageSize),
  );
  const data = items.slice(start, start + size);
  const paging: Record<string, unknown> = {};
  if (data.length > 0)
    paging.cursors = { before: encodeCursor(start), after: encodeCursor(start + data.length) };
  if (!options.cursorsOnly && start + size < items.length) {
    const next = new URL(request.url.pathname + request.url.search, options.host);
    next.searchParams.set('after', encodeCursor(start + data.length));
    next.searchParams.set('access_token', params.get('access_token') ?? '');
    paging.next = next.toString();
  }
  return { body: { data, paging } };
}

/** Graph's time format: `2026-11-20T09:15:00+0000`. */
export function graphTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+0000');
}

export type GraphHandler = (request: FakeRequest, id: string) => FakeResponse;

/** A handler behind Graph's token check, given the node id of the path (`123` or `123_456`). */
export function guarded(
  tokens: ReadonlySet<string>,
  handler: GraphHandler,
): (request: FakeRequest) => FakeResponse {
  return (request) => {
    const refused = refuseBadToken(request, tokens);
    if (refused) return refused;
    return handler(request, /\/(\d+(?:_\d+)?)(?:\/[a-z_]+)?$/.exec(request.url.pathname)?.[1] ?? '');
  };
}
