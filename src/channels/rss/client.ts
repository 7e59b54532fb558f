import { ChannelError } from '../errors.ts';
import { classifyStatus, fetchText } from '../http.ts';
import { type FeedDocument, NotAFeedError, readFeed } from './feed.ts';

/**
 * Fetching a feed: a conditional GET (the validators of the last read, so an unchanged feed costs
 * the server a 304 and us nothing), every failure a classified `ChannelError`, and a body that is
 * not a feed (a maintenance page, XML cut off) `malformed`.
 */

/** Largest feed read. News feeds are tens of kilobytes; podcast feeds reach a few megabytes. */
export const MAX_FEED_BYTES = 8 * 1024 * 1024;

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';
const USER_AGENT = 'Meetlat/0.1 (feed reader)';

/** HTTP validators of a feed as last read: `ETag` and `Last-Modified`. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export type FeedFetch =
  | { changed: false; where: string }
  | { changed: true; where: string; feed: FeedDocument; validators: Validators };

export async function fetchFeed(
  url: string,
  options: { validators?: Validators | null; timeoutMs: number; now: Date },
): Promise<FeedFetch> {
  const headers: Record<string, string> = { accept: ACCEPT, 'user-agent': USER_AGENT };
  if (options.validators?.etag) headers['if-none-match'] = options.validators.etag;
  if (options.validators?.lastModified) headers['if-modified-since'] = options.validators.lastModified;
  let response: Awaited<ReturnType<typeof fetchText>>;
  try {
    response = await fetchText({ url, headers, timeoutMs: options.timeoutMs, maxBytes: MAX_FEED_BYTES });
  } catch (error) {
    throw refusedRedirect(error) ?? error;
  }
  const { status, where } = response;
  if (status === 304) return { changed: false, where };
  if (status !== 200 && status !== 203) {
    if (status >= 200 && status < 300) {
      throw new ChannelError('malformed', `the feed answered HTTP ${status} without a feed`, {
        where,
        status,
      });
    }
    throw classifyStatus({ status, headers: response.headers, body: undefined }, where, options.now);
  }
  let feed: FeedDocument;
  try {
    feed = readFeed(response.text);
  } catch (error) {
    if (!(error instanceof NotAFeedError)) throw error;
    const start = JSON.stringify(response.text.trimStart().slice(0, 60));
    throw new ChannelError(
      'malformed',
      `the answer is not a whole feed (${error.message}); it begins ${start}`,
      {
        where,
        status,
        cause: error,
      },
    );
  }
  return {
    changed: true,
    where,
    feed,
    validators: {
      etag: response.headers.get('etag'),
      lastModified: response.headers.get('last-modified'),
    },
  };
}

/**
 * fetch follows redirects only to http(s) addresses and fails on any other (`file:`, `ftp:`);
 * `fetchText` calls that a failed connection (transient). It is the feed's own doing and will not
 * pass by waiting, so it is told apart.
 */
function refusedRedirect(error: unknown): ChannelError | null {
  if (!(error instanceof ChannelError) || error.kind !== 'transient') return null;
  if (!/scheme must be a HTTP\(S\) scheme/i.test(error.message)) return null;
  return new ChannelError('unknown', 'the feed redirects to an address that is not http or https', {
    where: error.where,
    cause: error,
  });
}
