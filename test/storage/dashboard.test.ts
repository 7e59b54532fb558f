/**
 * A search's dashboard on both engines, against the same figures worked out independently from
 * the demo's messages in plain TypeScript: totals of the period and the one before, volume per
 * Dutch-time bucket (hour, day, week), platforms, kinds, top authors, mentions and hashtags,
 * sentiment in all and per bucket, and a tag cloud without stop words, links, mentions or tags.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoSource } from '../../src/demo/generator.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { bucketUnit, computeDashboard, type Ranked, TOP } from '../../src/search/dashboard.ts';
import { parseQuery } from '../../src/search/query/index.ts';
import { searchMessages } from '../../src/search/search.ts';
import { tagCloud } from '../../src/search/tagCloud.ts';
import { stopwords } from '../../src/sentiment/lexicon.ts';
import { describeOnEngines } from '../support/engines.ts';

const QUERY = 'afval* OR container* OR #afval';
const DAY = 86_400_000;

/** The local (Europe/Amsterdam) start of the hour, day or ISO week of `at`, as the dashboard writes it. */
function localBucket(at: Date, unit: 'hour' | 'day' | 'week'): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Amsterdam',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  if (unit === 'hour') return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:00`;
  const day = new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day)));
  if (unit === 'week') day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return `${day.toISOString().slice(0, 10)}T00:00`;
}

function ranked(keys: string[], limit = Infinity): Ranked[] {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, limit);
}

describeOnEngines('a search dashboard', (db) => {
  test('every figure equals the one worked out from the messages themselves', async () => {
    await ingest(db(), demoSource({ size: 4000, seed: 3 }), {
      sourceKind: 'demo',
      source: 'demo size=4000 seed=3',
      sourceSha256: null,
    });
    const [org] = await db().query<{ id: number }>(
      `SELECT o.id FROM organisations o JOIN accounts a ON a.organisation_id = o.id
       GROUP BY o.id ORDER BY count(*) DESC, o.id LIMIT 1`,
    );
    const organisationId = Number(org?.id);
    const parsed = parseQuery(QUERY);
    assert.ok(parsed.ok);
    // Every match of the organisation, from search (tested on its own), is the independent input.
    const all = await searchMessages(db(), parsed.query, { organisationId }, { limit: 100_000 });
    assert.ok(all.total > 40, `matches: ${all.total}`);
    const newest = all.messages[0]?.createdAt.getTime() ?? 0;

    for (const days of [2, 30, 200]) {
      const to = new Date(Math.ceil(newest / DAY) * DAY);
      const period = { from: new Date(to.getTime() - days * DAY), to };
      const dashboard = await computeDashboard(db(), parsed.query, { organisationId, period });
      const unit = bucketUnit(period);
      assert.equal(dashboard.unit, days <= 3 ? 'hour' : days <= 92 ? 'day' : 'week');
      const inPeriod = all.messages.filter((m) => m.createdAt >= period.from && m.createdAt < period.to);
      const before = all.messages.filter(
        (m) => m.createdAt >= dashboard.previousPeriod.from && m.createdAt < period.from,
      );
      assert.equal(dashboard.total, inPeriod.length, `${days} days: total`);
      assert.ok(dashboard.total > 0, `${days} days: something to count`);
      if (days === 200) assert.ok(dashboard.previousTotal > 0, 'something in the period before');
      assert.equal(dashboard.previousTotal, before.length, `${days} days: the period before`);

      // Volume: every bucket of the period, in order, with the current and the shifted previous counts.
      const span = period.to.getTime() - period.from.getTime();
      const current = ranked(inPeriod.map((m) => localBucket(m.createdAt, unit)));
      const previous = ranked(before.map((m) => localBucket(new Date(m.createdAt.getTime() + span), unit)));
      const starts = dashboard.volume.map((v) => v.start);
      assert.deepEqual(starts, [...starts].sort(), 'buckets in order');
      assert.equal(new Set(starts).size, starts.length, 'each bucket once');
      for (const { key, count } of current) {
        assert.equal(
          dashboard.volume.find((v) => v.start === key)?.count,
          count,
          `${days} days: bucket ${key}`,
        );
      }
      for (const { key, count } of previous) {
        const bucket = dashboard.volume.find((v) => v.start === key);
        if (bucket) assert.equal(bucket.previous, count, `${days} days: previous bucket ${key}`);
      }
      assert.equal(
        dashboard.volume.reduce((a, v) => a + v.count, 0),
        inPeriod.length,
      );

      assert.deepEqual(dashboard.platforms, ranked(inPeriod.map((m) => m.platform)));
      assert.deepEqual(dashboard.kinds, ranked(inPeriod.map((m) => m.kind)));
      assert.deepEqual(
        dashboard.authors.map(({ key, count }) => ({ key, count })),
        ranked(
          inPeriod.map((m) => m.authorHandle ?? m.authorId),
          TOP,
        ),
      );
      assert.deepEqual(
        dashboard.mentions,
        ranked(
          inPeriod.flatMap((m) => m.mentions),
          TOP,
        ),
      );
      assert.deepEqual(
        dashboard.hashtags,
        ranked(
          inPeriod.flatMap((m) => m.hashtags),
          TOP,
        ),
      );
      const sentiments = ranked(inPeriod.map((m) => m.sentiment ?? 'none'));
      for (const label of ['positive', 'neutral', 'negative'] as const) {
        const expected = sentiments.find((s) => s.key === label)?.count ?? 0;
        assert.equal(dashboard.sentiment[label], expected, `${days} days: ${label}`);
        assert.equal(
          dashboard.volume.reduce((a, v) => a + v.sentiment[label], 0),
          expected,
        );
      }
      assert.deepEqual(dashboard.tagCloud, tagCloud(inPeriod.slice(0, 2000).map((m) => m.text)));
      assert.equal(dashboard.tagCloudOf, Math.min(inPeriod.length, 2000));
    }
  });
});

test('the tag cloud: words without stop words, links, mentions, hashtags, numbers or short words', () => {
  const cloud = tagCloud([
    'De container aan de Dorpsstraat is weer niet geleegd! https://example.nl/melding @gemeente #afval',
    'Container vol, 3e keer 2025. Wanneer wordt de CONTAINER geleegd?',
    '<script>alert(1)</script> container',
  ]);
  assert.deepEqual(cloud.slice(0, 2), [
    { word: 'container', count: 4 },
    { word: 'geleegd', count: 2 },
  ]);
  const words = cloud.map((w) => w.word);
  for (const gone of ['de', 'aan', 'niet', 'gemeente', 'afval', 'https', 'example', '2025', '3e', 'is']) {
    assert.ok(!words.includes(gone), gone);
  }
  assert.ok(words.includes('script'), 'markup is only words');
  for (const w of words) assert.ok(!stopwords.has(w) && w.length >= 3, w);
});
