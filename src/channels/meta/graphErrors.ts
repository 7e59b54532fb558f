import { ChannelError } from '../errors.ts';
import { type HttpResponse, retryAtFromHeaders } from '../http.ts';

/**
 * Meta's Graph API (Facebook pages, Instagram) says what went wrong in its JSON body, not in the
 * HTTP status: nearly every error is a 400 with `error.code` (and often `error_subcode`). This is
 * the reading of those codes, shared by both adapters, passed to `requestJson` as its `classify`
 * hook. Codes from https://developers.facebook.com/docs/graph-api/guides/error-handling and the
 * rate-limiting overview.
 */
export interface GraphErrorBody {
  message?: unknown;
  type?: unknown;
  code?: unknown;
  error_subcode?: unknown;
  error_user_msg?: unknown;
  is_transient?: unknown;
}

/** When Meta gives no moment to retry: its app and user windows roll over an hour. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 10 * 60_000;

/** Application (4), user (17), page (32) and custom (613) throttling; 341: application limit reached. */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 341, 613]);

/** Business Use Case rate limits (pages, Instagram, Messenger, ads…): 80001 to 80014. */
function isBusinessUseCaseLimit(code: number): boolean {
  return code >= 80001 && code <= 80014;
}

/** The `error` object of a Graph answer, when it has one with a numeric code. */
export function graphError(body: unknown): (GraphErrorBody & { code: number }) | null {
  if (!body || typeof body !== 'object') return null;
  const error = (body as { error?: unknown }).error;
  if (!error || typeof error !== 'object') return null;
  const code = (error as GraphErrorBody).code;
  const numeric = typeof code === 'string' && /^\d+$/.test(code) ? Number(code) : code;
  return typeof numeric === 'number' ? { ...(error as GraphErrorBody), code: numeric } : null;
}

/**
 * The moment a throttled app regains access, from Meta's usage headers: `X-Business-Use-Case-Usage`
 * (`{"<business id>": [{"type": "pages", "call_count": 100, …, "estimated_time_to_regain_access": 7}]}`),
 * and `X-App-Usage`, `X-Page-Usage`, `X-Ad-Account-Usage` (one such object). Minutes; the largest
 * wins. Null when no header names a wait above zero.
 */
export function retryAtFromUsage(headers: Headers, now: Date): Date | null {
  let minutes = 0;
  const take = (entry: unknown): void => {
    const value = (entry as { estimated_time_to_regain_access?: unknown } | null)
      ?.estimated_time_to_regain_access;
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n === 'number' && Number.isFinite(n) && n > minutes) minutes = n;
  };
  for (const name of ['x-business-use-case-usage', 'x-app-usage', 'x-page-usage', 'x-ad-account-usage']) {
    const raw = headers.get(name);
    if (!raw) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      continue;
    }
    if (!parsed || typeof parsed !== 'object') continue;
    if (name === 'x-business-use-case-usage') {
      for (const list of Object.values(parsed)) if (Array.isArray(list)) list.forEach(take);
    } else {
      take(parsed);
    }
  }
  return minutes > 0 ? new Date(now.getTime() + minutes * 60_000) : null;
}

/** Meta's words for people, with the code, e.g. `(#190) Error validating access token… (code 190/460)`. */
function describe(error: GraphErrorBody & { code: number }): string {
  const said =
    [error.error_user_msg, error.message].find(
      (m): m is string => typeof m === 'string' && m.trim() !== '',
    ) ?? 'the platform refused the request';
  const subcode = typeof error.error_subcode === 'number' ? `/${error.error_subcode}` : '';
  return `${said.slice(0, 300)} (code ${error.code}${subcode})`;
}

/**
 * The `classify` hook for Graph answers: an answer carrying `error.code` is read by the code,
 * whatever its HTTP status; anything else is left to the generic reading (null).
 */
export function classifyGraph(response: HttpResponse, where: string, now: Date): ChannelError | null {
  const error = graphError(response.body);
  if (!error) return null;
  const { code } = error;
  const subcode = typeof error.error_subcode === 'number' ? error.error_subcode : null;
  const status = response.status;
  const message = describe(error);
  // 190: token expired or invalidated; 102: session; 10 and 200-299: a permission is missing.
  if (code === 190 || code === 102 || code === 10 || (code >= 200 && code <= 299)) {
    return new ChannelError('auth', message, { where, status });
  }
  if (RATE_LIMIT_CODES.has(code) || isBusinessUseCaseLimit(code)) {
    const retryAt =
      retryAtFromUsage(response.headers, now) ??
      retryAtFromHeaders(response.headers, now) ??
      new Date(now.getTime() + DEFAULT_RATE_LIMIT_WAIT_MS);
    return new ChannelError('rate_limited', message, { where, status, retryAt });
  }
  // 100/33: the object does not exist (or cannot be seen); 803: an alias that does not exist.
  if ((code === 100 && subcode === 33) || code === 803) {
    return new ChannelError('not_found', message, { where, status });
  }
  if (code === 1 || code === 2 || error.is_transient === true) {
    return new ChannelError('transient', message, { where, status });
  }
  // 368 (blocked for a policy violation), 506 (duplicate post) and every other code.
  return new ChannelError('unknown', message, { where, status });
}
