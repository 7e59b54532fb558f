import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ComparisonClass } from '../domain/organisation.ts';
import { rankWithinClass, yearOverYear } from './compare.ts';
import { type Figures, type OrganisationFigures, SCALAR_METRICS } from './figures.ts';

function org(
  code: string,
  cls: ComparisonClass | null,
  figures: Partial<Figures>,
  accounts = 1,
): OrganisationFigures {
  const empty = Object.fromEntries(SCALAR_METRICS.map((m) => [m, null])) as Figures;
  return {
    code,
    name: code,
    kind: cls === 'provincie' ? 'provincie' : 'gemeente',
    class: cls,
    inhabitants: null,
    accounts,
    ...empty,
    buckets: null,
    ...figures,
  };
}

const ORGS = [
  org('A', 'klein', { response_rate: 80, mean_first_response_s: 3600, sent: 10 }),
  org('B', 'klein', { response_rate: 40, mean_first_response_s: 600, sent: 30 }),
  org('C', 'klein', { response_rate: 80, mean_first_response_s: 7200, sent: 20 }),
  org('D', 'klein', { response_rate: 20, mean_first_response_s: null, sent: 5 }),
  org('E', 'klein', { response_rate: null, mean_first_response_s: null, sent: 0 }),
  // Another class, better than everyone: it must not count.
  org('F', 'groot', { response_rate: 100, mean_first_response_s: 1, sent: 999 }),
  // Same class, but no accounts: takes no part.
  org('G', 'klein', { response_rate: 100, mean_first_response_s: 1, sent: 0 }, 0),
  org('H', null, { response_rate: 90 }),
];

test('a higher response rate ranks better; equal values share the rank; other classes do not count', () => {
  assert.deepEqual(rankWithinClass(ORGS, 'A', 'response_rate'), {
    rank: 1,
    of: 4,
    sharedBy: 2,
    direction: 'higher',
    class: 'klein',
  });
  assert.deepEqual(rankWithinClass(ORGS, 'C', 'response_rate'), {
    rank: 1,
    of: 4,
    sharedBy: 2,
    direction: 'higher',
    class: 'klein',
  });
  assert.equal((rankWithinClass(ORGS, 'B', 'response_rate') as { rank: number }).rank, 3);
  assert.equal((rankWithinClass(ORGS, 'D', 'response_rate') as { rank: number }).rank, 4);
});

test('a shorter response time ranks better; organisations without the figure are left out', () => {
  const ranks = ['A', 'B', 'C'].map((c) => rankWithinClass(ORGS, c, 'mean_first_response_s'));
  assert.deepEqual(
    ranks.map((r) => ('rank' in r ? [r.rank, r.of, r.direction] : r)),
    [
      [2, 3, 'lower'],
      [1, 3, 'lower'],
      [3, 3, 'lower'],
    ],
  );
});

test('a neutral metric is ranked highest first', () => {
  const r = rankWithinClass(ORGS, 'B', 'sent');
  assert.deepEqual(r, { rank: 1, of: 5, sharedBy: 1, direction: 'neutral', class: 'klein' });
  assert.equal((rankWithinClass(ORGS, 'E', 'sent') as { rank: number }).rank, 5);
});

test('no rank, with the reason: no figure, no class, not a ranked metric, unknown organisation', () => {
  assert.deepEqual(rankWithinClass(ORGS, 'D', 'mean_first_response_s'), { none: 'no_value' });
  assert.deepEqual(rankWithinClass(ORGS, 'H', 'response_rate'), { none: 'no_class' });
  assert.deepEqual(rankWithinClass(ORGS, 'A', 'anomalies'), { none: 'not_ranked' });
  assert.deepEqual(rankWithinClass(ORGS, 'Z', 'response_rate'), { none: 'unknown_organisation' });
});

test('year over year: change, relative change and a verdict by the metric direction', () => {
  assert.deepEqual(yearOverYear('response_rate', 60, 40), {
    current: 60,
    previous: 40,
    change: 20,
    changePct: 50,
    verdict: 'better',
  });
  assert.deepEqual(yearOverYear('mean_first_response_s', 7200, 3600), {
    current: 7200,
    previous: 3600,
    change: 3600,
    changePct: 100,
    verdict: 'worse',
  });
  assert.equal(yearOverYear('mean_first_response_s', 1800, 3600).verdict, 'better');
  assert.equal(yearOverYear('followers', 100, 100).verdict, 'same');
  assert.equal(yearOverYear('sent', 120, 100).verdict, null);
  assert.equal(yearOverYear('sent', 120, 100).changePct, 20);
  assert.equal(yearOverYear('followers_growth', 5, -10).changePct, 150);
  assert.deepEqual(yearOverYear('sent', 5, 0), {
    current: 5,
    previous: 0,
    change: 5,
    changePct: null,
    verdict: null,
  });
  assert.deepEqual(yearOverYear('response_rate', 50, null), {
    current: 50,
    previous: null,
    change: null,
    changePct: null,
    verdict: null,
  });
});
