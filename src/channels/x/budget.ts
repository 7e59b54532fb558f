import type { ReadBudget } from '../channel.ts';
import { ChannelError } from '../errors.ts';
import type { XSettings } from './settings.ts';

/**
 * The monthly read budget of an X channel. X bills every post and user a read returns, so the
 * reads used this month travel in the channel's cursor (stored with the records they paid for);
 * before each request the adapter asks what it could cost at worst, and refuses with a `budget`
 * error rather than overspend. The count is conservative: X does not bill a resource twice in one
 * UTC day, which this count ignores.
 */
export interface BudgetState {
  /** `2026-11`: the calendar month (UTC) `used` belongs to. */
  period: string;
  used: number;
}

export function periodOf(now: Date): string {
  return now.toISOString().slice(0, 7);
}

/** The first moment of the next calendar month (UTC), when the budget starts afresh. */
export function nextPeriodStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

/** The budget as a cursor left it, for `now`'s month (a cursor of an earlier month used nothing of it). */
export function budgetState(stored: unknown, now: Date): BudgetState {
  const period = periodOf(now);
  const b = stored as Partial<BudgetState> | null | undefined;
  const used = b && b.period === period && typeof b.used === 'number' && b.used >= 0 ? b.used : 0;
  return { period, used };
}

export function readBudget(settings: XSettings, stored: unknown, now: Date): ReadBudget {
  const state = budgetState(stored, now);
  return {
    period: state.period,
    limit: settings.monthlyReadBudget,
    used: state.used,
    resetsAt: nextPeriodStart(now),
  };
}

/** Costs of one timeline page, in the settings' units. */
export class ReadCosts {
  constructor(private readonly settings: XSettings) {}

  /** The most one post can cost: a link post may cost more than a plain one. */
  get perPostAtWorst(): number {
    return Math.max(this.settings.costPerPostRead, this.settings.costPerLinkPostRead);
  }

  get perUser(): number {
    return this.settings.costPerUserRead;
  }

  /**
   * How many posts a page may ask for so that its worst case fits what is left: `n` posts and, with
   * authors expanded, `n` users at most (`usersPerPost` 1), or one user (the account's own
   * timeline, `usersPerPost` 0 and `fixedUsers` 1). Null when not even X's minimum of 5 fits.
   */
  pageSize(left: number, usersPerPost: number, fixedUsers: number): number | null {
    const perPost = this.perPostAtWorst + usersPerPost * this.perUser;
    const room = left - fixedUsers * this.perUser;
    const n = perPost === 0 ? this.settings.maxResults : Math.floor(room / perPost);
    const size = Math.min(this.settings.maxResults, n);
    return size >= 5 ? size : null;
  }

  /** What a page really cost: its posts (link posts at their price) and the users it returned. */
  ofPage(posts: readonly unknown[], users: number): number {
    let cost = users * this.perUser;
    for (const post of posts) {
      cost += hasLinks(post) ? this.settings.costPerLinkPostRead : this.settings.costPerPostRead;
    }
    return cost;
  }
}

/** A post with a link in its text; the `urls` entry of an attached photo or video (`media_key`) is none. */
export function hasLinks(post: unknown): boolean {
  const urls = (post as { entities?: { urls?: unknown } } | null)?.entities?.urls;
  return Array.isArray(urls) && urls.some((u) => !(u as { media_key?: unknown } | null)?.media_key);
}

/** The `budget` error: the month's reads are used up (or would be by the next request). */
export function budgetExhausted(state: BudgetState, limit: number, need: string, now: Date, where: string) {
  return new ChannelError(
    'budget',
    `the X read budget of ${state.period} is used up: ${round(state.used)} of ${limit} reads used, ` +
      `and ${need}; it starts afresh on ${nextPeriodStart(now).toISOString().slice(0, 10)}`,
    { where, retryAt: nextPeriodStart(now) },
  );
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
