import { ChannelError } from './errors.ts';

/**
 * HTTP for adapters that speak plain JSON over fetch: every failure comes out as a classified
 * `ChannelError` naming the request, so no adapter writes its own status handling, and a platform
 * with its own error codes (Meta's `error.code`, X's `errors[]`) adds only what differs.
 */
export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string | URL;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Milliseconds before the request counts as timed out (transient). Default 30 s. */
  timeoutMs?: number;
  /** Largest body read; a longer one is `malformed` (read no further). Default 32 MB. */
  maxBytes?: number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body (undefined for an empty body). */
  body: unknown;
}

export interface HttpOptions {
  /**
   * The platform's own reading of an error response, tried before the generic one; return null
   * to leave it to the generic reading.
   */
  classify?: (response: HttpResponse, where: string, now: Date) => ChannelError | null;
  /** Now, for retry moments given as seconds from now (tests set it). */
  now?: () => Date;
}

/** Largest response read (bytes); beyond this a response is garbage, not a page. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Fetches and returns the text and headers; network faults and timeouts are `transient`. The body
 * is read up to `maxBytes` only, and decoded by the charset the answer names (in Content-Type, or
 * an XML declaration's `encoding`), else as UTF-8.
 */
export async function fetchText(
  request: HttpRequest,
): Promise<{ status: number; headers: Headers; text: string; where: string }> {
  const method = request.method ?? 'GET';
  const where = `${method} ${redact(request.url)}`;
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | undefined;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  } else if (request.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(request.form).toString();
  }
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    const response = await fetch(request.url, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'follow',
    });
    const maxBytes = request.maxBytes ?? MAX_BODY_BYTES;
    const bytes = await readBody(response, maxBytes, where);
    const text = decode(bytes, response.headers.get('content-type'));
    return { status: response.status, headers: response.headers, text, where };
  } catch (error) {
    if (error instanceof ChannelError) throw error;
    const name = (error as { name?: string }).name;
    const reason =
      name === 'TimeoutError' || name === 'AbortError'
        ? `no answer within ${Math.round(timeoutMs / 1000)} s`
        : `the connection failed (${causeText(error)})`;
    throw new ChannelError('transient', reason, { where, cause: error });
  }
}

/**
 * Sends a request and returns the parsed JSON of a 2xx answer. Anything else throws a classified
 * `ChannelError`: 429 `rate_limited` (retry moment from the headers), 401/403 `auth`, 404/410
 * `not_found`, 408 and 5xx `transient`, a 2xx body that is not JSON `malformed`, other 4xx
 * `unknown` with the platform's own message.
 */
export async function requestJson(request: HttpRequest, options: HttpOptions = {}): Promise<HttpResponse> {
  const now = options.now?.() ?? new Date();
  const { status, headers, text, where } = await fetchText(request);
  let body: unknown;
  let parseError: string | null = null;
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch (error) {
      parseError = (error as Error).message;
    }
  }
  const response: HttpResponse = { status, headers, body };
  if (status >= 200 && status < 300 && parseError === null) {
    const special = options.classify?.(response, where, now);
    if (special) throw special;
    return response;
  }
  const special = options.classify?.(response, where, now);
  if (special) throw special;
  if (status >= 200 && status < 300) {
    throw new ChannelError('malformed', `the answer is not JSON (${parseError}); ${text.length} characters`, {
      where,
      status,
    });
  }
  throw classifyStatus(response, where, now);
}

/** The generic reading of an HTTP error status. */
export function classifyStatus(response: HttpResponse, where: string, now: Date): ChannelError {
  const { status, headers } = response;
  const said = platformMessage(response.body);
  const detail = said ? `: ${said}` : '';
  if (status === 429) {
    return new ChannelError('rate_limited', `rate limited (HTTP 429)${detail}`, {
      where,
      status,
      retryAt: retryAtFromHeaders(headers, now) ?? new Date(now.getTime() + 60_000),
    });
  }
  if (status === 401 || status === 403) {
    return new ChannelError('auth', `access refused (HTTP ${status})${detail}`, { where, status });
  }
  if (status === 404 || status === 410) {
    return new ChannelError('not_found', `not found (HTTP ${status})${detail}`, { where, status });
  }
  if (status === 408 || status >= 500) {
    return new ChannelError('transient', `the platform failed (HTTP ${status})${detail}`, {
      where,
      status,
      retryAt: retryAtFromHeaders(headers, now),
    });
  }
  return new ChannelError('unknown', `the platform refused (HTTP ${status})${detail}`, { where, status });
}

/**
 * When a platform says to try again: `Retry-After` (seconds or an HTTP date), or the reset of a
 * rate-limit window: `x-ratelimit-reset` (Mastodon: an ISO date; X: epoch seconds),
 * `x-rate-limit-reset` (X), `ratelimit-reset` (Bluesky: epoch seconds). A number above 10^9 is
 * epoch seconds, a smaller one seconds from now.
 */
export function retryAtFromHeaders(headers: Headers, now: Date): Date | null {
  for (const name of ['retry-after', 'x-rate-limit-reset', 'x-ratelimit-reset', 'ratelimit-reset']) {
    const value = headers.get(name)?.trim();
    if (!value) continue;
    if (/^\d+(\.\d+)?$/.test(value)) {
      const n = Number(value);
      return n > 1e9 ? new Date(n * 1000) : new Date(now.getTime() + n * 1000);
    }
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return null;
}

/** The error text a platform put in its JSON body, in any of the usual shapes. */
export function platformMessage(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  const candidates = [
    b.error_description,
    typeof b.error === 'object' && b.error !== null ? (b.error as Record<string, unknown>).message : b.error,
    b.message,
    b.detail,
    b.title,
    Array.isArray(b.errors) ? (b.errors[0] as Record<string, unknown> | undefined)?.message : undefined,
  ];
  const found = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
  return found ? found.slice(0, 300) : null;
}

/** A URL as it may be shown: without query values that look like secrets. */
export function redact(url: string | URL): string {
  const u = new URL(String(url));
  for (const key of [...u.searchParams.keys()]) {
    if (/token|secret|key|password|signature/i.test(key)) u.searchParams.set(key, '…');
  }
  return u.toString();
}

async function readBody(response: Response, maxBytes: number, where: string): Promise<Uint8Array> {
  const tooLarge = () =>
    new ChannelError('malformed', `the answer is larger than ${maxBytes} bytes, more than a page can be`, {
      where,
      status: response.status,
    });
  if (Number(response.headers.get('content-length') ?? '0') > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        await response.body.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(chunk);
    }
  }
  return Buffer.concat(chunks, size);
}

function decode(bytes: Uint8Array, contentType: string | null): string {
  const declared =
    /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1] ??
    /^\s*<\?xml[^>]*\sencoding\s*=\s*["']([\w.:-]+)["']/.exec(
      Buffer.from(bytes.subarray(0, 200)).toString('latin1'),
    )?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function causeText(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}
