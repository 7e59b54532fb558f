import { type FakePlatform, type FakeRequest, FakeServer } from '../fakeServer.ts';
import {
  type GraphHandler,
  graphErrorResponse,
  graphFaults,
  graphPage,
  graphRoute,
  graphTime,
  guarded,
  paramsOf,
  unknownObject,
} from '../meta/fakeGraph.ts';
import {
  GEMEENTE_ACCOUNT,
  gemeenteInstagram,
  type IgComment,
  type IgMedia,
  type IgPerson,
  LATE_COMMENTERS,
  shortcodeOf,
} from './scenario.ts';

/**
 * A fake Instagram API with Instagram Login (`graph.instagram.com`) on 127.0.0.1, built from the
 * documented shapes (there are no real Instagram payloads in ../shared/data): `/me`, the
 * account's media and the media it is tagged in (a cursor-only edge, as documented), comments
 * newest first with their replies nested, token renewal, replies, and publishing in two steps
 * (container, `media_publish`), all recorded in `sent`. Errors and throttling as Graph gives them.
 */
const META_HOST = 'https://graph.instagram.com';
const ACCOUNT: IgPerson = { id: GEMEENTE_ACCOUNT.userId, username: GEMEENTE_ACCOUNT.username };

export interface SentToInstagram {
  path: string;
  params: Record<string, string>;
  id: string;
}

export interface FakeInstagram extends FakePlatform {
  readonly accountId: string;
  readonly sent: SentToInstagram[];
  readonly media: IgMedia[];
  readonly comments: IgComment[];
  readonly tagged: IgMedia[];
  /** Tokens the fake accepts (a renewal adds one). */
  readonly tokens: Set<string>;
}

function newestFirst<T extends { created: Date }>(list: T[]): T[] {
  return [...list].sort((a, b) => b.created.getTime() - a.created.getTime());
}

interface Container {
  id: string;
  params: Record<string, string>;
  status: 'FINISHED' | 'ERROR';
}

class AccountModel {
  readonly media: IgMedia[];
  readonly comments: IgComment[];
  readonly tagged: IgMedia[];
  readonly containers: Container[] = [];
  readonly sent: SentToInstagram[] = [];
  private counter = 0;

  constructor(private readonly anchor: Date) {
    ({ media: this.media, comments: this.comments, tagged: this.tagged } = gemeenteInstagram(anchor));
  }

  clock(): Date {
    const times = [...this.media, ...this.comments].map((x) => x.created.getTime());
    return new Date(Math.max(this.anchor.getTime(), ...times) + 60_000);
  }

  nextId(prefix: bigint): string {
    return String(prefix + BigInt(++this.counter * 13));
  }

  mediaJson(m: IgMedia): Record<string, unknown> {
    return {
      id: m.id,
      caption: m.caption,
      media_type: m.mediaType,
      media_url: `https://scontent.cdninstagram.com/v/${m.id}.jpg`,
      permalink: `https://www.instagram.com/p/${shortcodeOf(m.id)}/`,
      timestamp: graphTime(m.created),
      username: m.owner.username,
      like_count: m.likes,
      comments_count: this.comments.filter((c) => c.mediaId === m.id).length,
    };
  }

  commentJson(c: IgComment, nested: boolean): Record<string, unknown> {
    const replies = this.comments
      .filter((r) => r.parentId === c.id)
      .sort((a, b) => a.created.getTime() - b.created.getTime());
    return {
      id: c.id,
      text: c.text,
      timestamp: graphTime(c.created),
      ...(c.hideFrom ? {} : { from: { id: c.from.id, username: c.from.username } }),
      username: c.from.username,
      like_count: c.likes,
      ...(c.parentId ? { parent_id: c.parentId } : {}),
      ...(nested && replies.length > 0
        ? { replies: { data: replies.map((r) => this.commentJson(r, false)) } }
        : {}),
    };
  }

  addComment(mediaId: string, parentId: string | null, text: string, from: IgPerson): IgComment {
    const made = {
      id: this.nextId(17_910_000_000_000_000n),
      mediaId,
      parentId,
      text,
      created: this.clock(),
      from,
      hideFrom: false,
      likes: 0,
    };
    this.comments.push(made);
    return made;
  }

  publish(container: Container): IgMedia {
    const type =
      container.params.media_type === 'CAROUSEL'
        ? 'CAROUSEL_ALBUM'
        : container.params.video_url
          ? 'VIDEO'
          : 'IMAGE';
    const made: IgMedia = {
      id: this.nextId(18_060_000_000_000_000n),
      caption: container.params.caption ?? '',
      mediaType: type,
      created: this.clock(),
      owner: ACCOUNT,
      likes: 0,
    };
    this.media.push(made);
    return made;
  }
}

/** The account itself: `/me` and the renewal of its token. */
function accountRoutes(server: FakeServer, model: AccountModel, tokens: Set<string>): void {
  const renew: GraphHandler = (request) => {
    if (paramsOf(request).get('grant_type') !== 'ig_refresh_token') {
      return graphErrorResponse(400, 100, 'Invalid grant_type');
    }
    const token = `IGAAfakeZuidhovenToken-r${tokens.size}`;
    tokens.add(token);
    return { body: { access_token: token, token_type: 'bearer', expires_in: 5_183_944 } };
  };
  const { userId, username, name, followers, follows, appScopedId } = GEMEENTE_ACCOUNT;
  const me: GraphHandler = () => ({
    body: {
      user_id: userId,
      username,
      name,
      followers_count: followers,
      follows_count: follows,
      media_count: model.media.length,
      id: appScopedId,
    },
  });
  graphRoute(server, 'GET', '/refresh_access_token', guarded(tokens, renew));
  graphRoute(server, 'GET', '/me', guarded(tokens, me));
}

/** The lists: media, tagged media (cursor-only), comments with replies nested, replies. */
function listRoutes(server: FakeServer, model: AccountModel, tokens: Set<string>, pageSize: number): void {
  const paged = (items: unknown[], request: FakeRequest, cursorsOnly = false) =>
    graphPage(items, request, { pageSize, host: META_HOST, cursorsOnly });
  const ofAccount =
    (list: IgMedia[], cursorsOnly: boolean): GraphHandler =>
    (request, id) =>
      id === GEMEENTE_ACCOUNT.userId
        ? paged(
            newestFirst(list).map((m) => model.mediaJson(m)),
            request,
            cursorsOnly,
          )
        : unknownObject(id);
  const comments: GraphHandler = (request, id) => {
    if (!model.media.some((m) => m.id === id)) return unknownObject(id);
    const top = newestFirst(model.comments.filter((c) => c.mediaId === id && c.parentId === null));
    return paged(
      top.map((c) => model.commentJson(c, true)),
      request,
    );
  };
  const replies: GraphHandler = (request, id) => {
    if (!model.comments.some((c) => c.id === id)) return unknownObject(id);
    const list = model.comments.filter((c) => c.parentId === id);
    return paged(
      list.map((c) => model.commentJson(c, false)),
      request,
    );
  };
  const node: GraphHandler = (_request, id) => {
    const container = model.containers.find((c) => c.id === id);
    if (container) return { body: { id, status_code: container.status } };
    const media = model.media.find((m) => m.id === id);
    if (media) return { body: model.mediaJson(media) };
    const comment = model.comments.find((c) => c.id === id);
    return comment ? { body: model.commentJson(comment, true) } : unknownObject(id);
  };
  graphRoute(server, 'GET', '/\\d+/media', guarded(tokens, ofAccount(model.media, false)));
  graphRoute(server, 'GET', '/\\d+/tags', guarded(tokens, ofAccount(model.tagged, true)));
  graphRoute(server, 'GET', '/\\d+/comments', guarded(tokens, comments));
  graphRoute(server, 'GET', '/\\d+/replies', guarded(tokens, replies));
  graphRoute(server, 'GET', '/\\d+', guarded(tokens, node));
}

function writeRoutes(server: FakeServer, model: AccountModel, tokens: Set<string>): void {
  const record = (request: FakeRequest, id: string) =>
    model.sent.push({ path: request.url.pathname, params: Object.fromEntries(paramsOf(request)), id });
  graphRoute(
    server,
    'POST',
    '/\\d+/replies',
    guarded(tokens, (request, id) => {
      const target = model.comments.find((c) => c.id === id);
      if (!target) return unknownObject(id);
      // Replies to a reply are added to the top-level comment, as Instagram documents.
      const made = model.addComment(
        target.mediaId,
        target.parentId ?? target.id,
        paramsOf(request).get('message') ?? '',
        ACCOUNT,
      );
      record(request, made.id);
      return { body: { id: made.id } };
    }),
  );
  graphRoute(
    server,
    'POST',
    `/${GEMEENTE_ACCOUNT.userId}/media`,
    guarded(tokens, (request) => {
      const params = Object.fromEntries(paramsOf(request));
      delete params.access_token;
      const url = params.image_url ?? params.video_url ?? '';
      const container: Container = {
        id: model.nextId(17_990_000_000_000_000n),
        params,
        status: /kapot/.test(url) ? 'ERROR' : 'FINISHED',
      };
      model.containers.push(container);
      record(request, container.id);
      return { body: { id: container.id } };
    }),
  );
  graphRoute(
    server,
    'POST',
    `/${GEMEENTE_ACCOUNT.userId}/media_publish`,
    guarded(tokens, (request) => {
      const container = model.containers.find((c) => c.id === paramsOf(request).get('creation_id'));
      if (!container) return graphErrorResponse(400, 100, 'Invalid parameter', { subcode: 2207027 });
      const made = model.publish(container);
      record(request, made.id);
      return { body: { id: made.id } };
    }),
  );
}

export async function startFakeInstagram(
  options: { now?: Date; pageSize?: number } = {},
): Promise<FakeInstagram> {
  const model = new AccountModel(options.now ?? new Date());
  const tokens = new Set(['IGAAfakeZuidhovenToken']);
  const server = new FakeServer(graphFaults('instagram', GEMEENTE_ACCOUNT.userId));
  accountRoutes(server, model, tokens);
  listRoutes(server, model, tokens, options.pageSize ?? 3);
  writeRoutes(server, model, tokens);
  await server.start();
  let late = 0;
  return {
    platform: 'instagram',
    server,
    accountId: GEMEENTE_ACCOUNT.userId,
    sent: model.sent,
    media: model.media,
    comments: model.comments,
    tagged: model.tagged,
    tokens,
    settings: { graphBaseUrl: server.url },
    secrets: { accessToken: 'IGAAfakeZuidhovenToken' },
    messageIds: () => [...model.media, ...model.comments, ...model.tagged].map((x) => x.id),
    inboundIds: () => [
      ...model.comments.filter((c) => c.from.id !== GEMEENTE_ACCOUNT.userId).map((c) => c.id),
      ...model.tagged.map((m) => m.id),
    ],
    addInbound(text: string): string {
      const newest = newestFirst(model.media)[0] as IgMedia;
      return model.addComment(
        newest.id,
        null,
        text,
        LATE_COMMENTERS[late++ % LATE_COMMENTERS.length] as IgPerson,
      ).id;
    },
    readPaths: /^(?:\/v\d+\.\d+)?\/(?:me|\d+(?:\/(?:media|tags|comments|replies))?)$/,
    close: () => server.close(),
  };
}
