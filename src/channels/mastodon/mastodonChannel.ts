import { mentionsInText } from '../../domain/mentions.ts';
import { parseIsoDateTime } from '../../importers/isoDate.ts';
import { type Parsed, rejectOf } from '../../ingest/records.ts';
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
import { historyHorizon } from '../settings.ts';
import { readStreams, streamSpec } from '../streams.ts';
import { MastodonClient, type StatusParams } from './client.ts';
import { Links, type OwnAccount, type SeenStatus } from './links.ts';
import { actorUri, statusToMessage, str } from './mapping.ts';
import { conversationsSpec, mentionsStream, ownStatusesStream, type StreamDeps } from './mastodonStreams.ts';
import type { MastodonSettings } from './settings.ts';

/** Mastodon's default status length; an instance may allow more (`configuration.statuses.max_characters`). */
export const DEFAULT_MAX_CHARACTERS = 500;

/**
 * A gemeente's Mastodon account: read through three streams (mastodonStreams.ts), answered and
 * posted to with `POST /api/v1/statuses` and Mastodon's `Idempotency-Key`.
 */
export class MastodonChannel implements Channel {
  readonly platform = 'mastodon';
  private readonly client: MastodonClient;
  private links: Promise<Links> | null = null;
  private maxCharacters = DEFAULT_MAX_CHARACTERS;
  /** Statuses given in the current sync, so one read through two streams is one record. */
  private given = { syncId: '', ids: new Set<string>() };

  constructor(
    private readonly settings: MastodonSettings,
    token: string,
  ) {
    this.client = new MastodonClient(settings, token);
  }

  get capabilities(): ChannelCapabilities {
    return {
      reply: true,
      publish: true,
      snapshot: true,
      directMessages: true,
      maxLength: this.maxCharacters,
      publishNeedsMedia: false,
    };
  }

  identify(): Promise<ChannelIdentity> {
    return guard('identify', async () => {
      const { own } = await this.known();
      await this.learnMaxCharacters();
      return { platformUserId: own.uri, handle: own.handle, displayName: own.displayName };
    });
  }

  read(cursor: ChannelCursor | null, context: ReadContext): Promise<ReadPage> {
    return guard('read', async () => {
      const links = await this.known();
      if (this.given.syncId !== context.syncId) this.given = { syncId: context.syncId, ids: new Set() };
      const deps: StreamDeps = {
        client: this.client,
        links,
        emit: (status, location) => this.emit(links, status, location),
      };
      const horizon = (now: Date) => historyHorizon(this.settings, now);
      return readStreams(cursor, context, [
        streamSpec(mentionsStream(deps), horizon),
        conversationsSpec(deps, horizon),
        streamSpec(ownStatusesStream(deps), horizon),
      ]);
    });
  }

  reply(target: ReplyTarget, text: string, send: SendOptions): Promise<SentPost> {
    return guard('reply', async () => {
      const links = await this.known();
      const parent = await this.findStatus(links, target.platformId);
      // Mastodon notifies (and, for a DM, delivers to) only the accounts a status mentions.
      const acct = parent.accountId === links.own.id ? null : (parent.acct ?? target.authorHandle);
      const params: StatusParams = {
        status: withMention(text, acct),
        in_reply_to_id: parent.id,
      };
      // As Mastodon's own composer does: an answer is no more public than what it answers.
      if (parent.visibility === 'direct' || parent.visibility === 'private')
        params.visibility = parent.visibility;
      return this.post(links, params, send);
    });
  }

  publish(post: PostDraft, send: SendOptions): Promise<SentPost> {
    return guard('publish', async () => {
      if (post.media && post.media.length > 0) {
        throw new ChannelError(
          'invalid_request',
          'posting images or video to Mastodon is not supported yet',
          {
            where: 'POST /api/v2/media',
          },
        );
      }
      const links = await this.known();
      const visibility = post.visibility === 'followers' ? 'private' : 'public';
      return this.post(links, { status: post.text, visibility }, send);
    });
  }

  snapshot(): Promise<AccountCounts> {
    return guard('snapshot', async () => {
      const account = await this.client.verifyCredentials();
      const count = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);
      return {
        takenAt: new Date(),
        followers: count(account.followers_count),
        following: count(account.following_count),
        posts: count(account.statuses_count),
      };
    });
  }

  /** The own account (verify_credentials, once per channel) and what this channel has seen. */
  private known(): Promise<Links> {
    if (!this.links) {
      this.links = this.client.verifyCredentials().then((account) => new Links(ownAccount(account)));
      // A failure is not remembered: the next call asks again.
      this.links.catch(() => {
        this.links = null;
      });
    }
    return this.links;
  }

  private async learnMaxCharacters(): Promise<void> {
    try {
      this.maxCharacters = (await this.client.maxCharacters()) ?? DEFAULT_MAX_CHARACTERS;
    } catch (error) {
      // Instances before 4.0 have no /api/v2/instance: they keep the default length.
      if (!(error instanceof ChannelError) || error.kind !== 'not_found') throw error;
    }
  }

  private emit(links: Links, status: unknown, location: string): Parsed[] {
    try {
      const message = statusToMessage(status, links);
      if (this.given.ids.has(message.platformId)) return [];
      this.given.ids.add(message.platformId);
      return [{ ok: true, location, record: { type: 'message', message } }];
    } catch (error) {
      return [{ ok: false, location, ...rejectOf(error) }];
    }
  }

  /** A status by its URI: from what this channel saw, else through the instance's search. */
  private async findStatus(links: Links, uri: string): Promise<SeenStatus> {
    const seen = links.byUri(uri);
    if (seen) return seen;
    const found = await this.client.searchStatuses(uri);
    for (const status of found) links.remember(status);
    const match = links.byUri(uri);
    if (!match) {
      throw new ChannelError('not_found', `the instance does not know the status ${uri}`, {
        where: `GET ${this.client.url('/api/v2/search')}`,
      });
    }
    return match;
  }

  private async post(links: Links, params: StatusParams, send: SendOptions): Promise<SentPost> {
    const status = await this.client.postStatus(params, send.idempotencyKey);
    links.remember(status);
    const where = `POST ${this.client.url('/api/v1/statuses')}`;
    const uri = str(status.uri);
    const createdAt = parseIsoDateTime(str(status.created_at) ?? '');
    if (!uri || !createdAt)
      throw new ChannelError('malformed', 'the new status has no uri or created_at', { where });
    return { platformId: uri, url: str(status.url), createdAt };
  }
}

/** The text with `@acct ` in front unless it mentions that account already. */
export function withMention(text: string, acct: string | null): string {
  if (!acct) return text;
  const username = (acct.split('@')[0] ?? acct).toLowerCase();
  return mentionsInText(text).includes(username) ? text : `@${acct} ${text}`;
}

function ownAccount(account: Record<string, unknown>): OwnAccount {
  const where = 'GET /api/v1/accounts/verify_credentials';
  const id = str(account.id);
  let uri: string;
  try {
    uri = actorUri(account);
  } catch {
    throw new ChannelError('malformed', 'the account has no uri, url or username', { where });
  }
  const username = str(account.username) ?? str(account.acct);
  if (!id || !username) throw new ChannelError('malformed', 'the account has no id or username', { where });
  return {
    id,
    uri,
    // As the outbox importer names the account: username and the host of its actor URI.
    handle: `${username}@${new URL(uri).host}`,
    acct: str(account.acct) ?? username,
    displayName: str(account.display_name),
  };
}

async function guard<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asChannelError(error, `mastodon ${what}`);
  }
}
