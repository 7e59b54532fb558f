/**
 * The yardstick over a database the import benchmark filled, in a process of its own. Prints one
 * JSON line: the engine's time for the whole yardstick (`computeYardstick`, all time) against the
 * baseline, one hand-written SQL query computing the same per-account first-response figures
 * (inbound, answered, mean, median, p90) from the messages, each the median of several
 * alternating runs. The import has brought the account activity up to date, as it always does;
 * what that costs from nothing (a rebuild of every fact, as after a crash or on a new database
 * with old messages) is timed once as well, so no work is hidden.
 *   yardstickWorker.ts <engine-location> [runs]
 */
import { updateActivity } from '../src/store/activity.ts';
import { openDb } from '../src/store/open.ts';
import { analytical, computeYardstick } from '../src/yardstick/engine.ts';
import { median } from './stats.ts';
import { BASELINE } from './yardstickBaseline.ts';

const [location, runsArg] = process.argv.slice(2) as [string, string | undefined];
const runs = Number(runsArg ?? 3);
const db = await openDb(location);

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await fn();
  return [(performance.now() - started) / 1000, value];
}

// Warm both up once (caches, plans), then alternate so drift hits both alike.
const [, baselineRows] = await timed(() =>
  analytical(db, (tx) => tx.query<{ inbound: number; answered: number }>(BASELINE)),
);
const [, yardstick] = await timed(() => computeYardstick(db, { from: null, to: null }));
const engineTimes: number[] = [];
const baselineTimes: number[] = [];
for (let i = 0; i < runs; i++) {
  baselineTimes.push((await timed(() => analytical(db, (tx) => tx.query(BASELINE))))[0]);
  engineTimes.push((await timed(() => computeYardstick(db, { from: null, to: null })))[0]);
}
// A rebuild of every fact from the messages.
await db.exec('DELETE FROM activity_progress');
const [rebuildSeconds] = await timed(() => updateActivity(db));
// The two must have done the same work: the same inbound and answered messages in all.
const sum = (xs: (number | null)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);
const same =
  sum(baselineRows.map((r) => r.inbound)) === sum(yardstick.accounts.map((a) => a.inbound)) &&
  sum(baselineRows.map((r) => r.answered)) === sum(yardstick.accounts.map((a) => a.answered));
const [{ n: messages } = { n: 0 }] = await db.query<{ n: number }>(
  'SELECT count(*)::integer AS n FROM messages',
);
await db.close();
process.stdout.write(
  `${JSON.stringify({
    messages,
    accounts: yardstick.accounts.length,
    inbound: yardstick.totals.inbound,
    answered: yardstick.totals.answered,
    same_figures_as_baseline: same,
    seconds: median(engineTimes),
    baseline_seconds: median(baselineTimes),
    activity_rebuild_seconds: rebuildSeconds,
    runs,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
