import type { Parsed } from '../../ingest/records.ts';
import { rejectOf } from '../../ingest/records.ts';
import type {
  AccountCounts,
  Channel,
  ChannelCapabilities,
  ChannelCursor,
  ChannelHost,
  ChannelIdentity,
  PostDraft,
  ReadBudget,
  ReadContext,
  ReadPage,
  ReplyTarget,
  SendOptions,
  SentPost,
} from '../channel.ts';
import { asChannelError, ChannelError } from '../errors.ts';
import { redact } from '../http.ts';
import { historyHorizon } from '../settings.ts';
import { readStreamPage, readStreams, type Stream, type StreamSpec, type StreamsCursor } from '../streams.ts';
import { type BudgetState, budgetExhausted, budgetState, ReadCosts, readBudget } from './budget.ts';
import { XClient } from './client.ts';
import { postToMessage, usersOf, type XUser } from './mapping.ts';
import { XSender } from './sending.ts';
import type { XSettings } from './settings.ts';

/**
 * An X account through API v2: its own posts (`GET /2/users/:id/tweets`, replies and reposts
 * included) and the posts that mention it (`GET /2/users/:id/mentions`, which holds the replies to
 * its posts too, as X puts the parent's author among a reply's mentions). Both are newest-first
 * streams whose positions are post ids; once a stream has a mark, `since_id` asks X only for what
 * is newer, so a sync with nothing new reads (and pays for) nothing.
 *
 * The cursor: `{ streams, userId, budget: { period, used } }`. The user id is looked up once.
 */
const TWEET_FIELDS =
  'created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,entities,public_metrics,lang,note_tweet';
const USER_FIELDS = 'username,name';

type StreamName = 'timeline' | 'mentions';

interface Item {
  post: unknown;
  users: ReadonlyMap<string, XUser>;
}

interface XCursor extends StreamsCursor {
  userId?: string;
  budget?: BudgetState;
}

export class XChannel implements Channel {
  readonly platform = 'x';
  readonly capabilities: ChannelCapabilities = {
    reply: true,
    publish: true,
    snapshot: true,
    directMessages: false,
    maxLength: 280,
    publishNeedsMedia: false,
  };
  private readonly client: XClient;
  private readonly costs: ReadCosts;
  private readonly sender: XSender;
  private account: Promise<ChannelIdentity> | null = null;

  constructor(
    private readonly settings: XSettings,
    secrets: Readonly<Record<string, string>>,
    host: ChannelHost,
  ) {
    this.client = new XClient(settings, secrets, host);
    this.costs = new ReadCosts(settings);
    this.sender = new XSender(this.client, () => this.knownAccount());
  }

  async identify(): Promise<ChannelIdentity> {
    try {
      const identity = await this.me();
      this.account = Promise.resolve(identity);
      return identity;
    } catch (error) {
      throw asChannelError(error, 'GET /2/users/me');
    }
  }

  async read(cursor: ChannelCursor | null, context: ReadContext): Promise<ReadPage> {
    try {
      const stored = (cursor ?? {}) as Partial<XCursor>;
      const ledger = budgetState(stored.budget, context.now);
      let billed = 0;
      let userId = typeof stored.userId === 'string' ? stored.userId : null;
      if (!userId) {
        const cost = this.costs.perUser;
        this.ensureRoom(
          ledger,
          cost,
          'looking up the account costs a user read',
          context.now,
          'GET /2/users/me',
        );
        userId = (await this.me()).platformUserId;
        ledger.used += cost;
        billed += cost;
      }
      // Mentions first: when the budget runs short, what citizens ask matters most to webcare.
      const specs = (['mentions', 'timeline'] as const).map((name) =>
        this.spec(name, userId as string, ledger),
      );
      const page = await readStreams(stored.streams ? { streams: stored.streams } : null, context, specs);
      const next: XCursor = { ...(page.cursor as StreamsCursor), userId, budget: ledger };
      return { ...page, cursor: next, billedReads: billed + page.billedReads };
    } catch (error) {
      throw asChannelError(error, 'read X timelines');
    }
  }

  budget(cursor: ChannelCursor | null, now: Date): ReadBudget {
    return readBudget(this.settings, (cursor as Partial<XCursor> | null)?.budget, now);
  }

  async reply(target: ReplyTarget, text: string, send: SendOptions): Promise<SentPost> {
    // X puts the author of the post answered among the reply's mentions itself: no `@` needed.
    try {
      return await this.sender.send({ text, replyTo: target.platformId }, send.idempotencyKey);
    } catch (error) {
      throw asChannelError(error, 'POST /2/tweets');
    }
  }

  async publish(post: PostDraft, send: SendOptions): Promise<SentPost> {
    if (post.media && post.media.length > 0) {
      throw new ChannelError('invalid_request', 'posting images or video to X is not supported yet', {
        where: 'POST /2/tweets',
      });
    }
    if (post.visibility === 'followers') {
      throw new ChannelError('invalid_request', 'X has no posts for followers only', {
        where: 'POST /2/tweets',
      });
    }
    try {
      return await this.sender.send({ text: post.text, replyTo: null }, send.idempotencyKey);
    } catch (error) {
      throw asChannelError(error, 'POST /2/tweets');
    }
  }

  async snapshot(): Promise<AccountCounts> {
    try {
      const response = await this.client.get('/2/users/me', { 'user.fields': 'public_metrics' });
      const data = (response.body as { data?: { public_metrics?: Record<string, unknown> } } | undefined)
        ?.data;
      const metrics = data?.public_metrics;
      if (!metrics || typeof metrics !== 'object') {
        throw new ChannelError('malformed', 'the account answer holds no public_metrics', {
          where: 'GET /2/users/me',
          status: response.status,
        });
      }
      const count = (key: string) => {
        const v = metrics[key];
        return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null;
      };
      return {
        takenAt: new Date(),
        followers: count('followers_count'),
        following: count('following_count'),
        posts: count('tweet_count'),
      };
    } catch (error) {
      throw asChannelError(error, 'GET /2/users/me');
    }
  }

  private async me(): Promise<ChannelIdentity> {
    const response = await this.client.get('/2/users/me', { 'user.fields': USER_FIELDS });
    const data = (
      response.body as { data?: { id?: unknown; username?: unknown; name?: unknown } } | undefined
    )?.data;
    if (typeof data?.id !== 'string' || !/^\d+$/.test(data.id) || typeof data.username !== 'string') {
      throw new ChannelError('malformed', 'the account answer holds no id and username', {
        where: 'GET /2/users/me',
        status: response.status,
      });
    }
    return {
      platformUserId: data.id,
      handle: data.username,
      displayName: typeof data.name === 'string' ? data.name : null,
    };
  }

  /** The account, asked once per channel (for the address of a sent post and the timeline). */
  private knownAccount(): Promise<ChannelIdentity> {
    this.account ??= this.me().catch((error: unknown) => {
      this.account = null;
      throw error;
    });
    return this.account;
  }

  private ensureRoom(ledger: BudgetState, cost: number, need: string, now: Date, where: string): void {
    if (ledger.used + cost > this.settings.monthlyReadBudget) {
      throw budgetExhausted(ledger, this.settings.monthlyReadBudget, need, now, where);
    }
  }

  private spec(name: StreamName, userId: string, ledger: BudgetState): StreamSpec {
    return {
      name,
      read: (state, context) =>
        readStreamPage(
          this.stream(name, userId, state.mark, ledger, context.now),
          state,
          context,
          historyHorizon(this.settings, context.now),
        ),
    };
  }

  private stream(
    name: StreamName,
    userId: string,
    mark: string | null,
    ledger: BudgetState,
    now: Date,
  ): Stream<Item> {
    const mentions = name === 'mentions';
    return {
      name,
      fetch: async (next) => {
        const path = `/2/users/${userId}/${mentions ? 'mentions' : 'tweets'}`;
        const left = this.settings.monthlyReadBudget - ledger.used;
        // Mentions come from anyone: each post may bring its author. Our own timeline brings us.
        const size = this.costs.pageSize(left, mentions ? 1 : 0, mentions ? 0 : 1);
        if (size === null) {
          const need = `a page of 5 posts may cost up to ${5 * this.costs.perPostAtWorst + (mentions ? 5 : 1) * this.costs.perUser}`;
          throw budgetExhausted(ledger, this.settings.monthlyReadBudget, need, now, `GET ${path}`);
        }
        const query = {
          max_results: size,
          'tweet.fields': TWEET_FIELDS,
          expansions: 'author_id',
          'user.fields': USER_FIELDS,
          since_id: mark ?? undefined,
          pagination_token: next ?? undefined,
        };
        const where = `GET ${redact(this.client.url(path, query))}`;
        const response = await this.client.get(path, query);
        const { posts, users, nextToken } = pageOf(response.body, where, response.status);
        const cost = this.costs.ofPage(posts, users.size);
        ledger.used += cost;
        return { items: posts.map((post) => ({ post, users })), next: nextToken, where, billedReads: cost };
      },
      position: (item) => {
        const id = (item.post as { id?: unknown } | null)?.id;
        if (typeof id !== 'string' || !/^\d+$/.test(id)) throw new Error('no post id');
        return id;
      },
      createdAt: (item) => {
        const created = (item.post as { created_at?: unknown } | null)?.created_at;
        const date = typeof created === 'string' ? new Date(created) : null;
        return date && !Number.isNaN(date.getTime()) ? date : null;
      },
      toRecords: (item, location): Parsed[] => {
        try {
          const message = postToMessage(item.post, item.users);
          return [{ ok: true, location, record: { type: 'message', message } }];
        } catch (error) {
          return [{ ok: false, location, ...rejectOf(error) }];
        }
      },
    };
  }
}

/** A timeline page: `data` (absent when empty), `includes.users`, `meta.next_token`. */
function pageOf(body: unknown, where: string, status: number) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ChannelError('malformed', 'the timeline answer is not an object', { where, status });
  }
  const b = body as { data?: unknown; includes?: unknown; meta?: { next_token?: unknown } };
  if (b.data !== undefined && !Array.isArray(b.data)) {
    throw new ChannelError('malformed', 'the timeline answer has a data that is not a list', {
      where,
      status,
    });
  }
  const posts = (b.data ?? []) as unknown[];
  const token = b.meta?.next_token;
  return {
    posts,
    users: usersOf(b.includes),
    nextToken: typeof token === 'string' && token !== '' && posts.length > 0 ? token : null,
  };
}
