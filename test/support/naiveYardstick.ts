/**
 * A second, deliberately naive yardstick: METRICS.md as docs/yardstick.md reads it, written as
 * plain loops over an in-memory list of messages, with no SQL and nothing from src/yardstick
 * but the result types. Tests build the message list from the raw files themselves and compare
 * what the engine says with what this says.
 *
 * Only what the real data sets in ../shared/data need is here: posts, replies and reposts with
 * mentions; no direct messages or comments, no snapshots, no populations (so the audience figures
 * are null, and the class of every organisation is its kind, which must not be `gemeente`).
 */
import type { Figures } from '../../src/yardstick/figures.ts';

export interface NaiveMessage {
  id: string;
  /** The author's platform user id. */
  author: string;
  /** Milliseconds since the epoch (UTC). */
  createdAt: number;
  /** The message this one replies to, stored or not. */
  parentId: string | null;
  /** The parent's author as the reply itself names it (`in_reply_to.author_id`), if it does. */
  parentAuthorHint: string | null;
  repost: boolean;
  /** Lower-case handles this message mentions (structured, or read from the text). */
  mentions: readonly string[];
  /** Repost count the platform gave, or null. */
  reposts: number | null;
}

export interface NaiveAccount {
  platformUserId: string;
  handle: string;
  organisation: string | null;
}

export interface NaiveOrganisation {
  code: string;
  kind: 'provincie' | 'waterschap' | 'veiligheidsregio' | 'overig';
}

/** `[from, to)` in milliseconds; null is unbounded. */
export interface NaivePeriod {
  from: number | null;
  to: number | null;
}

/** What an account contributes; organisations and totals add these up. */
export interface Tally {
  sent: number;
  reply: number;
  repost: number;
  broadcast: number;
  /** Repost counts of sent non-repost messages whose count is known. */
  repostCounts: number[];
  inbound: number;
  answered: number;
  /** First response times in seconds of the answered inbound messages. */
  times: number[];
  anomalies: number;
}

/** The messages of a data set with the lookups every figure needs, built once. */
export class NaiveStore {
  readonly byId = new Map<string, NaiveMessage>();
  readonly repliesTo = new Map<string, NaiveMessage[]>();

  constructor(readonly messages: readonly NaiveMessage[]) {
    for (const m of messages) {
      if (this.byId.has(m.id)) throw new Error(`naive store: message ${m.id} twice`);
      this.byId.set(m.id, m);
    }
    for (const m of messages) {
      if (m.parentId === null) continue;
      const list = this.repliesTo.get(m.parentId) ?? [];
      list.push(m);
      this.repliesTo.set(m.parentId, list);
    }
  }

  /** The stored parent's author, else the author the reply names, else unknown (null). */
  parentAuthor(m: NaiveMessage): string | null {
    if (m.parentId === null) return null;
    return this.byId.get(m.parentId)?.author ?? m.parentAuthorHint ?? null;
  }
}

export function inPeriod(at: number, period: NaivePeriod): boolean {
  return (period.from === null || at >= period.from) && (period.to === null || at < period.to);
}

export function isInbound(store: NaiveStore, m: NaiveMessage, account: NaiveAccount): boolean {
  if (m.author === account.platformUserId) return false;
  if (m.parentId !== null && store.parentAuthor(m) === account.platformUserId) return true;
  return m.mentions.includes(account.handle.toLowerCase());
}

/**
 * The earliest reply of the account to `m` dated at or after it (ms), or null; `early` counts its
 * replies dated before `m`.
 */
export function firstAnswer(
  store: NaiveStore,
  m: NaiveMessage,
  account: NaiveAccount,
): { first: number | null; early: number } {
  let first: number | null = null;
  let early = 0;
  for (const r of store.repliesTo.get(m.id) ?? []) {
    if (r.author !== account.platformUserId) continue;
    if (r.createdAt < m.createdAt) early++;
    else if (first === null || r.createdAt < first) first = r.createdAt;
  }
  return { first, early };
}

export function tallyAccount(store: NaiveStore, account: NaiveAccount, period: NaivePeriod): Tally {
  const t: Tally = {
    sent: 0,
    reply: 0,
    repost: 0,
    broadcast: 0,
    repostCounts: [],
    inbound: 0,
    answered: 0,
    times: [],
    anomalies: 0,
  };
  for (const m of store.messages) {
    if (!inPeriod(m.createdAt, period)) continue;
    if (m.author === account.platformUserId) {
      t.sent++;
      if (m.repost) t.repost++;
      else if (m.parentId !== null && store.parentAuthor(m) !== account.platformUserId) t.reply++;
      else t.broadcast++;
      if (!m.repost && m.reposts !== null) t.repostCounts.push(m.reposts);
      continue;
    }
    if (!isInbound(store, m, account)) continue;
    t.inbound++;
    const { first, early } = firstAnswer(store, m, account);
    t.anomalies += early;
    if (first !== null) {
      t.answered++;
      t.times.push((first - m.createdAt) / 1000);
    }
  }
  return t;
}

/** Pools tallies: counts summed, lists joined (METRICS.md: not an average of averages). */
export function pool(tallies: readonly Tally[]): Tally {
  const t: Tally = {
    sent: 0,
    reply: 0,
    repost: 0,
    broadcast: 0,
    repostCounts: [],
    inbound: 0,
    answered: 0,
    times: [],
    anomalies: 0,
  };
  for (const x of tallies) {
    t.sent += x.sent;
    t.reply += x.reply;
    t.repost += x.repost;
    t.broadcast += x.broadcast;
    t.repostCounts.push(...x.repostCounts);
    t.inbound += x.inbound;
    t.answered += x.answered;
    t.times.push(...x.times);
    t.anomalies += x.anomalies;
  }
  return t;
}

const BUCKET_EDGES_S = [20 * 60, 60 * 60, 2 * 3600, 4 * 3600, 8 * 3600, 24 * 3600, 48 * 3600];

function pct(count: number, of: number): number | null {
  return of === 0 ? null : (count / of) * 100;
}

/** The figures of a tally; audience figures are null (no snapshots, no populations). */
export function figuresOfTally(t: Tally): Figures {
  const n = t.times.length;
  const sorted = [...t.times].sort((a, b) => a - b);
  let sum = 0;
  for (const s of sorted) sum += s;
  let median: number | null = null;
  let p90: number | null = null;
  let buckets: number[] | null = null;
  if (n > 0) {
    median =
      n % 2 === 1
        ? (sorted[(n - 1) / 2] as number)
        : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
    p90 = sorted[Math.ceil((9 * n) / 10) - 1] as number;
    const counts = [0, 0, 0, 0, 0, 0, 0, 0];
    for (const s of sorted) {
      let b = 0;
      while (b < BUCKET_EDGES_S.length && s >= (BUCKET_EDGES_S[b] as number)) b++;
      counts[b] = (counts[b] as number) + 1;
    }
    buckets = counts.map((c) => (c / n) * 100);
  }
  let repostSum = 0;
  for (const r of t.repostCounts) repostSum += r;
  return {
    sent: t.sent,
    reply: t.reply,
    repost: t.repost,
    broadcast: t.broadcast,
    reply_pct: pct(t.reply, t.sent),
    repost_pct: pct(t.repost, t.sent),
    broadcast_pct: pct(t.broadcast, t.sent),
    reposts_per_message: t.repostCounts.length === 0 ? null : repostSum / t.repostCounts.length,
    inbound: t.inbound,
    answered: t.answered,
    response_rate: pct(t.answered, t.inbound),
    mean_first_response_s: n === 0 ? null : sum / n,
    median_first_response_s: median,
    p90_first_response_s: p90,
    buckets,
    anomalies: t.anomalies,
    followers: null,
    following: null,
    followers_growth: null,
    followers_growth_pct: null,
    followers_per_1000_inhabitants: null,
  };
}

/** A class average: per figure the mean over the accounts that have it; buckets bucket by bucket. */
export function classAverage(accounts: readonly Figures[]): Figures {
  const mean = (values: (number | null)[]): number | null => {
    const known = values.filter((v): v is number => v !== null);
    if (known.length === 0) return null;
    let sum = 0;
    for (const v of known) sum += v;
    return sum / known.length;
  };
  const withBuckets = accounts.map((a) => a.buckets).filter((b): b is number[] => b !== null);
  const average = { buckets: null } as Figures;
  for (const key of Object.keys(figuresOfTally(pool([]))) as (keyof Figures)[]) {
    if (key === 'buckets') continue;
    average[key] = mean(accounts.map((a) => a[key]));
  }
  average.buckets =
    withBuckets.length === 0
      ? null
      : [0, 1, 2, 3, 4, 5, 6, 7].map((i) => mean(withBuckets.map((b) => b[i] as number)) as number);
  return average;
}

export interface NaiveYardstick {
  accounts: Map<string, { account: NaiveAccount; tally: Tally; figures: Figures }>;
  organisations: Map<string, { organisation: NaiveOrganisation; accounts: number; figures: Figures }>;
  classes: Map<string, { organisations: number; accounts: number; figures: Figures }>;
  totals: { organisations: number; accounts: number; figures: Figures };
}

/** Every figure of the yardstick of `period`, accounts keyed by lower-case handle. */
export function naiveYardstick(
  store: NaiveStore,
  accounts: readonly NaiveAccount[],
  organisations: readonly NaiveOrganisation[],
  period: NaivePeriod,
): NaiveYardstick {
  const result: NaiveYardstick = {
    accounts: new Map(),
    organisations: new Map(),
    classes: new Map(),
    totals: {
      organisations: organisations.length,
      accounts: accounts.length,
      figures: figuresOfTally(pool([])),
    },
  };
  for (const account of accounts) {
    const tally = tallyAccount(store, account, period);
    result.accounts.set(account.handle.toLowerCase(), { account, tally, figures: figuresOfTally(tally) });
  }
  const all = [...result.accounts.values()];
  for (const organisation of organisations) {
    const own = all.filter((a) => a.account.organisation === organisation.code);
    result.organisations.set(organisation.code, {
      organisation,
      accounts: own.length,
      figures: figuresOfTally(pool(own.map((a) => a.tally))),
    });
  }
  for (const kind of new Set(organisations.map((o) => o.kind))) {
    const codes = new Set(organisations.filter((o) => o.kind === kind).map((o) => o.code));
    const own = all.filter((a) => a.account.organisation !== null && codes.has(a.account.organisation));
    result.classes.set(kind, {
      organisations: codes.size,
      accounts: own.length,
      figures: classAverage(own.map((a) => a.figures)),
    });
  }
  result.totals.figures = figuresOfTally(pool(all.map((a) => a.tally)));
  return result;
}
