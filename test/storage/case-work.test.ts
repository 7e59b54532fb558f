/**
 * Working cases in the store, on both engines: of agents claiming one case at once exactly one
 * wins and the others are told who did; a change made on an old version is refused, never lost;
 * labels, notes and status changes land in the case's trail and the audit log; the inbox's views,
 * filters and search give the cases they say.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addUser } from '../../src/identity/people.ts';
import { parseQuery } from '../../src/search/query/index.ts';
import { loadCaseDetail } from '../../src/store/caseDetail.ts';
import { listCases } from '../../src/store/caseList.ts';
import {
  addCaseNote,
  assignCase,
  type CaseActor,
  claimCase,
  labelCase,
  setCaseStatus,
} from '../../src/store/caseWork.ts';
import type { Db } from '../../src/store/db.ts';
import { inboxCounts, listInbox } from '../../src/store/inbox.ts';
import { findOrganisation } from '../../src/store/organisations.ts';
import { saveSlaPolicy } from '../../src/store/webcareSettings.ts';
import { DEFAULT_CATEGORIES } from '../../src/webcare/labels.ts';
import { describeOnEngines } from '../support/engines.ts';
import { account, importLines, msg, org, plus } from '../support/yardstickFixtures.ts';

const T = new Date(Date.now() - 2 * 3600_000).toISOString();

async function setUp(db: Db) {
  await importLines(db, [org('GM0344', 'Utrecht', 'gemeente'), org('GM0363', 'Amsterdam', 'gemeente')]);
  const utrechtFirst = await findOrganisation(db, 'GM0344');
  assert.ok(utrechtFirst);
  // An hour on the calendar to answer, so two hours later every case is late at any time of day.
  await saveSlaPolicy(db, utrechtFirst.id, null, {
    firstResponseMinutes: 60,
    resolutionMinutes: 480,
    clock: 'calendar',
  });
  await importLines(db, [
    account('mastodon', 'utr', 'utrecht', 'GM0344'),
    account('bluesky', 'utr-bsky', 'utrecht.nl', 'GM0344'),
    account('mastodon', 'ams', 'amsterdam', 'GM0363'),
    msg({
      platform: 'mastodon',
      id: 'p1',
      author: 'anna',
      at: T,
      text: '@utrecht de container in de Twijnstraat is vol',
    }),
    msg({
      platform: 'mastodon',
      id: 'p2',
      author: 'bram',
      at: plus(T, 60),
      text: '@utrecht geweldig dat het park weer open is!',
    }),
    msg({
      platform: 'bluesky',
      id: 'p3',
      author: 'cor',
      at: plus(T, 120),
      text: '@utrecht.nl waar vraag ik een parkeervergunning aan?',
      mentions: ['utrecht.nl'],
    }),
    msg({
      platform: 'mastodon',
      id: 'p4',
      author: 'dirk',
      at: plus(T, 180),
      text: '@amsterdam afval op straat',
    }),
  ]);
  const utrecht = await findOrganisation(db, 'GM0344');
  const amsterdam = await findOrganisation(db, 'GM0363');
  assert.ok(utrecht && amsterdam);
  const cli = { userId: null, name: 'test', ip: null };
  const people = await Promise.all(
    ['bea', 'kees', 'lotte'].map((name) =>
      addUser(db, cli, {
        email: `${name}@utrecht.example`,
        name: name[0]?.toUpperCase() + name.slice(1),
        membership: { organisationId: utrecht.id, role: 'webcare' },
      }),
    ),
  );
  const actors: CaseActor[] = people.map((userId, i) => ({
    userId,
    name: ['Bea', 'Kees', 'Lotte'][i] as string,
    email: `${['bea', 'kees', 'lotte'][i]}@utrecht.example`,
    ip: '127.0.0.1',
  }));
  const cases = await listCases(db, { organisationId: utrecht.id });
  const byCitizen = new Map(cases.map((c) => [c.citizenId, c]));
  return { utrecht: utrecht.id, amsterdam: amsterdam.id, actors, byCitizen };
}

describeOnEngines('working webcare cases', (db) => {
  let world: Awaited<ReturnType<typeof setUp>>;

  test('three agents claim one case at once: exactly one wins, the others are told who', async () => {
    world = await setUp(db());
    const target = world.byCitizen.get('anna');
    assert.ok(target);
    const outcomes = await Promise.all(
      world.actors.map((actor) => claimCase(db(), world.utrecht, target.id, actor)),
    );
    const winners = outcomes.filter((o) => o.ok);
    assert.equal(winners.length, 1, JSON.stringify(outcomes));
    const winner = world.actors[outcomes.findIndex((o) => o.ok)] as CaseActor;
    for (const o of outcomes.filter((x) => !x.ok)) {
      assert.equal(o.ok === false && o.reason, 'taken');
      assert.equal(o.ok === false && o.reason === 'taken' && o.by, winner.name);
    }
    const [claimed] = await listCases(db(), { caseId: target.id });
    assert.equal(claimed?.assignee?.id, winner.userId);
    assert.equal(claimed?.status, 'open', 'a claimed new case is open');
    // Claiming again is harmless; another organisation cannot reach the case.
    assert.equal((await claimCase(db(), world.utrecht, target.id, winner)).ok, true);
    assert.deepEqual(await claimCase(db(), world.amsterdam, target.id, winner), {
      ok: false,
      reason: 'not_found',
    });
    const trail = await db().query<{ kind: string; actor: string }>(
      'SELECT kind, actor FROM case_events WHERE case_id = $1 AND kind = $2',
      [target.id, 'claimed'],
    );
    assert.deepEqual(trail, [{ kind: 'claimed', actor: winner.name }]);
  });

  test('a change on an old version is refused; labels, notes and status land in the trail and the audit log', async () => {
    const target = world.byCitizen.get('cor');
    assert.ok(target);
    const [bea, kees] = world.actors as [CaseActor, CaseActor];
    const labelled = await labelCase(
      db(),
      world.utrecht,
      target.id,
      { category: 'Parkeren', tags: ['Vergunning ', 'vergunning', 'spoed'] },
      DEFAULT_CATEGORIES,
      target.version,
      bea,
    );
    assert.ok(labelled.ok, JSON.stringify(labelled));
    // Kees still looks at the version before Bea's change.
    const stale = await setCaseStatus(db(), world.utrecht, target.id, 'opgelost', target.version, kees);
    assert.deepEqual(stale, { ok: false, reason: 'stale', version: labelled.version });
    const resolved = await setCaseStatus(db(), world.utrecht, target.id, 'opgelost', labelled.version, kees);
    assert.ok(resolved.ok);
    assert.deepEqual(
      await labelCase(
        db(),
        world.utrecht,
        target.id,
        { category: 'sport', tags: [] },
        DEFAULT_CATEGORIES,
        resolved.version,
        bea,
      ),
      { ok: false, reason: 'invalid', problem: 'unknownCategory' },
    );
    assert.ok((await addCaseNote(db(), world.utrecht, target.id, 'Doorgezet naar <b>Parkeren</b>', bea)).ok);
    assert.deepEqual(await addCaseNote(db(), world.utrecht, target.id, '   ', bea), {
      ok: false,
      reason: 'invalid',
      problem: 'noteEmpty',
    });
    const detail = await loadCaseDetail(db(), world.utrecht, target.id);
    assert.ok(detail);
    assert.equal(detail.case.category, 'parkeren');
    assert.deepEqual(detail.case.tags, ['vergunning', 'spoed']);
    assert.equal(detail.case.status, 'opgelost');
    assert.ok(detail.case.resolvedAt);
    assert.deepEqual(
      detail.events.filter((e) => e.userId !== null).map((e) => [e.kind, e.actor]),
      [
        ['labelled', 'Bea'],
        ['status', 'Kees'],
        ['note', 'Bea'],
      ],
    );
    assert.equal(
      detail.events.find((e) => e.kind === 'note')?.details.text,
      'Doorgezet naar <b>Parkeren</b>',
    );
    assert.equal(detail.conversation.length, 1);
    assert.equal(detail.conversation[0]?.inCase, true);
    const audit = await db().query<{ action: string; target: string }>(
      "SELECT action, target FROM audit_log WHERE action LIKE 'case.%' AND target = $1 ORDER BY id",
      [target.number],
    );
    assert.deepEqual(
      audit.map((a) => a.action),
      ['case.labelled', 'case.status', 'case.note'],
    );
    // The trail cannot be changed.
    await assert.rejects(
      db().execute('UPDATE case_events SET actor = $1 WHERE case_id = $2', ['x', target.id]),
      /append-only/,
    );
  });

  test('assignment goes to members of the organisation only', async () => {
    const target = world.byCitizen.get('bram');
    assert.ok(target);
    const [bea, , lotte] = world.actors as [CaseActor, CaseActor, CaseActor];
    const assigned = await assignCase(db(), world.utrecht, target.id, lotte.userId, target.version, bea);
    assert.ok(assigned.ok);
    const [someone] = await db().query<{ id: number }>(
      "INSERT INTO users (email, name) VALUES ('x@amsterdam.example', 'X') RETURNING id",
    );
    assert.deepEqual(
      await assignCase(db(), world.utrecht, target.id, someone?.id ?? 0, assigned.version, bea),
      {
        ok: false,
        reason: 'invalid',
        problem: 'notMember',
      },
    );
  });

  test('the inbox: views, counts, filters and search', async () => {
    const [bea, , lotte] = world.actors as [CaseActor, CaseActor, CaseActor];
    const view = async (v: 'nieuw' | 'mijn' | 'team' | 'wacht' | 'alles', userId: number, filter = {}) =>
      (
        await listInbox(db(), { organisationId: world.utrecht, viewerId: userId, view: v, filter, limit: 50 })
      ).cases.map((c) => c.citizenId);
    // anna: claimed (open); bram: assigned to Lotte (open); cor: resolved.
    assert.deepEqual(await view('nieuw', bea.userId), []);
    assert.deepEqual(await view('mijn', lotte.userId), ['bram']);
    assert.deepEqual((await view('team', bea.userId)).sort(), ['anna', 'bram']);
    assert.deepEqual(await view('alles', bea.userId), ['cor', 'bram', 'anna']);
    assert.deepEqual(await inboxCounts(db(), world.utrecht, lotte.userId), {
      nieuw: 0,
      mijn: 1,
      team: 2,
      wacht: 0,
      alles: 3,
    });
    assert.deepEqual(await view('alles', bea.userId, { platform: 'bluesky' }), ['cor']);
    assert.deepEqual(await view('alles', bea.userId, { category: 'parkeren', tag: 'spoed' }), ['cor']);
    assert.deepEqual(await view('alles', bea.userId, { sentiment: 'positive' }), ['bram']);
    // Nobody answered yet; a resolved case is not late.
    assert.deepEqual(await view('alles', bea.userId, { sla: 'answered' }), []);
    assert.deepEqual((await view('alles', bea.userId, { sla: 'breached' })).sort(), ['anna', 'bram']);
    assert.deepEqual(await view('alles', bea.userId, { sla: 'on_track' }), []);
    const query = parseQuery('container');
    assert.ok(query.ok);
    assert.deepEqual(await view('alles', bea.userId, { query: query.query }), ['anna']);
    const hostile = parseQuery("'; DROP TABLE cases; --");
    assert.ok(hostile.ok);
    assert.deepEqual(await view('alles', bea.userId, { query: hostile.query }), []);
    assert.equal((await listCases(db(), {})).length, 4, 'nothing dropped');
  });
});
