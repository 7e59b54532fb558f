/**
 * The yardstick engine against a second, naive implementation (test/support/naiveYardstick.ts) on
 * real conversations, on both engines:
 *
 * - the twcs sample (../shared/data/twcs-sample/twcs_sample.csv), imported with the twcs importer
 *   and read here again with csv-parse: a company is an author of an `inbound=False` row, its
 *   account's id and handle are its author id, replies link by `in_response_to_tweet_id`, and
 *   mentions come from the (HTML-decoded) text by METRICS.md's `@handle` rule;
 * - the IBM customer-care dialogues (../shared/data/customer-care-ibm/dev.json), converted to
 *   Meetlat NDJSON by test/support/ibmDialogues.ts (whose doc comment lists the conversion's
 *   decisions) and imported with the ndjson importer, and walked here again from the parsed JSON
 *   with the same decisions.
 *
 * Each data set is compared for all time and for one bounded period `[from, to)` whose edges are
 * the times of messages (one included at `from`, one left out at `to`) and in which an inbound
 * message is answered only after `to`. Counts must be equal; means and percentages within 1e-6
 * relative.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { findImporter } from '../../src/importers/index.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import type { Db } from '../../src/store/db.ts';
import { computeYardstick } from '../../src/yardstick/engine.ts';
import {
  type Figures,
  SCALAR_METRICS,
  type ScalarMetric,
  type Yardstick,
} from '../../src/yardstick/figures.ts';
import { describeOnEngines } from '../support/engines.ts';
import { type IbmDialogue, readIbmDialogues, writeIbmNdjson } from '../support/ibmDialogues.ts';
import {
  firstAnswer,
  inPeriod,
  isInbound,
  type NaivePeriod,
  type NaiveYardstick,
  naiveYardstick,
} from '../support/naiveYardstick.ts';
import { IBM, ibmData, type NaiveDataSet, TWCS, twcsData } from '../support/realDataSets.ts';

// --- importing ----------------------------------------------------------------------------------

async function importFile(db: Db, format: string, path: string) {
  const importer = findImporter(format);
  assert.ok(importer, format);
  return ingest(db, await importer.open(path, {}), { sourceKind: 'file', source: path, sourceSha256: null });
}

// --- comparing ----------------------------------------------------------------------------------

const COUNTS = new Set<ScalarMetric>([
  'sent',
  'reply',
  'repost',
  'broadcast',
  'inbound',
  'answered',
  'anomalies',
]);

function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= Math.max(1e-6 * Math.abs(expected), 1e-9);
}

/** Every difference between the engine's figures and the naive ones, as lines for people. */
function differences(where: string, actual: Figures, expected: Figures, exactCounts: boolean): string[] {
  const out: string[] = [];
  const show = (v: unknown) => JSON.stringify(v);
  for (const metric of SCALAR_METRICS) {
    const a = actual[metric];
    const e = expected[metric];
    const same =
      a === null || e === null
        ? a === e
        : typeof a === 'number' && (exactCounts && COUNTS.has(metric) ? a === e : close(a, e));
    if (!same) out.push(`${where} ${metric}: engine ${show(a)}, naive ${show(e)}`);
  }
  const a = actual.buckets;
  const e = expected.buckets;
  const same =
    a === null || e === null
      ? a === e
      : Array.isArray(a) &&
        a.length === 8 &&
        a.every((v, i) => typeof v === 'number' && close(v, e[i] as number));
  if (!same) out.push(`${where} buckets: engine ${show(a)}, naive ${show(e)}`);
  return out;
}

/** Compares a whole yardstick; returns the differences (empty when it agrees). */
function compare(engine: Yardstick, naive: NaiveYardstick): string[] {
  const out: string[] = [];
  const engineAccounts = new Map(engine.accounts.map((a) => [a.handle.toLowerCase(), a]));
  assert.deepEqual([...engineAccounts.keys()].sort(), [...naive.accounts.keys()].sort(), 'the accounts');
  for (const [key, expected] of naive.accounts) {
    const actual = engineAccounts.get(key);
    assert.ok(actual);
    assert.equal(actual.platform, 'x');
    assert.equal(actual.organisation?.code ?? null, expected.account.organisation, `organisation of ${key}`);
    assert.equal(actual.organisation?.class, 'overig', `class of ${key}`);
    out.push(...differences(`account ${actual.handle}`, actual, expected.figures, true));
  }
  const engineOrganisations = new Map(engine.organisations.map((o) => [o.code, o]));
  assert.deepEqual(
    [...engineOrganisations.keys()].sort(),
    [...naive.organisations.keys()].sort(),
    'organisations',
  );
  for (const [code, expected] of naive.organisations) {
    const actual = engineOrganisations.get(code);
    assert.ok(actual);
    assert.deepEqual(
      { kind: actual.kind, class: actual.class, accounts: actual.accounts, inhabitants: actual.inhabitants },
      { kind: 'overig', class: 'overig', accounts: expected.accounts, inhabitants: null },
      `organisation ${code}`,
    );
    out.push(...differences(`organisation ${code}`, actual, expected.figures, true));
  }
  const classes = engine.classes.filter((c) => c.accounts > 0);
  assert.deepEqual(classes.map((c) => c.class).sort(), [...naive.classes.keys()].sort(), 'classes');
  for (const c of classes) {
    const expected = naive.classes.get(c.class);
    assert.ok(expected);
    assert.deepEqual(
      { organisations: c.organisations, accounts: c.accounts },
      { organisations: expected.organisations, accounts: expected.accounts },
      `class ${c.class}`,
    );
    out.push(...differences(`class ${c.class}`, c, expected.figures, false));
  }
  assert.deepEqual(
    { organisations: engine.totals.organisations, accounts: engine.totals.accounts },
    { organisations: naive.totals.organisations, accounts: naive.totals.accounts },
    'totals',
  );
  out.push(...differences('totals', engine.totals, naive.totals.figures, true));
  return out;
}

function naivePeriod(from: string | null, to: string | null): NaivePeriod {
  return { from: from === null ? null : Date.parse(from), to: to === null ? null : Date.parse(to) };
}

/**
 * Asserts that `[from, to)` tests its edges: a message dated exactly `from` (in) and one dated
 * exactly `to` (out), each inbound to some account; an inbound message of the period first answered
 * at or after `to` (answered all the same); and one from before `from` answered in the period (the
 * answer is sent in the period, the message is not inbound in it).
 */
function assertWindowBites(data: NaiveDataSet, period: NaivePeriod): void {
  const inboundAt = (at: number | null) =>
    data.store.messages.some(
      (m) => m.createdAt === at && data.accounts.some((a) => isInbound(data.store, m, a)),
    );
  assert.ok(inboundAt(period.from), 'an inbound message is dated exactly at the start of the period');
  assert.ok(inboundAt(period.to), 'an inbound message is dated exactly at the end of the period');
  const answeredLate = data.store.messages.some(
    (m) =>
      inPeriod(m.createdAt, period) &&
      data.accounts.some((a) => {
        if (!isInbound(data.store, m, a)) return false;
        const { first } = firstAnswer(data.store, m, a);
        return first !== null && period.to !== null && first >= period.to;
      }),
  );
  assert.ok(answeredLate, 'an inbound message of the period is answered after it');
  const answeredInside = data.store.messages.some(
    (m) =>
      period.from !== null &&
      m.createdAt < period.from &&
      data.accounts.some((a) => {
        if (!isInbound(data.store, m, a)) return false;
        const { first } = firstAnswer(data.store, m, a);
        return first !== null && inPeriod(first, period);
      }),
  );
  assert.ok(answeredInside, 'an inbound message from before the period is answered in it');
}

function checkYardstick(engine: Yardstick, naive: NaiveYardstick): void {
  assert.deepEqual(compare(engine, naive), []);
}

// --- the twcs sample ----------------------------------------------------------------------------

/** From customer tweet 1507 (included) to customer tweet 5714 (left out), on the sample's busiest evening. */
const TWCS_WINDOW = { from: '2017-10-31T22:28:51.000Z', to: '2017-10-31T23:07:54.000Z' };

describeOnEngines('yardstick on the real twcs sample against a naive count', (db) => {
  let data: ReturnType<typeof twcsData>;

  before(async () => {
    data = twcsData();
    const report = await importFile(db(), 'twcs', TWCS);
    assert.deepEqual(
      { imported: report.imported, rejected: report.rejected, duplicates: report.duplicates },
      { imported: data.rows, rejected: 0, duplicates: 0 },
    );
  });

  test('all time: every account, organisation, class and the national totals', async () => {
    const naive = naiveYardstick(data.store, data.accounts, data.organisations, naivePeriod(null, null));
    // The comparison is worth something only when the data exercise the figures.
    assert.ok(naive.totals.figures.inbound && naive.totals.figures.answered, 'inbound and answered messages');
    assert.ok(naive.totals.figures.broadcast, 'broadcasts (threads)');
    assert.ok(
      [...naive.accounts.values()].some((a) => a.figures.answered === 0 && (a.figures.inbound as number) > 0),
      'an account that answered nothing',
    );
    checkYardstick(await computeYardstick(db(), { from: null, to: null }), naive);
  });

  test('a bounded period [from, to): edges and answers after the end', async () => {
    const period = naivePeriod(TWCS_WINDOW.from, TWCS_WINDOW.to);
    assertWindowBites(data, period);
    const naive = naiveYardstick(data.store, data.accounts, data.organisations, period);
    const engine = await computeYardstick(db(), {
      from: new Date(TWCS_WINDOW.from),
      to: new Date(TWCS_WINDOW.to),
    });
    checkYardstick(engine, naive);
  });
});

// --- the IBM customer-care dialogues ------------------------------------------------------------

/** From customer tweet 1240310602825961473 (included) to customer tweet 1242481258506010625 (left out). */
const IBM_WINDOW = { from: '2020-03-18T16:14:26.227Z', to: '2020-03-24T15:59:50.870Z' };

test('dev.json is as the IBM conversion assumes', () => {
  const dialogues = readIbmDialogues(IBM);
  let agents = 0;
  let secondCustomers = 0;
  const first = new Map<string, string>();
  let repeats = 0;
  for (const d of dialogues) {
    const tweets = [
      ...d.dialogContent.map((u) => ({
        id: u.tweet_ID,
        who: u.agent ?? u.client ?? u.client1,
        text: u.message,
      })),
      { id: d.agentURL.tweet_ID, who: d.dialogHeader.company, text: d.agentURL.url_utterance },
    ];
    for (const u of d.dialogContent) {
      const roles = [u.client, u.client1, u.agent].filter((x) => x !== undefined);
      assert.equal(roles.length, 1, `tweet ${u.tweet_ID} has one author`);
      if (u.agent !== undefined) {
        agents++;
        assert.equal(u.agent, d.dialogHeader.company, `agent of ${u.tweet_ID}`);
      }
      if (u.client1 !== undefined) secondCustomers++;
    }
    tweets.forEach((t, i) => {
      const key = JSON.stringify([t.who, t.text, tweets[i - 1]?.id ?? null]);
      if (first.has(t.id)) {
        repeats++;
        assert.equal(key, first.get(t.id), `tweet ${t.id} repeated with other content`);
      } else first.set(t.id, key);
    });
  }
  assert.deepEqual(
    {
      dialogues: dialogues.length,
      agents,
      secondCustomers,
      ids: first.size + repeats,
      distinct: first.size,
    },
    { dialogues: 525, agents: 61, secondCustomers: 19, ids: 1211, distinct: 1205 },
  );
});

describeOnEngines('yardstick on the real IBM customer-care dialogues against a naive count', (db) => {
  let dialogues: IbmDialogue[];
  let data: ReturnType<typeof ibmData>;
  let dir: string;

  before(async () => {
    dialogues = readIbmDialogues(IBM);
    data = ibmData(dialogues);
    dir = mkdtempSync(join(tmpdir(), 'meetlat-ibm-'));
    const file = join(dir, 'dev.ndjson');
    writeIbmNdjson(dialogues, file);
    const report = await importFile(db(), 'ndjson', file);
    assert.equal(report.rejected, 0, JSON.stringify(report.rejects.slice(0, 3)));
    assert.equal(report.duplicates, 0);
    const [row] = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM messages');
    assert.equal(row?.n, data.written);
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('all time: every account, organisation, class and the national totals', async () => {
    const naive = naiveYardstick(data.store, data.accounts, data.organisations, naivePeriod(null, null));
    // Organisations that pool several accounts, where pooling differs from averaging.
    const microsoft = naive.organisations.get('Microsoft');
    assert.equal(microsoft?.accounts, 3);
    assert.equal(naive.organisations.get('Alphabet')?.accounts, 2);
    const own = [...naive.accounts.values()].filter((a) => a.account.organisation === 'Microsoft');
    const averaged = own.reduce((s, a) => s + (a.figures.median_first_response_s as number), 0) / own.length;
    assert.ok(!close(microsoft?.figures.median_first_response_s as number, averaged), 'pooled ≠ averaged');
    checkYardstick(await computeYardstick(db(), { from: null, to: null }), naive);
  });

  test('a bounded period [from, to): edges and answers after the end', async () => {
    const period = naivePeriod(IBM_WINDOW.from, IBM_WINDOW.to);
    assertWindowBites(data, period);
    const naive = naiveYardstick(data.store, data.accounts, data.organisations, period);
    const engine = await computeYardstick(db(), {
      from: new Date(IBM_WINDOW.from),
      to: new Date(IBM_WINDOW.to),
    });
    checkYardstick(engine, naive);
  });

  test('--org narrows accounts and organisations; classes and totals stay national', async () => {
    const period = { from: new Date(IBM_WINDOW.from), to: new Date(IBM_WINDOW.to) };
    const all = await computeYardstick(db(), period);
    const one = await computeYardstick(db(), period, { org: 'Alphabet' });
    assert.deepEqual(one.accounts.map((a) => a.handle).sort(), ['Google', 'TeamYouTube']);
    assert.deepEqual(
      one.organisations.map((o) => o.code),
      ['Alphabet'],
    );
    assert.deepEqual(
      one.organisations,
      all.organisations.filter((o) => o.code === 'Alphabet'),
    );
    assert.deepEqual(one.classes, all.classes);
    assert.deepEqual(one.totals, all.totals);
  });
});
