/**
 * One small hand-built case per rule of ../shared/METRICS.md (as docs/yardstick.md reads it) and
 * per edge of the per-account figures, on both engines. The fixtures go through the real `ndjson`
 * importer; every expected figure is a literal worked out by hand, the arithmetic in a comment
 * beside it. Each case is on a platform of its own, so they cannot meet. Organisations, classes
 * and totals: yardstick-pooling.test.ts.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Db } from '../../src/store/db.ts';
import { computeYardstick } from '../../src/yardstick/engine.ts';
import type { Yardstick } from '../../src/yardstick/figures.ts';
import { describeOnEngines } from '../support/engines.ts';
import {
  accountOf,
  assertFigures,
  expected,
  FROM,
  importLines,
  MARCH,
  NOTHING,
  TO,
} from '../support/yardstickFixtures.ts';
import {
  audienceCase,
  boundsCase,
  mentionsCase,
  responsesCase,
  sendingCase,
  statsCase,
} from '../support/yardstickRuleCases.ts';

describeOnEngines('yardstick rules: per-account figures', (db: () => Db) => {
  let march: Yardstick;
  before(async () => {
    await importLines(db(), [
      ...sendingCase(),
      ...mentionsCase(),
      ...responsesCase(),
      ...boundsCase(),
      ...statsCase(),
      ...audienceCase(),
    ]);
    march = await computeYardstick(db(), MARCH);
  });

  test('the period is echoed as given', () => {
    assert.equal(march.period.from && new Date(march.period.from).toISOString(), FROM);
    assert.equal(march.period.to && new Date(march.period.to).toISOString(), TO);
  });

  test('sending: replies, reposts, quotes, threads, unknown parents, reposts_per_message', () => {
    const a = accountOf(march, 'send', 'Send_A');
    assert.equal(a.organisation, null); // no organisation: still listed
    // s1..s10 in March (s0 is February). reply: s3, s7, s9, s10 = 4; repost: s4 = 1;
    // broadcast: s1, s2, s5 (quote), s6 (thread), s8 (thread on a missing own message) = 5.
    // reposts_per_message: non-reposts with a count: s1 4 + s2 2 + s3 0 + s5 3 + s7 1 + s8 0 + s10 5
    // = 15 over 7 messages (s6, s9 have no count; s4 is a repost).
    assertFigures(
      a,
      expected({
        sent: 10,
        reply: 4,
        repost: 1,
        broadcast: 5,
        reply_pct: 40, // 4/10
        repost_pct: 10, // 1/10
        broadcast_pct: 50, // 5/10
        reposts_per_message: 15 / 7, // 2.142857…
      }),
      'Send_A',
    );
    // Send_B: t1, t2 broadcasts, t3 a repost (its count of 9 does not count): no counts → null.
    assertFigures(
      accountOf(march, 'send', 'Send_B'),
      expected({
        sent: 3,
        repost: 1,
        broadcast: 2,
        reply_pct: 0,
        repost_pct: 100 / 3, // 1/3
        broadcast_pct: 200 / 3, // 2/3
      }),
      'Send_B',
    );
  });

  test('inbound: mentions at word boundaries, platform mentions, DMs, comments, own mentions', () => {
    // Inbound to Gemeente_X: i1 (@Gemeente_X's), i3 (upper case, start of text), i5 (after "("),
    // i8 (platform mention), i10 (dm), i11 (comment), i13 (reply to i9 + mention, once),
    // i17 (another account's mention), i18 (reply to a missing message named as A's) = 9.
    // Not: i2 (info@…), i4 (@Gemeente_XY), i7 (platform says no mentions), i9 (A itself),
    // i12 (dm to B), i14 (reply to c1), i19 (missing parent of unknown author).
    // Answered: i10 by d1 after 09:45 − 09:35 = 600 s.
    assertFigures(
      accountOf(march, 'ment', 'Gemeente_X'),
      expected({
        sent: 2, // i9 (broadcast), d1 (reply to c2's dm)
        reply: 1,
        broadcast: 1,
        reply_pct: 50,
        repost_pct: 0,
        broadcast_pct: 50,
        inbound: 9,
        answered: 1,
        response_rate: 100 / 9, // 1/9 × 100
        mean_first_response_s: 600,
        median_first_response_s: 600,
        p90_first_response_s: 600,
        buckets: [100, 0, 0, 0, 0, 0, 0, 0],
      }),
      'Gemeente_X',
    );
    // Gemeente_XY: sent i17; inbound i4 (@Gemeente_XY) and i12 (dm), neither answered: rate 0, not null.
    assertFigures(
      accountOf(march, 'ment', 'Gemeente_XY'),
      expected({
        sent: 1,
        broadcast: 1,
        reply_pct: 0,
        repost_pct: 0,
        broadcast_pct: 100,
        inbound: 2,
        answered: 0,
        response_rate: 0,
      }),
      'Gemeente_XY',
    );
  });

  test('answers: the earliest reply counts, replies before the question are anomalies, answers after the period count', () => {
    // Sent in March: p1, p1b (thread), a4, a1a, a1b, a1c, a2 = 7 (a3 is in April);
    // reply: a4, a1a, a1b, a1c, a2 = 5 (anomalies are still sent replies); broadcast: p1, p1b = 2.
    // Inbound: q4 (reply to p1), q5, q1, q2, q3 = 5. Answered: q4 (0 s), q1 (earliest valid reply
    // a1b: 1800 s; a1c is an anomaly), q3 (a3 on 2 April: 48 h = 172800 s) = 3; q2 only has the
    // anomaly a2, so it is unanswered. Anomalies: a1c, a2 = 2.
    // Times [0, 1800, 172800]: mean 174600/3 = 58200, median 1800, p90 rank ceil(2.7) = 3 → 172800.
    // Buckets: 0 → [0,20m), 1800 → [20m,60m), 172800 → [48h,∞): a third each.
    assertFigures(
      accountOf(march, 'resp', 'Resp_A'),
      expected({
        sent: 7,
        reply: 5,
        broadcast: 2,
        reply_pct: 500 / 7,
        repost_pct: 0,
        broadcast_pct: 200 / 7,
        inbound: 5,
        answered: 3,
        response_rate: 60, // 3/5
        mean_first_response_s: 58_200,
        median_first_response_s: 1800,
        p90_first_response_s: 172_800,
        buckets: [100 / 3, 100 / 3, 0, 0, 0, 0, 0, 100 / 3],
        anomalies: 2,
      }),
      'Resp_A',
    );
  });

  test('half-open period: a message exactly at from is in, exactly at to is out', async () => {
    // March: e2 (at from) and e3 (a millisecond before to); e1 is before, e4 at to.
    // Inbound: f1 (at from), unanswered; f0 is before, f2 at to (its answer f2r does not count).
    assertFigures(
      accountOf(march, 'bounds', 'Bound_A'),
      expected({
        sent: 2,
        broadcast: 2,
        reply_pct: 0,
        repost_pct: 0,
        broadcast_pct: 100,
        inbound: 1,
        answered: 0,
        response_rate: 0,
      }),
      'Bound_A in March',
    );
    // All time: e1..e4 and f2r = 5 sent (f2r a reply); inbound f0, f1, f2 = 3, f2 answered in 600 s.
    const all = await computeYardstick(db(), { from: null, to: null });
    assert.deepEqual(all.period, { from: null, to: null });
    const answeredOnce = {
      answered: 1,
      mean_first_response_s: 600,
      median_first_response_s: 600,
      p90_first_response_s: 600,
      buckets: [100, 0, 0, 0, 0, 0, 0, 0],
    };
    assertFigures(
      accountOf(all, 'bounds', 'Bound_A'),
      expected({
        sent: 5,
        reply: 1,
        broadcast: 4,
        reply_pct: 20, // 1/5
        repost_pct: 0,
        broadcast_pct: 80, // 4/5
        inbound: 3,
        response_rate: 100 / 3, // 1/3
        ...answeredOnce,
      }),
      'Bound_A all time',
    );
    // Up to `to` only: e1, e2, e3; inbound f0, f1, unanswered.
    const untilTo = await computeYardstick(db(), { from: null, to: new Date(TO) });
    assertFigures(
      accountOf(untilTo, 'bounds', 'Bound_A'),
      expected({
        sent: 3,
        broadcast: 3,
        reply_pct: 0,
        repost_pct: 0,
        broadcast_pct: 100,
        inbound: 2,
        response_rate: 0,
      }),
      'Bound_A before to',
    );
    // From `from` on: e2, e3, e4, f2r = 4 (1 reply); inbound f1, f2 = 2, f2 answered.
    const fromOn = await computeYardstick(db(), { from: new Date(FROM), to: null });
    assertFigures(
      accountOf(fromOn, 'bounds', 'Bound_A'),
      expected({
        sent: 4,
        reply: 1,
        broadcast: 3,
        reply_pct: 25,
        repost_pct: 0,
        broadcast_pct: 75,
        inbound: 2,
        response_rate: 50,
        ...answeredOnce,
      }),
      'Bound_A from from',
    );
  });

  test('medians: an even count takes the mean of the two middle values', () => {
    // Times [100, 200, 400, 1000]: mean 1700/4 = 425, median (200 + 400)/2 = 300,
    // p90 rank ceil(3.6) = 4 → 1000; all under 20 minutes.
    assertFigures(
      accountOf(march, 'stats', 'Stats_Even'),
      expected({
        sent: 4,
        reply: 4,
        reply_pct: 100,
        repost_pct: 0,
        broadcast_pct: 0,
        inbound: 4,
        answered: 4,
        response_rate: 100,
        mean_first_response_s: 425,
        median_first_response_s: 300,
        p90_first_response_s: 1000,
        buckets: [100, 0, 0, 0, 0, 0, 0, 0],
      }),
      'Stats_Even',
    );
  });

  test('p90 is nearest-rank in whole numbers: n = 70 takes rank 63, not 64', () => {
    // Times 60k s for k = 1..69, then 100000 s. Rank ceil(9 × 70 / 10) = 63 → 63 × 60 = 3780
    // (floating point 0.9 × 70 = 63.00000000000001 would give rank 64 → 3840).
    // Median: (35 × 60 + 36 × 60)/2 = (2100 + 2160)/2 = 2130.
    // Mean: (60 × 69 × 70/2 + 100000)/70 = (144900 + 100000)/70 = 244900/70 = 3498.571…
    // Buckets: k = 1..19 under 1200 s (19), k = 20..59 in [20m,60m) (40), k = 60..69 in [1h,2h)
    // (10), 100000 s (27.8 h) in [24h,48h) (1); each / 70 × 100.
    assertFigures(
      accountOf(march, 'stats', 'Stats_P90'),
      expected({
        sent: 70,
        reply: 70,
        reply_pct: 100,
        repost_pct: 0,
        broadcast_pct: 0,
        inbound: 70,
        answered: 70,
        response_rate: 100,
        mean_first_response_s: 244_900 / 70,
        median_first_response_s: 2130,
        p90_first_response_s: 3780,
        buckets: [1900 / 70, 4000 / 70, 1000 / 70, 0, 0, 0, 100 / 70, 0],
      }),
      'Stats_P90',
    );
  });

  test('durations exactly on a bucket edge fall in the bucket that starts there', () => {
    // Times 172800, 0, 1199, 1200, 3600, 7200, 14400, 28800, 86400, 172799 (n = 10):
    // [0,20m): 0, 1199 (2); [20m,60m): 1200; [1h,2h): 3600; [2h,4h): 7200; [4h,8h): 14400;
    // [8h,24h): 28800; [24h,48h): 86400, 172799 (2); [48h,∞): 172800 → 20,10,10,10,10,10,20,10 %.
    // Sum 488398 → mean 48839.8; sorted middle pair 7200, 14400 → median 10800;
    // p90 rank ceil(9) = 9 → 172799.
    assertFigures(
      accountOf(march, 'stats', 'Stats_Buckets'),
      expected({
        sent: 10,
        reply: 10,
        reply_pct: 100,
        repost_pct: 0,
        broadcast_pct: 0,
        inbound: 10,
        answered: 10,
        response_rate: 100,
        mean_first_response_s: 48_839.8,
        median_first_response_s: 10_800,
        p90_first_response_s: 172_799,
        buckets: [20, 10, 10, 10, 10, 10, 20, 10],
      }),
      'Stats_Buckets',
    );
  });

  test('an empty account: counts 0, everything else null', () => {
    const e = accountOf(march, 'empty', 'Empty_A');
    assert.equal(e.organisation, null);
    assertFigures(e, NOTHING, 'Empty_A');
  });

  test('audience: latest snapshot at or before to, growth against the latest at or before from', async () => {
    // March: followers at 1 April (at to) 1200, following 30; at from (1 March) 1000:
    // growth 200, 200/1000 = 20 %; 1200 / 40000 × 1000 = 30 per 1000 inhabitants.
    const a = accountOf(march, 'aud', 'Aud_A');
    assert.deepEqual(a.organisation, { code: 'GM-AUD', name: 'Audstad', kind: 'gemeente', class: 'klein' });
    assertFigures(
      a,
      expected({
        followers: 1200,
        following: 30,
        followers_growth: 200,
        followers_growth_pct: 20,
        followers_per_1000_inhabitants: 30,
      }),
      'Aud_A in March',
    );
    // Aud_Zero: 0 → 50 followers: growth 50, growth % null (starting figure 0); no organisation.
    assertFigures(
      accountOf(march, 'aud', 'Aud_Zero'),
      expected({ followers: 50, following: 6, followers_growth: 50 }),
      'Aud_Zero in March',
    );
    // Without from: no growth.
    const untilTo = await computeYardstick(db(), { from: null, to: new Date(TO) });
    assertFigures(
      accountOf(untilTo, 'aud', 'Aud_A'),
      expected({ followers: 1200, following: 30, followers_per_1000_inhabitants: 30 }),
      'Aud_A without from',
    );
    // All time: the latest of all (1 May: 1500, 40); 1500 / 40000 × 1000 = 37.5.
    const all = await computeYardstick(db(), { from: null, to: null });
    assertFigures(
      accountOf(all, 'aud', 'Aud_A'),
      expected({ followers: 1500, following: 40, followers_per_1000_inhabitants: 37.5 }),
      'Aud_A all time',
    );
    // January: the snapshot at to (1 Feb: 900, 10); none at or before 1 Jan: no growth;
    // 900 / 40000 × 1000 = 22.5. Aud_Zero has no snapshot by 1 Feb: all null.
    const january = await computeYardstick(db(), {
      from: new Date('2025-01-01T00:00:00Z'),
      to: new Date('2025-02-01T00:00:00Z'),
    });
    assertFigures(
      accountOf(january, 'aud', 'Aud_A'),
      expected({ followers: 900, following: 10, followers_per_1000_inhabitants: 22.5 }),
      'Aud_A in January',
    );
    assertFigures(accountOf(january, 'aud', 'Aud_Zero'), NOTHING, 'Aud_Zero in January');
  });
});

// ---------------------------------------------------------------------------------------------
// Store 2: a small nation, to work out organisations, classes and totals completely.
// ---------------------------------------------------------------------------------------------
