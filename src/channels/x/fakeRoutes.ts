import { setTimeout as sleep } from 'node:timers/promises';
import type { FakeRequest, FakeResponse } from '../fakeServer.ts';
import { hasLinks } from './budget.ts';
import { toPost } from './fakeScenario.ts';
import {
  type ApiAccount,
  type ApiPost,
  type ApiUser,
  byUsername,
  compareIds,
  type FakeWorld,
  mentionsUser,
  snowflake,
} from './fakeWorld.ts';

/**
 * The fake X's state (its world, tokens, what was posted and billed) and its endpoints, as
 * docs.x.com describes their answers; `fakeServer.ts` puts them on routes.
 */
export const FAKE_CLIENT_ID = 'bWVldGxhdC1mYWtlLWNsaWVudA';
const TOKEN_PREFIX = '7140dibdnow9c7btw4';
export const NEWCOMER: ApiUser = {
  id: '1600000000000000077',
  username: 'nieuwe_inwoner',
  name: 'Nieuwe Inwoner',
};

const problem = (status: number, title: string, detail: string, type = 'about:blank'): FakeResponse => ({
  status,
  body: { title, detail, type, status },
});

const invalidParameter = (name: string, value: string, message: string): FakeResponse => ({
  status: 400,
  body: {
    errors: [{ parameters: { [name]: [value] }, message }],
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: 'https://api.x.com/2/problems/invalid-request',
  },
});

export function fieldsOf(request: FakeRequest, name: string): Set<string> {
  return new Set((request.url.searchParams.get(name) ?? '').split(',').filter(Boolean));
}

/** The post as a response shows it: the defaults and the fields asked for. */
function pick(post: ApiPost, fields: Set<string>): Record<string, unknown> {
  const shown: Record<string, unknown> = {
    id: post.id,
    text: post.text,
    edit_history_tweet_ids: post.edit_history_tweet_ids,
  };
  for (const field of fields) {
    const value = (post as unknown as Record<string, unknown>)[field];
    if (value !== undefined) shown[field] = value;
  }
  return shown;
}

export class FakeXState {
  accessToken = 'fake-access-1';
  refreshToken: string | null;
  generation = 1;
  /** Above the scenario's own sequence numbers, so an id made here never repeats one. */
  sequence = 2048;
  lastRateLimitReset: number | null = null;
  loseAnswer: { delayMs?: number } | null = null;
  readonly posted: { body: unknown; id: string | null }[] = [];
  readonly billed = { posts: 0, linkPosts: 0, users: 0 };
  readonly sentTexts = new Set<string>();

  constructor(
    readonly world: FakeWorld,
    refreshable: boolean,
  ) {
    this.refreshToken = refreshable ? 'fake-refresh-1' : null;
  }

  get account(): ApiAccount {
    return this.world.account;
  }

  authorized(request: FakeRequest): boolean {
    return request.headers.authorization === `Bearer ${this.accessToken}`;
  }

  /** After the newest post (and never before now for what we post ourselves). */
  nextMoment(atLeastNow: boolean): number {
    const newest = Math.max(...this.world.posts.map((p) => Date.parse(p.created_at)));
    return Math.max(newest + 60_000, atLeastNow ? Date.now() : 0);
  }

  add(post: ApiPost): void {
    this.world.posts.push(post);
    if (!this.world.users.has(post.author_id) && post.author_id === NEWCOMER.id) {
      this.world.users.set(NEWCOMER.id, NEWCOMER);
    }
  }

  userJson(user: ApiUser, fields: Set<string>): Record<string, unknown> {
    const json: Record<string, unknown> = { id: user.id, name: user.name, username: user.username };
    if (fields.has('public_metrics') && user.id === this.account.id) {
      json.public_metrics = {
        followers_count: this.account.followers,
        following_count: this.account.following,
        tweet_count: this.world.posts.filter((p) => p.author_id === user.id).length,
        listed_count: 37,
        like_count: 212,
      };
    }
    return json;
  }

  timeline(user: ApiUser, kind: string): ApiPost[] {
    return this.world.posts
      .filter((p) =>
        kind === 'tweets' ? p.author_id === user.id : p.author_id !== user.id && mentionsUser(p, user),
      )
      .sort((a, b) => compareIds(b.id, a.id));
  }
}

const encodeToken = (id: string) => `${TOKEN_PREFIX}${BigInt(id).toString(36)}`;

function decodeToken(token: string): string | null {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const rest = token.slice(TOKEN_PREFIX.length);
  if (!/^[0-9a-z]+$/.test(rest)) return null;
  let n = 0n;
  for (const c of rest) n = n * 36n + BigInt(Number.parseInt(c, 36));
  return n.toString();
}

const userNotFound = (userId: string): FakeResponse => ({
  body: {
    errors: [
      {
        value: userId,
        detail: `Could not find user with id: [${userId}].`,
        title: 'Not Found Error',
        resource_type: 'user',
        parameter: 'id',
        resource_id: userId,
        type: 'https://api.x.com/2/problems/resource-not-found',
      },
    ],
  },
});

/** The posts of a timeline the query selects, newest first, before the page is cut; or X's 400. */
function selected(list: ApiPost[], q: URLSearchParams): ApiPost[] | FakeResponse {
  const since = q.get('since_id');
  const until = q.get('until_id');
  const startTime = q.get('start_time');
  let posts = list;
  if (since) posts = posts.filter((p) => compareIds(p.id, since) > 0);
  if (until) posts = posts.filter((p) => compareIds(p.id, until) < 0);
  if (startTime) posts = posts.filter((p) => Date.parse(p.created_at) >= Date.parse(startTime));
  const token = q.get('pagination_token');
  if (!token) return posts;
  const after = decodeToken(token);
  if (!after) {
    const message = `The \`pagination_token\` query parameter value [${token}] is not valid`;
    return invalidParameter('pagination_token', token, message);
  }
  return posts.filter((p) => compareIds(p.id, after) < 0);
}

export function readTimeline(
  state: FakeXState,
  request: FakeRequest,
  userId: string,
  kind: string,
): FakeResponse {
  const q = request.url.searchParams;
  const size = Number(q.get('max_results') ?? '10');
  if (!Number.isInteger(size) || size < 5 || size > 100) {
    const value = String(q.get('max_results'));
    return invalidParameter(
      'max_results',
      value,
      `The \`max_results\` query parameter value [${value}] is not between 5 and 100`,
    );
  }
  const user = state.world.users.get(userId);
  if (!user) return userNotFound(userId);
  const list = selected(state.timeline(user, kind), q);
  if (!Array.isArray(list)) return list;
  const page = list.slice(0, size);
  if (page.length === 0) return { body: { meta: { result_count: 0 } } };
  const users = fieldsOf(request, 'expansions').has('author_id')
    ? [...new Set(page.map((p) => p.author_id))]
        .map((id) => state.world.users.get(id))
        .filter((u): u is ApiUser => u !== undefined)
        .map((u) => state.userJson(u, fieldsOf(request, 'user.fields')))
    : [];
  state.billed.posts += page.length;
  state.billed.linkPosts += page.filter((p) => hasLinks(p)).length;
  state.billed.users += users.length;
  const first = page[0] as ApiPost;
  const last = page[page.length - 1] as ApiPost;
  const tweetFields = fieldsOf(request, 'tweet.fields');
  return {
    body: {
      data: page.map((p) => pick(p, tweetFields)),
      ...(users.length > 0 ? { includes: { users } } : {}),
      meta: {
        result_count: page.length,
        newest_id: first.id,
        oldest_id: last.id,
        ...(list.length > size ? { next_token: encodeToken(last.id) } : {}),
        ...(q.get('pagination_token')
          ? { previous_token: `${TOKEN_PREFIX}p${BigInt(first.id).toString(36)}` }
          : {}),
      },
    },
  };
}

export async function createPost(state: FakeXState, request: FakeRequest): Promise<FakeResponse> {
  let body: { text?: unknown; reply?: { in_reply_to_tweet_id?: unknown } };
  try {
    body = JSON.parse(request.body);
  } catch {
    return problem(400, 'Invalid Request', 'The request body is not valid JSON.');
  }
  const record = { body, id: null as string | null };
  state.posted.push(record);
  const text = body.text;
  if (typeof text !== 'string' || text.trim() === '') {
    return problem(
      400,
      'Invalid Request',
      'The `text` field is required.',
      'https://api.x.com/2/problems/invalid-request',
    );
  }
  if ([...text].length > 280) return problem(403, 'Forbidden', 'Your Tweet text is too long.');
  if (state.sentTexts.has(text)) {
    return problem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.');
  }
  const parentId = body.reply?.in_reply_to_tweet_id;
  const parent = typeof parentId === 'string' ? state.world.posts.find((p) => p.id === parentId) : undefined;
  if (parentId !== undefined && !parent) {
    return problem(
      403,
      'Forbidden',
      'You attempted to reply to a Tweet that is deleted or not visible to you.',
    );
  }
  const at = state.nextMoment(true);
  const id = snowflake(at, state.sequence++);
  // X shows a reply with the mention of whom it answers in front, as the API gives it back.
  const parentAuthor = parent ? state.world.users.get(parent.author_id) : undefined;
  const shown =
    parentAuthor && !text.startsWith(`@${parentAuthor.username}`)
      ? `@${parentAuthor.username} ${text}`
      : text;
  const names = byUsername(state.world.users.values());
  state.add(toPost({ at, author: state.account, text: shown, lang: 'nl' }, id, names, { parent }));
  state.sentTexts.add(text);
  record.id = id;
  const lose = state.loseAnswer;
  state.loseAnswer = null;
  if (lose?.delayMs !== undefined) await sleep(lose.delayMs);
  else if (lose)
    return { status: 503, headers: { 'content-type': 'text/html' }, body: '<h1>Over capacity</h1>' };
  return { status: 201, body: { data: { id, text, edit_history_tweet_ids: [id] } } };
}

export function refreshToken(state: FakeXState, request: FakeRequest): FakeResponse {
  const form = new URLSearchParams(request.body);
  const valid =
    form.get('grant_type') === 'refresh_token' &&
    form.get('client_id') === FAKE_CLIENT_ID &&
    state.refreshToken !== null &&
    form.get('refresh_token') === state.refreshToken;
  if (!valid) {
    return {
      status: 400,
      body: { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' },
    };
  }
  state.generation++;
  state.accessToken = `fake-access-${state.generation}`;
  state.refreshToken = `fake-refresh-${state.generation}`;
  return {
    body: {
      token_type: 'bearer',
      expires_in: 7200,
      access_token: state.accessToken,
      scope: 'tweet.write users.read tweet.read offline.access',
      refresh_token: state.refreshToken,
    },
  };
}
