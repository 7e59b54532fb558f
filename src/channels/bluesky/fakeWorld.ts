import { type Actor, cidFor, facetsOf, profileBasic, tidAt } from './fakeData.ts';

/**
 * The state of a fake Bluesky as its AppView sees one account: the posts it knows, the account's
 * author feed and its notifications, each entry with the moment the AppView sorts it by (`sortAt`:
 * the earlier of a post's `createdAt` and `indexedAt`). Views are built when served, so counts
 * are current. Real posts (from ../shared/data/formats/bluesky) are kept as the views they came as.
 */
export interface FakePost {
  uri: string;
  cid: string;
  author: Actor;
  record: Record<string, unknown>;
  indexedAt: string;
  counts: { replyCount: number; repostCount: number; likeCount: number; quoteCount: number };
  parentUri: string | null;
  rootUri: string | null;
  mentionDids: string[];
  quoteUri: string | null;
}

export interface ListEntry {
  sortAt: string;
  cid: string;
  /** The message id a complete read stores for it; null for entries that are no message. */
  messageId: string | null;
  build(): Record<string, unknown>;
}

export interface NotificationEntry extends ListEntry {
  reason: string;
}

const POST_VIEW = 'app.bsky.feed.defs#postView';

export class FakeWorld {
  readonly posts = new Map<string, FakePost>();
  /** Real post views by URI, served as they are. */
  readonly realViews = new Map<string, Record<string, unknown>>();
  readonly feed: ListEntry[] = [];
  readonly notifications: NotificationEntry[] = [];
  private clock: Date;
  private clockId = 0;

  constructor(
    readonly own: Actor,
    readonly actors: Actor[],
    start: Date,
  ) {
    this.clock = start;
  }

  /** The next moment after everything so far (for what happens "now" in the fake). */
  next(): Date {
    this.clock = new Date(this.clock.getTime() + 60_000);
    return this.clock;
  }

  /** Adds a post by `author` at `at`, as Bluesky would index it and notify the account. */
  post(
    author: Actor,
    text: string,
    at: Date,
    links: {
      reply?: string;
      quote?: string;
      createdAt?: Date;
      /** A record as a client sent it (createRecord), with its record key. */
      sent?: { record: Record<string, unknown>; rkey: string };
    } = {},
  ): FakePost {
    if (at > this.clock) this.clock = at;
    const createdAt = (links.createdAt ?? at).toISOString();
    const record = links.sent?.record ?? this.record(text, createdAt, links);
    const rkey = links.sent?.rkey ?? tidAt(at, this.clockId++);
    const uri = `at://${author.did}/app.bsky.feed.post/${rkey}`;
    const reply = record.reply as { root: { uri: string }; parent: { uri: string } } | undefined;
    const embed = record.embed as { record?: { uri?: string } } | undefined;
    const post: FakePost = {
      uri,
      cid: cidFor(JSON.stringify(record)),
      author,
      record,
      // Indexed a moment after it was written.
      indexedAt: new Date(at.getTime() + 400).toISOString(),
      counts: { replyCount: 0, repostCount: 0, likeCount: 0, quoteCount: 0 },
      parentUri: reply?.parent.uri ?? null,
      rootUri: reply?.root.uri ?? null,
      mentionDids: ((record.facets ?? []) as { features: { did?: string }[] }[]).flatMap((f) =>
        f.features.flatMap((x) => (x.did ? [x.did] : [])),
      ),
      quoteUri: embed?.record?.uri ?? null,
    };
    this.posts.set(uri, post);
    const parent = post.parentUri ? this.posts.get(post.parentUri) : undefined;
    if (parent) parent.counts.replyCount++;
    const quoted = post.quoteUri ? this.posts.get(post.quoteUri) : undefined;
    if (quoted) quoted.counts.quoteCount++;
    if (author.did === this.own.did) this.addFeedPost(post);
    else this.notify(post);
    return post;
  }

  /** A repost by the account of a post (generated or real); `withUri`: the API names the repost. */
  repost(uri: string, at: Date, withUri: boolean): string {
    if (at > this.clock) this.clock = at;
    const rkey = tidAt(at, this.clockId++);
    const repostUri = `at://${this.own.did}/app.bsky.feed.repost/${rkey}`;
    const cid = cidFor(`repost ${repostUri}`);
    const id = withUri ? repostUri : `repost:${this.own.did}:${uri}`;
    const known = this.posts.get(uri);
    if (known) known.counts.repostCount++;
    const indexedAt = at.toISOString();
    this.feed.push({
      sortAt: indexedAt,
      cid,
      messageId: id,
      build: () => ({
        post: this.view(uri),
        reason: {
          $type: 'app.bsky.feed.defs#reasonRepost',
          by: profileBasic(this.own),
          ...(withUri ? { uri: repostUri, cid } : {}),
          indexedAt,
        },
      }),
    });
    return id;
  }

  /** A like, follow or repost of the account's post by someone: a notification that is no message. */
  interaction(reason: 'like' | 'follow' | 'repost', by: Actor, at: Date, subject: FakePost | null): void {
    const collection = {
      like: 'app.bsky.feed.like',
      follow: 'app.bsky.graph.follow',
      repost: 'app.bsky.feed.repost',
    };
    const uri = `at://${by.did}/${collection[reason]}/${tidAt(at, this.clockId++)}`;
    const record =
      reason === 'follow'
        ? { $type: collection.follow, subject: this.own.did, createdAt: at.toISOString() }
        : {
            $type: collection[reason],
            subject: { uri: subject?.uri, cid: subject?.cid },
            createdAt: at.toISOString(),
          };
    if (subject && reason === 'like') subject.counts.likeCount++;
    if (subject && reason === 'repost') subject.counts.repostCount++;
    this.pushNotification(
      reason,
      uri,
      cidFor(JSON.stringify(record)),
      by,
      record,
      at.toISOString(),
      subject?.uri,
    );
  }

  /** A post view: the real one as it came, or one built from the fake's post. */
  view(uri: string): Record<string, unknown> {
    const real = this.realViews.get(uri);
    if (real) return real;
    const post = this.posts.get(uri);
    if (!post) throw new Error(`no post ${uri}`);
    return {
      uri: post.uri,
      cid: post.cid,
      author: profileBasic(post.author),
      record: post.record,
      bookmarkCount: 0,
      ...post.counts,
      indexedAt: post.indexedAt,
      labels: [],
    };
  }

  sortAtOf(post: FakePost): string {
    const created = String(post.record.createdAt);
    return created < post.indexedAt ? created : post.indexedAt;
  }

  private record(
    text: string,
    createdAt: string,
    links: { reply?: string; quote?: string },
  ): Record<string, unknown> {
    const facets = facetsOf(text, [this.own, ...this.actors]);
    const record: Record<string, unknown> = { $type: 'app.bsky.feed.post', text, langs: ['nl'] };
    if (facets.length > 0) record.facets = facets;
    if (links.reply) {
      const parent = this.ref(links.reply);
      const parentPost = this.posts.get(links.reply);
      const parentRoot = (parentPost?.record.reply as { root?: unknown } | undefined)?.root;
      record.reply = { root: parentRoot ?? parent, parent };
    }
    if (links.quote) record.embed = { $type: 'app.bsky.embed.record', record: this.ref(links.quote) };
    record.createdAt = createdAt;
    return record;
  }

  private ref(uri: string): { uri: string; cid: string } {
    const cid = this.posts.get(uri)?.cid ?? (this.realViews.get(uri)?.cid as string | undefined);
    if (!cid) throw new Error(`no post ${uri}`);
    return { uri, cid };
  }

  private addFeedPost(post: FakePost): void {
    this.feed.push({
      sortAt: this.sortAtOf(post),
      cid: post.cid,
      messageId: post.uri,
      build: () => {
        const item: Record<string, unknown> = { post: this.view(post.uri) };
        if (post.parentUri && post.rootUri) {
          item.reply = {
            root: { $type: POST_VIEW, ...this.view(post.rootUri) },
            parent: { $type: POST_VIEW, ...this.view(post.parentUri) },
          };
        }
        return item;
      },
    });
  }

  /** The notification the AppView makes for the account: a mention first, then a quote, then a reply. */
  private notify(post: FakePost): void {
    let reason: string | null = null;
    let subject: string | undefined;
    if (post.mentionDids.includes(this.own.did)) reason = 'mention';
    else if (post.quoteUri && didOf(post.quoteUri) === this.own.did) {
      reason = 'quote';
      subject = post.quoteUri;
    } else {
      const ancestor = this.ownAncestor(post);
      if (ancestor) {
        reason = 'reply';
        subject = ancestor;
      }
    }
    if (!reason) return;
    this.pushNotification(
      reason,
      post.uri,
      post.cid,
      post.author,
      post.record,
      this.sortAtOf(post),
      subject,
      post.uri,
    );
  }

  /** The nearest of five ancestors written by the account (Bluesky notifies that far up). */
  private ownAncestor(post: FakePost): string | null {
    let uri = post.parentUri;
    for (let height = 0; uri && height < 5; height++) {
      if (didOf(uri) === this.own.did) return uri;
      uri = this.posts.get(uri)?.parentUri ?? null;
    }
    return null;
  }

  private pushNotification(
    reason: string,
    uri: string,
    cid: string,
    author: Actor,
    record: Record<string, unknown>,
    sortAt: string,
    subject?: string,
    messageId: string | null = null,
  ): void {
    this.notifications.push({
      reason,
      sortAt,
      cid,
      messageId,
      build: () => ({
        uri,
        cid,
        author: { ...profileBasic(author), indexedAt: author.createdAt },
        reason,
        ...(subject ? { reasonSubject: subject } : {}),
        record,
        isRead: false,
        indexedAt: sortAt,
        labels: [],
      }),
    });
  }
}

export function didOf(uri: string): string | null {
  return /^at:\/\/(did:[^/]+)/.exec(uri)?.[1] ?? null;
}
