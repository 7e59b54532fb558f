import type { IngestRecord, Parsed, RecordSource } from '../ingest/records.ts';
import { accountInput, type DemoAccount, ownedAccounts, watchedAccounts } from './accounts.ts';
import { type DayInfo, DemoCalendar } from './calendar.ts';
import { Citizens } from './citizens.ts';
import { citizenConversation } from './conversations.ts';
import { IdFactory } from './ids.ts';
import { demoOrganisations } from './organisations.ts';
import { listeningMessage, newsPost, organisationPost } from './posting.ts';
import { Rng, Weighted } from './random.ts';
import { snapshotsOf } from './snapshots.ts';
import type { World } from './world.ts';

/**
 * The demo: a deterministic, streaming generator of a year in the social-media life of Dutch
 * public organisations. Organisations first, then accounts, then follower snapshots, then the
 * messages, made day by day and conversation by conversation, so memory stays flat whatever the
 * size. Same options, same records, byte for byte.
 */
export interface DemoOptions {
  /** Approximate number of messages (default 20,000). */
  size: number;
  /** Seed of the random source (default 1). */
  seed: number;
  /** The year covered (default 2025). */
  year?: number;
}

export const DEFAULT_DEMO_OPTIONS: Required<DemoOptions> = { size: 20_000, seed: 1, year: 2025 };

/** Shares of all messages: the organisations' own posts and the news sites' articles. */
const ORGANISATION_SHARE = 0.17;
const NEWS_SHARE = 0.015;
/** Chance that a unit of citizen activity is talk about the town rather than a conversation. */
const LISTENING_CHANCE = 0.06;

const TAG_WEIGHTS: Record<string, number> = {
  storm: 2.2,
  newyear: 1.8,
  heat: 1.25,
  snow: 1.5,
  kingsday: 1.3,
};

export function resolveDemoOptions(options: Partial<DemoOptions> = {}): Required<DemoOptions> {
  const size = options.size ?? DEFAULT_DEMO_OPTIONS.size;
  const seed = options.seed ?? DEFAULT_DEMO_OPTIONS.seed;
  const year = options.year ?? DEFAULT_DEMO_OPTIONS.year;
  if (!Number.isFinite(size) || size < 0)
    throw new RangeError(`demo size must be a number >= 0, not ${size}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`demo seed must be an integer, not ${seed}`);
  if (!Number.isInteger(year) || year < 1971 || year > 2200)
    throw new RangeError(`demo year must be 1971–2200, not ${year}`);
  return { size: Math.floor(size), seed, year };
}

/** Special days: New Year, Koningsdag, a few storms, a heat wave, a snowy spell. */
function dayTags(calendar: DemoCalendar, rng: Rng): Map<number, string> {
  const tags = new Map<number, string>();
  const dayIn = (month: number, from: number, to: number) =>
    (Date.UTC(calendar.year, month, rng.int(from, to)) - calendar.start) / 86_400_000;
  const snow = dayIn(rng.int(0, 1), 1, 24);
  for (let i = 0; i < 3; i++) tags.set(snow + i, 'snow');
  for (const month of [rng.int(0, 2), rng.int(0, 2), rng.int(9, 10)]) tags.set(dayIn(month, 1, 28), 'storm');
  const heat = dayIn(rng.int(6, 7), 1, 26);
  for (let i = 0; i < 4; i++) tags.set(heat + i, 'heat');
  for (const day of calendar.days) if (day.holiday === 'Koningsdag') tags.set(day.index, 'kingsday');
  tags.set(0, 'newyear');
  tags.set(calendar.days.length - 1, 'newyear');
  return tags;
}

function dayWeight(day: DayInfo, tag: string | undefined): number {
  let weight = day.weekday === 6 ? 0.62 : day.weekday === 0 ? 0.55 : 1;
  if (day.holiday !== null && day.holiday !== 'Koningsdag') weight *= 0.65;
  if (day.month === 6 || day.month === 7) weight *= 0.85;
  return tag === undefined ? weight : weight * (TAG_WEIGHTS[tag] ?? 1);
}

function isPublicPlatform(account: DemoAccount): boolean {
  return account.platform === 'x' || account.platform === 'mastodon' || account.platform === 'bluesky';
}

/** Every record of the demo, in order: organisations, accounts, snapshots, messages. */
export function* demoIngestRecords(options: Partial<DemoOptions> = {}): Generator<IngestRecord> {
  const { size, seed, year } = resolveDemoOptions(options);
  const structure = new Rng([seed, 1]);
  const content = new Rng([seed, 2]);
  const calendar = new DemoCalendar(year);
  const ids = new IdFactory(structure);

  const organisations = demoOrganisations(size, year);
  for (const organisation of organisations) yield { type: 'organisation', organisation: organisation.input };
  const owned = ownedAccounts(organisations, ids, structure, year);
  const watched = watchedAccounts(organisations, ids, structure);
  for (const account of [...owned, ...watched]) yield { type: 'account', account: accountInput(account) };

  const totalPostWeight = owned.reduce((sum, a) => sum + a.postWeight, 0);
  for (const account of [...owned, ...watched]) {
    const perMonth =
      account.relation === 'owned'
        ? (size * ORGANISATION_SHARE * account.postWeight) / totalPostWeight / 12
        : (size * NEWS_SHARE) / watched.length / 12;
    for (const snapshot of snapshotsOf(account, year, perMonth, structure))
      yield { type: 'snapshot', snapshot };
  }

  // From here on every draw comes from the content stream.
  ids.rng = content;
  const world: World = {
    rng: content,
    calendar,
    ids,
    citizens: new Citizens(content, ids, year),
    out: [],
    platformRecent: new Map(),
    meetingToday: new Set(),
    stats: { total: 0, organisationContent: 0, firstCitizenMessages: 0 },
  };
  const posting = new Weighted(owned.map((a) => [a, a.postWeight] as const));
  const inbound = new Weighted(owned.map((a) => [a, a.inboundWeight] as const));
  const listening = new Weighted(owned.filter(isPublicPlatform).map((a) => [a, a.inboundWeight] as const));
  const newsFor = new Map(watched.map((a) => [`${a.organisation.code}|${a.platform}`, a]));
  const tags = dayTags(calendar, content);
  const meetings = new Map(
    organisations
      .filter((o) => o.meetingTag !== null)
      .map((o) => [o.code, { weekday: content.int(2, 4), phase: content.int(0, 2) }] as const),
  );
  const weights = calendar.days.map((day) => dayWeight(day, tags.get(day.index)));
  const totalWeight = weights.reduce((a, b) => a + b, 0);

  let cumulative = 0;
  let news = 0;
  for (const day of calendar.days) {
    const tag = tags.get(day.index) ?? null;
    cumulative += weights[day.index] as number;
    const last = day.index === calendar.days.length - 1;
    const target = last ? size : (size * cumulative) / totalWeight;
    world.meetingToday.clear();
    if (day.month !== 6 && day.month !== 7) {
      for (const [code, m] of meetings) {
        if (day.weekday === m.weekday && Math.floor(day.index / 7) % 3 === m.phase)
          world.meetingToday.add(code);
      }
    }
    while (world.stats.organisationContent < target * ORGANISATION_SHARE) {
      organisationPost(world, posting.pick(content), day);
      for (const message of world.out) yield { type: 'message', message };
      world.out.length = 0;
    }
    while (watched.length > 0 && news < target * NEWS_SHARE) {
      newsPost(world, content.pick(watched), day);
      news++;
      for (const message of world.out) yield { type: 'message', message };
      world.out.length = 0;
    }
    while (world.stats.total < target) {
      if (listening.size > 0 && content.chance(LISTENING_CHANCE)) {
        const account = listening.pick(content);
        listeningMessage(
          world,
          account,
          newsFor.get(`${account.organisation.code}|${account.platform}`) ?? null,
          day,
          tag,
        );
      } else citizenConversation(world, inbound.pick(content), day, tag);
      for (const message of world.out) yield { type: 'message', message };
      world.out.length = 0;
    }
  }
}

/** The demo's records as a parser hands them out: all ok, located `demo:1`, `demo:2`, … */
export function* demoRecords(options: Partial<DemoOptions> = {}): Generator<Parsed> {
  let n = 0;
  for (const record of demoIngestRecords(options)) {
    n++;
    yield { ok: true, location: `demo:${n}`, record };
  }
}

/** The demo as a record source for the ingest pipeline. Progress counts messages against `size`. */
export function demoSource(options: Partial<DemoOptions> = {}): RecordSource {
  const resolved = resolveDemoOptions(options);
  let messages = 0;
  return {
    format: 'demo',
    progress: () => ({ done: Math.min(messages, resolved.size), total: resolved.size }),
    async *records() {
      messages = 0;
      for (const parsed of demoRecords(resolved)) {
        if (parsed.ok && parsed.record.type === 'message') messages++;
        yield parsed;
      }
    },
  };
}
