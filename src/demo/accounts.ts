import type { AccountInput } from '../ingest/records.ts';
import type { IdFactory, Platform, Poster } from './ids.ts';
import type { DemoOrganisation } from './organisations.ts';
import type { Rng } from './random.ts';

/** The Mastodon server of the Dutch government, where the organisations' accounts live. */
export const GOVERNMENT_INSTANCE = 'social.overheid.nl';

/** A recent post of an account that others may reply to, quote or repost. */
export interface PostRef {
  id: string;
  time: number;
  text: string;
  account: DemoAccount;
}

/** How an organisation's webcare team works; shared by its accounts. */
export interface Webcare {
  /** Initials of the people who sign replies. */
  agents: string[];
  /** `*` or `^` before the initials. */
  mark: string;
  /** Share of inbound messages that get an answer. */
  responseRate: number;
  /** Median minutes to a first answer within office hours. */
  officeMedianMinutes: number;
  /** Chance that a message outside office hours is picked up the same evening or weekend day. */
  offHoursCoverage: number;
  /** Next case number. */
  caseNumber: number;
}

export interface DemoAccount extends Poster {
  handle: string;
  platform: Platform;
  displayName: string;
  relation: 'owned' | 'watched';
  organisation: DemoOrganisation;
  webcare: Webcare;
  followers: number;
  following: number;
  postsBefore: number;
  /** Relative change of followers per month. */
  monthlyGrowth: number;
  /** How much this account posts, and how much it is addressed, relative to others. */
  postWeight: number;
  inboundWeight: number;
  /** The last few posts, newest overwriting oldest. */
  recent: PostRef[];
  recentNext: number;
}

export const RECENT_POSTS = 12;

/** Followers per inhabitant, and monthly growth, per platform (2025: X shrinks, Bluesky grows). */
const REACH: Record<Platform, { perInhabitant: number; growth: number; weight: number; inbound: number }> = {
  x: { perInhabitant: 0.06, growth: -0.004, weight: 1, inbound: 1 },
  facebook: { perInhabitant: 0.05, growth: 0.002, weight: 1, inbound: 1.1 },
  instagram: { perInhabitant: 0.045, growth: 0.012, weight: 0.7, inbound: 0.6 },
  mastodon: { perInhabitant: 0.003, growth: 0.012, weight: 0.6, inbound: 0.25 },
  bluesky: { perInhabitant: 0.007, growth: 0.035, weight: 0.6, inbound: 0.35 },
};

function platformsOf(organisation: DemoOrganisation, rng: Rng): Platform[] {
  switch (organisation.size) {
    case 'groot':
    case 'regio':
      return organisation.kind === 'waterschap'
        ? ['x', 'facebook', 'instagram', 'mastodon']
        : ['x', 'facebook', 'instagram', 'mastodon', 'bluesky'];
    case 'middelgroot':
      return ['x', 'facebook', 'instagram', rng.chance(0.5) ? 'mastodon' : 'bluesky'];
    case 'klein':
      return rng.chance(0.5) ? ['facebook', 'x', 'instagram'] : ['facebook', 'x'];
  }
}

function handleOn(organisation: DemoOrganisation, platform: Platform): string {
  switch (platform) {
    case 'x':
      return organisation.xHandle;
    case 'bluesky':
      return `${organisation.handle.replace(/_/g, '-')}.bsky.social`;
    default:
      return organisation.handle;
  }
}

function webcareOf(organisation: DemoOrganisation, rng: Rng): Webcare {
  const team = { groot: 8, middelgroot: 5, klein: 2, regio: 4 }[organisation.size];
  const agents: string[] = [];
  while (agents.length < team) {
    const last = rng.faker.person.lastName().replace(/^([a-z']+ )+/, '');
    const initials = `${rng.faker.person.firstName()[0]}${last[0]}`.toUpperCase();
    if (!agents.includes(initials)) agents.push(initials);
  }
  const quick = { groot: 14, middelgroot: 22, klein: 45, regio: 35 }[organisation.size];
  return {
    agents,
    mark: rng.chance(0.6) ? '*' : '^',
    responseRate: Math.min(
      0.97,
      { groot: 0.95, middelgroot: 0.93, klein: 0.88, regio: 0.9 }[organisation.size] + rng.next() * 0.04,
    ),
    officeMedianMinutes: quick * (0.7 + rng.next() * 0.8),
    offHoursCoverage: { groot: 0.35, middelgroot: 0.12, klein: 0.03, regio: 0.15 }[organisation.size],
    caseNumber: rng.int(1_000_000, 1_900_000),
  };
}

/** The owned accounts of the organisations, in organisation order. */
export function ownedAccounts(
  organisations: readonly DemoOrganisation[],
  ids: IdFactory,
  rng: Rng,
  year: number,
): DemoAccount[] {
  const accounts: DemoAccount[] = [];
  for (const organisation of organisations) {
    const webcare = webcareOf(organisation, rng);
    const reachBase =
      organisation.kind === 'gemeente' ? organisation.inhabitants : organisation.inhabitants * 0.15;
    const activity = organisation.kind === 'gemeente' ? organisation.inhabitants ** 0.6 : 600;
    for (const platform of platformsOf(organisation, rng)) {
      const reach = REACH[platform];
      const since = Date.UTC(
        platform === 'bluesky' ? 2024 : platform === 'mastodon' ? 2022 : 2011,
        rng.int(0, 11),
        rng.int(1, 28),
      );
      const followers = Math.max(120, Math.round(reachBase * reach.perInhabitant * rng.lognormal(1, 0.35)));
      accounts.push({
        id: ids.userId(platform, true, Math.min(since, Date.UTC(year, 0, 1))),
        handle: handleOn(organisation, platform),
        instance: platform === 'mastodon' ? GOVERNMENT_INSTANCE : null,
        platform,
        displayName: organisation.fullName,
        relation: 'owned',
        organisation,
        webcare,
        followers,
        following: rng.int(20, 900),
        postsBefore: Math.round(followers * (0.05 + rng.next() * 0.3)) + rng.int(50, 400),
        monthlyGrowth: reach.growth + rng.normal() * 0.002,
        postWeight: activity * reach.weight,
        inboundWeight: activity * reach.inbound * (organisation.kind === 'gemeente' ? 1 : 0.35),
        recent: [],
        recentNext: 0,
      });
    }
  }
  return accounts;
}

/** Local news accounts that the organisations watch. */
// biome-ignore format: a table reads best one row a line
const NEWS: readonly (readonly [Platform, string, string, string])[] = [
  ['x', 'DUICnieuws', 'DUIC', 'GM0344'],
  ['x', 'RTVUtrecht', 'RTV Utrecht', 'GM0344'],
  ['bluesky', 'rtvutrecht.bsky.social', 'RTV Utrecht', 'GM0344'],
  ['x', 'parool', 'Het Parool', 'GM0363'],
  ['mastodon', 'parool', 'Het Parool', 'GM0363'],
  ['x', 'dvhn_nl', 'Dagblad van het Noorden', 'GM0014'],
  ['facebook', 'eindhovensdagblad', 'Eindhovens Dagblad', 'GM0772'],
  ['x', 'Omroepgld', 'Omroep Gelderland', 'GM0228'],
  ['facebook', 'texelsecourant', 'Texelse Courant', 'GM0448'],
  ['x', '1Limburg', '1Limburg', 'GM0917'],
];

export function watchedAccounts(
  organisations: readonly DemoOrganisation[],
  ids: IdFactory,
  rng: Rng,
): DemoAccount[] {
  const byCode = new Map(organisations.map((o) => [o.code, o]));
  const accounts: DemoAccount[] = [];
  for (const [platform, handle, name, code] of NEWS) {
    const organisation = byCode.get(code);
    if (organisation === undefined) continue;
    const followers = rng.int(8_000, 120_000);
    accounts.push({
      id: ids.userId(platform, true, Date.UTC(platform === 'x' ? 2010 : 2022, rng.int(0, 11), 1)),
      handle,
      instance: platform === 'mastodon' ? 'mastodon.nl' : null,
      platform,
      displayName: name,
      relation: 'watched',
      organisation,
      webcare: webcareOf(organisation, rng),
      followers,
      following: rng.int(100, 2000),
      postsBefore: rng.int(5_000, 80_000),
      monthlyGrowth: REACH[platform].growth,
      postWeight: 1,
      inboundWeight: 0,
      recent: [],
      recentNext: 0,
    });
  }
  return accounts;
}

/** Watched accounts belong to no organisation: they are news sites, not the organisation's own. */
export function accountInput(account: DemoAccount): AccountInput {
  return {
    platform: account.platform,
    platformUserId: account.id,
    handle: account.handle,
    displayName: account.displayName,
    relation: account.relation,
    organisationCode: account.relation === 'owned' ? account.organisation.code : null,
  };
}

export function remember(account: DemoAccount, post: PostRef): void {
  if (account.recent.length < RECENT_POSTS) account.recent.push(post);
  else account.recent[account.recentNext] = post;
  account.recentNext = (account.recentNext + 1) % RECENT_POSTS;
}

/** A recent post of the account at or before `before` and not older than `window` ms, or null. */
export function recentPost(
  account: DemoAccount,
  rng: Rng,
  before: number,
  window = Number.POSITIVE_INFINITY,
): PostRef | null {
  const candidates = account.recent.filter((p) => p.time <= before && p.time >= before - window);
  return candidates.length === 0 ? null : rng.pick(candidates);
}
