import type { MessageInput } from '../domain/message.ts';
import type { DemoAccount, PostRef } from './accounts.ts';
import type { DayInfo, DemoCalendar } from './calendar.ts';
import type { Citizen, Citizens } from './citizens.ts';
import type { IdFactory, Platform } from './ids.ts';
import { type Draft, toMessage } from './messages.ts';
import type { Rng } from './random.ts';
import type { SlotContext } from './slots.ts';

/**
 * Everything the message generators share while the demo runs. Its size does not depend on the
 * number of messages: a few recent posts per account and platform, bounded citizen pools, and
 * the messages of the conversation being made (`out`, emptied by the generator after each one).
 */
export interface World {
  rng: Rng;
  calendar: DemoCalendar;
  ids: IdFactory;
  citizens: Citizens;
  /** Messages made and not yet handed out. */
  out: MessageInput[];
  /** The last posts on each platform, by any account: what gets reposted and quoted. */
  platformRecent: Map<Platform, PostRef[]>;
  /** Gemeenten whose council meets today (codes), refreshed every day. */
  meetingToday: Set<string>;
  stats: {
    total: number;
    organisationContent: number;
    firstCitizenMessages: number;
  };
}

export const PLATFORM_RECENT = 40;

export function emit(world: World, draft: Draft): MessageInput {
  const message = toMessage(draft);
  world.out.push(message);
  world.stats.total++;
  return message;
}

export function rememberOnPlatform(world: World, post: PostRef): void {
  const platform = post.account.platform;
  let list = world.platformRecent.get(platform);
  if (list === undefined) {
    list = [];
    world.platformRecent.set(platform, list);
  }
  list.push(post);
  if (list.length > PLATFORM_RECENT) list.shift();
}

/** The author fields of an account. */
export function accountAuthor(account: DemoAccount): Draft['author'] {
  return { id: account.id, handle: account.handle, instance: account.instance, name: account.displayName };
}

export function citizenAuthor(citizen: Citizen): Draft['author'] {
  return { id: citizen.id, handle: citizen.handle, instance: citizen.instance, name: citizen.name };
}

/** Slot values for a conversation with `citizen` (or none) at `account`. */
export function slotContext(
  world: World,
  account: DemoAccount,
  day: DayInfo,
  citizen: Citizen | null,
): SlotContext {
  const values = new Map<string, string>();
  if (citizen !== null) {
    values.set('voornaam', citizen.firstName);
    values.set('naam', citizen.firstName);
  }
  return {
    rng: world.rng,
    calendar: world.calendar,
    organisation: account.organisation,
    day,
    values,
    nextCase: () => account.webcare.caseNumber++,
  };
}

/** How `author` is written in a text on its platform; null where the platform has no @mentions. */
export function mentionOf(platform: Platform, handle: string | null, instance: string | null): string | null {
  if (handle === null) return null;
  switch (platform) {
    case 'x':
    case 'bluesky':
      return `@${handle}`;
    case 'mastodon':
      return instance === null ? `@${handle}` : `@${handle}@${instance}`;
    default:
      return null;
  }
}

/** Character limits of posts per platform (Facebook and Instagram: practically none). */
export const TEXT_LIMITS: Record<Platform, number> = {
  x: 280,
  bluesky: 300,
  mastodon: 500,
  facebook: 2000,
  instagram: 2200,
};
