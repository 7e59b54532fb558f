import type { ChannelError as ChannelErrorType } from '../errors.ts';
import { ChannelError } from '../errors.ts';
import { type HttpResponse, platformMessage, requestJson } from '../http.ts';
import type { MastodonSettings } from './settings.ts';

/**
 * The Mastodon REST calls Meetlat makes, over plain fetch (`masto` needs Node 22). Every failure is
 * a classified `ChannelError`; rate limits come back with the moment in `X-RateLimit-Reset`.
 */
export interface JsonPage {
  items: unknown[];
  /** The `max_id` of the next (older) page from the `Link` header; null on the last page. */
  next: string | null;
  where: string;
}

export type StatusParams = {
  status: string;
  in_reply_to_id?: string;
  visibility?: 'public' | 'unlisted' | 'private' | 'direct';
};

/** Mastodon's own readings of an error that the generic one gets wrong. */
export function classifyMastodon(response: HttpResponse, where: string): ChannelErrorType | null {
  const said = platformMessage(response.body);
  // An application token without a user (client credentials) can read nothing of an account.
  if (response.status === 422 && said && /authenticated user/i.test(said)) {
    return new ChannelError('auth', `the token belongs to no user: ${said}`, { where, status: 422 });
  }
  return null;
}

/** The `max_id` of the `rel="next"` link of a `Link` header, or null. */
export function nextMaxId(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (!m) continue;
    try {
      return new URL(m[1] as string).searchParams.get('max_id');
    } catch {
      return null;
    }
  }
  return null;
}

export class MastodonClient {
  constructor(
    private readonly settings: MastodonSettings,
    private readonly token: string,
  ) {}

  url(path: string, query: Record<string, string | string[]> = {}): URL {
    const url = new URL(path, this.settings.instanceUrl);
    for (const [key, value] of Object.entries(query)) {
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, v);
    }
    return url;
  }

  private async call(
    method: 'GET' | 'POST',
    url: URL,
    extra: { json?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HttpResponse> {
    if (this.token === '') {
      throw new ChannelError('auth', 'no access token is stored for this account', {
        where: `${method} ${url}`,
      });
    }
    return requestJson(
      {
        method,
        url,
        json: extra.json,
        headers: { authorization: `Bearer ${this.token}`, ...extra.headers },
        timeoutMs: this.settings.timeoutMs,
      },
      { classify: classifyMastodon },
    );
  }

  /** A JSON object answer; anything else (an array, a bare value) is not what Mastodon documents. */
  async object(
    path: string,
    query: Record<string, string | string[]> = {},
  ): Promise<Record<string, unknown>> {
    const url = this.url(path, query);
    const response = await this.call('GET', url);
    return asObject(response.body, `GET ${url}`);
  }

  /** One page of a list, newest first. */
  async page(
    path: string,
    query: Record<string, string | string[]>,
    maxId: string | null,
  ): Promise<JsonPage> {
    const url = this.url(path, maxId === null ? query : { ...query, max_id: maxId });
    const where = `GET ${url}`;
    const response = await this.call('GET', url);
    if (!Array.isArray(response.body)) {
      throw new ChannelError('malformed', 'the answer is not a list', { where, status: response.status });
    }
    return { items: response.body, next: nextMaxId(response.headers.get('link')), where };
  }

  verifyCredentials(): Promise<Record<string, unknown>> {
    return this.object('/api/v1/accounts/verify_credentials');
  }

  status(id: string): Promise<Record<string, unknown>> {
    return this.object(`/api/v1/statuses/${encodeURIComponent(id)}`);
  }

  account(id: string): Promise<Record<string, unknown>> {
    return this.object(`/api/v1/accounts/${encodeURIComponent(id)}`);
  }

  context(id: string): Promise<Record<string, unknown>> {
    return this.object(`/api/v1/statuses/${encodeURIComponent(id)}/context`);
  }

  /** The instance's longest status, or null when it does not say. */
  async maxCharacters(): Promise<number | null> {
    const instance = await this.object('/api/v2/instance');
    const config = instance.configuration as { statuses?: { max_characters?: unknown } } | undefined;
    const max = config?.statuses?.max_characters;
    return typeof max === 'number' && Number.isSafeInteger(max) && max > 0 ? max : null;
  }

  /** Statuses found for `q` (a status URI: `resolve` fetches it from its home server when needed). */
  async searchStatuses(q: string): Promise<unknown[]> {
    const body = await this.object('/api/v2/search', { q, resolve: 'true', type: 'statuses', limit: '5' });
    return Array.isArray(body.statuses) ? body.statuses : [];
  }

  /** Posts a status; Mastodon answers a repeated `Idempotency-Key` (for an hour) with the first status. */
  async postStatus(params: StatusParams, idempotencyKey: string): Promise<Record<string, unknown>> {
    const url = this.url('/api/v1/statuses');
    const response = await this.call('POST', url, {
      json: params,
      headers: { 'idempotency-key': idempotencyKey },
    });
    return asObject(response.body, `POST ${url}`);
  }
}

function asObject(body: unknown, where: string): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ChannelError('malformed', 'the answer is not a JSON object', { where });
  }
  return body as Record<string, unknown>;
}
