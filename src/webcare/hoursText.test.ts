import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatExceptions, formatShifts, parseExceptions, parseShifts } from './hoursText.ts';

test('shifts as people write them, split by a lunch break, and back', () => {
  assert.deepEqual(parseShifts('08:30-12:30, 13:00-17:00'), {
    shifts: [
      { from: 510, to: 750 },
      { from: 780, to: 1020 },
    ],
  });
  assert.deepEqual(parseShifts('8.30 – 17.00'), { shifts: [{ from: 510, to: 1020 }] });
  assert.deepEqual(parseShifts(''), { shifts: [] });
  assert.deepEqual(parseShifts('Gesloten'), { shifts: [] });
  assert.equal(
    formatShifts([
      { from: 510, to: 750 },
      { from: 780, to: 1020 },
    ]),
    '08:30-12:30, 13:00-17:00',
  );
  assert.equal(formatShifts([]), 'gesloten');
  assert.deepEqual(parseShifts('17:00-08:30'), { text: '17:00-08:30', problem: 'order' });
  assert.deepEqual(parseShifts('08:30-12:30, 12:00-17:00'), { text: '12:00-17:00', problem: 'order' });
  assert.deepEqual(parseShifts('negen tot vijf'), { text: 'negen tot vijf', problem: 'time' });
  assert.deepEqual(parseShifts('08:30-25:00'), { text: '08:30-25:00', problem: 'time' });
});

test('exceptions one per line, the wrong line named', () => {
  const parsed = parseExceptions('2026-12-24: 08:30-12:00\n\n2026-12-31 gesloten\n');
  assert.deepEqual(parsed, { exceptions: { '2026-12-24': [{ from: 510, to: 720 }], '2026-12-31': [] } });
  assert.equal(
    formatExceptions({ '2026-12-31': [], '2026-12-24': [{ from: 510, to: 720 }] }),
    '2026-12-24: 08:30-12:00\n2026-12-31: gesloten',
  );
  assert.deepEqual(parseExceptions('2026-12-24: 08:30-12:00\n2026-02-30: gesloten'), {
    line: 2,
    text: '2026-02-30: gesloten',
    problem: 'day',
  });
});
