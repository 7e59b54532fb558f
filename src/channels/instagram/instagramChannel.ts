import type {
  AccountCounts,
  Channel,
  ChannelCapabilities,
  ChannelCursor,
  ChannelHost,
  ChannelIdentity,
  PostDraft,
  ReadContext,
  ReadPage,
  ReplyTarget,
  SendOptions,
  SentPost,
} from '../channel.ts';
import { asChannelError, ChannelError } from '../errors.ts';
import { optionalCount, positionOf, timeOf } from '../meta/fields.ts';
import { commentStreamName, type FoundParent, type ParentRef, readWindowed } from '../meta/windowed.ts';
import { historyHorizon } from '../settings.ts';
import { type Stream, streamSpec } from '../streams.ts';
import { InstagramClient, InstagramToken } from './client.ts';
import { type AccountContext, commentRecords, mediaRecords } from './mapping.ts';
import { checkDraft, INSTAGRAM_MAX_LENGTH, publishOnInstagram, replyOnInstagram } from './send.ts';
import type { InstagramSettings } from './settings.ts';

export const INSTAGRAM_CAPABILITIES: ChannelCapabilities = {
  reply: true,
  publish: true,
  snapshot: true,
  // Direct messages go through the Messaging API and its webhooks; they are not read here.
  directMessages: false,
  maxLength: INSTAGRAM_MAX_LENGTH,
  publishNeedsMedia: true,
};

/**
 * An Instagram professional account through the Instagram API with Instagram Login. Reads its
 * media and the media others tagged it in, newest first, and the comments (with their replies)
 * of every media of the last `commentWindowDays`; replies to comments and publishes media.
 */
export class InstagramChannel implements Channel {
  readonly platform = 'instagram';
  readonly capabilities = INSTAGRAM_CAPABILITIES;
  private readonly client: InstagramClient;
  private account: AccountContext | null = null;
  private readonly sent = new Map<string, SentPost>();

  constructor(
    private readonly settings: InstagramSettings,
    secrets: Readonly<Record<string, string>>,
    host: ChannelHost,
  ) {
    this.client = new InstagramClient(settings, new InstagramToken(secrets, host));
  }

  private async ready(where: string): Promise<InstagramClient> {
    if (!this.client.token.present) {
      throw new ChannelError('auth', 'no Instagram access token is stored for this account', { where });
    }
    return this.client.fresh();
  }

  async identify(): Promise<ChannelIdentity> {
    try {
      const me = await (await this.ready('instagram /me')).me();
      const id = typeof me.user_id === 'string' || typeof me.user_id === 'number' ? String(me.user_id) : null;
      const username = typeof me.username === 'string' && me.username !== '' ? me.username : null;
      if (!id || !username)
        throw new ChannelError('malformed', 'the account has no user_id or username', {
          where: 'instagram /me',
        });
      const name = typeof me.name === 'string' && me.name !== '' ? me.name : null;
      this.account = { accountId: id, username, name };
      return { platformUserId: id, handle: username, displayName: name };
    } catch (error) {
      throw asChannelError(error, 'instagram /me');
    }
  }

  private async accountContext(): Promise<AccountContext> {
    if (!this.account) await this.identify();
    return this.account as AccountContext;
  }

  async read(cursor: ChannelCursor | null, context: ReadContext): Promise<ReadPage> {
    try {
      const client = await this.ready('instagram /me/media');
      const account = await this.accountContext();
      const horizon = (now: Date) => historyHorizon(this.settings, now);
      return await readWindowed(cursor, context, {
        windowDays: this.settings.commentWindowDays,
        main: (found) => [
          streamSpec(mediaStream(client, account, found), horizon),
          streamSpec(tagsStream(client, account), horizon),
        ],
        comments: (media) => streamSpec(commentStream(client, account, media), horizon),
      });
    } catch (error) {
      throw asChannelError(error, 'instagram /me/media');
    }
  }

  async reply(target: ReplyTarget, text: string, send: SendOptions): Promise<SentPost> {
    const where = `instagram /${target.platformId}/replies`;
    try {
      const earlier = this.sent.get(send.idempotencyKey);
      if (earlier) return earlier;
      const client = await this.ready(where);
      const made = await replyOnInstagram(
        client,
        await this.accountContext(),
        target.platformId,
        text,
        new Date(),
      );
      this.sent.set(send.idempotencyKey, made);
      return made;
    } catch (error) {
      throw asChannelError(error, where);
    }
  }

  async publish(post: PostDraft, send: SendOptions): Promise<SentPost> {
    const where = 'instagram /me/media';
    try {
      checkDraft(post, where);
      const earlier = this.sent.get(send.idempotencyKey);
      if (earlier) return earlier;
      const client = await this.ready(where);
      const made = await publishOnInstagram(client, await this.accountContext(), post, new Date());
      this.sent.set(send.idempotencyKey, made);
      return made;
    } catch (error) {
      throw asChannelError(error, where);
    }
  }

  async snapshot(): Promise<AccountCounts> {
    try {
      const me = await (await this.ready('instagram /me')).me(
        'user_id,followers_count,follows_count,media_count',
      );
      return {
        takenAt: new Date(),
        followers: optionalCount(me.followers_count),
        following: optionalCount(me.follows_count),
        posts: optionalCount(me.media_count),
      };
    } catch (error) {
      throw asChannelError(error, 'instagram /me');
    }
  }
}

/** The account's media, newest first; each is registered for its comments. */
function mediaStream(
  client: InstagramClient,
  account: AccountContext,
  found: (m: FoundParent) => void,
): Stream<unknown> {
  return {
    name: 'media',
    async fetch(next) {
      const page = await client.mediaPage(account.accountId, next);
      for (const item of page.items) {
        const id = (item as { id?: unknown } | null)?.id;
        const created = timeOf(item, 'timestamp');
        if (typeof id === 'string' && /^\d+$/.test(id)) {
          found({ id, createdAt: created?.toISOString() ?? null, authorId: account.accountId });
        }
      }
      return page;
    },
    position: (item) => positionOf(item, 'timestamp'),
    createdAt: (item) => timeOf(item, 'timestamp'),
    toRecords: (item, location) => mediaRecords(item, account, location),
  };
}

/** Media others tagged the account in (the @mentions Instagram lets an app poll). */
function tagsStream(client: InstagramClient, account: AccountContext): Stream<unknown> {
  return {
    name: 'tags',
    fetch: (next) => client.tagsPage(account.accountId, next),
    position: (item) => positionOf(item, 'timestamp'),
    createdAt: (item) => timeOf(item, 'timestamp'),
    toRecords: (item, location) => mediaRecords(item, account, location, true),
  };
}

/**
 * The comments of one media, read whole at every sync while the media is in the window: a reply
 * arrives nested under an old comment, where a mark on the comments' own times would never see
 * it. Every comment has the same position, so the mark never ends the walk; the history horizon
 * still bounds the first one.
 */
const WHOLE_LIST = '0';

function commentStream(client: InstagramClient, account: AccountContext, media: ParentRef): Stream<unknown> {
  return {
    name: commentStreamName(media.id),
    async fetch(next) {
      try {
        return await client.commentsPage(media.id, next);
      } catch (error) {
        // Media deleted since it was read has no comments left; the other media go on.
        if (error instanceof ChannelError && error.kind === 'not_found')
          return { items: [], next: null, where: error.where };
        throw error;
      }
    },
    position: () => WHOLE_LIST,
    createdAt: (item) => timeOf(item, 'timestamp'),
    toRecords: (item, location) => commentRecords(item, media, account, location),
  };
}
