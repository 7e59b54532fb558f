import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMoment, periodYear, previousYear, quarterLabel, quartersOf } from './periods.ts';

const at = (iso: string) => new Date(iso);

test('a period bound is a date (midnight UTC) or a moment with a time zone, and nothing else', () => {
  assert.equal(parseMoment('2025-01-01')?.toISOString(), '2025-01-01T00:00:00.000Z');
  assert.equal(parseMoment('2025-01-01T00:00:00+01:00')?.toISOString(), '2024-12-31T23:00:00.000Z');
  assert.equal(parseMoment('2025-02-29'), null);
  assert.equal(parseMoment('2025-01-01T00:00:00'), null);
  assert.equal(parseMoment('1 januari 2025'), null);
  assert.equal(parseMoment(''), null);
});

test("the period's year is the year of from, else of the moment before to, else now's", () => {
  assert.equal(periodYear({ from: at('2024-01-01T00:00:00Z'), to: at('2026-01-01T00:00:00Z') }), 2024);
  assert.equal(periodYear({ from: null, to: at('2025-01-01T00:00:00Z') }), 2024);
  assert.equal(periodYear({ from: null, to: null }, at('2030-06-01T00:00:00Z')), 2030);
});

test('the previous year shifts both ends, keeps 29 February inside February, and needs both ends', () => {
  const previous = previousYear({ from: at('2024-02-29T00:00:00Z'), to: at('2025-01-01T00:00:00Z') });
  assert.equal(previous?.from?.toISOString(), '2023-02-28T00:00:00.000Z');
  assert.equal(previous?.to?.toISOString(), '2024-01-01T00:00:00.000Z');
  assert.equal(previousYear({ from: null, to: at('2025-01-01T00:00:00Z') }), null);
});

test('quarters cover the period, cut to its ends, and take an open end from the data', () => {
  const quarters = quartersOf({ from: at('2025-02-15T00:00:00Z'), to: at('2025-07-01T00:00:00Z') });
  assert.deepEqual(
    quarters.map((q) => [q.from?.toISOString(), q.to?.toISOString()]),
    [
      ['2025-02-15T00:00:00.000Z', '2025-04-01T00:00:00.000Z'],
      ['2025-04-01T00:00:00.000Z', '2025-07-01T00:00:00.000Z'],
    ],
  );
  assert.deepEqual(quartersOf({ from: null, to: null }), []);
  const open = quartersOf(
    { from: null, to: null },
    { first: at('2025-03-31T23:59:59Z'), last: at('2025-04-01T00:00:00Z') },
  );
  assert.deepEqual(
    open.map((q) => quarterLabel(q.from as Date)),
    ['2025-K1', '2025-K2'],
  );
  assert.equal(open[1]?.to?.toISOString(), '2025-04-01T00:00:00.001Z');
});
