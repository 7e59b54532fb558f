import { type FakePlatform, type FakeRequest, type FakeResponse, FakeServer } from '../fakeServer.ts';
import { APP_PASSWORD, FakeSessions, xrpcError } from './fakeAuth.ts';
import { type Actor, cidFor, graphemeCount, isRecordKey, TINY_PNG } from './fakeData.ts';
import { buildWorld, DEFAULT_ANCHOR, GEMEENTE, RESIDENTS } from './fakeScenario.ts';
import { didOf, type FakeWorld, type ListEntry } from './fakeWorld.ts';

/**
 * A fake Bluesky (PDS and AppView in one) on 127.0.0.1, speaking XRPC as bsky.social does:
 *
 * - sessions (fakeAuth.ts): `createSession` with the app password, `refreshSession` with the
 *   refresh token (both tokens rotate), access tokens that expire (`expireAccessTokens()`): 400
 *   `ExpiredToken`; 401 `AuthMissing` without a token;
 * - reads: `getAuthorFeed` and `listNotifications` (with `reasons`), newest first by `sortAt`,
 *   paged with an opaque `cursor` (`<sortAt>::<cid>`); `getPosts`, `getProfile`, `resolveHandle`;
 * - writes: `createRecord` of posts (300 graphemes, mention DIDs checked, a taken `rkey` answered
 *   with the 500 bsky.social gives), `getRecord`, `uploadBlob`; every post made is recorded in
 *   `sent` and joins the author feed;
 * - faults: 429 with `ratelimit-*` headers (reset in epoch seconds); `revoked` (see fakeAuth.ts).
 */
export interface FakeBluesky extends FakePlatform {
  readonly world: FakeWorld;
  /** Posts made through createRecord. */
  readonly sent: SentRecord[];
  /** The `ratelimit-reset` of the last 429 (epoch seconds). */
  readonly lastRateLimitReset: number | null;
  readonly logins: number;
  readonly refreshes: number;
  /** Access tokens issued so far stop working (400 ExpiredToken); refresh tokens still work. */
  expireAccessTokens(): void;
}

interface SentRecord {
  uri: string;
  rkey: string;
  record: Record<string, unknown>;
}

const READS = /^\/xrpc\/app\.bsky\.(feed\.getAuthorFeed|notification\.listNotifications)$/;
const EVERYONE: readonly Actor[] = [GEMEENTE, ...RESIDENTS];

export async function startFakeBluesky(options: { anchor?: Date } = {}): Promise<FakeBluesky> {
  const world = buildWorld(options.anchor ?? DEFAULT_ANCHOR);
  let server: FakeServer | null = null;
  const sessions = new FakeSessions(() => server?.url ?? '');
  server = new FakeServer(sessions.faults);
  const sent: SentRecord[] = [];
  const xrpc = xrpcRouter(server, sessions);
  xrpc('POST com.atproto.server.createSession', (r) => sessions.login(r));
  xrpc('POST com.atproto.server.refreshSession', (r) => sessions.renew(r));
  xrpc('GET com.atproto.server.getSession', () => ({
    body: {
      did: GEMEENTE.did,
      handle: GEMEENTE.handle,
      emailConfirmed: true,
      didDoc: sessions.didDoc(),
      active: true,
    },
  }));
  readRoutes(xrpc, world);
  xrpc('POST com.atproto.repo.createRecord', (r) => createRecord(world, sent, r));
  xrpc('GET com.atproto.repo.getRecord', (r) => getRecord(world, r));
  xrpc('POST com.atproto.repo.uploadBlob', (r) => {
    const mimeType = r.headers['content-type'] ?? 'application/octet-stream';
    const size = Number(r.headers['content-length'] ?? Buffer.byteLength(r.body));
    return { body: { blob: { $type: 'blob', ref: { $link: cidFor(r.body, 'raw') }, mimeType, size } } };
  });
  // Images for posts to carry. The base server sends text, so the bytes are not a true PNG; the
  // adapter only passes them on.
  server.route('GET', /^\/media\/[a-z-]+\.png$/, () => ({
    headers: { 'content-type': 'image/png' },
    body: TINY_PNG.toString('latin1'),
  }));
  await server.start();
  return platform(server, world, sessions, sent);
}

type Xrpc = (name: string, handle: (request: FakeRequest) => FakeResponse) => void;

/** Routes `GET|POST <nsid>` to `/xrpc/<nsid>`, behind the session check. */
function xrpcRouter(server: FakeServer, sessions: FakeSessions): Xrpc {
  return (name, handle) => {
    const [method, nsid] = name.split(' ') as [string, string];
    const path = new RegExp(`^/xrpc/${nsid.replaceAll('.', '\\.')}$`);
    server.route(method, path, (request) => sessions.authorise(request) ?? handle(request));
  };
}

function readRoutes(xrpc: Xrpc, world: FakeWorld): void {
  xrpc('GET app.bsky.feed.getAuthorFeed', (r) => {
    const actor = r.url.searchParams.get('actor');
    if (actor !== GEMEENTE.did && actor !== GEMEENTE.handle)
      return xrpcError(400, 'InvalidRequest', 'Profile not found');
    return page(r, world.feed, 'feed');
  });
  xrpc('GET app.bsky.notification.listNotifications', (r) => {
    const reasons = r.url.searchParams.getAll('reasons');
    const entries =
      reasons.length > 0
        ? world.notifications.filter((n) => reasons.includes(n.reason))
        : world.notifications;
    return page(r, entries, 'notifications');
  });
  xrpc('GET app.bsky.feed.getPosts', (r) => {
    const uris = r.url.searchParams.getAll('uris');
    if (uris.length > 25) return xrpcError(400, 'InvalidRequest', 'uris must not have more than 25 elements');
    const known = uris.filter((u) => world.posts.has(u) || world.realViews.has(u));
    return { body: { posts: known.map((u) => world.view(u)) } };
  });
  xrpc('GET app.bsky.actor.getProfile', (r) => {
    const actor = r.url.searchParams.get('actor')?.toLowerCase();
    const who = EVERYONE.find((a) => a.did === actor || a.handle === actor);
    return who ? { body: profile(world, who) } : xrpcError(400, 'InvalidRequest', 'Profile not found');
  });
  xrpc('GET com.atproto.identity.resolveHandle', (r) => {
    const handle = r.url.searchParams.get('handle')?.toLowerCase();
    const who = EVERYONE.find((a) => a.handle === handle);
    return who ? { body: { did: who.did } } : xrpcError(400, 'InvalidRequest', 'Unable to resolve handle');
  });
}

function profile(world: FakeWorld, who: Actor): Record<string, unknown> {
  const own = who === GEMEENTE;
  return {
    did: who.did,
    handle: who.handle,
    displayName: who.displayName,
    description: own ? 'Het officiële account van Gemeente Wolderveen. Vragen? Stuur ons een bericht.' : '',
    followersCount: own ? 1843 : 120,
    followsCount: own ? 96 : 80,
    postsCount: [...world.posts.values()].filter((p) => p.author === who).length,
    indexedAt: who.createdAt,
    createdAt: who.createdAt,
    labels: [],
  };
}

/** A page of a list, newest first by (sortAt, cid), after the cursor `<sortAt>::<cid>`. */
function page(request: FakeRequest, entries: readonly ListEntry[], list: string): FakeResponse {
  const limit = Number(request.url.searchParams.get('limit') ?? '50');
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    return xrpcError(400, 'InvalidRequest', 'limit must be 1-100');
  const cursor = request.url.searchParams.get('cursor');
  const key = (e: ListEntry) => `${e.sortAt}::${e.cid}`;
  const sorted = [...entries].sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
  const after = cursor ? sorted.filter((e) => key(e) < cursor) : sorted;
  const items = after.slice(0, limit);
  const last = items[items.length - 1];
  // Like the AppView: a cursor while the page is full (the page after the last may be empty).
  const next = items.length === limit && last ? key(last) : undefined;
  return { body: { ...(next ? { cursor: next } : {}), [list]: items.map((e) => e.build()) } };
}

function createRecord(world: FakeWorld, sent: SentRecord[], request: FakeRequest): FakeResponse {
  const input = JSON.parse(request.body || '{}') as {
    repo?: string;
    collection?: string;
    rkey?: string;
    record?: Record<string, unknown>;
  };
  if (input.repo !== GEMEENTE.did && input.repo !== GEMEENTE.handle)
    return xrpcError(400, 'InvalidRequest', 'Invalid repo');
  if (input.collection !== 'app.bsky.feed.post' || !input.record) {
    return xrpcError(400, 'InvalidRequest', 'Only posts are supported here');
  }
  const problem = postProblem(input.record);
  if (problem) return xrpcError(400, 'InvalidRequest', `Invalid app.bsky.feed.post record: ${problem}`);
  const rkey = input.rkey ?? `3m${String(sent.length).padStart(11, '2')}`;
  if (!isRecordKey(rkey)) return xrpcError(400, 'InvalidRequest', `Invalid record key: ${rkey}`);
  if (world.posts.has(`at://${GEMEENTE.did}/app.bsky.feed.post/${rkey}`)) {
    // What bsky.social's PDS answers to a create at a key that is taken.
    return xrpcError(500, 'InternalServerError', 'Internal Server Error');
  }
  const record: Record<string, unknown> = { ...input.record, $type: 'app.bsky.feed.post' };
  const post = world.post(GEMEENTE, String(record.text), world.next(), { sent: { record, rkey } });
  sent.push({ uri: post.uri, rkey, record });
  const commit = { cid: cidFor(`commit ${post.uri}`), rev: rkey };
  return { body: { uri: post.uri, cid: post.cid, commit, validationStatus: 'valid' } };
}

function getRecord(world: FakeWorld, request: FakeRequest): FakeResponse {
  const p = request.url.searchParams;
  const uri = `at://${p.get('repo')}/${p.get('collection')}/${p.get('rkey')}`;
  const post = world.posts.get(uri);
  return post
    ? { body: { uri, cid: post.cid, value: post.record } }
    : xrpcError(400, 'RecordNotFound', `Could not locate record: ${uri}`);
}

/** What the PDS's lexicon check of a post would say, in its words; null when it passes. */
function postProblem(record: Record<string, unknown>): string | null {
  if (typeof record.text !== 'string') return 'Record must have the property "text"';
  if (graphemeCount(record.text) > 300) return 'Record/text must not be longer than 300 graphemes';
  if (typeof record.createdAt !== 'string' || Number.isNaN(Date.parse(record.createdAt))) {
    return 'Record/createdAt must be an valid atproto datetime';
  }
  const facets = (record.facets ?? []) as { features?: { $type?: string; did?: unknown }[] }[];
  for (const [i, facet] of facets.entries()) {
    for (const [j, feature] of (facet.features ?? []).entries()) {
      if (feature.$type === 'app.bsky.richtext.facet#mention' && !String(feature.did).startsWith('did:')) {
        return `Record/facets/${i}/features/${j}/did must be a valid did`;
      }
    }
  }
  return null;
}

function platform(
  server: FakeServer,
  world: FakeWorld,
  sessions: FakeSessions,
  sent: SentRecord[],
): FakeBluesky {
  let inbound = 0;
  return {
    platform: 'bluesky',
    server,
    world,
    sent,
    get lastRateLimitReset() {
      return sessions.lastRateLimitReset;
    },
    get logins() {
      return sessions.logins;
    },
    get refreshes() {
      return sessions.refreshes;
    },
    settings: { serviceUrl: server.url, pageSize: 5, historyDays: 3650 },
    secrets: { identifier: GEMEENTE.handle, appPassword: APP_PASSWORD },
    readPaths: READS,
    messageIds: () => messageIds(world),
    inboundIds: () => inboundIds(world),
    addInbound(text: string): string {
      const resident = RESIDENTS[inbound++ % RESIDENTS.length] as Actor;
      const mention = `@${GEMEENTE.handle}`;
      const body = text.toLowerCase().includes(mention) ? text : `${mention} ${text}`;
      return world.post(resident, body, world.next()).uri;
    },
    expireAccessTokens: () => sessions.expireAccessTokens(),
    close: () => server.close(),
  };
}

function messageIds(world: FakeWorld): string[] {
  const ids = [...world.feed, ...world.notifications].flatMap((e) => (e.messageId ? [e.messageId] : []));
  return [...new Set(ids)].sort();
}

/** METRICS.md's inbound: by someone else, replying to the gemeente's post or mentioning it. */
function inboundIds(world: FakeWorld): string[] {
  return [...world.posts.values()]
    .filter((p) => p.author.did !== GEMEENTE.did)
    .filter(
      (p) => (p.parentUri && didOf(p.parentUri) === GEMEENTE.did) || p.mentionDids.includes(GEMEENTE.did),
    )
    .map((p) => p.uri)
    .sort();
}
