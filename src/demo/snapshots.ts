import type { SnapshotInput } from '../ingest/records.ts';
import type { DemoAccount } from './accounts.ts';
import type { Rng } from './random.ts';

/**
 * Follower snapshots of an account: on the first of every month of the demo year at 00:00 UTC,
 * and one at the year's end (1 January of the next year, 00:00 UTC), so that every quarter and
 * the year have a snapshot at their start and end. Followers drift with the account's monthly
 * growth and some noise; the post count rises by the expected number of posts per month.
 */
export function snapshotsOf(
  account: DemoAccount,
  year: number,
  postsPerMonth: number,
  rng: Rng,
): SnapshotInput[] {
  const snapshots: SnapshotInput[] = [];
  let followers = account.followers;
  let following = account.following;
  let posts = account.postsBefore;
  for (let month = 0; month <= 12; month++) {
    snapshots.push({
      platform: account.platform,
      platformUserId: account.id,
      takenAt: new Date(Date.UTC(year, month, 1)),
      followers,
      following,
      posts,
      source: 'demo',
    });
    const change = account.monthlyGrowth + rng.normal() * 0.003;
    followers = Math.max(0, Math.round(followers * (1 + change)));
    if (rng.chance(0.3)) following = Math.max(0, following + rng.int(-3, 8));
    posts += Math.max(0, Math.round(postsPerMonth * (0.8 + rng.next() * 0.4)));
  }
  return snapshots;
}
