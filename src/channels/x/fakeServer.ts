import { type FakePlatform, type FakeRequest, type FakeResponse, FakeServer } from '../fakeServer.ts';
import { archiveWorld, twcsWorld } from './fakeRealData.ts';
import {
  createPost,
  FAKE_CLIENT_ID,
  FakeXState,
  fieldsOf,
  NEWCOMER,
  readTimeline,
  refreshToken,
} from './fakeRoutes.ts';
import { gemeenteWorld, toPost } from './fakeScenario.ts';
import { type ApiAccount, byUsername, type FakeWorld, snowflake } from './fakeWorld.ts';

export { FAKE_CLIENT_ID } from './fakeRoutes.ts';

/**
 * A fake X API v2 on 127.0.0.1, as documented at docs.x.com: `GET /2/users/me`, the user posts and
 * mentions timelines (newest first, `max_results` 5–100, `since_id`/`until_id`, opaque
 * `pagination_token`/`meta.next_token`, only the `tweet.fields` asked for, `includes.users` for
 * `expansions=author_id`, `{ meta: { result_count: 0 } }` when empty), `POST /2/tweets` (201, X's
 * 403 for duplicate content and for replies to posts that are gone), and `POST /2/oauth2/token`
 * (refresh tokens that rotate). 429 carries `x-rate-limit-*` headers, 401 X's problem body. It
 * counts what X would bill for the reads it served.
 */
export type FakeXScenario = 'gemeente' | 'archive' | 'twcs';

export interface FakeXOptions {
  scenario?: FakeXScenario;
  /** `maxResults` in the settings it hands out (default 20, so walks take several pages). */
  maxResults?: number;
  monthlyReadBudget?: number;
  /** Also hand out a refresh token and client id. */
  refreshable?: boolean;
  timeoutMs?: number;
}

export interface FakeX extends FakePlatform {
  readonly world: FakeWorld;
  readonly account: ApiAccount;
  /** Bodies of `POST /2/tweets`, with the post each made (null when refused). */
  readonly posted: { body: unknown; id: string | null }[];
  /** What X would bill for the reads served so far (no same-day deduplication). */
  readonly billed: { posts: number; linkPosts: number; users: number };
  /** The `x-rate-limit-reset` (epoch seconds) of the last 429 served. */
  readonly lastRateLimitReset: number | null;
  /** The access token stops working (as after its two hours). */
  expireAccessToken(): void;
  /** The next post is made, but its answer is lost: a 503, or an answer after `delayMs`. */
  loseNextPostAnswer(how?: { delayMs?: number }): void;
}

function worldOf(scenario: FakeXScenario): FakeWorld {
  if (scenario === 'archive') return archiveWorld();
  if (scenario === 'twcs') return twcsWorld();
  return gemeenteWorld();
}

/** The fake's routes: every one but the token endpoint wants the current access token. */
function fakeXServer(state: FakeXState): FakeServer {
  const unauthorized: FakeResponse = {
    status: 401,
    body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' },
  };
  const server = new FakeServer({
    rateLimited: () => {
      state.lastRateLimitReset = Math.floor(Date.now() / 1000) + 900;
      return {
        status: 429,
        headers: {
          'x-rate-limit-limit': '900',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(state.lastRateLimitReset),
        },
        body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
      };
    },
    revoked: () => unauthorized,
  });
  const guarded =
    (route: (request: FakeRequest) => FakeResponse | Promise<FakeResponse>) => (request: FakeRequest) =>
      state.authorized(request) ? route(request) : unauthorized;
  server
    .route(
      'GET',
      /^\/2\/users\/me$/,
      guarded((request) => {
        state.billed.users++;
        return { body: { data: state.userJson(state.account, fieldsOf(request, 'user.fields')) } };
      }),
    )
    .route(
      'GET',
      /^\/2\/users\/\d+\/(tweets|mentions)$/,
      guarded((request) => {
        const [, userId, kind] = /^\/2\/users\/(\d+)\/(tweets|mentions)$/.exec(
          request.url.pathname,
        ) as string[];
        return readTimeline(state, request, userId as string, kind as string);
      }),
    )
    .route(
      'POST',
      /^\/2\/tweets$/,
      guarded((request) => createPost(state, request)),
    )
    .route('POST', /^\/2\/oauth2\/token$/, (request) => refreshToken(state, request));
  return server;
}

export async function startFakeX(options: FakeXOptions = {}): Promise<FakeX> {
  const state = new FakeXState(worldOf(options.scenario ?? 'gemeente'), options.refreshable ?? false);
  const server = fakeXServer(state);
  await server.start();
  const inStreams = () => {
    const timeline = state.timeline(state.account, 'tweets');
    const mentions = state.timeline(state.account, 'mentions');
    return { timeline, mentions };
  };
  return {
    platform: 'x',
    server,
    world: state.world,
    account: state.account,
    posted: state.posted,
    billed: state.billed,
    get lastRateLimitReset() {
      return state.lastRateLimitReset;
    },
    settings: {
      apiBaseUrl: server.url,
      monthlyReadBudget: options.monthlyReadBudget ?? 1_000_000,
      maxResults: options.maxResults ?? 20,
      historyDays: 3650,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    },
    get secrets() {
      return {
        accessToken: state.accessToken,
        ...(state.refreshToken ? { refreshToken: state.refreshToken, clientId: FAKE_CLIENT_ID } : {}),
      };
    },
    messageIds: () => {
      const { timeline, mentions } = inStreams();
      return [...new Set([...timeline, ...mentions].map((p) => p.id))];
    },
    inboundIds: () => inStreams().mentions.map((p) => p.id),
    addInbound: (text: string) => {
      const at = state.nextMoment(false);
      const id = snowflake(at, state.sequence++);
      const mention = `@${state.account.username}`;
      const shown = text.includes(mention) ? text : `${mention} ${text}`;
      const names = byUsername([...state.world.users.values(), NEWCOMER]);
      state.add(toPost({ at, author: NEWCOMER, text: shown, lang: 'nl' }, id, names, {}));
      return id;
    },
    readPaths: /^\/2\/users\/\d+\/(tweets|mentions)$/,
    expireAccessToken: () => {
      state.accessToken = `expired-${state.generation}`;
    },
    loseNextPostAnswer: (how = {}) => {
      state.loseAnswer = how;
    },
    close: () => server.close(),
  };
}
