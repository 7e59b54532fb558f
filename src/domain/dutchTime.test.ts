import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays, dutchDay, isDay, startOfDutchDay } from './dutchTime.ts';

test('a Dutch day starts at midnight in Amsterdam, summer and winter time alike', () => {
  assert.equal(startOfDutchDay('2025-01-01').toISOString(), '2024-12-31T23:00:00.000Z');
  assert.equal(startOfDutchDay('2025-05-01').toISOString(), '2025-04-30T22:00:00.000Z');
  // The clocks change in the night after these midnights.
  assert.equal(startOfDutchDay('2025-03-30').toISOString(), '2025-03-29T23:00:00.000Z');
  assert.equal(startOfDutchDay('2025-03-31').toISOString(), '2025-03-30T22:00:00.000Z');
  assert.equal(startOfDutchDay('2025-10-26').toISOString(), '2025-10-25T22:00:00.000Z');
  assert.equal(startOfDutchDay('2025-10-27').toISOString(), '2025-10-26T23:00:00.000Z');
});

test('the Dutch day of a moment, real dates only, and days added', () => {
  assert.equal(dutchDay(new Date('2025-04-30T22:00:00Z')), '2025-05-01');
  assert.equal(dutchDay(new Date('2025-04-30T21:59:59Z')), '2025-04-30');
  assert.equal(dutchDay(new Date('2025-12-31T23:30:00Z')), '2026-01-01');
  assert.equal(isDay('2025-02-28'), true);
  assert.equal(isDay('2025-02-29'), false);
  assert.equal(isDay('2025-5-1'), false);
  assert.throws(() => startOfDutchDay('gisteren'), RangeError);
  assert.equal(addDays('2025-03-01', -1), '2025-02-28');
  assert.equal(addDays('2024-12-31', 1), '2025-01-01');
});
