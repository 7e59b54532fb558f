import { ChannelError } from '../errors.ts';
import { redact, requestJson } from '../http.ts';
import { classifyGraph } from './graphErrors.ts';

/**
 * HTTP to a Graph host (`graph.facebook.com`, `graph.instagram.com`): versioned paths, the access
 * token as the `access_token` parameter (as Meta documents it; `redact` hides it in every error
 * and reject location), Meta's error codes, and its paging. Paging tokens are kept as the path and
 * query of the next page *without* the access token, so a cursor stored in the database never
 * holds a secret, and they are always sent to the configured host, never to one a body names.
 */
export interface GraphClientOptions {
  baseUrl: string;
  apiVersion: string;
  timeoutMs: number;
  /** The token to send now (Instagram's is refreshed while the channel lives). */
  token: () => string;
}

export interface GraphPage {
  items: unknown[];
  /** The next page as a relative path and query, or null on the last page. */
  next: string | null;
  where: string;
}

export interface PagingOptions {
  /**
   * Edges that page only by `paging.cursors.after`, without `paging.next` (Instagram's `tags`).
   * Elsewhere a page without `next` is the last one, as Meta documents, even when it has cursors.
   */
  cursorsOnly?: boolean;
}

export class GraphClient {
  constructor(private readonly options: GraphClientOptions) {}

  /**
   * A URL on the configured host; a path without a version (`/me`) gets the configured one,
   * unless `versioned` is false (Instagram's `/refresh_access_token` has none).
   */
  url(path: string, params: Record<string, string> = {}, versioned = true): URL {
    const base = this.options.baseUrl.replace(/\/+$/, '');
    const withVersion =
      !versioned || /^\/v\d+\.\d+\//.test(path) ? path : `/${this.options.apiVersion}${path}`;
    const url = new URL(base + withVersion);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url;
  }

  /** GETs a node or edge; the parsed body. */
  async get(path: string, params: Record<string, string> = {}, versioned = true): Promise<unknown> {
    const url = this.url(path, params, versioned);
    url.searchParams.set('access_token', this.options.token());
    return this.request('GET', url);
  }

  /** POSTs form parameters (the token among them, so texts and tokens stay out of URLs). */
  async post(path: string, form: Record<string, string>): Promise<unknown> {
    const url = this.url(path);
    return this.request('POST', url, { ...form, access_token: this.options.token() });
  }

  /**
   * One page of an edge: `next` null reads the first page of `path` with `params`, else the page
   * that token names. The body must hold a `data` list.
   */
  async page(
    path: string,
    params: Record<string, string>,
    next: string | null,
    paging: PagingOptions = {},
  ): Promise<GraphPage> {
    const url = next === null ? this.url(path, params) : this.url(next);
    const asked = relative(url);
    url.searchParams.set('access_token', this.options.token());
    const where = `GET ${redact(url)}`;
    const body = await this.request('GET', url);
    const data = (body as { data?: unknown } | null)?.data;
    if (!Array.isArray(data)) {
      throw new ChannelError('malformed', 'the answer has no data list', { where, status: 200 });
    }
    return { items: data, next: nextPage(body, asked, data.length, paging), where };
  }

  private async request(method: 'GET' | 'POST', url: URL, form?: Record<string, string>): Promise<unknown> {
    const response = await requestJson(
      { method, url, form, timeoutMs: this.options.timeoutMs },
      { classify: classifyGraph },
    );
    if (response.body === undefined || response.body === null || typeof response.body !== 'object') {
      throw new ChannelError('malformed', 'the answer is not a JSON object', {
        where: `${method} ${redact(url)}`,
        status: response.status,
      });
    }
    return response.body;
  }
}

/** The path and query of a URL without its access token. */
function relative(url: URL): string {
  const copy = new URL(url);
  copy.searchParams.delete('access_token');
  return copy.pathname + copy.search;
}

/**
 * The next page of a Graph list: `paging.next` (an absolute URL on Meta's host, with the token in
 * it) made relative, or for cursor-only edges the request again with `after`. Null on the last
 * page, and when the next page would be this one again (a platform bug would otherwise loop).
 */
export function nextPage(
  body: unknown,
  asked: string,
  count: number,
  paging: PagingOptions = {},
): string | null {
  const info = (body as { paging?: { next?: unknown; cursors?: { after?: unknown } } } | null)?.paging;
  let next: string | null = null;
  if (typeof info?.next === 'string' && info.next !== '') {
    try {
      next = relative(new URL(info.next));
    } catch {
      next = null;
    }
  } else if (
    paging.cursorsOnly &&
    count > 0 &&
    typeof info?.cursors?.after === 'string' &&
    info.cursors.after
  ) {
    const url = new URL(asked, 'http://relative.invalid');
    url.searchParams.set('after', info.cursors.after);
    next = url.pathname + url.search;
  }
  return next === asked ? null : next;
}
