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
  account,
  accountOf,
  assertFigures,
  expected,
  FROM,
  importLines,
  type Line,
  MARCH,
  msg,
  NOTHING,
  org,
  plus,
  snapshot,
  TO,
} from '../support/yardstickFixtures.ts';

// ---------------------------------------------------------------------------------------------
// Store 1: per-account cases.
// ---------------------------------------------------------------------------------------------

/** Sending: replies, reposts, broadcasts, threads, quotes, unknown parents, repost counts. */
function sendingCase(): Line[] {
  const p = 'send';
  const A = 'a1';
  const B = 'a2';
  const d = '2025-03-10T';
  return [
    account(p, A, 'Send_A'),
    account(p, B, 'Send_B'),
    // Before the period: counts for nothing (not even its 100 reposts).
    msg({ platform: p, id: 's0', author: A, at: '2025-02-15T09:00:00Z', reposts: 100 }),
    msg({ platform: p, id: 'u1m', author: 'u1', at: `${d}08:00:00Z`, text: 'Een bericht van u1' }),
    msg({ platform: p, id: 's1', author: A, at: `${d}09:00:00Z`, reposts: 4 }), // post: broadcast
    msg({ platform: p, id: 's2', author: A, at: `${d}09:10:00Z`, reposts: 2 }), // post: broadcast
    msg({ platform: p, id: 's3', author: A, at: `${d}09:20:00Z`, replyTo: 'u1m', reposts: 0 }), // reply
    msg({
      platform: p,
      id: 's4',
      author: A,
      at: `${d}09:30:00Z`,
      kind: 'repost',
      repostOf: 'u1m',
      text: 'repost',
      reposts: 7, // a repost: its count is not the account's
    }),
    msg({
      platform: p,
      id: 's5',
      author: A,
      at: `${d}09:40:00Z`,
      kind: 'quote',
      quoteOf: 'u1m',
      text: 'Goed punt, zie hieronder',
      reposts: 3,
    }), // quote with own text: broadcast
    msg({ platform: p, id: 's6', author: A, at: `${d}09:50:00Z`, replyTo: 's1' }), // thread: broadcast, no count
    msg({ platform: p, id: 's7', author: A, at: `${d}10:00:00Z`, replyTo: 'gone-1', reposts: 1 }), // unknown author: reply
    msg({
      platform: p,
      id: 's8',
      author: A,
      at: `${d}10:10:00Z`,
      replyTo: { id: 'gone-2', authorId: A },
      reposts: 0,
    }), // missing parent named as A's own: thread, broadcast
    msg({ platform: p, id: 's9', author: A, at: `${d}10:20:00Z`, replyTo: { id: 'gone-3', authorId: 'u9' } }), // reply
    msg({
      platform: p,
      id: 's10',
      author: A,
      at: `${d}10:30:00Z`,
      kind: 'quote',
      quoteOf: 'u1m',
      replyTo: 'u1m',
      text: 'Citaat en antwoord',
      reposts: 5,
    }), // a quote that replies to someone else: reply
    // Send_B: the platform gives no repost counts for its own messages.
    msg({ platform: p, id: 't1', author: B, at: `${d}11:00:00Z` }),
    msg({ platform: p, id: 't2', author: B, at: `${d}11:10:00Z` }),
    msg({
      platform: p,
      id: 't3',
      author: B,
      at: `${d}11:20:00Z`,
      kind: 'repost',
      repostOf: 'u1m',
      text: 'repost',
      reposts: 9,
    }),
  ];
}

/** Inbound: mentions at word boundaries, structured mentions, DMs, comments, missing parents. */
function mentionsCase(): Line[] {
  const p = 'ment';
  const A = 'm1'; // Gemeente_X
  const B = 'm2'; // Gemeente_XY
  const d = '2025-03-11T';
  return [
    account(p, A, 'Gemeente_X'),
    account(p, B, 'Gemeente_XY'),
    msg({ platform: p, id: 'i9', author: A, at: `${d}08:00:00Z`, text: 'Werkzaamheden, zie @Gemeente_X' }), // A mentions itself: not inbound
    msg({ platform: p, id: 'i1', author: 'c1', at: `${d}09:00:00Z`, text: "Vraag aan @Gemeente_X's balie" }), // in
    msg({ platform: p, id: 'i2', author: 'c1', at: `${d}09:05:00Z`, text: 'Mail naar info@gemeente_x.nl' }), // out
    msg({ platform: p, id: 'i3', author: 'c2', at: `${d}09:10:00Z`, text: '@GEMEENTE_X hallo?' }), // in
    msg({ platform: p, id: 'i4', author: 'c3', at: `${d}09:15:00Z`, text: 'hoi @Gemeente_XY' }), // B, not A
    msg({ platform: p, id: 'i5', author: 'c3', at: `${d}09:20:00Z`, text: '(via @gemeente_x)' }), // in
    msg({
      platform: p,
      id: 'i7',
      author: 'c4',
      at: `${d}09:25:00Z`,
      text: '@Gemeente_X bedankt',
      mentions: [],
    }), // the platform says: no mentions; out
    msg({
      platform: p,
      id: 'i8',
      author: 'c4',
      at: `${d}09:30:00Z`,
      text: 'geen handle in de tekst',
      mentions: ['@GEMEENTE_x'],
    }), // the platform says: mentions A; in
    msg({
      platform: p,
      id: 'i10',
      author: 'c2',
      at: `${d}09:35:00Z`,
      kind: 'dm',
      recipient: A,
      text: 'hallo',
    }), // in, answered after 600 s
    msg({
      platform: p,
      id: 'd1',
      author: A,
      at: `${d}09:45:00Z`,
      kind: 'dm',
      recipient: 'c2',
      replyTo: 'i10',
      text: 'hallo terug',
    }),
    msg({
      platform: p,
      id: 'i11',
      author: 'c5',
      at: `${d}09:50:00Z`,
      kind: 'comment',
      recipient: A,
      text: 'opmerking',
    }), // in
    msg({
      platform: p,
      id: 'i12',
      author: 'c5',
      at: `${d}09:55:00Z`,
      kind: 'dm',
      recipient: B,
      text: 'hallo XY',
    }), // B, not A
    msg({
      platform: p,
      id: 'i13',
      author: 'c6',
      at: `${d}10:00:00Z`,
      replyTo: 'i9',
      text: '@Gemeente_X klopt dat?',
    }), // in (once, though reply and mention)
    msg({ platform: p, id: 'i14', author: 'c6', at: `${d}10:05:00Z`, replyTo: 'i1', text: 'eens' }), // out
    msg({ platform: p, id: 'i17', author: B, at: `${d}10:10:00Z`, text: '@Gemeente_X groet van de buren' }), // in
    msg({
      platform: p,
      id: 'i18',
      author: 'c7',
      at: `${d}10:15:00Z`,
      replyTo: { id: 'gone-m1', authorId: A },
      text: 'antwoord op een verwijderd bericht',
    }), // in: the missing parent was A's
    msg({
      platform: p,
      id: 'i19',
      author: 'c7',
      at: `${d}10:20:00Z`,
      replyTo: 'gone-x',
      text: 'antwoord op iets onbekends',
    }), // out
  ];
}

/** Answers: earliest reply, replies dated before the question, answers after the period, threads. */
function responsesCase(): Line[] {
  const p = 'resp';
  const A = 'r1';
  return [
    account(p, A, 'Resp_A'),
    msg({ platform: p, id: 'p1', author: A, at: '2025-03-05T07:00:00Z' }),
    msg({ platform: p, id: 'p1b', author: A, at: '2025-03-05T07:05:00Z', replyTo: 'p1' }), // thread
    msg({ platform: p, id: 'q4', author: 'c4', at: '2025-03-05T08:00:00Z', replyTo: 'p1', text: 'wanneer?' }),
    msg({ platform: p, id: 'a4', author: A, at: '2025-03-05T08:00:00Z', replyTo: 'q4' }), // 0 s
    msg({ platform: p, id: 'q5', author: 'c5', at: '2025-03-06T09:00:00Z', text: '@Resp_A nog een vraag' }),
    msg({ platform: p, id: 'q1', author: 'c1', at: '2025-03-10T10:00:00Z', text: '@Resp_A vraag 1' }),
    msg({ platform: p, id: 'a1a', author: A, at: '2025-03-10T11:00:00Z', replyTo: 'q1' }), // 3600 s
    msg({ platform: p, id: 'a1b', author: A, at: '2025-03-10T10:30:00Z', replyTo: 'q1' }), // 1800 s: earliest
    msg({ platform: p, id: 'a1c', author: A, at: '2025-03-10T09:55:00Z', replyTo: 'q1' }), // before q1: anomaly
    msg({ platform: p, id: 'q2', author: 'c2', at: '2025-03-20T12:00:00Z', text: '@Resp_A vraag 2' }),
    msg({ platform: p, id: 'a2', author: A, at: '2025-03-20T11:00:00Z', replyTo: 'q2' }), // anomaly only
    msg({
      platform: p,
      id: 'q3',
      author: 'c3',
      at: '2025-03-31T23:00:00Z',
      text: '@Resp_A laat op de avond',
    }),
    msg({ platform: p, id: 'a3', author: A, at: '2025-04-02T23:00:00Z', replyTo: 'q3' }), // after `to`: 172800 s
  ];
}

/** Half-open bounds: exactly at `from` is in, exactly at `to` is out. */
function boundsCase(): Line[] {
  const p = 'bounds';
  const A = 'b1';
  return [
    account(p, A, 'Bound_A'),
    msg({ platform: p, id: 'e1', author: A, at: '2025-02-28T23:59:59.999Z' }),
    msg({ platform: p, id: 'e2', author: A, at: '2025-03-01T00:00:00.000Z' }),
    msg({ platform: p, id: 'e3', author: A, at: '2025-03-31T23:59:59.999Z' }),
    msg({ platform: p, id: 'e4', author: A, at: '2025-04-01T00:00:00.000Z' }),
    msg({
      platform: p,
      id: 'f0',
      author: 'c1',
      at: '2025-02-28T23:59:59.999Z',
      text: '@Bound_A net te vroeg',
    }),
    msg({
      platform: p,
      id: 'f1',
      author: 'c1',
      at: '2025-03-01T00:00:00.000Z',
      text: '@Bound_A precies op tijd',
    }),
    msg({
      platform: p,
      id: 'f2',
      author: 'c1',
      at: '2025-04-01T00:00:00.000Z',
      text: '@Bound_A net te laat',
    }),
    msg({ platform: p, id: 'f2r', author: A, at: '2025-04-01T00:10:00.000Z', replyTo: 'f2' }), // 600 s
  ];
}

/** Inbound messages mentioning `handle`, each answered by `author` after the given seconds. */
function answeredAfter(p: string, author: string, handle: string, start: string, seconds: number[]): Line[] {
  return seconds.flatMap((s, i) => {
    const at = plus(start, (i + 1) * 3600);
    return [
      msg({
        platform: p,
        id: `${author}-q${i + 1}`,
        author: `c${i + 1}`,
        at,
        text: `@${handle} vraag ${i + 1}`,
      }),
      msg({
        platform: p,
        id: `${author}-r${i + 1}`,
        author,
        at: plus(at, s),
        replyTo: `${author}-q${i + 1}`,
      }),
    ];
  });
}

/** Medians, nearest-rank p90, bucket edges. */
function statsCase(): Line[] {
  const p = 'stats';
  // 70 response times: 60 s, 120 s, …, 4140 s (k × 60 for k = 1..69), then 100000 s.
  const seventy = [...Array.from({ length: 69 }, (_, k) => (k + 1) * 60), 100_000];
  return [
    account(p, 'st1', 'Stats_Even'),
    account(p, 'st2', 'Stats_P90'),
    account(p, 'st3', 'Stats_Buckets'),
    ...answeredAfter(p, 'st1', 'Stats_Even', '2025-03-03T00:00:00Z', [1000, 100, 400, 200]),
    ...answeredAfter(p, 'st2', 'Stats_P90', '2025-03-02T00:00:00Z', seventy),
    ...answeredAfter(
      p,
      'st3',
      'Stats_Buckets',
      '2025-03-10T00:00:00Z',
      [172_800, 0, 1199, 1200, 3600, 7200, 14_400, 28_800, 86_400, 172_799],
    ),
  ];
}

/** Audience: snapshots at and around the bounds, growth, population. */
function audienceCase(): Line[] {
  const p = 'aud';
  return [
    org('GM-AUD', 'Audstad', 'gemeente', { '2025': 40_000 }),
    account(p, 'au1', 'Aud_A', 'GM-AUD'),
    account(p, 'au2', 'Aud_Zero'),
    account('empty', 'e1', 'Empty_A'),
    snapshot(p, 'au1', '2025-02-01T00:00:00Z', 900, 10),
    snapshot(p, 'au1', '2025-03-01T00:00:00Z', 1000, 20), // exactly at from
    snapshot(p, 'au1', '2025-03-15T00:00:00Z', 1100, 25),
    snapshot(p, 'au1', '2025-04-01T00:00:00Z', 1200, 30), // exactly at to: "at or before"
    snapshot(p, 'au1', '2025-05-01T00:00:00Z', 1500, 40),
    snapshot(p, 'au2', '2025-02-15T00:00:00Z', 0, 5),
    snapshot(p, 'au2', '2025-03-20T00:00:00Z', 50, 6),
  ];
}

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
