import type { MessageKind } from '../domain/message.ts';
import { type DemoAccount, type PostRef, recentPost } from './accounts.ts';
import { DAY, type DayInfo, SECOND } from './calendar.ts';
import type { Citizen } from './citizens.ts';
import { HOSTILE_KINDS, type HostileKind, hostileText } from './hostile.ts';
import type { IssuedId, Platform } from './ids.ts';
import { pickWeighted } from './random.ts';
import type { SlotContext } from './slots.ts';
import type { Subject, Tone } from './subject.ts';
import { subjectTable } from './subjects.ts';
import {
  type AnswerKind,
  answerText,
  citizenText,
  englishQuestion,
  type FollowUp,
  followUpText,
  reactionText,
} from './texts.ts';
import { answerTime, citizenTime, followUpTime, reactionTime } from './timing.ts';
import {
  accountAuthor,
  citizenAuthor,
  emit,
  mentionOf,
  slotContext,
  TEXT_LIMITS,
  type World,
} from './world.ts';

/**
 * A citizen's conversation with an organisation's account: the first message (a mention, a
 * reply to a post, a direct message or a comment), then the webcare team's answers and the
 * citizen's follow-ups, turn by turn, until someone stops.
 */
type Channel = 'mention' | 'reply' | 'dm' | 'comment' | 'unknown' | 'ghost';

// biome-ignore format: one platform a line
const CHANNELS: Record<Platform, readonly (readonly [Channel, number])[]> = {
  x: [['mention', 0.55], ['reply', 0.33], ['dm', 0.12], ['unknown', 0.012], ['ghost', 0.008]],
  mastodon: [['mention', 0.6], ['reply', 0.32], ['dm', 0.08], ['unknown', 0.012], ['ghost', 0.008]],
  bluesky: [['mention', 0.6], ['reply', 0.36], ['dm', 0.04], ['unknown', 0.012], ['ghost', 0.008]],
  facebook: [['comment', 0.72], ['dm', 0.28], ['unknown', 0.012]],
  instagram: [['comment', 0.82], ['dm', 0.18], ['unknown', 0.012]],
};

const TONES: readonly (readonly [Tone, number])[] = [
  ['neutral', 0.55],
  ['angry', 0.3],
  ['thankful', 0.15],
];

/** Share of answers dated before the message they answer: a data error the metrics must catch. */
export const ANOMALY_SHARE = 0.002;

/** A message said in the conversation. */
interface Said {
  id: string;
  time: number;
  authorId: string;
}

interface Talk {
  world: World;
  account: DemoAccount;
  citizen: Citizen;
  ctx: SlotContext;
  subject: Subject;
  tone: Tone;
  /** Where the conversation happens now: in public, in a direct message, or under a post. */
  place: 'public' | 'dm' | 'comment';
  /** The post that comments hang under (Facebook, Instagram). */
  root: string | null;
  language: string;
}

/** The first eight hostile texts come early, one of each kind; then one in 180 first messages. */
function hostileKind(n: number): HostileKind | null {
  if (n < 8 * 40) return n % 40 === 7 ? (HOSTILE_KINDS[(n - 7) / 40] as HostileKind) : null;
  return n % 180 === 7 ? (HOSTILE_KINDS[Math.floor(n / 180) % HOSTILE_KINDS.length] as HostileKind) : null;
}

function isCommentPlatform(platform: Platform): boolean {
  return platform === 'facebook' || platform === 'instagram';
}

/** Issues an id for a message in the talk's current place. */
function issue(
  talk: Talk,
  author: { id: string; handle: string | null; instance: string | null },
  at: number,
): IssuedId {
  const { world, account } = talk;
  if (talk.place === 'dm') return world.ids.direct(account.platform, at);
  if (talk.root !== null) return world.ids.comment(account.platform, talk.root, account.id, at);
  return world.ids.post(account.platform, author, at);
}

/** The citizen says `body`, mentioning the organisation where that makes the message reach it. */
function citizenSays(
  talk: Talk,
  body: string,
  at: number,
  inReplyTo: Said | null,
  options: { mentionOrg?: boolean; mentionAtEnd?: boolean; extraMention?: Citizen } = {},
): Said {
  const { world, account, citizen } = talk;
  const platform = account.platform;
  const mentions: string[] = [];
  let prefix = '';
  if (options.extraMention !== undefined) {
    const other = mentionOf(platform, options.extraMention.handle, options.extraMention.instance);
    if (other !== null && options.extraMention.handle !== null) {
      prefix = `${other} `;
      mentions.push(options.extraMention.handle);
    }
  }
  // By default: in public on X and Mastodon (replies carry the @), in a Mastodon DM (a status
  // that mentions its recipient); Bluesky replies and Facebook/Instagram comments carry none.
  const mentionOrg =
    options.mentionOrg ??
    ((talk.place === 'public' && platform !== 'bluesky') || (talk.place === 'dm' && platform === 'mastodon'));
  const shortForm = platform === 'mastodon' && world.rng.chance(0.4);
  const orgMention = mentionOrg
    ? mentionOf(platform, account.handle, shortForm ? null : account.instance)
    : null;
  let text = `${prefix}${body}`;
  if (orgMention !== null) {
    mentions.push(account.handle);
    text = options.mentionAtEnd ? `${prefix}${body} ${orgMention}` : `${prefix}${orgMention} ${body}`;
  }
  const kind: MessageKind =
    talk.place === 'dm' ? 'dm' : talk.place === 'comment' ? 'comment' : inReplyTo ? 'reply' : 'post';
  const message = emit(world, {
    platform,
    issued: issue(talk, citizen, at),
    author: citizenAuthor(citizen),
    createdAt: at,
    text,
    language: talk.language,
    kind,
    inReplyTo: inReplyTo === null ? null : { id: inReplyTo.id, authorId: inReplyTo.authorId },
    recipientId: talk.place === 'public' ? null : account.id,
    mentions,
  });
  return { id: message.platformId, time: at, authorId: citizen.id };
}

/** The organisation answers `to`, mentioning the citizen where the platform does that. */
function organisationSays(talk: Talk, body: string, at: number, to: Said): Said {
  const { world, account, citizen } = talk;
  const platform = account.platform;
  const rng = world.rng;
  const mention = talk.place === 'comment' ? null : mentionOf(platform, citizen.handle, citizen.instance);
  const useMention = mention !== null && (talk.place === 'public' || platform === 'mastodon');
  const dm = talk.place === 'dm';
  const message = emit(world, {
    platform,
    issued: issue(talk, account, at),
    author: accountAuthor(account),
    createdAt: at,
    text: useMention ? `${mention} ${body}` : body,
    language: talk.language,
    kind: dm ? 'dm' : 'reply',
    inReplyTo: { id: to.id, authorId: to.authorId },
    recipientId: dm ? citizen.id : null,
    mentions: useMention && citizen.handle !== null ? [citizen.handle] : [],
    counts: dm
      ? null
      : {
          reposts: platform === 'instagram' ? null : rng.chance(0.05) ? 1 : 0,
          likes: rng.int(0, 3),
          replies: 0,
        },
  });
  return { id: message.platformId, time: at, authorId: account.id };
}

function signature(talk: Talk, agent: string): string {
  return `${talk.account.webcare.mark}${agent}`;
}

/** Webcare answers `first`, and the conversation goes on while both sides have something to say. */
function converse(talk: Talk, first: Said, startKind: AnswerKind): void {
  const { world, account } = talk;
  const { rng, calendar } = world;
  const webcare = account.webcare;
  const limit = TEXT_LIMITS[account.platform] - 40;
  let agent = rng.pick(webcare.agents);
  let last = first;
  let kind = startKind;
  for (let turn = 0; turn < 5; turn++) {
    let at = answerTime(calendar, webcare, last.time, rng);
    if (rng.chance(ANOMALY_SHARE)) at = Math.max(calendar.start, last.time - rng.int(60, 3 * 3600) * SECOND);
    if (at >= calendar.end) return;
    if (rng.chance(0.2)) agent = rng.pick(webcare.agents);
    const answer = organisationSays(
      talk,
      answerText(talk.ctx, talk.subject, kind, talk.tone, signature(talk, agent), limit, talk.place === 'dm'),
      at,
      last,
    );
    let next: FollowUp | null = null;
    let nextKind: AnswerKind = 'answer';
    let answerChance = 0.85;
    const r = rng.next();
    if (kind === 'ask') {
      // Waiting for the citizen: a good share never comes back.
      if (r < 0.6)
        [next, nextKind, answerChance] = ['info', talk.subject.caseLikely > 0 ? 'case' : 'answer', 0.92];
    } else if (kind === 'answer' || kind === 'case') {
      if (r < 0.12) [next, nextKind, answerChance] = ['thanks', 'welcome', 0.35];
      else if (r < 0.22) [next, nextKind, answerChance] = ['notFixed', 'again', 0.8];
      else if (kind === 'case' && r < 0.26) [next, nextKind, answerChance] = ['noNumber', 'again', 0.8];
    } else if (kind === 'again' && r < 0.15) [next, nextKind, answerChance] = ['thanks', 'welcome', 0.3];
    if (next === null) return;
    const followAt = followUpTime(Math.max(at, last.time), rng);
    if (followAt >= calendar.end) return;
    let replyTo: Said | null = answer;
    if (next === 'info' && talk.place === 'public' && rng.chance(0.45)) {
      // "Stuur ons een DM": the conversation moves to a direct message.
      talk.place = 'dm';
      replyTo = null;
    }
    last = citizenSays(
      talk,
      followUpText(talk.ctx, talk.subject, next, talk.place === 'dm'),
      followAt,
      replyTo,
    );
    if (!rng.chance(answerChance)) return;
    kind = nextKind;
  }
}

/** The organisation answers a message that is not in the data (deleted, or never fetched). */
function answerGhost(talk: Talk, day: DayInfo): void {
  const { world, account, citizen } = talk;
  const sent = citizenTime(world.calendar, day, world.rng);
  const ghost = world.ids.post(account.platform, citizen, sent);
  const at = answerTime(world.calendar, account.webcare, sent, world.rng);
  if (at >= world.calendar.end) return;
  const body = answerText(
    talk.ctx,
    talk.subject,
    'answer',
    talk.tone,
    signature(talk, world.rng.pick(account.webcare.agents)),
    240,
  );
  organisationSays(talk, body, at, { id: ghost.id, time: sent, authorId: citizen.id });
}

/** Whether the first message names the organisation with an @. */
function firstMentions(channel: Channel, platform: Platform): boolean {
  switch (channel) {
    case 'mention':
    case 'unknown':
      return !isCommentPlatform(platform);
    case 'reply':
      return platform !== 'bluesky';
    case 'dm':
      return platform === 'mastodon';
    default:
      return false;
  }
}

function startKind(talk: Talk, english: boolean, reaction: boolean): AnswerKind {
  if (english) return 'english';
  if (reaction) return 'reaction';
  if (talk.tone === 'thankful') return 'praise';
  const caseLikely = talk.subject.caseLikely;
  return pickWeighted(talk.world.rng, [
    ['answer', 1 - caseLikely],
    ['case', caseLikely],
    ['ask', 0.35],
  ]);
}

/** One conversation of a citizen with `account`, starting on `day`. */
export function citizenConversation(
  world: World,
  account: DemoAccount,
  day: DayInfo,
  tag: string | null,
): void {
  const { rng, calendar } = world;
  const platform = account.platform;
  const citizen = world.citizens.pick(platform);
  const ctx = slotContext(world, account, day, citizen);
  const subject = subjectTable(account.organisation.kind, day.month, tag).pick(rng);
  ctx.values.set('afdeling', subject.department);
  const tone = pickWeighted(rng, TONES);
  const talk: Talk = {
    world,
    account,
    citizen,
    ctx,
    subject,
    tone,
    place: 'public',
    root: null,
    language: 'nl',
  };
  let channel = pickWeighted(rng, CHANNELS[platform]);
  if (channel === 'ghost') {
    answerGhost(talk, day);
    return;
  }
  let time = citizenTime(calendar, day, rng);
  let parent: PostRef | null = null;
  if (channel === 'reply' || channel === 'comment') {
    parent = recentPost(account, rng, time, 21 * DAY);
    if (parent === null) channel = isCommentPlatform(platform) ? 'dm' : 'mention';
    else if (rng.chance(0.6)) time = Math.min(time, reactionTime(parent.time, rng));
  }
  const english = account.organisation.size === 'groot' && rng.chance(0.015);
  if (english) talk.language = 'en';
  const reaction = parent !== null && !english && rng.chance(0.35);
  const limit = TEXT_LIMITS[platform] - 45;
  let body = english
    ? englishQuestion(ctx)
    : reaction
      ? reactionText(ctx, talk.tone)
      : citizenText(ctx, subject, talk.tone, limit);

  let inReplyTo: Said | null = null;
  let other: Citizen | undefined;
  if (channel === 'dm') talk.place = 'dm';
  else if (channel === 'comment' && parent !== null) {
    talk.place = 'comment';
    talk.root = parent.id;
    inReplyTo = { id: parent.id, time: parent.time, authorId: account.id };
  } else if (channel === 'reply' && parent !== null)
    inReplyTo = { id: parent.id, time: parent.time, authorId: account.id };
  else if (channel === 'unknown') {
    // A reply in a thread the data does not hold: the parent id is issued but never yielded.
    if (isCommentPlatform(platform)) {
      const ghostPost = world.ids.post(platform, account, time - rng.int(1, 48) * 3600 * SECOND);
      talk.place = 'comment';
      talk.root = ghostPost.id;
      inReplyTo = { id: ghostPost.id, time, authorId: account.id };
    } else {
      other = world.citizens.pick(platform);
      const ghost = world.ids.post(platform, other, time - rng.int(1, 600) * 60 * SECOND);
      inReplyTo = { id: ghost.id, time, authorId: other.id };
    }
  }

  const n = world.stats.firstCitizenMessages++;
  const hostile = hostileKind(n);
  if (hostile !== null) body = hostileText(hostile, rng, body, n < 8 * 40);
  const first = citizenSays(talk, body, time, inReplyTo, {
    mentionOrg: firstMentions(channel, platform),
    mentionAtEnd: channel === 'mention' && rng.chance(0.2),
    extraMention: other,
  });

  let chance = account.webcare.responseRate;
  if (reaction) chance = talk.tone === 'neutral' ? 0.7 : 0.4;
  else if (talk.tone === 'thankful') chance *= 0.75;
  if (channel === 'unknown') chance *= 0.7;
  if (rng.chance(chance)) {
    converse(talk, first, startKind(talk, english, reaction));
    return;
  }
  // Not answered; now and then the citizen asks again, and that may get an answer.
  if (reaction || english || !rng.chance(0.12)) return;
  const bumpAt = first.time + rng.int(20, 96) * 3600 * SECOND;
  if (bumpAt >= calendar.end) return;
  const bump = citizenSays(
    talk,
    followUpText(ctx, subject, 'bump'),
    bumpAt,
    talk.place === 'dm' ? null : first,
    {
      mentionOrg: talk.place === 'public' || platform === 'mastodon' ? true : undefined,
    },
  );
  if (rng.chance(0.5)) converse(talk, bump, 'answer');
}
