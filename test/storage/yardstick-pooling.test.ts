/**
 * Organisations, classes and national totals of ../shared/METRICS.md (as docs/yardstick.md reads
 * it), on both engines: a small national store, imported through the real `ndjson` importer, in
 * which every pooled and averaged figure is worked out by hand (the arithmetic beside it).
 * Per-account rules: yardstick-rules.test.ts.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ComparisonClass } from '../../src/domain/organisation.ts';
import type { Db } from '../../src/store/db.ts';
import { computeYardstick } from '../../src/yardstick/engine.ts';
import type { Yardstick } from '../../src/yardstick/figures.ts';
import { describeOnEngines } from '../support/engines.ts';
import {
  account,
  accountOf,
  assertFigures,
  expected,
  importLines,
  type Line,
  MARCH,
  msg,
  org,
  snapshot,
} from '../support/yardstickFixtures.ts';

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
