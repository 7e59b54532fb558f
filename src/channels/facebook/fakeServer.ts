import { readFileSync } from 'node:fs';
import {
  type FakePlatform,
  type FakeRequest,
  type FakeResponse,
  FakeServer,
  formatsFile,
} from '../fakeServer.ts';
import {
  graphFaults,
  graphPage,
  graphRoute,
  graphTime,
  guarded,
  paramsOf,
  unknownObject,
} from '../meta/fakeGraph.ts';
import {
  type FakeComment,
  type FakePost,
  GEMEENTE_PAGE,
  gemeenteScenario,
  LATE_COMMENTERS,
  objectIdOf,
  type Person,
} from './scenario.ts';

/**
 * A fake Graph API for Facebook pages on 127.0.0.1: the generated gemeente page (scenario.ts),
 * and Meta's real developer page from `../shared/data/formats/facebook-graph` (its feed in two
 * pages, and one post's comments in two pages), served as read, never copied. Paging as Graph
 * does it (`paging.cursors` and `paging.next` URLs on graph.facebook.com with the token in them),
 * comments newest first when asked `order=reverse_chronological`, Graph's error bodies, and the
 * POSTs for replies and posts, recorded in `sent`.
 */
export const REAL_PAGE_ID = '19292868552';
/** The real post whose comments are in `comments_p1.json` and `comments_p2.json`. */
export const REAL_COMMENTED_POST = '19292868552_10158407654328553';
const META_HOST = 'https://graph.facebook.com';
const PAGE: Person = { id: GEMEENTE_PAGE.id, name: GEMEENTE_PAGE.name };

export interface SentToFacebook {
  path: string;
  params: Record<string, string>;
  /** The id of what was made. */
  id: string;
}

export interface FakeFacebook extends FakePlatform {
  readonly pageId: string;
  /** Every POST that made something, in order. */
  readonly sent: SentToFacebook[];
  /** The scenario's posts and comments (what the fake serves for the gemeente page). */
  readonly posts: FakePost[];
  readonly comments: FakeComment[];
}

function realJson(...parts: string[]): Record<string, unknown> {
  return JSON.parse(readFileSync(formatsFile('facebook-graph', 'apidata', ...parts), 'utf8'));
}

function newestFirst<T extends { created: Date }>(list: T[]): T[] {
  return [...list].sort((a, b) => b.created.getTime() - a.created.getTime());
}

/** The gemeente page's posts and comments, and how Graph shows them. */
class PageModel {
  readonly posts: FakePost[];
  readonly comments: FakeComment[];
  readonly sent: SentToFacebook[] = [];
  private counter = 0;

  constructor(private readonly anchor: Date) {
    ({ posts: this.posts, comments: this.comments } = gemeenteScenario(anchor));
  }

  /** New things are made just after the newest in the scenario, so reads see them as new. */
  clock(): Date {
    const times = [...this.posts, ...this.comments].map((x) => x.created.getTime());
    return new Date(Math.max(this.anchor.getTime(), ...times) + 60_000);
  }

  nextId(): string {
    return String(7_000_000_000 + ++this.counter * 7);
  }

  postJson(post: FakePost): Record<string, unknown> {
    const tags = post.tags.map((t) => ({
      ...t,
      offset: Math.max(0, post.message.indexOf(t.name)),
      length: t.name.length,
    }));
    const total = this.comments.filter((c) => c.postId === post.id).length;
    return {
      id: post.id,
      ...(post.message ? { message: post.message } : {}),
      ...(tags.length > 0 ? { message_tags: tags } : {}),
      created_time: graphTime(post.created),
      from: { name: post.from.name, id: post.from.id },
      permalink_url: `https://www.facebook.com/${GEMEENTE_PAGE.id}/posts/${objectIdOf(post.id)}/`,
      status_type: post.parentId ? 'shared_story' : 'mobile_status_update',
      ...(post.parentId ? { parent_id: post.parentId } : {}),
      ...(post.shares > 0 ? { shares: { count: post.shares } } : {}),
      comments: { data: [], summary: { order: 'ranked', total_count: total, can_comment: true } },
      reactions: { data: [], summary: { total_count: post.reactions, viewer_reaction: 'NONE' } },
    };
  }

  comment(id: string): FakeComment | undefined {
    return this.comments.find((c) => c.id === id);
  }

  topOf(comment: FakeComment): FakeComment {
    const parent = comment.parentId ? this.comment(comment.parentId) : undefined;
    return parent ? this.topOf(parent) : comment;
  }

  commentJson(comment: FakeComment): Record<string, unknown> {
    const parent = comment.parentId ? this.comment(comment.parentId) : undefined;
    const link = `https://www.facebook.com/${GEMEENTE_PAGE.id}/posts/${objectIdOf(comment.postId)}/?comment_id=${objectIdOf(this.topOf(comment).id)}`;
    const person = (p: Person | null) => (p ? { from: { name: p.name, id: p.id } } : {});
    return {
      id: comment.id,
      message: comment.message,
      created_time: graphTime(comment.created),
      ...person(comment.from),
      ...(parent ? { parent: { id: parent.id, ...person(parent.from) } } : {}),
      comment_count: this.comments.filter((c) => c.parentId === comment.id).length,
      like_count: comment.likes,
      permalink_url: parent ? `${link}&reply_comment_id=${objectIdOf(comment.id)}` : link,
    };
  }

  /** The comments under a post (all with `filter=stream`, else the top level) or a comment. */
  commentsUnder(id: string, params: URLSearchParams): FakeComment[] | null {
    const post = this.posts.find((p) => p.id === id);
    if (!post && !this.comment(id)) return null;
    const under = post
      ? this.comments.filter(
          (c) => c.postId === id && (params.get('filter') === 'stream' || c.parentId === null),
        )
      : this.comments.filter((c) => c.parentId === id);
    const ordered = newestFirst(under);
    return params.get('order') === 'reverse_chronological' ? ordered : ordered.reverse();
  }

  addComment(targetId: string, message: string, from: Person): FakeComment | null {
    const post = this.posts.find((p) => p.id === targetId);
    const parent = this.comment(targetId);
    if (!post && !parent) return null;
    const postId = post ? post.id : (parent as FakeComment).postId;
    // Facebook threads one level deep: an answer to an answer joins its thread.
    const parentId = parent ? this.topOf(parent).id : null;
    const made = {
      id: `${objectIdOf(postId)}_${this.nextId()}`,
      postId,
      parentId,
      message,
      created: this.clock(),
      from,
      likes: 0,
    };
    this.comments.push(made);
    return made;
  }

  addPost(message: string): FakePost {
    const made = {
      id: `${GEMEENTE_PAGE.id}_${this.nextId()}`,
      message,
      created: this.clock(),
      from: PAGE,
      parentId: null,
      tags: [],
      shares: 0,
      reactions: 0,
    };
    this.posts.push(made);
    return made;
  }
}

function readRoutes(
  server: FakeServer,
  model: PageModel,
  tokens: ReadonlySet<string>,
  pageSize: number,
): void {
  const paged = (items: unknown[], request: FakeRequest) =>
    graphPage(items, request, { pageSize, host: META_HOST });
  graphRoute(
    server,
    'GET',
    '/\\d+/feed',
    guarded(tokens, (request, id) => {
      if (id === REAL_PAGE_ID) return realFeed(request);
      if (id !== GEMEENTE_PAGE.id) return unknownObject(id);
      return paged(
        newestFirst(model.posts).map((p) => model.postJson(p)),
        request,
      );
    }),
  );
  graphRoute(
    server,
    'GET',
    '/\\d+(?:_\\d+)?/comments',
    guarded(tokens, (request, id) => {
      if (id.startsWith(`${REAL_PAGE_ID}_`)) return realComments(request, id);
      const under = model.commentsUnder(id, paramsOf(request));
      return under
        ? paged(
            under.map((c) => model.commentJson(c)),
            request,
          )
        : unknownObject(id);
    }),
  );
  graphRoute(
    server,
    'GET',
    '/\\d+(?:_\\d+)?',
    guarded(tokens, (_request, id) => {
      if (id === REAL_PAGE_ID) return { body: realJson('pages', 'multi_pages.json')[REAL_PAGE_ID] };
      if (id === GEMEENTE_PAGE.id) {
        const { username, name, followers, fans } = GEMEENTE_PAGE;
        const link = `https://www.facebook.com/${username}`;
        return { body: { id, name, username, link, followers_count: followers, fan_count: fans } };
      }
      const post = model.posts.find((p) => p.id === id);
      if (post) return { body: model.postJson(post) };
      const comment = model.comment(id);
      return comment ? { body: model.commentJson(comment) } : unknownObject(id);
    }),
  );
}

function writeRoutes(server: FakeServer, model: PageModel, tokens: ReadonlySet<string>): void {
  const record = (request: FakeRequest, id: string) =>
    model.sent.push({ path: request.url.pathname, params: Object.fromEntries(paramsOf(request)), id });
  graphRoute(
    server,
    'POST',
    '/\\d+(?:_\\d+)?/comments',
    guarded(tokens, (request, id) => {
      const made = model.addComment(id, paramsOf(request).get('message') ?? '', PAGE);
      if (!made) return unknownObject(id);
      record(request, made.id);
      const json = model.commentJson(made);
      return { body: { id: made.id, permalink_url: json.permalink_url, created_time: json.created_time } };
    }),
  );
  graphRoute(
    server,
    'POST',
    `/${GEMEENTE_PAGE.id}/feed`,
    guarded(tokens, (request) => {
      const made = model.addPost(paramsOf(request).get('message') ?? '');
      record(request, made.id);
      const json = model.postJson(made);
      return { body: { id: made.id, permalink_url: json.permalink_url, created_time: json.created_time } };
    }),
  );
  graphRoute(
    server,
    'POST',
    `/${GEMEENTE_PAGE.id}/photos`,
    guarded(tokens, (request) => {
      const params = paramsOf(request);
      if (!params.get('url')) {
        return {
          status: 400,
          body: { error: { message: '(#324) Requires upload file', type: 'OAuthException', code: 324 } },
        };
      }
      const photoId = model.nextId();
      if (params.get('published') === 'false') {
        record(request, photoId);
        return { body: { id: photoId } };
      }
      const made = model.addPost(params.get('message') ?? params.get('caption') ?? '');
      record(request, made.id);
      return { body: { id: photoId, post_id: made.id } };
    }),
  );
}

export async function startFakeFacebook(
  options: { now?: Date; pageSize?: number } = {},
): Promise<FakeFacebook> {
  const model = new PageModel(options.now ?? new Date());
  const tokens = new Set(['EAAGfakePageToken0Zuidhoven']);
  const server = new FakeServer(graphFaults('pages', GEMEENTE_PAGE.id));
  readRoutes(server, model, tokens, options.pageSize ?? 3);
  writeRoutes(server, model, tokens);
  await server.start();
  let late = 0;
  return {
    platform: 'facebook',
    server,
    pageId: GEMEENTE_PAGE.id,
    sent: model.sent,
    posts: model.posts,
    comments: model.comments,
    settings: { pageId: GEMEENTE_PAGE.id, graphBaseUrl: server.url },
    secrets: { pageAccessToken: [...tokens][0] as string },
    messageIds: () => [...model.posts.map((p) => p.id), ...model.comments.map((c) => c.id)],
    inboundIds: () => [
      ...model.posts.filter((p) => p.from.id !== GEMEENTE_PAGE.id).map((p) => p.id),
      ...model.comments.filter((c) => c.from?.id !== GEMEENTE_PAGE.id).map((c) => c.id),
    ],
    addInbound(text: string): string {
      const newest = newestFirst(model.posts.filter((p) => p.from.id === GEMEENTE_PAGE.id))[0] as FakePost;
      const commenter = LATE_COMMENTERS[late++ % LATE_COMMENTERS.length] as Person;
      return (model.addComment(newest.id, text, commenter) as FakeComment).id;
    },
    readPaths: /^(?:\/v\d+\.\d+)?\/\d+(?:_\d+)?(?:\/(?:feed|comments))?$/,
    close: () => server.close(),
  };
}

/** Meta's developer page's real feed, page 1 and (after its `after` cursor) page 2. */
function realFeed(request: FakeRequest): FakeResponse {
  const second = paramsOf(request).get('after') === 'after';
  return {
    body: realJson('posts', second ? 'feeds_default_fields_p2.json' : 'feeds_default_fields_p1.json'),
  };
}

/** The real comments of one real post in two pages; the page's other posts have none here. */
function realComments(request: FakeRequest, id: string): FakeResponse {
  if (id !== REAL_COMMENTED_POST) return { body: { data: [], paging: {} } };
  const second = paramsOf(request).get('after') === 'after';
  return { body: realJson('comments', second ? 'comments_p2.json' : 'comments_p1.json') };
}
