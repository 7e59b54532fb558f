import { GraphClient, type GraphPage } from '../meta/graphClient.ts';
import type { FacebookSettings } from './settings.ts';

/**
 * The Graph calls of a Facebook page, with a Page access token. Field lists are the ones the
 * mapping reads; everything else Meta could send is left unasked.
 */
export const FEED_FIELDS = [
  'id',
  'message',
  'message_tags',
  'created_time',
  'from',
  'permalink_url',
  'shares',
  'status_type',
  'parent_id',
  'comments.summary(true).limit(0)',
  'reactions.summary(true).limit(0)',
].join(',');

export const COMMENT_FIELDS = [
  'id',
  'message',
  'message_tags',
  'created_time',
  'from',
  'parent{id,from}',
  'comment_count',
  'like_count',
  'permalink_url',
].join(',');

/** What Graph answers about a page (`/{page-id}?fields=…`). */
export interface PageNode {
  id?: unknown;
  name?: unknown;
  username?: unknown;
  link?: unknown;
  followers_count?: unknown;
  fan_count?: unknown;
}

const FEED_PAGE_SIZE = '25';
const COMMENTS_PAGE_SIZE = '50';

export class FacebookClient {
  readonly graph: GraphClient;

  constructor(
    private readonly settings: FacebookSettings,
    token: string,
  ) {
    this.graph = new GraphClient({
      baseUrl: settings.graphBaseUrl,
      apiVersion: settings.apiVersion,
      timeoutMs: settings.timeoutMs,
      token: () => token,
    });
  }

  pageNode(fields: string): Promise<PageNode> {
    return this.graph.get(`/${this.settings.pageId}`, { fields }) as Promise<PageNode>;
  }

  /** The page's feed, newest first: its own posts and what visitors posted on it. */
  feedPage(next: string | null): Promise<GraphPage> {
    return this.graph.page(
      `/${this.settings.pageId}/feed`,
      { fields: FEED_FIELDS, limit: FEED_PAGE_SIZE },
      next,
    );
  }

  /** Every comment under a post (answers to comments too: `filter=stream`), newest first. */
  commentsPage(postId: string, next: string | null, limit = COMMENTS_PAGE_SIZE): Promise<GraphPage> {
    return this.graph.page(
      `/${postId}/comments`,
      { fields: COMMENT_FIELDS, filter: 'stream', order: 'reverse_chronological', limit },
      next,
    );
  }

  /** Comments on a post or comment; Graph answers with the fields asked (read after write). */
  comment(targetId: string, message: string): Promise<unknown> {
    return this.graph.post(`/${targetId}/comments`, { message, fields: 'id,permalink_url,created_time' });
  }

  /** A text (or link) post on the page's feed. */
  feedPost(form: Record<string, string>): Promise<unknown> {
    return this.graph.post(`/${this.settings.pageId}/feed`, {
      ...form,
      fields: 'id,permalink_url,created_time',
    });
  }

  /** A photo by URL; unpublished ones are attached to a feed post afterwards. */
  photo(form: Record<string, string>): Promise<unknown> {
    return this.graph.post(`/${this.settings.pageId}/photos`, form);
  }

  /** A video by URL (`file_url`), with its description as the post text. */
  video(form: Record<string, string>): Promise<unknown> {
    return this.graph.post(`/${this.settings.pageId}/videos`, form);
  }

  /** A post (or comment) read back after it was made: its address and time. */
  node(id: string, fields: string): Promise<unknown> {
    return this.graph.get(`/${id}`, { fields });
  }
}
