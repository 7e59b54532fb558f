import type { ChannelHost } from '../channel.ts';
import { GraphClient, type GraphPage } from '../meta/graphClient.ts';
import type { InstagramSettings } from './settings.ts';

/**
 * The calls of the Instagram API with Instagram Login (`graph.instagram.com`), with a long-lived
 * Instagram user token that this client keeps fresh.
 */
export const ACCOUNT_FIELDS = 'user_id,username,name,followers_count,follows_count,media_count';
export const MEDIA_FIELDS =
  'id,caption,media_type,media_url,permalink,timestamp,username,like_count,comments_count';
const REPLY_FIELDS = 'id,text,timestamp,from,username,parent_id,like_count';
export const COMMENT_FIELDS = `id,text,timestamp,from,username,parent_id,like_count,replies.limit(50){${REPLY_FIELDS}}`;

/** A long-lived token lasts 60 days; it is renewed once it is this old. */
export const REFRESH_AFTER_MS = 30 * 24 * 3600 * 1000;

/**
 * The access token and when it was last renewed (`accessTokenRefreshedAt`, a secret the channel
 * writes itself). A token older than 30 days, or of unknown age, is renewed through
 * `GET /refresh_access_token?grant_type=ig_refresh_token` and stored with `host.saveSecrets`.
 * Renewing is best effort, once per channel: Meta refuses tokens younger than a day, and a token
 * that cannot be renewed still works until it expires, so a failed renewal never fails a read
 * (a revoked token shows as `auth` in the call that follows).
 */
export class InstagramToken {
  private token: string;
  private refreshedAt: Date | null;
  private tried = false;

  constructor(
    secrets: Readonly<Record<string, string>>,
    private readonly host: ChannelHost,
  ) {
    this.token = secrets.accessToken?.trim() ?? '';
    const at = secrets.accessTokenRefreshedAt ? new Date(secrets.accessTokenRefreshedAt) : null;
    this.refreshedAt = at && !Number.isNaN(at.getTime()) ? at : null;
  }

  get present(): boolean {
    return this.token !== '';
  }

  current(): string {
    return this.token;
  }

  async ensureFresh(graph: GraphClient, now: Date): Promise<void> {
    if (this.tried || !this.present) return;
    if (this.refreshedAt && now.getTime() - this.refreshedAt.getTime() < REFRESH_AFTER_MS) return;
    this.tried = true;
    let body: unknown;
    try {
      body = await graph.get('/refresh_access_token', { grant_type: 'ig_refresh_token' }, false);
    } catch {
      return;
    }
    const token = (body as { access_token?: unknown }).access_token;
    if (typeof token !== 'string' || token === '') return;
    this.token = token;
    this.refreshedAt = now;
    try {
      await this.host.saveSecrets({ accessToken: token, accessTokenRefreshedAt: now.toISOString() });
    } catch {
      // Not stored: the old token stays valid until it expires, and the next sync renews again.
    }
  }
}

const PAGE_SIZE = '25';
const COMMENTS_PAGE_SIZE = '50';

export class InstagramClient {
  readonly graph: GraphClient;

  constructor(
    settings: InstagramSettings,
    readonly token: InstagramToken,
  ) {
    this.graph = new GraphClient({
      baseUrl: settings.graphBaseUrl,
      apiVersion: settings.apiVersion,
      timeoutMs: settings.timeoutMs,
      token: () => token.current(),
    });
  }

  async fresh(): Promise<this> {
    await this.token.ensureFresh(this.graph, new Date());
    return this;
  }

  me(fields = ACCOUNT_FIELDS): Promise<Record<string, unknown>> {
    return this.graph.get('/me', { fields }) as Promise<Record<string, unknown>>;
  }

  /** The account's media, newest first. */
  mediaPage(accountId: string, next: string | null, limit = PAGE_SIZE): Promise<GraphPage> {
    return this.graph.page(`/${accountId}/media`, { fields: MEDIA_FIELDS, limit }, next);
  }

  /** Media others tagged the account in; this edge pages by cursors only. */
  tagsPage(accountId: string, next: string | null): Promise<GraphPage> {
    return this.graph.page(`/${accountId}/tags`, { fields: MEDIA_FIELDS, limit: PAGE_SIZE }, next, {
      cursorsOnly: true,
    });
  }

  /** Top-level comments of a media, newest first, with their replies nested. */
  commentsPage(mediaId: string, next: string | null): Promise<GraphPage> {
    return this.graph.page(
      `/${mediaId}/comments`,
      { fields: COMMENT_FIELDS, limit: COMMENTS_PAGE_SIZE },
      next,
    );
  }

  repliesPage(commentId: string): Promise<GraphPage> {
    return this.graph.page(
      `/${commentId}/replies`,
      { fields: REPLY_FIELDS, limit: COMMENTS_PAGE_SIZE },
      null,
    );
  }

  reply(commentId: string, message: string): Promise<unknown> {
    return this.graph.post(`/${commentId}/replies`, { message });
  }

  container(accountId: string, form: Record<string, string>): Promise<unknown> {
    return this.graph.post(`/${accountId}/media`, form);
  }

  publish(accountId: string, creationId: string): Promise<unknown> {
    return this.graph.post(`/${accountId}/media_publish`, { creation_id: creationId });
  }

  node(id: string, fields: string): Promise<unknown> {
    return this.graph.get(`/${id}`, { fields });
  }
}
