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
import { asChannelError } from '../errors.ts';
import { historyHorizon } from '../settings.ts';
import { readStreams, type StreamSpec, streamSpec } from '../streams.ts';
import { BlueskyClient } from './client.ts';
import { authorFeedStream, notificationStream } from './feeds.ts';
import { MAX_GRAPHEMES, publishPost, replyTo } from './posting.ts';
import type { BlueskySettings } from './settings.ts';

/**
 * A Bluesky account as a channel: its author feed and its notifications (mentions, replies,
 * quotes) are read; replies and posts are made with a record key chosen from the idempotency key.
 * Direct messages live in a separate chat service (`chat.bsky.*`, reached through the PDS with an
 * `atproto-proxy` header and an app password allowed to use chat): not read, so `directMessages`
 * is false.
 */
export const BLUESKY_CAPABILITIES: ChannelCapabilities = {
  reply: true,
  publish: true,
  snapshot: true,
  directMessages: false,
  maxLength: MAX_GRAPHEMES,
  publishNeedsMedia: false,
};

export class BlueskyChannel implements Channel {
  readonly platform = 'bluesky';
  readonly capabilities = BLUESKY_CAPABILITIES;
  private readonly client: BlueskyClient;
  private readonly streams: StreamSpec[];

  constructor(
    private readonly settings: BlueskySettings,
    secrets: Readonly<Record<string, string>>,
    host: ChannelHost,
  ) {
    this.client = new BlueskyClient(settings, secrets, host);
    const horizon = (now: Date) => historyHorizon(settings, now);
    this.streams = [
      streamSpec(authorFeedStream(this.client, settings), horizon),
      streamSpec(notificationStream(this.client, settings), horizon),
    ];
  }

  async identify(): Promise<ChannelIdentity> {
    return this.guard('app.bsky.actor.getProfile', async () => {
      const { did, handle } = await this.client.account();
      const { data } = await this.client.call('app.bsky.actor.getProfile', (agent) =>
        agent.app.bsky.actor.getProfile({ actor: did }),
      );
      // The profile's handle is the current one; the session's may be from before a change.
      const current = data.handle.toLowerCase();
      return {
        platformUserId: did,
        handle: current === 'handle.invalid' ? handle : current,
        displayName: data.displayName || null,
      };
    });
  }

  async read(cursor: ChannelCursor | null, context: ReadContext): Promise<ReadPage> {
    return this.guard('app.bsky.feed.getAuthorFeed', () => readStreams(cursor, context, this.streams));
  }

  async reply(target: ReplyTarget, text: string, send: SendOptions): Promise<SentPost> {
    return this.guard('com.atproto.repo.createRecord', () =>
      replyTo(this.client, this.settings, target, text, send.idempotencyKey),
    );
  }

  async publish(post: PostDraft, send: SendOptions): Promise<SentPost> {
    return this.guard('com.atproto.repo.createRecord', () =>
      publishPost(this.client, this.settings, post, send.idempotencyKey),
    );
  }

  async snapshot(): Promise<AccountCounts> {
    return this.guard('app.bsky.actor.getProfile', async () => {
      const { did } = await this.client.account();
      const { data } = await this.client.call('app.bsky.actor.getProfile', (agent) =>
        agent.app.bsky.actor.getProfile({ actor: did }),
      );
      return {
        takenAt: new Date(),
        followers: data.followersCount ?? null,
        following: data.followsCount ?? null,
        posts: data.postsCount ?? null,
      };
    });
  }

  /** Every method throws only `ChannelError`: anything else becomes `unknown`. */
  private async guard<T>(nsid: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw asChannelError(error, this.client.where(nsid));
    }
  }
}
