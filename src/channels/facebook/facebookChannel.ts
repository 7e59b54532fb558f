import type {
  AccountCounts,
  Channel,
  ChannelCapabilities,
  ChannelCursor,
  ChannelIdentity,
  PostDraft,
  ReadContext,
  ReadPage,
  ReplyTarget,
  SendOptions,
  SentPost,
} from '../channel.ts';
import { asChannelError, ChannelError } from '../errors.ts';
import { positionOf, timeOf } from '../meta/fields.ts';
import { commentStreamName, type FoundParent, type ParentRef, readWindowed } from '../meta/windowed.ts';
import { historyHorizon } from '../settings.ts';
import { type Stream, streamSpec } from '../streams.ts';
import { FacebookClient } from './client.ts';
import { commentRecords, type PageContext, postRecords, postRef } from './mapping.ts';
import { publishOnPage, replyOnPage } from './send.ts';
import type { FacebookSettings } from './settings.ts';

/** Facebook counts up to 63,206 characters in a post or comment. */
export const FACEBOOK_MAX_LENGTH = 63_206;

export const FACEBOOK_CAPABILITIES: ChannelCapabilities = {
  reply: true,
  publish: true,
  snapshot: true,
  directMessages: false,
  maxLength: FACEBOOK_MAX_LENGTH,
  publishNeedsMedia: false,
};

/**
 * A Facebook page through the Graph API with a Page access token. Reads the page feed (its posts
 * and visitors' posts) and, for every post of the last `commentWindowDays`, its comments newest
 * first with a mark per post (`meta/windowed.ts`); replies by commenting, publishes on the feed.
 */
export class FacebookChannel implements Channel {
  readonly platform = 'facebook';
  readonly capabilities = FACEBOOK_CAPABILITIES;
  private readonly client: FacebookClient | null;
  private page: PageContext | null = null;
  /** Sends already made by this channel, by idempotency key (see send.ts for retries across runs). */
  private readonly sent = new Map<string, SentPost>();

  constructor(
    private readonly settings: FacebookSettings,
    secrets: Readonly<Record<string, string>>,
  ) {
    const token = secrets.pageAccessToken?.trim();
    this.client = token ? new FacebookClient(settings, token) : null;
  }

  private where(path = ''): string {
    return `facebook page ${this.settings.pageId}${path}`;
  }

  private need(): FacebookClient {
    if (!this.client) {
      throw new ChannelError('auth', 'no page access token is stored for this page', { where: this.where() });
    }
    return this.client;
  }

  async identify(): Promise<ChannelIdentity> {
    try {
      const node = await this.need().pageNode('id,name,username,link');
      const id = typeof node.id === 'string' || typeof node.id === 'number' ? String(node.id) : null;
      if (!id) throw new ChannelError('malformed', 'the page has no id', { where: this.where() });
      const username = typeof node.username === 'string' && node.username !== '' ? node.username : null;
      const name = typeof node.name === 'string' && node.name !== '' ? node.name : null;
      this.page = { pageId: id, handle: username ?? id, name };
      return { platformUserId: id, handle: username ?? id, displayName: name };
    } catch (error) {
      throw asChannelError(error, this.where());
    }
  }

  /** The page as the mapping needs it: asked once per channel. */
  private async pageContext(): Promise<PageContext> {
    if (!this.page) await this.identify();
    return this.page as PageContext;
  }

  async read(cursor: ChannelCursor | null, context: ReadContext): Promise<ReadPage> {
    try {
      const client = this.need();
      const page = await this.pageContext();
      const horizon = (now: Date) => historyHorizon(this.settings, now);
      return await readWindowed(cursor, context, {
        windowDays: this.settings.commentWindowDays,
        main: (found) => [streamSpec(feedStream(client, page, found), horizon)],
        comments: (post) => streamSpec(commentStream(client, page, post), horizon),
      });
    } catch (error) {
      throw asChannelError(error, this.where('/feed'));
    }
  }

  async reply(target: ReplyTarget, text: string, send: SendOptions): Promise<SentPost> {
    try {
      const earlier = this.sent.get(send.idempotencyKey);
      if (earlier) return earlier;
      const sent = await replyOnPage(
        this.need(),
        await this.pageContext(),
        target.platformId,
        text,
        new Date(),
      );
      this.sent.set(send.idempotencyKey, sent);
      return sent;
    } catch (error) {
      throw asChannelError(error, this.where(`/${target.platformId}/comments`));
    }
  }

  async publish(post: PostDraft, send: SendOptions): Promise<SentPost> {
    try {
      const earlier = this.sent.get(send.idempotencyKey);
      if (earlier) return earlier;
      const sent = await publishOnPage(this.need(), await this.pageContext(), post, new Date());
      this.sent.set(send.idempotencyKey, sent);
      return sent;
    } catch (error) {
      throw asChannelError(error, this.where('/feed'));
    }
  }

  async snapshot(): Promise<AccountCounts> {
    try {
      const node = await this.need().pageNode('followers_count,fan_count');
      const count = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);
      // Pages of the new Page experience have followers only; classic pages also likes (fans).
      return {
        takenAt: new Date(),
        followers: count(node.followers_count) ?? count(node.fan_count),
        following: null,
        posts: null,
      };
    } catch (error) {
      throw asChannelError(error, this.where());
    }
  }
}

/** The page feed, newest first; every post read is registered for its comments. */
function feedStream(
  client: FacebookClient,
  page: PageContext,
  found: (post: FoundParent) => void,
): Stream<unknown> {
  return {
    name: 'feed',
    async fetch(next) {
      const result = await client.feedPage(next);
      for (const item of result.items) {
        const ref = postRef(item, page);
        if (ref) found(ref);
      }
      return result;
    },
    position: (item) => positionOf(item, 'created_time'),
    createdAt: (item) => timeOf(item, 'created_time'),
    toRecords: (item, location) => postRecords(item, page, location),
  };
}

/** The comments under one post, newest first (`order=reverse_chronological`, answers included). */
function commentStream(client: FacebookClient, page: PageContext, post: ParentRef): Stream<unknown> {
  return {
    name: commentStreamName(post.id),
    async fetch(next) {
      try {
        return await client.commentsPage(post.id, next);
      } catch (error) {
        // A post deleted since it was read has no comments left to read; the other posts go on.
        if (error instanceof ChannelError && error.kind === 'not_found') {
          return { items: [], next: null, where: error.where };
        }
        throw error;
      }
    },
    position: (item) => positionOf(item, 'created_time'),
    createdAt: (item) => timeOf(item, 'created_time'),
    toRecords: (item, location) => commentRecords(item, post, page, location),
  };
}
