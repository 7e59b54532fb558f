import type { Parsed, SnapshotInput } from '../ingest/records.ts';
import type { ChannelError } from './errors.ts';

/**
 * The channel contract: what Meetlat asks of a platform. One adapter per platform implements it
 * (`src/channels/<platform>/`); generic code (sync, webcare replies, publishing) never asks which
 * platform it is talking to, it asks the channel: its capabilities, its reads, its errors.
 *
 * Rules every adapter keeps:
 *
 * - **Reads are idempotent.** A message is keyed by the platform's own id (for Mastodon the
 *   status URI, for Bluesky the at:// URI), so reading it twice stores it once.
 * - **The cursor is the adapter's own** (JSON, opaque to everything else). `read` returns the
 *   cursor to use after the page's records are stored; the sync stores that cursor in the same
 *   transaction as the records, so a cursor never advances past what was persisted. A page read
 *   again after a crash is harmless (idempotent).
 * - **Errors are classified** (`ChannelError`, see errors.ts): rate limited (with the moment to
 *   retry), auth revoked or expired, not found, transient, malformed payload, budget used up, or
 *   unknown. A method of a channel throws only `ChannelError`; the sync never crashes on one.
 * - **One bad item costs only itself**: an item of a page that cannot be mapped (a drifted or
 *   missing field) becomes a reject naming where it was and why; the rest of the page is kept.
 *   A page that cannot be read at all (truncated or garbage JSON) is a `malformed` error and the
 *   cursor stays where it was.
 * - **Threading and inbound facts come from the mapping**: replies name the id and author of what
 *   they answer, direct messages and comments name their recipient, mentions are the platform's
 *   structured mentions, so METRICS.md's rules (store/activity.ts) see every inbound message.
 */
export interface Channel {
  readonly platform: string;
  readonly capabilities: ChannelCapabilities;

  /** Who the credentials belong to; checks them (an `auth` error when they are not valid). */
  identify(): Promise<ChannelIdentity>;

  /**
   * Reads one page of what is new since `cursor` (null: the first read, back to the history
   * horizon of the settings). Call again with the returned cursor while `more` is true.
   */
  read(cursor: ChannelCursor | null, context: ReadContext): Promise<ReadPage>;

  /**
   * Replies to a message of the platform (when `capabilities.reply`). `send.idempotencyKey` is the
   * same for every attempt of one reply: where the platform honours such a key (Mastodon's
   * `Idempotency-Key`) it is sent, so a retry after a lost answer never posts twice.
   */
  reply?(target: ReplyTarget, text: string, send: SendOptions): Promise<SentPost>;

  /** Publishes a new post (when `capabilities.publish`); `send` as for `reply`. */
  publish?(post: PostDraft, send: SendOptions): Promise<SentPost>;

  /** The account's counts now (when `capabilities.snapshot`). */
  snapshot?(): Promise<AccountCounts>;

  /**
   * The read budget as a cursor leaves it, for platforms that bill reads (X); null elsewhere.
   * `read` throws a `budget` error rather than spend beyond it.
   */
  budget?(cursor: ChannelCursor | null, now: Date): ReadBudget | null;
}

export interface SendOptions {
  idempotencyKey: string;
}

export interface ReadBudget {
  /** The period the budget is for, e.g. `2026-11` for a monthly budget. */
  period: string;
  limit: number;
  used: number;
  /** When the next period starts. */
  resetsAt: Date;
}

/** What a channel can do; generic code decides by these, never by the platform's name. */
export interface ChannelCapabilities {
  reply: boolean;
  publish: boolean;
  snapshot: boolean;
  /** Whether direct messages are read (and so counted as inbound). */
  directMessages: boolean;
  /** Longest text of a post or reply, in the platform's own counting; null when unlimited. */
  maxLength: number | null;
  /** Whether a post needs at least one image or video (Instagram). */
  publishNeedsMedia: boolean;
}

/** The account the credentials belong to (or the watched source, for a feed). */
export interface ChannelIdentity {
  platformUserId: string;
  handle: string;
  displayName: string | null;
}

/** JSON the adapter alone understands. */
export type ChannelCursor = { readonly [key: string]: unknown };

export interface ReadContext {
  /** Names one sync; an adapter may use it to tell a walk begun in this sync from an older one. */
  syncId: string;
  /** Now, for the history horizon and budgets (tests set it). */
  now: Date;
}

export interface ReadPage {
  /** Messages (and snapshots) in the pipeline's shape, or rejects naming where they were. */
  records: Parsed[];
  /** The cursor to store once these records are stored. */
  cursor: ChannelCursor;
  /** Whether another page can be read right away. */
  more: boolean;
  /** Billable resources this page read (X charges per post read); 0 where nothing is billed. */
  billedReads: number;
}

/** The message a reply answers: its platform id, and the platform's own handle on it. */
export interface ReplyTarget {
  platformId: string;
  /** The author's handle, for platforms that need the mention in the text (X, Mastodon). */
  authorHandle: string | null;
}

export interface PostDraft {
  text: string;
  /** Public, or only to followers where the platform knows that. */
  visibility?: 'public' | 'followers';
  /** Images or videos at a public URL, each with its alt text (required). */
  media?: { url: string; altText: string; kind: 'image' | 'video' }[];
}

/** What the platform made of a reply or post: its id and address, for linking and dedupe. */
export interface SentPost {
  platformId: string;
  url: string | null;
  createdAt: Date;
}

export type AccountCounts = Omit<SnapshotInput, 'platform' | 'platformUserId' | 'source'>;

/** How a channel tells the sync about new secrets (a refreshed token) to store encrypted. */
export interface ChannelHost {
  saveSecrets(secrets: Record<string, string>): Promise<void>;
}

/**
 * An adapter: how to make a channel of one platform from its stored settings and secrets.
 * Settings are public (an instance URL, a handle, a feed's address, a read budget) and checked
 * against `settingsSchema`; secrets (tokens, app passwords) are stored encrypted.
 */
export interface ChannelAdapter<S = unknown> {
  readonly platform: string;
  /** Dutch name for people: "Mastodon", "RSS/Atom-feed". */
  readonly label: string;
  /** Minutes between scheduled syncs when all is well. */
  readonly syncIntervalMinutes: number;
  /** How an account is connected unless said otherwise: a feed is watched, a social account owned. */
  readonly defaultRelation: 'owned' | 'watched';
  /** The names of the secrets it needs, with a Dutch description each (for `accounts add`). */
  readonly secrets: Readonly<Record<string, string>>;
  /** Checks and completes settings (defaults filled in); throws `SettingsError` naming the field. */
  parseSettings(input: unknown): S;
  create(settings: S, secrets: Readonly<Record<string, string>>, host: ChannelHost): Channel;
}

/** Settings that do not pass the adapter's schema: what is wrong, and where. */
export class SettingsError extends Error {}

export type { ChannelError };
