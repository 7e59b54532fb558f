import type { ChannelHost } from '../channel.ts';
import { ChannelError } from '../errors.ts';
import { type HttpRequest, type HttpResponse, platformMessage, requestJson } from '../http.ts';
import { nextPeriodStart } from './budget.ts';
import type { XSettings } from './settings.ts';

/**
 * X API v2 over fetch, with an OAuth 2.0 user-context token. Access tokens live two hours; with a
 * refresh token (scope `offline.access`) and the app's client id, a 401 is answered by refreshing
 * once (`POST /2/oauth2/token`) and asking again. X rotates refresh tokens, so the new pair is
 * saved through the host at once: the old refresh token no longer works.
 */
export interface XSecrets {
  accessToken: string;
  refreshToken?: string;
  clientId?: string;
  /** Only for a confidential client (a "Web App" in the developer portal). */
  clientSecret?: string;
}

export type Query = Record<string, string | number | undefined>;

export class XClient {
  private accessToken: string;
  private refreshToken: string | null;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly settings: XSettings,
    private readonly secrets: Readonly<Record<string, string>>,
    private readonly host: ChannelHost,
  ) {
    this.accessToken = secrets.accessToken ?? '';
    this.refreshToken = secrets.refreshToken ?? null;
  }

  get(path: string, query: Query = {}): Promise<HttpResponse> {
    return this.send('GET', path, query, undefined);
  }

  post(path: string, json: unknown): Promise<HttpResponse> {
    return this.send('POST', path, {}, json);
  }

  url(path: string, query: Query = {}): URL {
    const url = new URL(path, this.settings.apiBaseUrl.replace(/\/?$/, '/'));
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  private async send(method: 'GET' | 'POST', path: string, query: Query, json: unknown) {
    const url = this.url(path, query);
    const attempt = (token: string) =>
      requestJson(
        {
          method,
          url,
          headers: { authorization: `Bearer ${token}` },
          timeoutMs: this.settings.timeoutMs,
          ...(json === undefined ? {} : { json }),
        },
        { classify: classifyX },
      );
    if (!this.accessToken) {
      throw new ChannelError('auth', 'no X access token is stored: connect the account', {
        where: `${method} ${url.origin}${url.pathname}`,
      });
    }
    const token = this.accessToken;
    try {
      return await attempt(token);
    } catch (error) {
      // A 401 means X did nothing, so asking again with a fresh token is safe (also for a post).
      if (!(error instanceof ChannelError && error.status === 401 && this.canRefresh())) throw error;
      await this.refreshOnce(token);
      return attempt(this.accessToken);
    }
  }

  private canRefresh(): boolean {
    return this.refreshToken !== null && !!this.secrets.clientId;
  }

  /** One refresh at a time; a caller whose token was already replaced just uses the new one. */
  private async refreshOnce(usedToken: string): Promise<void> {
    if (this.accessToken !== usedToken) return;
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = null;
    });
    await this.refreshing;
  }

  private async refresh(): Promise<void> {
    const clientId = this.secrets.clientId ?? '';
    const headers: Record<string, string> = {};
    if (this.secrets.clientSecret) {
      headers.authorization = `Basic ${Buffer.from(`${clientId}:${this.secrets.clientSecret}`).toString('base64')}`;
    }
    const request: HttpRequest = {
      method: 'POST',
      url: this.url('/2/oauth2/token'),
      headers,
      form: { grant_type: 'refresh_token', refresh_token: this.refreshToken ?? '', client_id: clientId },
      timeoutMs: this.settings.timeoutMs,
    };
    const response = await requestJson(request, { classify: classifyTokenError });
    const body = response.body as { access_token?: unknown; refresh_token?: unknown } | undefined;
    if (typeof body?.access_token !== 'string' || body.access_token === '') {
      throw new ChannelError('malformed', 'the token answer holds no access_token', {
        where: `POST ${request.url}`,
        status: response.status,
      });
    }
    this.accessToken = body.access_token;
    if (typeof body.refresh_token === 'string' && body.refresh_token !== '') {
      this.refreshToken = body.refresh_token;
    }
    const saved: Record<string, string> = {
      ...this.secrets,
      accessToken: this.accessToken,
      ...(this.refreshToken ? { refreshToken: this.refreshToken } : {}),
    };
    try {
      await this.host.saveSecrets(saved);
    } catch (error) {
      // The tokens stay in memory; but the old refresh token is spent, so say so loudly.
      throw new ChannelError(
        'unknown',
        `X gave new tokens but they could not be saved (${(error as Error).message}); ` +
          'after a restart the account must be connected again',
        { where: `POST ${request.url}`, cause: error },
      );
    }
  }
}

interface XProblem {
  type?: unknown;
  title?: unknown;
  detail?: unknown;
  reason?: unknown;
  errors?: unknown;
  data?: unknown;
  meta?: unknown;
}

function problemType(body: unknown): string {
  const b = (body ?? {}) as XProblem;
  const type = typeof b.type === 'string' ? b.type : '';
  const reason = typeof b.reason === 'string' ? b.reason : '';
  const title = typeof b.title === 'string' ? b.title : '';
  return `${type} ${reason} ${title}`.toLowerCase();
}

/**
 * X's own error answers, before the generic reading:
 *
 * - `usage-capped` (429 or 403: the app's monthly post cap) and 402 (credits used up or the
 *   spending limit reached) are X's own budget stop: `budget`. The cap resets with the billing
 *   cycle, which we take to be the calendar month; credits come back only when someone buys them.
 * - 429 otherwise: `rate_limited`, until `x-rate-limit-reset` or, when a 24-hour cap is what ran
 *   out (posting), until that cap's reset.
 * - 403 `client-not-enrolled` / `client-forbidden`: `auth` (the developer app must be fixed).
 * - 403 "reply to a Post that is deleted or not visible": `not_found`; 403 "text too long" or
 *   "duplicate content": `unknown` (the post is refused, not the access).
 * - a 200 that holds only `errors` (the user of a timeline is gone or protected): `not_found` or
 *   `auth`. A 200 with data and some `errors` (an author that could not be expanded) is kept.
 */
export function classifyX(response: HttpResponse, where: string, now: Date): ChannelError | null {
  const { status, body } = response;
  const said = platformMessage(body);
  const detail = said ? `: ${said}` : '';
  const type = problemType(body);
  if (status >= 200 && status < 300) return onlyErrors(body, where, status);
  if (type.includes('usage-capped') || type.includes('usagecap') || status === 402) {
    const credits = status === 402 || /credit|spend/.test(type);
    return new ChannelError(
      'budget',
      credits
        ? `X refused: the app's API credits or spending limit are used up (HTTP ${status})${detail}`
        : `X refused: the app's monthly usage cap is reached (HTTP ${status})${detail}`,
      { where, status, retryAt: credits ? null : nextPeriodStart(now) },
    );
  }
  if (status === 429) {
    return new ChannelError('rate_limited', `X rate limit reached (HTTP 429)${detail}`, {
      where,
      status,
      retryAt: rateLimitReset(response.headers, now),
    });
  }
  if (status === 403 && /client-not-enrolled|client-forbidden/.test(type)) {
    return new ChannelError(
      'auth',
      `the X developer app may not use this endpoint (HTTP 403${detail}); attach it to a project with API v2 access`,
      { where, status },
    );
  }
  if (status === 403 && typeof said === 'string' && /too long|duplicate content/i.test(said)) {
    // The post itself is refused, not the access: nobody needs to reconnect.
    return new ChannelError('unknown', `X refused the post (HTTP 403)${detail}`, { where, status });
  }
  if (status === 403 && typeof said === 'string' && /deleted or not visible|has been deleted/i.test(said)) {
    return new ChannelError('not_found', `the post replied to is gone (HTTP 403)${detail}`, {
      where,
      status,
    });
  }
  return null;
}

function onlyErrors(body: unknown, where: string, status: number): ChannelError | null {
  const b = (body ?? {}) as XProblem;
  if (b.data !== undefined || b.meta !== undefined || !Array.isArray(b.errors) || b.errors.length === 0) {
    return null;
  }
  const said = platformMessage(body) ?? platformMessage(b.errors[0]) ?? 'no data';
  const type = problemType(b.errors[0]);
  if (type.includes('not-authorized') || type.includes('forbidden')) {
    return new ChannelError('auth', `X answered without data: ${said}`, { where, status });
  }
  if (type.includes('not-found')) {
    return new ChannelError('not_found', `X answered without data: ${said}`, { where, status });
  }
  return new ChannelError('unknown', `X answered without data: ${said}`, { where, status });
}

/** When a 429 ends: the latest reset among the windows that ran out. */
function rateLimitReset(headers: Headers, now: Date): Date {
  const resets: number[] = [];
  const window = Number(headers.get('x-rate-limit-reset'));
  if (Number.isFinite(window) && window > 1e9) resets.push(window * 1000);
  for (const scope of ['user', 'app']) {
    const remaining = headers.get(`x-${scope}-limit-24hour-remaining`);
    const reset = Number(headers.get(`x-${scope}-limit-24hour-reset`));
    if (remaining === '0' && Number.isFinite(reset) && reset > 1e9) resets.push(reset * 1000);
  }
  if (resets.length === 0) return new Date(now.getTime() + 15 * 60_000);
  return new Date(Math.max(...resets));
}

/** A refresh that X refuses (`invalid_request`, `invalid_grant`): the account must be reconnected. */
function classifyTokenError(response: HttpResponse, where: string): ChannelError | null {
  if (response.status === 400 || response.status === 401) {
    const said = platformMessage(response.body) ?? `HTTP ${response.status}`;
    return new ChannelError('auth', `X refused to refresh the token (${said}): connect the account again`, {
      where,
      status: response.status,
    });
  }
  return null;
}
