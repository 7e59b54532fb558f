import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatDate,
  formatDateTime,
  formatDecimal,
  formatDuration,
  formatInteger,
  formatPercent,
  formatPercentagePoints,
  formatPeriod,
  formatQuarter,
  withSign,
} from './format.ts';

test('durations are h:mm:ss as in the 2016 study, hours unbounded, rounded to whole seconds', () => {
  assert.equal(formatDuration(26 * 3600 + 34 * 60 + 28), '26:34:28');
  assert.equal(formatDuration(2 * 3600 + 5 * 60 + 40), '2:05:40');
  assert.equal(formatDuration(0), '0:00:00');
  assert.equal(formatDuration(59.4), '0:00:59');
  assert.equal(formatDuration(59.5), '0:01:00');
  assert.equal(formatDuration(3599.6), '1:00:00');
  assert.equal(formatDuration(250 * 3600 + 1), '250:00:01');
  assert.equal(formatDuration(-90), '-0:01:30');
  assert.throws(() => formatDuration(Number.NaN), RangeError);
});

test('percentages are whole, rounded half away from zero', () => {
  assert.equal(formatPercent(34), '34%');
  assert.equal(formatPercent(34.49), '34%');
  assert.equal(formatPercent(14.5), '15%');
  assert.equal(formatPercent(99.5), '100%');
  assert.equal(formatPercent(0.2), '0%');
  assert.equal(formatPercent(-0.2), '0%');
});

test('numbers use the Dutch thousands dot and decimal comma', () => {
  assert.equal(formatInteger(4606), '4.606');
  assert.equal(formatInteger(2662), '2.662');
  assert.equal(formatInteger(999), '999');
  assert.equal(formatInteger(1_234_567), '1.234.567');
  assert.equal(formatInteger(-1234.4), '-1.234');
  assert.equal(formatInteger(0.4), '0');
  assert.equal(formatDecimal(1234.56), '1.234,6');
  assert.equal(formatDecimal(0.05, 1), '0,1');
  assert.equal(formatDecimal(2.25, 2), '2,25');
  assert.equal(formatDecimal(-3.14659, 2), '-3,15');
  assert.equal(formatDecimal(7, 0), '7');
});

test('changes carry a sign unless they round to nothing', () => {
  assert.equal(withSign(12, formatInteger), '+12');
  assert.equal(withSign(-3.2, formatInteger), '-3');
  assert.equal(withSign(0.3, formatInteger), '0');
  assert.equal(withSign(-0.2, formatDuration), '0:00:00');
  assert.equal(withSign(-3600, formatDuration), '-1:00:00');
  assert.equal(formatPercentagePoints(5.4), '+5 procentpunt');
  assert.equal(formatPercentagePoints(-12), '-12 procentpunt');
});

test('dates and periods in Dutch words; a period shows its last day, not its exclusive end', () => {
  assert.equal(formatDate(new Date('2025-01-01T00:00:00Z')), '1 januari 2025');
  assert.equal(formatDate(new Date('2025-12-31T23:59:59Z')), '31 december 2025');
  assert.equal(formatDateTime(new Date('2025-11-23T09:05:00Z')), '23 november 2025 om 09:05 UTC');
  assert.equal(
    formatPeriod({ from: '2025-01-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' }),
    '1 januari 2025 t/m 31 december 2025',
  );
  assert.equal(
    formatPeriod({ from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-03-02T00:00:00Z') }),
    '1 maart 2025',
  );
  assert.equal(formatPeriod({ from: '2025-04-01T00:00:00Z', to: null }), 'vanaf 1 april 2025');
  assert.equal(formatPeriod({ from: null, to: '2025-07-01T00:00:00Z' }), 't/m 30 juni 2025');
  assert.equal(formatPeriod({ from: null, to: null }), 'alle berichten in de database');
  assert.equal(formatQuarter('2025-04-01T00:00:00Z'), 'K2 2025');
  assert.equal(formatQuarter(new Date('2024-12-31T23:00:00Z')), 'K4 2024');
});
