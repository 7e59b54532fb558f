/**
 * What the fake X serves: users and posts in API v2's shapes (`docs.x.com`, "Post object" and
 * "User object"), whatever scenario they come from. Helpers to build them: snowflake ids (an X id
 * holds the moment it was made) and `entities` found in a text the way X finds them.
 */
export interface ApiUser {
  id: string;
  username: string;
  name: string;
}

export interface ApiAccount extends ApiUser {
  followers: number;
  following: number;
}

export interface Entity {
  start: number;
  end: number;
}

export interface ApiEntities {
  mentions?: (Entity & { username: string; id?: string })[];
  hashtags?: (Entity & { tag: string })[];
  urls?: (Entity & { url: string; expanded_url: string; display_url: string; media_key?: string })[];
}

export interface ApiPost {
  id: string;
  text: string;
  created_at: string;
  author_id: string;
  conversation_id: string;
  in_reply_to_user_id?: string;
  referenced_tweets?: { type: 'retweeted' | 'quoted' | 'replied_to'; id: string }[];
  entities?: ApiEntities;
  note_tweet?: { text: string; entities?: ApiEntities };
  public_metrics: {
    retweet_count: number;
    reply_count: number;
    like_count: number;
    quote_count: number;
    bookmark_count: number;
    impression_count: number;
  };
  lang: string;
  edit_history_tweet_ids: string[];
}

export interface FakeWorld {
  /** The account the token belongs to. */
  account: ApiAccount;
  users: Map<string, ApiUser>;
  /** Every post X knows in this world, including ones that neither stream returns. */
  posts: ApiPost[];
}

const TWITTER_EPOCH = 1288834974657n;

/** An X id made at `ms`; `sequence` keeps ids of one millisecond apart. */
export function snowflake(ms: number, sequence: number): string {
  return ((BigInt(ms) - TWITTER_EPOCH) * 4194304n + BigInt(sequence % 4096)).toString();
}

export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const MENTION = /(?<![\p{L}\p{N}_])@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_])/gu;
const HASHTAG = /(?<![\p{L}\p{N}_&])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu;
const URL_IN_TEXT = /https?:\/\/[^\s]+/g;

/**
 * The entities X gives a text: mentions (with the user's id when X knows the user), hashtags,
 * and links, which X wraps as `https://t.co/…` in `text` while `expanded_url` keeps the original.
 * Returns the text as X stores it (links wrapped) with its entities.
 */
export function withEntities(
  plain: string,
  usersByName: ReadonlyMap<string, ApiUser>,
  seed: number,
  options: { wrapLinks: boolean } = { wrapLinks: true },
): { text: string; entities: ApiEntities } {
  let index = 0;
  const text = options.wrapLinks
    ? plain.replace(URL_IN_TEXT, () => `https://t.co/${tco(seed, index++)}`)
    : plain;
  const originals = [...plain.matchAll(URL_IN_TEXT)].map((m) => m[0]);
  const entities: ApiEntities = {};
  const mentions = [...text.matchAll(MENTION)].map((m) => {
    const username = m[1] as string;
    const user = usersByName.get(username.toLowerCase());
    return { start: m.index, end: m.index + m[0].length, username, ...(user ? { id: user.id } : {}) };
  });
  if (mentions.length > 0) entities.mentions = mentions;
  const hashtags = [...text.matchAll(HASHTAG)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    tag: m[1] as string,
  }));
  if (hashtags.length > 0) entities.hashtags = hashtags;
  const links = options.wrapLinks ? /https:\/\/t\.co\/[A-Za-z0-9]+/g : URL_IN_TEXT;
  const urls = [...text.matchAll(links)].map((m, i) => {
    const expanded = originals[i] ?? m[0];
    return {
      start: m.index,
      end: m.index + m[0].length,
      url: m[0],
      expanded_url: expanded,
      display_url: expanded.replace(/^https?:\/\/(www\.)?/, '').slice(0, 26),
    };
  });
  if (urls.length > 0) entities.urls = urls;
  return { text, entities };
}

function tco(seed: number, index: number): string {
  return (seed * 7919 + index * 104729 + 0x5f3759).toString(36).padStart(10, 'a').slice(-10);
}

/** X escapes these three in `text`, as it did in every archive. */
export function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function metrics(likes: number, reposts: number, replies: number): ApiPost['public_metrics'] {
  return {
    retweet_count: reposts,
    reply_count: replies,
    like_count: likes,
    quote_count: 0,
    bookmark_count: 0,
    impression_count: likes * 37 + reposts * 120 + 15,
  };
}

export function byUsername(users: Iterable<ApiUser>): Map<string, ApiUser> {
  return new Map([...users].map((u) => [u.username.toLowerCase(), u]));
}

/** Whether a post mentions the user (X's mentions timeline). */
export function mentionsUser(post: ApiPost, user: ApiUser): boolean {
  const entities = post.note_tweet?.entities ?? post.entities;
  return (entities?.mentions ?? []).some((m) => m.username.toLowerCase() === user.username.toLowerCase());
}
