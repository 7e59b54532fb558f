/**
 * The webcare figures for managers, on both engines, against values worked out by hand: per
 * agent and for the team, the first-response times (wall clock, METRICS.md's mean, median and
 * nearest-rank p90; an answer before the message an anomaly; office hours as their own number),
 * SLA met %, resolution breaches, handled cases per day and the open workload.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Db } from '../../src/store/db.ts';
import { upsertOrganisations } from '../../src/store/organisations.ts';
import { webcareFigures } from '../../src/webcare/figures.ts';
import { describeOnEngines } from '../support/engines.ts';

const MIN = 60_000;
// Monday 12 January 2026, 09:00 Amsterdam time (08:00 UTC): office hours.
const T = Date.parse('2026-01-12T08:00:00Z');
const PERIOD = { from: new Date('2026-01-11T23:00:00Z'), to: new Date('2026-01-18T23:00:00Z') }; // 12–18 Jan
const NOW = new Date('2026-01-20T12:00:00Z');

let caseNo = 0;
async function addCase(
  db: Db,
  organisationId: number,
  c: {
    assignee: number | null;
    status: string;
    openedMin: number;
    answeredMin?: number | null;
    dueMin: number;
    resolutionDueMin: number;
    resolvedMin?: number | null;
  },
): Promise<void> {
  const at = (m: number | null | undefined) => (m === null || m === undefined ? null : new Date(T + m * MIN));
  await db.execute(
    `INSERT INTO cases (organisation_id, number, platform, conversation_root, status, assignee_id, opened_at,
       last_inbound_at, first_response_at, first_response_due_at, first_response_at_risk_at, resolution_due_at,
       resolution_at_risk_at, resolved_at, sla_clock)
     VALUES ($1, $2, 'mastodon', $2, $3, $4, $5, $5, $6, $7, $7, $8, $8, $9, 'calendar')`,
    [
      organisationId,
      `F-${++caseNo}`,
      c.status,
      c.assignee,
      at(c.openedMin),
      at(c.answeredMin),
      at(c.dueMin),
      at(c.resolutionDueMin),
      at(c.resolvedMin),
    ],
  );
}

describeOnEngines('webcare figures', (db) => {
  test('per agent and for the team, as worked out by hand', async () => {
    await upsertOrganisations(db(), [
      {
        code: 'GM0344',
        name: 'Utrecht',
        displayName: null,
        kind: 'gemeente',
        provinceCode: null,
        safetyRegionCode: null,
        inhabitants: [],
      },
    ]);
    const [org] = await db().query<{ id: number }>("SELECT id FROM organisations WHERE code = 'GM0344'");
    const organisationId = Number(org?.id);
    const [bea] = await db().query<{ id: number }>(
      "INSERT INTO users (email, name) VALUES ('b@x', 'Bea') RETURNING id",
    );
    const [kees] = await db().query<{ id: number }>(
      "INSERT INTO users (email, name) VALUES ('k@x', 'Kees') RETURNING id",
    );
    const b = Number(bea?.id);
    const k = Number(kees?.id);
    // Bea: answered after 10, 30 and 50 minutes (due at 60: all met); resolved two of them in the week.
    await addCase(db(), organisationId, {
      assignee: b,
      status: 'opgelost',
      openedMin: 0,
      answeredMin: 10,
      dueMin: 60,
      resolutionDueMin: 600,
      resolvedMin: 100,
    });
    await addCase(db(), organisationId, {
      assignee: b,
      status: 'opgelost',
      openedMin: 0,
      answeredMin: 30,
      dueMin: 60,
      resolutionDueMin: 600,
      resolvedMin: 700,
    });
    await addCase(db(), organisationId, {
      assignee: b,
      status: 'wacht',
      openedMin: 0,
      answeredMin: 50,
      dueMin: 60,
      resolutionDueMin: 20_000,
    });
    // Kees: answered after 90 (late) and an answer dated before the message (an anomaly); one open, unanswered, past due.
    await addCase(db(), organisationId, {
      assignee: k,
      status: 'open',
      openedMin: 60,
      answeredMin: 150,
      dueMin: 120,
      resolutionDueMin: 20_000,
    });
    await addCase(db(), organisationId, {
      assignee: k,
      status: 'open',
      openedMin: 60,
      answeredMin: 50,
      dueMin: 120,
      resolutionDueMin: 20_000,
    });
    await addCase(db(), organisationId, {
      assignee: k,
      status: 'open',
      openedMin: 120,
      dueMin: 180,
      resolutionDueMin: 600,
    });
    // Nobody's: new, not yet due at NOW; and one from before the period, resolved in it.
    await addCase(db(), organisationId, {
      assignee: null,
      status: 'nieuw',
      openedMin: 200,
      dueMin: 20_000,
      resolutionDueMin: 30_000,
    });
    await addCase(db(), organisationId, {
      assignee: null,
      status: 'opgelost',
      openedMin: -3000,
      answeredMin: -2990,
      dueMin: -2900,
      resolutionDueMin: -2000,
      resolvedMin: 300,
    });

    const figures = await webcareFigures(db(), organisationId, PERIOD, NOW);
    assert.equal(figures.days, 7);
    const row = (name: string) => figures.rows.find((r) => r.name === name);
    const beaRow = row('Bea');
    assert.deepEqual(
      [
        beaRow?.cases,
        beaRow?.answered,
        beaRow?.meanFirstResponseS,
        beaRow?.medianFirstResponseS,
        beaRow?.p90FirstResponseS,
      ],
      [3, 3, 1800, 1800, 3000],
    );
    assert.deepEqual([beaRow?.slaAssessed, beaRow?.slaMet, beaRow?.slaMetPct], [3, 3, 100]);
    assert.equal(beaRow?.resolutionBreaches, 1, 'resolved at 700, due at 600');
    assert.deepEqual([beaRow?.handled, beaRow?.openWorkload], [2, 1]);
    // Office hours: 09:00 plus 10, 30, 50 minutes on a Monday morning are the same in office time.
    assert.equal(beaRow?.medianFirstResponseOfficeS, 1800);
    const keesRow = row('Kees');
    assert.deepEqual(
      [
        keesRow?.cases,
        keesRow?.answered,
        keesRow?.unanswered,
        keesRow?.anomalies,
        keesRow?.medianFirstResponseS,
      ],
      [3, 2, 1, 1, 5400],
    );
    // Assessed: the late answer and the unanswered one past its due (the anomaly is left out): none met.
    assert.deepEqual([keesRow?.slaAssessed, keesRow?.slaMet, keesRow?.slaMetPct], [2, 0, 0]);
    assert.equal(keesRow?.resolutionBreaches, 1, 'open past its resolution deadline at 600');
    assert.equal(keesRow?.openWorkload, 3);
    const nobody = figures.rows.find((r) => r.kind === 'unassigned');
    assert.deepEqual(
      [nobody?.cases, nobody?.slaAssessed, nobody?.handled, nobody?.openWorkload],
      [1, 0, 1, 1],
    );
    const team = figures.rows.find((r) => r.kind === 'team');
    assert.deepEqual([team?.cases, team?.answered, team?.handled, team?.openWorkload], [7, 5, 3, 5]);
    assert.equal(team?.medianFirstResponseS, 2400, 'median of 10, 30, 50, 90 minutes: (30 + 50) / 2');
    assert.ok(Math.abs((team?.handledPerDay ?? 0) - 3 / 7) < 1e-9);
    assert.deepEqual(
      figures.perDay.map((d) => [d.day, d.opened, d.handled]),
      [
        ['2026-01-12', 7, 3],
        ['2026-01-13', 0, 0],
        ['2026-01-14', 0, 0],
        ['2026-01-15', 0, 0],
        ['2026-01-16', 0, 0],
        ['2026-01-17', 0, 0],
        ['2026-01-18', 0, 0],
      ],
    );
  });
});
