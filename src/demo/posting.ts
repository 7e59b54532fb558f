import type { OrganisationKind } from '../domain/organisation.ts';
import { type DemoAccount, type PostRef, recentPost, remember } from './accounts.ts';
import { DAY, type DayInfo, MINUTE } from './calendar.ts';
import type { Platform } from './ids.ts';
import type { Draft } from './messages.ts';
import { NEWS_TEXTS, POST_TOPICS, type PostTopic } from './posts.ts';
import { pickWeighted, type Rng, Weighted } from './random.ts';
import { fill } from './slots.ts';
import type { Tone } from './subject.ts';
import { subjectTable } from './subjects.ts';
import { citizenText, reactionText } from './texts.ts';
import { citizenTime, postTime, reactionTime } from './timing.ts';
import {
  accountAuthor,
  citizenAuthor,
  emit,
  mentionOf,
  rememberOnPlatform,
  slotContext,
  type World,
} from './world.ts';

/**
 * What accounts publish on their own: the organisations' posts (with self-reply threads,
 * reposts and quote posts), the news sites' articles, and citizens talking about their town
 * without addressing anyone (what listening picks up).
 */
const topicTables = new Map<string, Weighted<PostTopic>>();

function topicTable(kind: OrganisationKind, month: number): Weighted<PostTopic> {
  const key = `${kind}|${month}`;
  let table = topicTables.get(key);
  if (table === undefined) {
    table = new Weighted(
      POST_TOPICS.filter(
        (t) => t.kinds.includes(kind) && (t.months === undefined || t.months.includes(month)),
      ).map((t) => [t, t.weight] as const),
    );
    topicTables.set(key, table);
  }
  return table;
}

const QUOTE_TEXTS = [
  'Goed om te weten!',
  'Let op! 👇',
  'Lees even mee:',
  'Belangrijk voor inwoners van {plaats}:',
  'Mooi initiatief van onze buren.',
  'Zie hieronder.',
  'Ook in {plaats} geldt dit.',
];

/** Counts as the platform reports them for a post of `account`; Instagram has no reposts. */
function postCounts(account: DemoAccount, rng: Rng): Draft['counts'] {
  const likes = Math.round(account.followers * 0.003 * rng.lognormal(1, 0.9));
  return {
    reposts: account.platform === 'instagram' ? null : Math.round(likes * 0.15 * rng.lognormal(1, 0.6)),
    likes,
    replies: Math.round(likes * 0.06 * rng.lognormal(1, 0.8)),
  };
}

/** Cuts text to at most `max` units without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

function withHashtags(
  world: World,
  account: DemoAccount,
  ctx: ReturnType<typeof slotContext>,
  text: string,
  topic: PostTopic,
): string {
  const rng = world.rng;
  if (account.platform === 'instagram') {
    const tags = new Set([
      fill(ctx, rng.pick(topic.hashtags)),
      fill(ctx, '{tag}'),
      `#${account.handle.replace(/[^a-z0-9_]/gi, '')}`,
    ]);
    return `${text}\n\n${[...tags].filter((t) => t.length > 1 && !text.includes(t)).join(' ')}`;
  }
  if (account.platform === 'facebook' && rng.chance(0.3))
    return `${text}\n\nLees meer: ${fill(ctx, '{url}')}`;
  if (rng.chance(0.35)) {
    const tag = fill(ctx, rng.pick(topic.hashtags));
    if (tag.length > 1 && !text.includes(tag) && text.length + tag.length < 270) return `${text} ${tag}`;
  }
  return text;
}

function postRef(id: string, time: number, text: string, account: DemoAccount): PostRef {
  return { id, time, text, account };
}

/** A repost of something recent on the same platform by another account; false when none. */
function repost(world: World, account: DemoAccount, time: number): boolean {
  if (account.platform === 'instagram') return false;
  const candidates = (world.platformRecent.get(account.platform) ?? []).filter(
    (p) => p.account !== account && p.time < time,
  );
  if (candidates.length === 0) return false;
  const source = world.rng.pick(candidates);
  const text = account.platform === 'x' ? `RT @${source.account.handle}: ${cut(source.text, 120)}` : '';
  emit(world, {
    platform: account.platform,
    issued: world.ids.post(account.platform, account, time, true),
    author: accountAuthor(account),
    createdAt: time,
    text,
    kind: 'repost',
    repostOf: source.id,
    mentions: [],
  });
  return true;
}

/** One post by an organisation on `day`; maybe a thread, a repost or a quote. Returns messages made. */
export function organisationPost(world: World, account: DemoAccount, day: DayInfo): number {
  const before = world.stats.total;
  publish(world, account, day);
  const made = world.stats.total - before;
  world.stats.organisationContent += made;
  return made;
}

function publish(world: World, account: DemoAccount, day: DayInfo): void {
  const { rng, calendar } = world;
  const organisation = account.organisation;
  const meeting = world.meetingToday.has(organisation.code);
  const ctx = slotContext(world, account, day, null);
  const r = rng.next();
  if (r < 0.1 && repost(world, account, postTime(calendar, day, rng, false))) return;
  const platform = account.platform;
  if (r < 0.15 && (platform === 'x' || platform === 'mastodon' || platform === 'bluesky')) {
    const time = postTime(calendar, day, rng, false);
    const source = (world.platformRecent.get(platform) ?? []).filter((p) => p.time < time && p.text !== '');
    if (source.length > 0) {
      const quoted = rng.pick(source);
      const text = fill(ctx, rng.pick(QUOTE_TEXTS));
      const message = emit(world, {
        platform,
        issued: world.ids.post(platform, account, time),
        author: accountAuthor(account),
        createdAt: time,
        text,
        kind: 'quote',
        quoteOf: quoted.id,
        counts: postCounts(account, rng),
      });
      remember(account, postRef(message.platformId, time, text, account));
      return;
    }
  }
  const council = organisation.kind === 'gemeente' && meeting && rng.chance(0.7);
  const topic = council
    ? (POST_TOPICS.find((t) => t.key === 'raad') as PostTopic)
    : topicTable(organisation.kind, day.month).pick(rng);
  const time = postTime(calendar, day, rng, topic.evening === true);
  const text = withHashtags(world, account, ctx, fill(ctx, rng.pick(topic.texts)), topic);
  const post = emit(world, {
    platform,
    issued: world.ids.post(platform, account, time),
    author: accountAuthor(account),
    createdAt: time,
    text,
    kind: 'post',
    counts: postCounts(account, rng),
  });
  const ref = postRef(post.platformId, time, text, account);
  remember(account, ref);
  rememberOnPlatform(world, ref);
  // A thread: the organisation replies to its own post with updates.
  const parts = council ? rng.int(1, 4) : rng.chance(0.07) ? rng.int(1, 2) : 0;
  let previous = { id: post.platformId, time };
  for (let i = 0; i < parts; i++) {
    const at = previous.time + (council ? rng.int(15, 50) : rng.int(2, 90)) * MINUTE;
    if (at >= calendar.end) break;
    const update = emit(world, {
      platform,
      issued:
        platform === 'facebook' || platform === 'instagram'
          ? world.ids.comment(platform, post.platformId, account.id, at)
          : world.ids.post(platform, account, at),
      author: accountAuthor(account),
      createdAt: at,
      // Council threads follow the meeting; other threads add any update.
      text: fill(ctx, council ? (topic.thread[i] as string) : rng.pick(topic.thread)),
      kind: 'reply',
      inReplyTo: { id: previous.id, authorId: account.id },
      counts: postCounts(account, rng),
    });
    previous = { id: update.platformId, time: at };
  }
}

/** An article link posted by a news site. */
export function newsPost(world: World, account: DemoAccount, day: DayInfo): void {
  const { rng, calendar } = world;
  const ctx = slotContext(world, account, day, null);
  const time = calendar.toUtc(day.localDay, rng.int(6 * 60, 23 * 60), rng.int(0, 59));
  const slug = rng.faker.lorem.slug(rng.int(3, 6));
  const text = `${fill(ctx, rng.pick(NEWS_TEXTS))} https://www.${account.handle.toLowerCase().replace(/[^a-z0-9]/g, '')}.nl/nieuws/${slug}`;
  const post = emit(world, {
    platform: account.platform,
    issued: world.ids.post(account.platform, account, time),
    author: accountAuthor(account),
    createdAt: time,
    text,
    kind: 'post',
    counts: postCounts(account, rng),
  });
  const ref = postRef(post.platformId, time, text, account);
  remember(account, ref);
  rememberOnPlatform(world, ref);
}

const TONES: readonly (readonly [Tone, number])[] = [
  ['neutral', 0.45],
  ['angry', 0.4],
  ['thankful', 0.15],
];

/**
 * A citizen talking about the town without addressing the organisation: a post with the town's
 * hashtag (or the council's, on meeting days), or a reaction under a news article that now and
 * then tags the gemeente.
 */
export function listeningMessage(
  world: World,
  account: DemoAccount,
  news: DemoAccount | null,
  day: DayInfo,
  tag: string | null,
): void {
  const { rng, calendar } = world;
  const platform: Platform = account.platform;
  const citizen = world.citizens.pick(platform);
  const ctx = slotContext(world, account, day, citizen);
  const tone = pickWeighted(rng, TONES);
  let time = citizenTime(calendar, day, rng);
  const article = news === null ? null : recentPost(news, rng, time, 3 * DAY);
  if (article !== null && news !== null) {
    time = reactionTime(article.time, rng);
    if (time >= calendar.end) return;
    const tagOrg = rng.chance(0.1) ? mentionOf(platform, account.handle, account.instance) : null;
    const body = reactionText(ctx, tone);
    emit(world, {
      platform,
      issued: world.ids.post(platform, citizen, time),
      author: citizenAuthor(citizen),
      createdAt: time,
      text: tagOrg === null ? body : `${tagOrg} ${body}`,
      kind: 'reply',
      inReplyTo: { id: article.id, authorId: news.id },
      mentions: tagOrg === null ? [] : [account.handle],
    });
    return;
  }
  const meetingTag = world.meetingToday.has(account.organisation.code)
    ? account.organisation.meetingTag
    : null;
  const subject = subjectTable(account.organisation.kind, day.month, tag).pick(rng);
  const body = citizenText(ctx, subject, tone, 240);
  const hashtag = meetingTag ?? fill(ctx, '{tag}');
  emit(world, {
    platform,
    issued: world.ids.post(platform, citizen, time),
    author: citizenAuthor(citizen),
    createdAt: time,
    text: `${body} ${hashtag}`,
    kind: 'post',
  });
}
