import { type FakePlatform, type FakeRequest, type FakeResponse, FakeServer } from '../fakeServer.ts';
import { MAX_FEED_BYTES } from './client.ts';
import {
  atomDocument,
  atomId,
  etagOf,
  generateNews,
  type NewsItem,
  newItem,
  rssDocument,
  rssGuid,
  rssLink,
} from './fakeFeeds.ts';

/**
 * A fake feed server on 127.0.0.1: the gemeente's RSS 2.0 feed (`/nieuws/rss.xml`, one page unless
 * `pageSize` says otherwise) and the local paper's Atom 1.0 feed (`/regio/atom.xml`, paged per
 * RFC 5005 with `?page=n`), both with `ETag` and `Last-Modified` and the 304 of a conditional GET
 * (RFC 9110: `If-None-Match` first, `If-Modified-Since` only without it). Feeds have no inbound:
 * `inboundIds()` is empty, and `addInbound` publishes a new article.
 */
export interface FakeRssOptions {
  /** The feed the settings point at (default `rss`). */
  format?: 'rss' | 'atom';
  /** The moment the feeds end (default: now, to the minute). */
  now?: Date;
  /** Items per page (default: RSS one page, Atom 10). */
  pageSize?: number;
  /** Items in each feed (default 24). */
  count?: number;
  /** Whether the server sends validators and answers 304 (default true). */
  validators?: boolean;
}

export interface FakeRss extends FakePlatform {
  readonly rssUrl: string;
  readonly atomUrl: string;
  /** The items of the feed the settings point at, newest first. */
  items(): NewsItem[];
  /** The publisher rebuilds the feed (a new build date): the validators change, the items not. */
  touch(): void;
  /** Drift faults for a feed: `server.inject(readPaths, { kind: 'drift', change: drift.withoutDate })`. */
  readonly drift: {
    /** The first item loses its date. */
    withoutDate(body: unknown): unknown;
    /** The first item loses its guid and link. */
    withoutLink(body: unknown): unknown;
    /** The XML ends in the middle of the second item. */
    truncatedXml(body: unknown): unknown;
  };
}

const RSS_PATH = '/nieuws/rss.xml';
const ATOM_PATH = '/regio/atom.xml';

function firstItem(xml: string): [number, number] {
  const start = xml.search(/<(item|entry)[\s>]/);
  const end = xml.search(/<\/(item|entry)>/);
  return [start, end];
}

function editFirstItem(body: unknown, edit: (item: string) => string): unknown {
  if (typeof body !== 'string') return body;
  const [start, end] = firstItem(body);
  if (start < 0 || end < 0) return body;
  return body.slice(0, start) + edit(body.slice(start, end)) + body.slice(end);
}

const drift: FakeRss['drift'] = {
  withoutDate: (body) =>
    editFirstItem(body, (item) => item.replace(/\s*<(pubDate|dc:date|published|updated)>[^<]*<\/\1>/g, '')),
  withoutLink: (body) =>
    editFirstItem(body, (item) =>
      item.replace(
        /\s*<link>[^<]*<\/link>|\s*<guid[^>]*>[^<]*<\/guid>|\s*<link rel="alternate"[^>]*\/>/g,
        '',
      ),
    ),
  truncatedXml: (body) => {
    if (typeof body !== 'string') return body;
    const second = body.indexOf('<item', body.indexOf('</item>'));
    const entry = body.indexOf('<entry', body.indexOf('</entry>'));
    const at = Math.max(second, entry);
    return body.slice(0, (at > 0 ? at : body.length / 2) + 40);
  },
};

/** Whether a conditional GET may be answered 304. */
function notModified(request: FakeRequest, etag: string, built: Date): boolean {
  const match = request.headers['if-none-match'];
  if (typeof match === 'string') {
    return match.split(',').some((tag) => ['*', etag, `W/${etag}`].includes(tag.trim()));
  }
  const since = request.headers['if-modified-since'];
  if (typeof since !== 'string') return false;
  const time = Date.parse(since);
  return !Number.isNaN(time) && Math.floor(built.getTime() / 1000) * 1000 <= time;
}

/** What the feeds hold now: the items, their paging, and how often the publisher rebuilt them. */
interface FeedState {
  feeds: Record<'rss' | 'atom', NewsItem[]>;
  pageSizes: Record<'rss' | 'atom', number>;
  now: Date;
  revision: number;
  validators: boolean;
}

const PLATFORM_FAULTS = {
  rateLimited: (): FakeResponse => ({
    status: 429,
    headers: { 'retry-after': '120', 'content-type': 'text/html; charset=utf-8' },
    body: '<html><body><h1>429 Too Many Requests</h1></body></html>',
  }),
  revoked: (): FakeResponse => ({
    status: 401,
    headers: { 'www-authenticate': 'Basic realm="Lindenwaard"', 'content-type': 'text/html; charset=utf-8' },
    body: '<html><body><h1>401 Authorization Required</h1></body></html>',
  }),
};

/** One page of a feed (`?page=n`), with its validators, or the 304 of a conditional GET. */
function feedRoute(state: FeedState, server: FakeServer, which: 'rss' | 'atom', path: string) {
  return (request: FakeRequest): FakeResponse => {
    const items = state.feeds[which];
    const size = state.pageSizes[which];
    const page = Number(request.url.searchParams.get('page') ?? '1');
    const pages = Math.max(1, Math.ceil(items.length / size));
    if (!Number.isInteger(page) || page < 1 || page > pages) {
      return { status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>Niet gevonden</h1>' };
    }
    const address = (n: number) => `${server.url}${path}${n > 1 ? `?page=${n}` : ''}`;
    const shown = Number.isFinite(size) ? items.slice((page - 1) * size, page * size) : items;
    const built = new Date((items[0]?.date.getTime() ?? state.now.getTime()) + state.revision * 60_000);
    const frame = { items: shown, built, self: address(page), next: page < pages ? address(page + 1) : null };
    const body =
      which === 'rss'
        ? rssDocument(frame)
        : atomDocument({ ...frame, first: address(1), previous: page > 1 ? address(page - 1) : null });
    const etag = etagOf(body);
    const validators: Record<string, string> = state.validators
      ? { etag, 'last-modified': built.toUTCString() }
      : {};
    if (state.validators && notModified(request, etag, built)) {
      return { status: 304, headers: validators, body: '' };
    }
    const type = which === 'rss' ? 'application/rss+xml' : 'application/atom+xml';
    return { status: 200, headers: { 'content-type': `${type}; charset=utf-8`, ...validators }, body };
  };
}

/** The feeds, and addresses that redirect (to the feed; to a file), and one too large to read. */
function addRoutes(server: FakeServer, state: FeedState): void {
  server
    .route('GET', /^\/nieuws\/rss\.xml$/, feedRoute(state, server, 'rss', RSS_PATH))
    .route('GET', /^\/regio\/atom\.xml$/, feedRoute(state, server, 'atom', ATOM_PATH))
    .route('GET', /^\/verhuisd\.xml$/, () => ({
      status: 301,
      headers: { location: `${server.url}${RSS_PATH}` },
    }))
    .route('GET', /^\/naar-bestand\.xml$/, () => ({
      status: 302,
      headers: { location: 'file:///etc/passwd' },
    }))
    .route('GET', /^\/groot\.xml$/, () => ({
      headers: { 'content-type': 'application/rss+xml' },
      body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Groot</title><!--${'x'.repeat(MAX_FEED_BYTES)}--></channel></rss>`,
    }));
}

export async function startFakeRss(options: FakeRssOptions = {}): Promise<FakeRss> {
  const format = options.format ?? 'rss';
  const now = options.now ?? new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const count = options.count ?? 24;
  const state: FeedState = {
    feeds: { rss: generateNews(count, now, 'gemeente'), atom: generateNews(count, now, 'krant') },
    pageSizes: { rss: options.pageSize ?? Number.POSITIVE_INFINITY, atom: options.pageSize ?? 10 },
    now,
    revision: 0,
    validators: options.validators !== false,
  };
  const server = new FakeServer(PLATFORM_FAULTS);
  addRoutes(server, state);
  await server.start();

  const rssUrl = `${server.url}${RSS_PATH}`;
  const atomUrl = `${server.url}${ATOM_PATH}`;
  const feedUrl = format === 'rss' ? rssUrl : atomUrl;
  // The ids the adapter must give: Atom ids; RSS guids that are URLs, other guids scoped by the
  // feed, the link for an item without a guid.
  const idOf = (item: NewsItem): string => {
    if (format === 'atom') return atomId(item);
    const guid = rssGuid(item);
    if (guid === null) return rssLink(item);
    return item.guid === 'permalink' ? guid : `${feedUrl}#${guid}`;
  };
  let added = 0;
  return {
    platform: 'rss',
    server,
    settings: { feedUrl, historyDays: 30, timeoutMs: 5000 },
    secrets: {},
    rssUrl,
    atomUrl,
    readPaths: /^\/(nieuws\/rss|regio\/atom)\.xml$/,
    drift,
    items: () => [...state.feeds[format]],
    messageIds: () => state.feeds[format].map(idOf),
    inboundIds: () => [],
    addInbound(text: string): string {
      added++;
      const item = newItem(text, 2000 + added, now, added);
      state.feeds[format].unshift(item);
      return idOf(item);
    },
    touch() {
      state.revision++;
    },
    close: () => server.close(),
  };
}
