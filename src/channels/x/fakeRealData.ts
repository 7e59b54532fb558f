import { readFileSync } from 'node:fs';
import { csvRecordsOfText } from '../../importers/csvRecords.ts';
import { parseTwitterDate } from '../../importers/twitterDate.ts';
import { formatsFile } from '../fakeServer.ts';
import {
  type ApiEntities,
  type ApiPost,
  type ApiUser,
  byUsername,
  type FakeWorld,
  metrics,
  withEntities,
} from './fakeWorld.ts';

/**
 * Real posts in API v2 shapes, read at run time from `../shared/data` (never copied into the
 * project: they are real people's posts):
 *
 * - `archiveWorld()`: the X archive in `formats/twitter-archive` (@andreruffert, 1,986 posts). An
 *   archive post becomes the post object API v2 returns for it: the same id, text (escaped as X
 *   escapes it), entities (`user_mentions` → `mentions[].username`, `hashtags[].text` → `tag`,
 *   media as the `urls` entry v2 gives them), counts, language; `referenced_tweets` from the reply
 *   fields, `RT @` and links to a post. An archive does not keep the id of the post a retweet
 *   repeats: the fake makes one up (the retweet's id minus one), so `repostOf` is not real there.
 * - `twcsWorld()`: the customer-service conversations of `twcs-sample` around the brand with the
 *   most answers: its answers are its timeline, the customers' posts naming it its mentions. twcs
 *   ids are small numbers and its customers anonymised numbers (which also serve as usernames).
 */
interface ArchiveTweet {
  id_str: string;
  full_text: string;
  created_at: string;
  lang?: string;
  in_reply_to_status_id_str?: string;
  in_reply_to_user_id_str?: string;
  retweet_count?: string;
  favorite_count?: string;
  edit_info?: { initial?: { editTweetIds?: string[] } };
  entities?: {
    user_mentions?: { screen_name: string; id_str: string; indices: string[] }[];
    hashtags?: { text: string; indices: string[] }[];
    urls?: { url: string; expanded_url: string; display_url: string; indices: string[] }[];
    media?: { url: string; expanded_url: string; display_url: string; indices: string[]; id_str: string }[];
  };
}

const STATUS_URL = /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/[A-Za-z0-9_]+\/status(?:es)?\/(\d+)/;

function ytd<T>(path: string): T[] {
  const text = readFileSync(path, 'utf8');
  return JSON.parse(text.slice(text.indexOf('=') + 1)) as T[];
}

const span = (indices: string[]) => ({ start: Number(indices[0]), end: Number(indices[1]) });

function archiveEntities(tweet: ArchiveTweet): ApiEntities {
  const e = tweet.entities ?? {};
  const entities: ApiEntities = {};
  const mentions = (e.user_mentions ?? []).map((m) => ({
    ...span(m.indices),
    username: m.screen_name,
    id: m.id_str,
  }));
  if (mentions.length > 0) entities.mentions = mentions;
  const hashtags = (e.hashtags ?? []).map((h) => ({ ...span(h.indices), tag: h.text }));
  if (hashtags.length > 0) entities.hashtags = hashtags;
  const urls = [
    ...(e.urls ?? []).map((u) => ({
      ...span(u.indices),
      url: u.url,
      expanded_url: u.expanded_url,
      display_url: u.display_url,
    })),
    ...(e.media ?? []).map((m) => ({
      ...span(m.indices),
      url: m.url,
      expanded_url: m.expanded_url,
      display_url: m.display_url,
      media_key: `3_${m.id_str}`,
    })),
  ];
  if (urls.length > 0) entities.urls = urls;
  return entities;
}

function archiveReferences(tweet: ArchiveTweet): NonNullable<ApiPost['referenced_tweets']> {
  if (tweet.full_text.startsWith('RT @'))
    return [{ type: 'retweeted', id: (BigInt(tweet.id_str) - 1n).toString() }];
  const refs: NonNullable<ApiPost['referenced_tweets']> = [];
  if (tweet.in_reply_to_status_id_str) refs.push({ type: 'replied_to', id: tweet.in_reply_to_status_id_str });
  const quoted = (tweet.entities?.urls ?? [])
    .map((u) => STATUS_URL.exec(u.expanded_url)?.[1])
    .find((q) => q !== undefined && q !== tweet.id_str);
  if (quoted) refs.push({ type: 'quoted', id: quoted });
  return refs;
}

/** The archive's owner, from `tweet-headers.js` (the archive holds no account.js). */
export const ARCHIVE_OWNER = { id: '112769581', username: 'andreruffert', name: 'André Ruffert' };

export function archiveWorld(): FakeWorld {
  const tweets = ytd<{ tweet: ArchiveTweet }>(formatsFile('twitter-archive', 'data', 'tweets.js')).map(
    (t) => t.tweet,
  );
  const headers = ytd<{ tweet: { user_id: string } }>(
    formatsFile('twitter-archive', 'data', 'tweet-headers.js'),
  );
  const ownerId = headers[0]?.tweet.user_id ?? ARCHIVE_OWNER.id;
  const parents = new Map(tweets.map((t) => [t.id_str, t.in_reply_to_status_id_str]));
  const root = (id: string): string => {
    let current = id;
    for (let hops = 0; hops < 1000; hops++) {
      const parent = parents.get(current);
      if (!parent) return current;
      current = parent;
    }
    return current;
  };
  const posts = tweets.map((t): ApiPost => {
    const refs = archiveReferences(t);
    const created = parseTwitterDate(t.created_at) ?? new Date(0);
    return {
      id: t.id_str,
      text: t.full_text,
      created_at: created.toISOString(),
      author_id: ownerId,
      conversation_id: root(t.id_str),
      ...(t.in_reply_to_user_id_str ? { in_reply_to_user_id: t.in_reply_to_user_id_str } : {}),
      ...(refs.length > 0 ? { referenced_tweets: refs } : {}),
      entities: archiveEntities(t),
      public_metrics: metrics(Number(t.favorite_count ?? 0), Number(t.retweet_count ?? 0), 0),
      lang: t.lang ?? 'und',
      edit_history_tweet_ids: t.edit_info?.initial?.editTweetIds ?? [t.id_str],
    };
  });
  const account = { ...ARCHIVE_OWNER, id: ownerId, followers: 1234, following: 321 };
  return { account, users: new Map([[ownerId, account]]), posts };
}

interface TwcsRow {
  id: string;
  author: string;
  inbound: boolean;
  created: Date;
  text: string;
  parent: string | null;
}

function twcsRows(): TwcsRow[] {
  const path = formatsFile('..', 'twcs-sample', 'twcs_sample.csv');
  const rows: TwcsRow[] = [];
  let header = true;
  for (const record of csvRecordsOfText(readFileSync(path, 'utf8'))) {
    if (!record.ok) continue;
    if (header) {
      header = false;
      continue;
    }
    const [id, author, inbound, created, text, , parent] = record.fields as string[];
    const date = parseTwitterDate(created ?? '');
    if (!id || !author || !date || text === undefined) continue;
    rows.push({ id, author, inbound: inbound === 'True', created: date, text, parent: parent || null });
  }
  return rows;
}

/** The user id the fake gives a brand (twcs names brands by their handle only). */
export const TWCS_BRAND_ID = '4000000001';

export function twcsWorld(): FakeWorld {
  const rows = twcsRows();
  const answers = new Map<string, number>();
  for (const r of rows) if (!r.inbound) answers.set(r.author, (answers.get(r.author) ?? 0) + 1);
  const brand =
    [...answers].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'AppleSupport';
  const users = new Map<string, ApiUser>();
  const brandIds = new Map([[brand, TWCS_BRAND_ID]]);
  const userOf = (author: string): ApiUser => {
    // Customers have anonymised numbers, brands only their handle: X needs a number for them.
    const id = /^\d+$/.test(author)
      ? author
      : (brandIds.get(author) ?? brandIds.set(author, String(4_000_000_001 + brandIds.size)).get(author));
    let user = users.get(id as string);
    if (!user) {
      user = {
        id: id as string,
        username: author,
        name: /^\d+$/.test(author) ? `Customer ${author}` : author,
      };
      users.set(user.id, user);
    }
    return user;
  };
  const account = { ...userOf(brand), followers: 820_000, following: 12 };
  const authorOfRow = new Map(rows.map((r) => [r.id, userOf(r.author)]));
  const names = byUsername(users.values());
  const byId = new Map(rows.map((r) => [r.id, r]));
  const root = (r: TwcsRow): string => {
    let current = r;
    for (let hops = 0; hops < 1000 && current.parent && byId.has(current.parent); hops++) {
      current = byId.get(current.parent) as TwcsRow;
    }
    return current.parent ?? current.id;
  };
  const posts = rows.map((r, i): ApiPost => {
    // twcs keeps the text as Twitter sent it: links already wrapped as t.co, `&amp;` escaped.
    const { entities } = withEntities(r.text, names, i, { wrapLinks: false });
    const parentAuthor = r.parent ? authorOfRow.get(r.parent) : undefined;
    return {
      id: r.id,
      text: r.text,
      created_at: r.created.toISOString(),
      author_id: userOf(r.author).id,
      conversation_id: root(r),
      ...(r.parent ? { referenced_tweets: [{ type: 'replied_to' as const, id: r.parent }] } : {}),
      ...(parentAuthor ? { in_reply_to_user_id: parentAuthor.id } : {}),
      ...(Object.keys(entities).length > 0 ? { entities } : {}),
      public_metrics: metrics(i % 4, 0, 0),
      lang: 'en',
      edit_history_tweet_ids: [r.id],
    };
  });
  return { account, users, posts };
}
