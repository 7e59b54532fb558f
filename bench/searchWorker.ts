/**
 * Listening over a database the import benchmark filled, in a process of its own. Prints one JSON
 * line: search (two terms, a phrase, a boolean query) as the web app runs it — within the largest
 * organisation's conversations, the first page of 25 and the number of matches — and the same
 * without an organisation, as `meetlat search` runs it; and the dashboard of a saved search over
 * 30 days. Each against the bare full-text query on the same engine in the same run: the same
 * count and first page by a hand-written tsquery, no organisation, nothing else. p50 and p95 of
 * alternating runs.
 *   searchWorker.ts <engine-location> [runs]
 */
import { computeDashboard } from '../src/search/dashboard.ts';
import { parseQuery } from '../src/search/query/index.ts';
import { searchMessages } from '../src/search/search.ts';
import { updateActivity } from '../src/store/activity.ts';
import { openDb } from '../src/store/open.ts';
import { quantile } from './stats.ts';

const [location, runsArg] = process.argv.slice(2) as [string, string | undefined];
const runs = Number(runsArg ?? 30);
const db = await openDb(location);
await updateActivity(db);

/** Each query in the query language, and the bare tsquery of the same words. */
const SEARCHES = {
  two_terms: { query: 'container geleegd', bare: 'container & geleegd' },
  phrase: { query: '"niet geleegd"', bare: 'niet <-> geleegd' },
  boolean: { query: '(container OR afvalpas) -papier*', bare: '(container | afvalpas) & !papier:*' },
} as const;
const DASHBOARD = { query: 'container* OR afval* OR #afval', bare: 'container:* | afval:*' } as const;

function parsed(text: string) {
  const result = parseQuery(text);
  if (!result.ok) throw new Error(`bench query ${text}: ${result.error.code}`);
  return result.query;
}

async function ms(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Alternating runs after one warm-up each; p50 and p95 of each. */
async function compare(fns: Record<string, () => Promise<unknown>>) {
  const times: Record<string, number[]> = {};
  for (const [name, fn] of Object.entries(fns)) {
    await fn();
    times[name] = [];
  }
  for (let i = 0; i < runs; i++) {
    for (const [name, fn] of Object.entries(fns)) times[name]?.push(await ms(fn));
  }
  return Object.fromEntries(
    Object.entries(times).map(([name, t]) => [
      name,
      { p50_ms: round(quantile(t, 0.5)), p95_ms: round(quantile(t, 0.95)) },
    ]),
  );
}

const round = (x: number) => Number(x.toFixed(1));

const [largest] = await db.query<{ id: number; code: string; messages: number }>(
  `SELECT a.organisation_id AS id, o.code, count(*)::integer AS messages
   FROM account_conversations c JOIN accounts a ON a.id = c.account_id JOIN organisations o ON o.id = a.organisation_id
   GROUP BY a.organisation_id, o.code ORDER BY messages DESC LIMIT 1`,
);
if (!largest) throw new Error('no organisation with conversations');
const organisationId = Number(largest.id);

const bareSearch = (tsquery: string) => async () => {
  await db.query(`SELECT count(*) FROM messages WHERE search_vector @@ to_tsquery('dutch', $1)`, [tsquery]);
  await db.query(
    `SELECT id, platform, platform_id, author_handle, created_at, text FROM messages
     WHERE search_vector @@ to_tsquery('dutch', $1) ORDER BY created_at DESC, id DESC LIMIT 25`,
    [tsquery],
  );
};

const search: Record<string, unknown> = {};
for (const [name, { query, bare }] of Object.entries(SEARCHES)) {
  const q = parsed(query);
  const [{ total: orgTotal }, { total }] = [
    await searchMessages(db, q, { organisationId }, { limit: 25 }),
    await searchMessages(db, q, { organisationId: null }, { limit: 25 }),
  ];
  const timed = await compare({
    organisation: () => searchMessages(db, q, { organisationId }, { limit: 25 }),
    everything: () => searchMessages(db, q, { organisationId: null }, { limit: 25 }),
    baseline: bareSearch(bare),
  });
  const base = timed.baseline as { p50_ms: number; p95_ms: number };
  const ratio = (t: unknown) => round((t as { p95_ms: number }).p95_ms / Math.max(base.p95_ms, 0.1));
  search[name] = {
    query,
    matches: total,
    matches_in_organisation: orgTotal,
    organisation: { ...(timed.organisation as object), ratio_p95: ratio(timed.organisation) },
    everything: { ...(timed.everything as object), ratio_p95: ratio(timed.everything) },
    baseline_bare_fulltext: base,
    goal_p95_ms: 50,
  };
}

// The dashboard of a saved search over the 30 days up to its newest match in the organisation.
const dashboardQuery = parsed(DASHBOARD.query);
const [newest] = await searchMessages(db, dashboardQuery, { organisationId }, { limit: 1 }).then(
  (r) => r.messages,
);
const to = new Date(Math.ceil((newest?.createdAt.getTime() ?? Date.now()) / 86_400_000) * 86_400_000);
const period = { from: new Date(to.getTime() - 30 * 86_400_000), to };
const first = await computeDashboard(db, dashboardQuery, { organisationId, period });
const dashboardTimes = await compare({
  dashboard: () => computeDashboard(db, dashboardQuery, { organisationId, period }),
  baseline: () =>
    db.query(
      `SELECT count(*) FROM messages WHERE search_vector @@ to_tsquery('dutch', $1)
       AND created_at >= $2 AND created_at < $3`,
      [DASHBOARD.bare, period.from, period.to],
    ),
});
const dashboardBase = dashboardTimes.baseline as { p95_ms: number };
const [{ n: messages } = { n: 0 }] = await db.query<{ n: number }>(
  'SELECT count(*)::integer AS n FROM messages',
);
await db.close();
process.stdout.write(
  `${JSON.stringify({
    messages,
    organisation: { code: largest.code, conversations: largest.messages },
    runs,
    search,
    dashboard: {
      query: DASHBOARD.query,
      days: 30,
      matches: first.total,
      ...(dashboardTimes.dashboard as object),
      baseline_bare_fulltext_count: dashboardTimes.baseline,
      ratio_p95: round(
        (dashboardTimes.dashboard as { p95_ms: number }).p95_ms / Math.max(dashboardBase.p95_ms, 0.1),
      ),
      goal_p95_ms: 200,
    },
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
