import type { Rng } from './random.ts';

/**
 * Platform ids in each platform's style, unique per platform by construction: every id carries
 * a per-platform counter (in the low bits of a snowflake, or as a fixed-width tail), so no set
 * of issued ids has to be kept in memory.
 */
export const PLATFORMS = ['mastodon', 'bluesky', 'x', 'facebook', 'instagram'] as const;
export type Platform = (typeof PLATFORMS)[number];

const TWITTER_EPOCH = 1288834974657n;
/** atproto's base32-sortable alphabet (TIDs) and the did:plc alphabet. */
const TID_ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';
const DID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The counter `n` as `width` digits that look random: n × an odd multiplier not divisible by 5,
 * modulo 10^width, is a bijection on [0, 10^width), so different counters stay different.
 */
function pad(n: number, width: number): string {
  const modulus = 10 ** width;
  const a = n % modulus;
  // (a × M + c) mod 10^width in two steps, so that no product passes 2^53.
  const high = Math.floor(a / 100_000);
  const low = a % 100_000;
  const mixed = (((high * MULTIPLIER) % modulus) * 100_000 + low * MULTIPLIER + 104_729) % modulus;
  return String(mixed).padStart(width, '0');
}

const MULTIPLIER = 738_560_489;

/**
 * A snowflake: milliseconds in the high bits, a sequence in the low `bits`. The counter is split
 * over the millisecond (within the same second) and the sequence, so ids stay unique and still
 * sort by second.
 */
function snowflake(utc: number, counter: number, bits: bigint, epoch: bigint): string {
  const ms = BigInt(Math.floor(utc / 1000) * 1000 + (counter % 1000));
  const sequence = BigInt(Math.floor(counter / 1000)) & ((1n << bits) - 1n);
  return (((ms - epoch) << bits) | sequence).toString();
}

/** An atproto TID: microseconds since the epoch and a 10-bit clock id, base32-sortable. */
function tid(utc: number, counter: number): string {
  const micros = BigInt(Math.floor(utc / 1000) * 1_000_000 + (counter % 1_000_000));
  let value = (micros << 10n) | BigInt(Math.floor(counter / 1_000_000) % 1024);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = TID_ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/** The counter as `width` base-32 characters that look random (an odd multiplier mod 32^width). */
function base32(n: number, width: number): string {
  let rest = ((n % 2 ** 24) * 268_435_399 + 7_919) % 32 ** width;
  let out = '';
  for (let i = 0; i < width; i++) {
    out = DID_ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

export interface IssuedId {
  id: string;
  url: string | null;
}

/** Who posts, as far as ids and links need it. */
export interface Poster {
  id: string;
  handle: string | null;
  /** Mastodon: the server the account lives on. */
  instance: string | null;
}

export class IdFactory {
  private readonly users = new Map<Platform, number>();
  private readonly messages = new Map<Platform, number>();

  /** The random source for the random parts of ids; the generator switches it after set-up. */
  constructor(public rng: Rng) {}

  private nextUser(platform: Platform): number {
    const n = this.users.get(platform) ?? 0;
    this.users.set(platform, n + 1);
    return n;
  }

  private nextMessage(platform: Platform): number {
    const n = this.messages.get(platform) ?? 0;
    this.messages.set(platform, n + 1);
    return n;
  }

  /** A user id; `createdAt` (UTC ms) is when the account was made, for snowflake-style ids. */
  userId(platform: Platform, organisation: boolean, createdAt: number): string {
    const n = this.nextUser(platform);
    const rng = this.rng;
    switch (platform) {
      case 'mastodon':
        return snowflake(createdAt, n, 16n, 0n);
      case 'bluesky':
        return `did:plc:${rng.chars(DID_ALPHABET, 17)}${base32(n, 7)}`;
      case 'x':
        // Government accounts are old (2009–2012): short sequential ids; people get snowflakes.
        return organisation ? `${rng.digits(3)}${pad(n, 6)}` : snowflake(createdAt, n, 22n, TWITTER_EPOCH);
      case 'facebook':
        return organisation ? `100${rng.digits(4)}${pad(n, 8)}` : `10${rng.digits(6)}${pad(n, 8)}`;
      case 'instagram':
        return organisation ? `17841${rng.digits(4)}${pad(n, 8)}` : `${rng.digits(3)}${pad(n, 8)}`;
    }
  }

  /** A public post or reply on X, Mastodon or Bluesky, or a top-level Facebook/Instagram post. */
  post(platform: Platform, author: Poster, utc: number, repost = false): IssuedId {
    const n = this.nextMessage(platform);
    const rng = this.rng;
    switch (platform) {
      case 'x': {
        const id = snowflake(utc, n, 22n, TWITTER_EPOCH);
        return { id, url: `https://x.com/${author.handle}/status/${id}` };
      }
      case 'mastodon': {
        const id = snowflake(utc, n, 16n, 0n);
        return { id, url: repost ? null : `https://${author.instance}/@${author.handle}/${id}` };
      }
      case 'bluesky': {
        const key = tid(utc, n);
        const collection = repost ? 'app.bsky.feed.repost' : 'app.bsky.feed.post';
        return {
          id: `at://${author.id}/${collection}/${key}`,
          url: repost ? null : `https://bsky.app/profile/${author.handle}/post/${key}`,
        };
      }
      case 'facebook': {
        const num = `10${rng.digits(6)}${pad(n, 9)}`;
        return { id: `${author.id}_${num}`, url: `https://www.facebook.com/${author.id}/posts/${num}` };
      }
      case 'instagram':
        return {
          id: `18${rng.digits(6)}${pad(n, 9)}`,
          url: `https://www.instagram.com/p/${rng.chars(URL_SAFE, 11)}/`,
        };
    }
  }

  /** A comment (or a reply to one) under a Facebook or Instagram post. */
  comment(platform: Platform, rootPostId: string, pageId: string, utc: number): IssuedId {
    if (platform !== 'facebook' && platform !== 'instagram')
      return this.post(platform, { id: pageId, handle: null, instance: null }, utc);
    const n = this.nextMessage(platform);
    if (platform === 'instagram') return { id: `17${this.rng.digits(6)}${pad(n, 9)}`, url: null };
    const postNum = rootPostId.slice(rootPostId.indexOf('_') + 1);
    const num = `10${this.rng.digits(6)}${pad(n, 9)}`;
    return {
      id: `${postNum}_${num}`,
      url: `https://www.facebook.com/${pageId}/posts/${postNum}?comment_id=${num}`,
    };
  }

  /** A direct message. */
  direct(platform: Platform, utc: number): IssuedId {
    const n = this.nextMessage(platform);
    switch (platform) {
      case 'x':
        return { id: snowflake(utc, n, 22n, TWITTER_EPOCH), url: null };
      case 'mastodon':
        return { id: snowflake(utc, n, 16n, 0n), url: null };
      case 'bluesky':
        return { id: tid(utc, n), url: null };
      case 'facebook':
        return { id: `m_${this.rng.chars(URL_SAFE, 16)}${n.toString(36)}`, url: null };
      case 'instagram':
        return { id: `aWdfZAG${this.rng.chars(URL_SAFE, 16)}${n.toString(36)}`, url: null };
    }
  }
}
