/** A failed download, with a message naming the URL and what went wrong. */
export class FetchError extends Error {}

export interface FetchOptions {
  /** Per request, for the answer and its body together. */
  timeoutMs: number;
  /** The fetch to use (tests may pass their own); the global one by default. */
  fetch?: typeof fetch;
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message;
  const message = error instanceof Error ? error.message : String(error);
  return detail ? `${message} (${detail})` : message;
}

/**
 * GETs `url` and parses the body as JSON. Throws `FetchError` naming the URL for a network
 * failure, a timeout, an HTTP status other than 2xx (with the start of the body) or a body that
 * is not JSON.
 */
export async function fetchJson(url: string, options: FetchOptions): Promise<unknown> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const timedOut = () =>
    new FetchError(`GET ${url}: no complete answer within ${options.timeoutMs / 1000} s`);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { headers: { accept: 'application/json' }, signal });
  } catch (error) {
    if (signal.aborted) throw timedOut();
    throw new FetchError(`GET ${url} failed: ${causeOf(error)}`);
  }
  let body: string;
  try {
    body = await response.text();
  } catch (error) {
    if (signal.aborted) throw timedOut();
    throw new FetchError(`GET ${url}: reading the answer failed: ${causeOf(error)}`);
  }
  if (!response.ok) {
    const start = body.replace(/\s+/g, ' ').trim().slice(0, 200);
    throw new FetchError(
      `GET ${url}: HTTP ${response.status} ${response.statusText}`.trimEnd() + (start ? `: ${start}` : ''),
    );
  }
  try {
    return JSON.parse(body);
  } catch {
    throw new FetchError(
      `GET ${url}: the answer is not JSON (it starts ${JSON.stringify(body.slice(0, 60))})`,
    );
  }
}

export interface PagingOptions extends FetchOptions {
  /** Stop with an error after this many pages (a server that pages forever). */
  maxPages?: number;
}

/**
 * Fetches `first` and then every page `nextOf` names, in order. A next link is resolved against
 * the page's URL and must stay on the same origin (scheme, host and port) as `first`; a link seen
 * before, or more than `maxPages` pages, is an error rather than an endless loop.
 */
export async function* jsonPages(
  first: string,
  nextOf: (json: unknown, url: string) => string | null,
  options: PagingOptions,
): AsyncGenerator<{ url: string; json: unknown }> {
  const origin = new URL(first).origin;
  const maxPages = options.maxPages ?? 1000;
  const seen = new Set<string>();
  let url: string | null = first;
  while (url !== null) {
    if (seen.has(url)) throw new FetchError(`GET ${url}: the server sent this page before (paging loops)`);
    if (seen.size >= maxPages) throw new FetchError(`GET ${first}: more than ${maxPages} pages; stopped`);
    seen.add(url);
    const json = await fetchJson(url, options);
    yield { url, json };
    const next = nextOf(json, url);
    if (next === null) break;
    let resolved: URL;
    try {
      resolved = new URL(next, url);
    } catch {
      throw new FetchError(`GET ${url}: the next-page link ${JSON.stringify(next)} is not a URL`);
    }
    if (resolved.origin !== origin) {
      throw new FetchError(
        `GET ${url}: the next-page link leads to another server (${resolved.origin}); not followed`,
      );
    }
    url = resolved.toString();
  }
}
