/**
 * The hand-built cases of yardstick-rules.test.ts, one per rule of ../shared/METRICS.md, as NDJSON
 * lines; each on a platform of its own, so they cannot meet. The expected figures, worked out by
 * hand, are in the test beside its assertions.
 */
import { account, type Line, msg, org, plus, snapshot } from './yardstickFixtures.ts';

// ---------------------------------------------------------------------------------------------
// Store 1: per-account cases.
// ---------------------------------------------------------------------------------------------

/** Sending: replies, reposts, broadcasts, threads, quotes, unknown parents, repost counts. */
export function sendingCase(): Line[] {
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
export function mentionsCase(): Line[] {
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
export function responsesCase(): Line[] {
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
export function boundsCase(): Line[] {
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
export function answeredAfter(
  p: string,
  author: string,
  handle: string,
  start: string,
  seconds: number[],
): Line[] {
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
export function statsCase(): Line[] {
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
export function audienceCase(): Line[] {
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
