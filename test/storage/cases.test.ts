/**
 * Webcare cases in the store, on both engines: every message inbound to an organisation's own
 * accounts (METRICS.md's definition) lands in a case of that organisation, one case per
 * conversation; an answer seen by import or sync makes a case wait, time resolves it, a message
 * within the reopen period reopens it and a later one opens a new case, the same whether a history
 * is imported at once or message by message; case numbers follow the organisation's format; the
 * first-response deadline follows its service level and office hours.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CaseSummary, listCases } from '../../src/store/caseList.ts';
import { updateCases } from '../../src/store/cases.ts';
import type { Db } from '../../src/store/db.ts';
import { findOrganisation } from '../../src/store/organisations.ts';
import { saveSlaPolicy } from '../../src/store/webcareSettings.ts';
import { describeOnEngines } from '../support/engines.ts';
import { account, importLines, type Line, msg, org, plus } from '../support/yardstickFixtures.ts';

const DAY = 86_400;
/** Forty days ago at a whole minute: long enough for answered cases to be resolved by time. */
const T0 = new Date(Math.floor((Date.now() - 40 * DAY * 1000) / 60_000) * 60_000).toISOString();
const at = (days: number, hours = 0) => plus(T0, days * DAY + hours * 3600);

const WORLD: Line[] = [
  org('GM0344', 'Utrecht', 'gemeente'),
  org('GM0363', 'Amsterdam', 'gemeente'),
  account('mastodon', 'utr', 'utrecht', 'GM0344'),
  account('mastodon', 'ams', 'amsterdam', 'GM0363'),
  { ...account('mastodon', 'nieuws', 'duic', 'GM0344'), relation: 'watched' },
];

async function casesOf(db: Db, code: string): Promise<CaseSummary[]> {
  const organisation = await findOrganisation(db, code);
  assert.ok(organisation, code);
  return (await listCases(db, { organisationId: organisation.id })).sort((a, b) => a.id - b.id);
}

async function caseOfMessage(db: Db, platformId: string, code = 'GM0344'): Promise<CaseSummary | undefined> {
  const [row] = await db.query<{ case_id: number }>(
    `SELECT cm.case_id FROM case_messages cm JOIN messages m ON m.id = cm.message_id
     JOIN organisations o ON o.id = cm.organisation_id WHERE m.platform_id = $1 AND o.code = $2`,
    [platformId, code],
  );
  return (await casesOf(db, code)).find((c) => c.id === row?.case_id);
}

describeOnEngines('webcare cases in the store', (db) => {
  test('every inbound message lands in a case of its organisation, one per conversation', async () => {
    await importLines(db(), [
      ...WORLD,
      msg({
        platform: 'mastodon',
        id: 'a1',
        author: 'anna',
        at: at(0),
        text: '@utrecht de lantaarnpaal is kapot',
      }),
      msg({
        platform: 'mastodon',
        id: 'a2',
        author: 'anna',
        at: at(0, 1),
        replyTo: 'a1',
        text: '@utrecht hij staat op de hoek van de Oudegracht',
      }),
      msg({
        platform: 'mastodon',
        id: 'd1',
        author: 'dirk',
        at: at(0),
        text: '@utrecht @amsterdam wie gaat er over de A2?',
      }),
      msg({
        platform: 'mastodon',
        id: 'u1',
        author: 'utr',
        at: at(0),
        text: 'De afvalkalender staat online.',
      }),
      msg({
        platform: 'mastodon',
        id: 'r1',
        author: 'cor',
        at: at(0, 2),
        replyTo: 'u1',
        text: 'Waar precies?',
      }),
      // The watched feed's post and a reply to it: no webcare for a watched source.
      msg({ platform: 'mastodon', id: 'n1', author: 'nieuws', at: at(0), text: 'Nieuws uit de stad' }),
      msg({
        platform: 'mastodon',
        id: 'n2',
        author: 'eva',
        at: at(0, 1),
        replyTo: 'n1',
        text: 'Goed artikel',
      }),
      // Talk that concerns no account of anyone.
      msg({ platform: 'mastodon', id: 'x1', author: 'fien', at: at(0), text: 'mooi weer vandaag' }),
    ]);
    const utrecht = await casesOf(db(), 'GM0344');
    const amsterdam = await casesOf(db(), 'GM0363');
    assert.equal(utrecht.length, 3, 'anna’s conversation, dirk’s mention, cor’s reply');
    assert.equal(amsterdam.length, 1, 'dirk’s mention');
    const anna = await caseOfMessage(db(), 'a2');
    assert.equal(anna?.messages, 2);
    assert.equal(anna?.status, 'nieuw');
    assert.equal(anna?.citizenId, 'anna');
    assert.equal(anna?.accountHandle, 'utrecht');
    assert.deepEqual(anna?.openedAt, new Date(at(0)));
    assert.deepEqual(anna?.waitingSince, new Date(at(0)));
    assert.equal((await caseOfMessage(db(), 'r1'))?.messages, 1);
    assert.equal(await caseOfMessage(db(), 'n2'), undefined);
    // Numbered in the order they opened, per organisation, in the default format.
    const year = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Amsterdam', year: 'numeric' }).format(
      new Date(T0),
    );
    assert.deepEqual(utrecht.map((c) => c.number).sort(), [
      `${year}-000001`,
      `${year}-000002`,
      `${year}-000003`,
    ]);
    assert.equal(amsterdam[0]?.number, `${year}-000001`);
    assert.equal(amsterdam[0]?.citizenId, 'dirk');
    // Nothing is placed twice.
    const again = await updateCases(db());
    assert.equal(again.placed, 0);
    assert.equal((await casesOf(db(), 'GM0344')).length, 3);
  });

  test('answered, resolved by time, reopened within the period, a new case after it: at once and step by step', async () => {
    const conversation = (p: string): Line[] => [
      msg({
        platform: 'mastodon',
        id: `${p}q1`,
        author: `${p}bea`,
        at: at(0),
        text: '@utrecht mijn paspoort is kwijt',
      }),
      msg({
        platform: 'mastodon',
        id: `${p}a1`,
        author: 'utr',
        at: at(0, 0.5),
        replyTo: `${p}q1`,
        text: 'Vervelend! *BK',
      }),
      // Ten days later (three days after the case was resolved by time): reopens it.
      msg({
        platform: 'mastodon',
        id: `${p}q2`,
        author: `${p}bea`,
        at: at(10),
        replyTo: `${p}a1`,
        text: '@utrecht nog een vraag',
      }),
      msg({
        platform: 'mastodon',
        id: `${p}a2`,
        author: 'utr',
        at: at(10, 1),
        replyTo: `${p}q2`,
        text: 'Graag gedaan *AB',
      }),
      // Thirteen days after that was resolved by time: a new case.
      msg({
        platform: 'mastodon',
        id: `${p}q3`,
        author: `${p}bea`,
        at: at(30),
        replyTo: `${p}a2`,
        text: '@utrecht weer mis',
      }),
    ];
    await importLines(db(), [...WORLD, ...conversation('h')]);
    for (const line of conversation('s')) await importLines(db(), [line]);
    for (const p of ['h', 's']) {
      const first = await caseOfMessage(db(), `${p}q1`);
      const second = await caseOfMessage(db(), `${p}q2`);
      const third = await caseOfMessage(db(), `${p}q3`);
      assert.ok(first && third, p);
      assert.equal(second?.id, first.id, `${p}: reopened, not a new case`);
      assert.notEqual(third.id, first.id, `${p}: a new case after the reopen period`);
      assert.equal(first.status, 'opgelost', p);
      assert.equal(first.messages, 2, p);
      assert.deepEqual(first.firstResponseAt, new Date(at(0, 0.5)), p);
      assert.deepEqual(
        first.resolvedAt,
        new Date(at(17, 1)),
        `${p}: resolved seven days after the last answer`,
      );
      assert.equal(third.status, 'nieuw', p);
      assert.deepEqual(third.waitingSince, new Date(at(30)), p);
      const events = await db().query<{ kind: string }>(
        'SELECT kind FROM case_events WHERE case_id = $1 ORDER BY id',
        [first.id],
      );
      assert.ok(
        events.some((e) => e.kind === 'reopened'),
        `${p}: ${events.map((e) => e.kind)}`,
      );
    }
  });

  test('an answer makes a case wait; a follow-up opens it again; a closed case is final', async () => {
    const recent = new Date(Date.now() - 3600_000).toISOString();
    await importLines(db(), [
      ...WORLD,
      msg({
        platform: 'mastodon',
        id: 'w1',
        author: 'gijs',
        at: recent,
        text: '@utrecht wanneer is het stadskantoor open?',
      }),
    ]);
    assert.equal((await caseOfMessage(db(), 'w1'))?.status, 'nieuw');
    await importLines(db(), [
      msg({
        platform: 'mastodon',
        id: 'w2',
        author: 'utr',
        at: plus(recent, 600),
        replyTo: 'w1',
        text: 'Tot 17:00 *BK',
      }),
    ]);
    const waiting = await caseOfMessage(db(), 'w1');
    assert.equal(waiting?.status, 'wacht', 'answered recently: waits for the citizen');
    assert.equal(waiting?.waitingSince, null);
    assert.deepEqual(waiting?.firstResponseAt, new Date(plus(recent, 600)));
    await importLines(db(), [
      msg({
        platform: 'mastodon',
        id: 'w3',
        author: 'gijs',
        at: plus(recent, 900),
        replyTo: 'w2',
        text: '@utrecht en zaterdag?',
      }),
    ]);
    const followUp = await caseOfMessage(db(), 'w3');
    assert.equal(followUp?.id, waiting?.id);
    assert.equal(followUp?.status, 'open');
    assert.deepEqual(followUp?.waitingSince, new Date(plus(recent, 900)));
    assert.ok(followUp?.responseDueAt, 'the follow-up has its answer due');

    await db().execute(
      "UPDATE cases SET status = 'gesloten', closed_at = now(), resolved_at = now() WHERE id = $1",
      [followUp?.id],
    );
    await importLines(db(), [
      msg({
        platform: 'mastodon',
        id: 'w4',
        author: 'gijs',
        at: plus(recent, 1200),
        replyTo: 'w3',
        text: '@utrecht hallo?',
      }),
    ]);
    const after = await caseOfMessage(db(), 'w4');
    assert.notEqual(after?.id, followUp?.id, 'a closed case is not reopened');
    assert.equal(after?.status, 'nieuw');
  });

  test('a message that becomes inbound later, when the post it answers arrives, lands in a case', async () => {
    await importLines(db(), [
      ...WORLD,
      msg({
        platform: 'mastodon',
        id: 'late-reply',
        author: 'hans',
        at: at(1, 1),
        replyTo: 'late-post',
        text: 'Klopt dit?',
      }),
    ]);
    assert.equal(
      await caseOfMessage(db(), 'late-reply'),
      undefined,
      'whose post it answers is not known yet',
    );
    await importLines(db(), [
      msg({
        platform: 'mastodon',
        id: 'late-post',
        author: 'utr',
        at: at(1),
        text: 'Werkzaamheden aan de Catharijnesingel',
      }),
    ]);
    const placed = await caseOfMessage(db(), 'late-reply');
    assert.ok(placed, 'inbound once its parent is known');
    const [root] = await db().query<{ conversation_root: string }>(
      "SELECT conversation_root FROM messages WHERE platform_id = 'late-reply'",
    );
    const [stored] = await db().query<{ conversation_root: string }>(
      'SELECT conversation_root FROM cases WHERE id = $1',
      [placed.id],
    );
    assert.equal(
      stored?.conversation_root,
      root?.conversation_root,
      'the case is in the thread the reply joined',
    );
  });

  test('numbers follow the organisation’s format per period; the deadline its service level and office hours', async () => {
    await importLines(db(), WORLD);
    const amsterdam = await findOrganisation(db(), 'GM0363');
    const utrecht = await findOrganisation(db(), 'GM0344');
    assert.ok(amsterdam && utrecht);
    await db().execute(
      "UPDATE organisations SET case_number_format = 'AMS-{jaar}{maand}-{nummer:4}' WHERE id = $1",
      [amsterdam.id],
    );
    await saveSlaPolicy(db(), amsterdam.id, null, {
      firstResponseMinutes: 60,
      resolutionMinutes: 24 * 60,
      clock: 'calendar',
    });
    // Saturday 17 January 2026 11:00 and Monday 2 February 2026 11:00 (Amsterdam time).
    await importLines(db(), [
      msg({
        platform: 'mastodon',
        id: 's1',
        author: 'ina',
        at: '2026-01-17T10:00:00Z',
        text: '@amsterdam @utrecht vraagje',
      }),
      msg({
        platform: 'mastodon',
        id: 's2',
        author: 'jan',
        at: '2026-01-17T10:05:00Z',
        text: '@amsterdam nog een',
      }),
      msg({
        platform: 'mastodon',
        id: 's3',
        author: 'kees',
        at: '2026-02-02T10:00:00Z',
        text: '@amsterdam februari',
      }),
    ]);
    const numbers = (await casesOf(db(), 'GM0363'))
      .filter((c) => c.number.startsWith('AMS-'))
      .map((c) => [c.number, c.firstResponseDueAt.toISOString()]);
    assert.deepEqual(numbers, [
      ['AMS-202601-0001', '2026-01-17T11:00:00.000Z'],
      ['AMS-202601-0002', '2026-01-17T11:05:00.000Z'],
      ['AMS-202602-0001', '2026-02-02T11:00:00.000Z'],
    ]);
    // Utrecht keeps the default: two office hours from Monday 08:30, so Monday 10:30.
    const saturday = await caseOfMessage(db(), 's1');
    assert.equal(saturday?.firstResponseDueAt.toISOString(), '2026-01-19T09:30:00.000Z');
    assert.match(saturday?.number ?? '', /^2026-\d{6}$/);
  });
});
