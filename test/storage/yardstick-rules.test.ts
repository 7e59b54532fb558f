/**
 * One small hand-built case per rule of ../shared/METRICS.md (as docs/yardstick.md reads it) and
 * per edge, on both engines. The fixtures go through the real `ndjson` importer; every expected
 * figure is a literal worked out by hand, the arithmetic in a comment beside it.
 *
 * Two stores per engine: one with independent per-account cases (each on a platform of its own,
 * so they cannot meet), and one small national store in which organisations, classes and totals
 * can be worked out completely.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ComparisonClass } from '../../src/domain/organisation.ts';
import type { Db } from '../../src/store/db.ts';
import { computeYardstick } from '../../src/yardstick/engine.ts';
import type { AccountFigures, Period, Yardstick } from '../../src/yardstick/figures.ts';
import { describeOnEngines } from '../support/engines.ts';
import {
  account,
  assertFigures,
  expected,
  importLines,
  type Line,
  msg,
  NOTHING,
  org,
  plus,
  snapshot,
} from '../support/yardstickFixtures.ts';

const FROM = '2025-03-01T00:00:00.000Z';
const TO = '2025-04-01T00:00:00.000Z';
/** The period of most cases: March 2025, `[from, to)`. */
const MARCH: Period = { from: new Date(FROM), to: new Date(TO) };

function accountOf(y: Yardstick, platform: string, handle: string): AccountFigures {
  const found = y.accounts.filter(
    (a) => a.platform === platform && a.handle.toLowerCase() === handle.toLowerCase(),
  );
  assert.equal(found.length, 1, `account ${platform}/${handle} appears once in the yardstick`);
  return found[0] as AccountFigures;
}

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

function nation(): Line[] {
  const d = '2025-03-12T';
  const e = '2025-03-13T';
  return [
    org('GM0001', 'Klein-1', 'gemeente', { '2025': 49_999 }),
    org('GM0002', 'Middel-1', 'gemeente', { '2025': 50_000 }),
    org('GM0003', 'Middel-2', 'gemeente', { '2024': 120_000, '2025': 100_000, '2026': 40_000 }),
    org('GM0004', 'Groot-1', 'gemeente', { '2025': 100_001 }),
    org('PV01', 'Provincie-1', 'provincie'),
    account('x', 'k1', 'Middel1_X', 'GM0002'),
    account('mastodon', 'k2', 'Middel1_M', 'GM0002'),
    account('x', 'm3', 'Middel2_X', 'GM0003'),
    account('x', 'l1', 'Klein_X', 'GM0001'),
    account('x', 'g1', 'Groot_X', 'GM0004'),
    account('x', 'p1', 'Prov_X', 'PV01'),
    account('x', 'n1', 'Los_X'),
    snapshot('x', 'k1', '2025-02-01T00:00:00Z', 300, 5),
    snapshot('x', 'k1', '2025-03-31T00:00:00Z', 400, 5),
    snapshot('mastodon', 'k2', '2025-03-10T00:00:00Z', 100, 7),
    snapshot('x', 'm3', '2025-03-10T00:00:00Z', 600, 0),
    snapshot('x', 'l1', '2025-03-01T00:00:00Z', 100, 1),
    snapshot('x', 'l1', '2025-03-20T00:00:00Z', 150, 1),
    snapshot('x', 'g1', '2025-03-02T00:00:00Z', 10_000, 50),
    snapshot('x', 'n1', '2025-02-20T00:00:00Z', 20, 2),
    snapshot('x', 'n1', '2025-03-25T00:00:00Z', 40, 3),
    // Middel1_X: one answered in 100 s (reply with 1 repost), one unanswered.
    msg({ platform: 'x', id: 'k1q1', author: 'c1', at: `${d}09:00:00Z`, text: '@Middel1_X vraag' }),
    msg({ platform: 'x', id: 'k1r1', author: 'k1', at: `${d}09:01:40Z`, replyTo: 'k1q1', reposts: 1 }),
    msg({ platform: 'x', id: 'k1q2', author: 'c2', at: `${d}10:00:00Z`, text: '@Middel1_X nog een' }),
    // Middel1_M: a post (5 reposts), three answered in 200, 300, 10000 s (reposts 0, 0, 1).
    msg({ platform: 'mastodon', id: 'k2p', author: 'k2', at: `${d}08:00:00Z`, reposts: 5 }),
    msg({ platform: 'mastodon', id: 'k2q1', author: 'c1', at: `${d}09:00:00Z`, text: '@Middel1_M vraag' }),
    msg({ platform: 'mastodon', id: 'k2r1', author: 'k2', at: `${d}09:03:20Z`, replyTo: 'k2q1', reposts: 0 }),
    msg({ platform: 'mastodon', id: 'k2q2', author: 'c2', at: `${d}10:00:00Z`, text: '@Middel1_M twee' }),
    msg({ platform: 'mastodon', id: 'k2r2', author: 'k2', at: `${d}10:05:00Z`, replyTo: 'k2q2', reposts: 0 }),
    msg({ platform: 'mastodon', id: 'k2q3', author: 'c3', at: `${d}11:00:00Z`, text: '@Middel1_M drie' }),
    msg({ platform: 'mastodon', id: 'k2r3', author: 'k2', at: `${d}13:46:40Z`, replyTo: 'k2q3', reposts: 1 }),
    // Klein_X: two posts (2 and 4 reposts), one answered in 600 s (reply with 0 reposts).
    msg({ platform: 'x', id: 'l1p1', author: 'l1', at: `${d}08:00:00Z`, reposts: 2 }),
    msg({ platform: 'x', id: 'l1p2', author: 'l1', at: `${d}08:30:00Z`, reposts: 4 }),
    msg({ platform: 'x', id: 'l1q', author: 'c4', at: `${d}09:00:00Z`, text: '@Klein_X vraag' }),
    msg({ platform: 'x', id: 'l1r', author: 'l1', at: `${d}09:10:00Z`, replyTo: 'l1q', reposts: 0 }),
    // Groot_X: one repost (its count does not count).
    msg({
      platform: 'x',
      id: 'g1rt',
      author: 'g1',
      at: `${d}12:00:00Z`,
      kind: 'repost',
      repostOf: 'l1p1',
      text: 'repost',
      reposts: 3,
    }),
    // Prov_X: a post, and a reply dated before the question (anomaly; the question is unanswered).
    msg({ platform: 'x', id: 'p1p', author: 'p1', at: `${e}08:00:00Z` }),
    msg({ platform: 'x', id: 'p1q', author: 'c5', at: `${e}09:00:00Z`, text: '@Prov_X vraag' }),
    msg({ platform: 'x', id: 'p1r', author: 'p1', at: `${e}08:30:00Z`, replyTo: 'p1q' }),
    // Los_X (no organisation): a post (10 reposts), one answered in 5000 s.
    msg({ platform: 'x', id: 'n1p', author: 'n1', at: `${e}08:00:00Z`, reposts: 10 }),
    msg({ platform: 'x', id: 'n1q', author: 'c6', at: `${e}09:00:00Z`, text: '@Los_X vraag' }),
    msg({ platform: 'x', id: 'n1r', author: 'n1', at: `${e}10:23:20Z`, replyTo: 'n1q' }),
  ];
}

const ONE_UNDER_20M = [100, 0, 0, 0, 0, 0, 0, 0];

/** Per-account figures of the nation in March, by hand. */
const K1 = expected({
  sent: 1,
  reply: 1,
  reply_pct: 100,
  repost_pct: 0,
  broadcast_pct: 0,
  reposts_per_message: 1, // 1/1
  inbound: 2,
  answered: 1,
  response_rate: 50,
  mean_first_response_s: 100,
  median_first_response_s: 100,
  p90_first_response_s: 100,
  buckets: ONE_UNDER_20M,
  followers: 400,
  following: 5,
  followers_growth: 100, // 400 − 300
  followers_growth_pct: 100 / 3, // 100/300
  followers_per_1000_inhabitants: 8, // 400 / 50000 × 1000
});
const K2 = expected({
  sent: 4,
  reply: 3,
  broadcast: 1,
  reply_pct: 75,
  repost_pct: 0,
  broadcast_pct: 25,
  reposts_per_message: 1.5, // (5 + 0 + 0 + 1)/4
  inbound: 3,
  answered: 3,
  response_rate: 100,
  mean_first_response_s: 3500, // (200 + 300 + 10000)/3
  median_first_response_s: 300,
  p90_first_response_s: 10_000, // rank ceil(2.7) = 3
  buckets: [200 / 3, 0, 0, 100 / 3, 0, 0, 0, 0], // 200, 300 < 20m; 10000 in [2h,4h)
  followers: 100,
  following: 7,
  followers_per_1000_inhabitants: 2, // 100 / 50000 × 1000; no snapshot by from: no growth
});
const M2 = expected({
  followers: 600,
  following: 0,
  followers_per_1000_inhabitants: 6, // 600 / 100000 × 1000
});
const L1 = expected({
  sent: 3,
  reply: 1,
  broadcast: 2,
  reply_pct: 100 / 3,
  repost_pct: 0,
  broadcast_pct: 200 / 3,
  reposts_per_message: 2, // (2 + 4 + 0)/3
  inbound: 1,
  answered: 1,
  response_rate: 100,
  mean_first_response_s: 600,
  median_first_response_s: 600,
  p90_first_response_s: 600,
  buckets: ONE_UNDER_20M,
  followers: 150,
  following: 1,
  followers_growth: 50, // 150 − 100 (the snapshot exactly at from)
  followers_growth_pct: 50, // 50/100
  followers_per_1000_inhabitants: 150_000 / 49_999, // 150 / 49999 × 1000 = 3.00006…
});
const G1 = expected({
  sent: 1,
  repost: 1,
  reply_pct: 0,
  repost_pct: 100,
  broadcast_pct: 0,
  followers: 10_000,
  following: 50,
  followers_per_1000_inhabitants: 10_000_000 / 100_001, // 10000 / 100001 × 1000 = 99.999…
});
const P1 = expected({
  sent: 2,
  reply: 1,
  broadcast: 1,
  reply_pct: 50,
  repost_pct: 0,
  broadcast_pct: 50,
  inbound: 1,
  answered: 0,
  response_rate: 0,
  anomalies: 1,
});
const N1 = expected({
  sent: 2,
  reply: 1,
  broadcast: 1,
  reply_pct: 50,
  repost_pct: 0,
  broadcast_pct: 50,
  reposts_per_message: 10, // 10/1 (the reply has no count)
  inbound: 1,
  answered: 1,
  response_rate: 100,
  mean_first_response_s: 5000,
  median_first_response_s: 5000,
  p90_first_response_s: 5000,
  buckets: [0, 0, 100, 0, 0, 0, 0, 0], // 5000 s in [1h,2h)
  followers: 40,
  following: 3,
  followers_growth: 20, // 40 − 20
  followers_growth_pct: 100, // 20/20
});

/** Middel-1 pools Middel1_X and Middel1_M. */
const MIDDEL_1 = expected({
  sent: 5, // 1 + 4
  reply: 4, // 1 + 3
  broadcast: 1,
  reply_pct: 80, // 4/5
  repost_pct: 0,
  broadcast_pct: 20,
  reposts_per_message: 1.4, // (1 + 6)/(1 + 4); the mean of 1 and 1.5 would be 1.25
  inbound: 5,
  answered: 4,
  response_rate: 80, // 4/5; the mean of 50 and 100 would be 75
  mean_first_response_s: 2650, // (100 + 200 + 300 + 10000)/4; the mean of means would be 1800
  median_first_response_s: 250, // (200 + 300)/2; the mean of medians would be 200
  p90_first_response_s: 10_000, // rank ceil(3.6) = 4
  buckets: [75, 0, 0, 25, 0, 0, 0, 0], // 3 of 4 under 20m, 1 in [2h,4h)
  followers: 500, // 400 + 100
  following: 12, // 5 + 7
  followers_growth: 100, // only Middel1_X has a snapshot by from
  followers_growth_pct: 100 / 3, // 100/300
  followers_per_1000_inhabitants: 10, // 500 / 50000 × 1000
});

/** The middelgroot class: the mean over Middel1_X, Middel1_M, Middel2_X, nulls left out. */
const MIDDELGROOT = expected({
  sent: 5 / 3, // (1 + 4 + 0)/3
  reply: 4 / 3, // (1 + 3 + 0)/3
  repost: 0,
  broadcast: 1 / 3, // (0 + 1 + 0)/3
  reply_pct: 87.5, // (100 + 75)/2
  repost_pct: 0,
  broadcast_pct: 12.5, // (0 + 25)/2
  reposts_per_message: 1.25, // (1 + 1.5)/2
  inbound: 5 / 3, // (2 + 3 + 0)/3
  answered: 4 / 3, // (1 + 3 + 0)/3
  response_rate: 75, // (50 + 100)/2
  mean_first_response_s: 1800, // (100 + 3500)/2
  median_first_response_s: 200, // (100 + 300)/2
  p90_first_response_s: 5050, // (100 + 10000)/2
  buckets: [250 / 3, 0, 0, 50 / 3, 0, 0, 0, 0], // ((100 + 200/3)/2, …, (0 + 100/3)/2, …)
  anomalies: 0,
  followers: 1100 / 3, // (400 + 100 + 600)/3
  following: 4, // (5 + 7 + 0)/3
  followers_growth: 100, // Middel1_X only
  followers_growth_pct: 100 / 3,
  followers_per_1000_inhabitants: 16 / 3, // (8 + 2 + 6)/3
});

/** National totals pool all seven accounts. */
const TOTALS = expected({
  sent: 13, // 1 + 4 + 0 + 3 + 1 + 2 + 2
  reply: 7, // 1 + 3 + 1 + 1 + 1
  repost: 1,
  broadcast: 5, // 1 + 2 + 1 + 1
  reply_pct: 700 / 13,
  repost_pct: 100 / 13,
  broadcast_pct: 500 / 13,
  reposts_per_message: 23 / 9, // (1 + 6 + 6 + 10)/(1 + 4 + 3 + 1)
  inbound: 8, // 2 + 3 + 1 + 1 + 1
  answered: 6, // 1 + 3 + 1 + 1
  response_rate: 75,
  mean_first_response_s: 2700, // (100 + 200 + 300 + 10000 + 600 + 5000)/6 = 16200/6
  median_first_response_s: 450, // [100, 200, 300, 600, 5000, 10000]: (300 + 600)/2
  p90_first_response_s: 10_000, // rank ceil(5.4) = 6
  buckets: [400 / 6, 0, 100 / 6, 100 / 6, 0, 0, 0, 0], // 4 under 20m, 5000 in [1h,2h), 10000 in [2h,4h)
  anomalies: 1,
  followers: 11_290, // 400 + 100 + 600 + 150 + 10000 + 40
  following: 66, // 5 + 7 + 0 + 1 + 50 + 3
  followers_growth: 170, // 100 + 50 + 20
  followers_growth_pct: 1700 / 42, // 170 / (300 + 100 + 20) × 100 = 40.476…
  // Organisations with a population: 150 + 500 + 600 + 10000 = 11250 followers over
  // 49999 + 50000 + 100000 + 100001 = 300000 inhabitants → 37.5 per 1000.
  followers_per_1000_inhabitants: 37.5,
});

describeOnEngines('yardstick rules: organisations, classes, totals', (db: () => Db) => {
  let march: Yardstick;
  before(async () => {
    await importLines(db(), nation());
    march = await computeYardstick(db(), MARCH);
  });

  test('per-account figures of the nation', () => {
    assert.deepEqual(march.accounts.map((a) => `${a.platform}/${a.handle}`).sort(), [
      'mastodon/Middel1_M',
      'x/Groot_X',
      'x/Klein_X',
      'x/Los_X',
      'x/Middel1_X',
      'x/Middel2_X',
      'x/Prov_X',
    ]);
    assertFigures(accountOf(march, 'x', 'Middel1_X'), K1, 'Middel1_X');
    assertFigures(accountOf(march, 'mastodon', 'Middel1_M'), K2, 'Middel1_M');
    assertFigures(accountOf(march, 'x', 'Middel2_X'), M2, 'Middel2_X');
    assertFigures(accountOf(march, 'x', 'Klein_X'), L1, 'Klein_X');
    assertFigures(accountOf(march, 'x', 'Groot_X'), G1, 'Groot_X');
    assertFigures(accountOf(march, 'x', 'Prov_X'), P1, 'Prov_X');
    const los = accountOf(march, 'x', 'Los_X');
    assert.equal(los.organisation, null);
    assertFigures(los, N1, 'Los_X');
  });

  test('classes by inhabitants: 49,999 klein; 50,000 and 100,000 middelgroot; 100,001 groot', () => {
    const refs = Object.fromEntries(
      march.organisations.map((o) => [
        o.code,
        { class: o.class, inhabitants: o.inhabitants, accounts: o.accounts },
      ]),
    );
    assert.deepEqual(refs, {
      GM0001: { class: 'klein', inhabitants: 49_999, accounts: 1 },
      GM0002: { class: 'middelgroot', inhabitants: 50_000, accounts: 2 },
      GM0003: { class: 'middelgroot', inhabitants: 100_000, accounts: 1 }, // 2025's figure
      GM0004: { class: 'groot', inhabitants: 100_001, accounts: 1 },
      PV01: { class: 'provincie', inhabitants: null, accounts: 1 },
    });
    assert.deepEqual(accountOf(march, 'x', 'Middel1_X').organisation, {
      code: 'GM0002',
      name: 'Middel-1',
      kind: 'gemeente',
      class: 'middelgroot',
    });
  });

  test("the class follows the period's year: without from, the year of the moment before to", async () => {
    // to = 1 January 2025: the year is 2024. GM0003 had 120000 then (groot); GM0001 has only a
    // 2025 figure, the earliest later one: 49999 (klein).
    const y2024 = await computeYardstick(db(), { from: null, to: new Date('2025-01-01T00:00:00Z') });
    const gm3 = y2024.organisations.find((o) => o.code === 'GM0003');
    const gm1 = y2024.organisations.find((o) => o.code === 'GM0001');
    assert.deepEqual([gm3?.class, gm3?.inhabitants], ['groot', 120_000]);
    assert.deepEqual([gm1?.class, gm1?.inhabitants], ['klein', 49_999]);
    // 2026: GM0003 has 40000 (klein).
    const y2026 = await computeYardstick(db(), {
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-02-01T00:00:00Z'),
    });
    const gm3b = y2026.organisations.find((o) => o.code === 'GM0003');
    assert.deepEqual([gm3b?.class, gm3b?.inhabitants], ['klein', 40_000]);
  });

  test('an organisation pools its accounts (not an average of averages)', () => {
    const byCode = new Map(march.organisations.map((o) => [o.code, o]));
    const middel1 = byCode.get('GM0002');
    assert.equal(middel1?.name, 'Middel-1');
    assert.equal(middel1?.kind, 'gemeente');
    assertFigures(middel1, MIDDEL_1, 'Middel-1');
    assertFigures(byCode.get('GM0001'), L1, 'Klein-1 (one account)');
    assertFigures(byCode.get('GM0003'), M2, 'Middel-2 (one account)');
    assertFigures(byCode.get('GM0004'), G1, 'Groot-1 (one account)');
    assertFigures(byCode.get('PV01'), P1, 'Provincie-1 (one account)');
  });

  test('a class average is the mean of per-account figures, nulls left out', () => {
    const byClass = new Map(march.classes.map((c) => [c.class, c]));
    const counts = (c: ComparisonClass) => [byClass.get(c)?.organisations, byClass.get(c)?.accounts];
    assert.deepEqual(counts('klein'), [1, 1]);
    assert.deepEqual(counts('middelgroot'), [2, 3]);
    assert.deepEqual(counts('groot'), [1, 1]);
    assert.deepEqual(counts('provincie'), [1, 1]);
    assertFigures(byClass.get('middelgroot'), MIDDELGROOT, 'class middelgroot');
    assertFigures(byClass.get('klein'), L1, 'class klein');
    assertFigures(byClass.get('groot'), G1, 'class groot');
    assertFigures(byClass.get('provincie'), P1, 'class provincie');
    // Los_X has no organisation, so no class: nothing else is in any class.
    const inClasses = march.classes.reduce((n, c) => n + c.accounts, 0);
    assert.equal(inClasses, 6);
  });

  test('national totals pool every account, also one without an organisation', () => {
    assert.equal(march.totals.organisations, 5);
    assert.equal(march.totals.accounts, 7);
    assertFigures(march.totals, TOTALS, 'totals');
  });

  test('--org narrows accounts and organisations; classes and totals stay national', async () => {
    const narrowed = await computeYardstick(db(), MARCH, { org: 'GM0002' });
    assert.deepEqual(narrowed.accounts.map((a) => `${a.platform}/${a.handle}`).sort(), [
      'mastodon/Middel1_M',
      'x/Middel1_X',
    ]);
    assertFigures(accountOf(narrowed, 'x', 'Middel1_X'), K1, 'Middel1_X narrowed');
    assertFigures(accountOf(narrowed, 'mastodon', 'Middel1_M'), K2, 'Middel1_M narrowed');
    assert.deepEqual(
      narrowed.organisations.map((o) => o.code),
      ['GM0002'],
    );
    assertFigures(narrowed.organisations[0], MIDDEL_1, 'Middel-1 narrowed');
    assert.equal(narrowed.totals.accounts, 7);
    assertFigures(narrowed.totals, TOTALS, 'totals narrowed');
    const middel = narrowed.classes.find((c) => c.class === 'middelgroot');
    assertFigures(middel, MIDDELGROOT, 'class middelgroot narrowed');
    assert.deepEqual(narrowed.classes, march.classes);
    assert.deepEqual(narrowed.totals, march.totals);
  });
});
