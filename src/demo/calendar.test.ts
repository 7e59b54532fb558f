import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dutchHolidays } from '../domain/dutchHolidays.ts';
import { amsterdamOffset as intlOffset } from '../domain/dutchTime.ts';
import { DAY, DemoCalendar, HOUR } from './calendar.ts';

test('the Amsterdam offset follows the EU rule, hour by hour, as Intl does', () => {
  for (const year of [2024, 2025, 2026]) {
    const calendar = new DemoCalendar(year);
    for (let utc = calendar.start; utc < calendar.end; utc += HOUR) {
      assert.equal(calendar.offset(utc), intlOffset(utc), new Date(utc).toISOString());
    }
  }
});

test('summer time in 2025 runs from 30 March to 26 October, 01:00 UTC', () => {
  const calendar = new DemoCalendar(2025);
  assert.equal(calendar.offset(Date.UTC(2025, 2, 30, 0, 59)), HOUR);
  assert.equal(calendar.offset(Date.UTC(2025, 2, 30, 1, 0)), 2 * HOUR);
  assert.equal(calendar.offset(Date.UTC(2025, 9, 26, 0, 59)), 2 * HOUR);
  assert.equal(calendar.offset(Date.UTC(2025, 9, 26, 1, 0)), HOUR);
  // 08:30 on the wall clock is 07:30 UTC in winter and 06:30 UTC in summer.
  assert.equal(calendar.toUtc(Date.UTC(2025, 0, 6) / DAY, 8 * 60 + 30), Date.UTC(2025, 0, 6, 7, 30));
  assert.equal(calendar.toUtc(Date.UTC(2025, 5, 2) / DAY, 8 * 60 + 30), Date.UTC(2025, 5, 2, 6, 30));
});

test('Dutch holidays of 2025: Easter, Koningsdag on Saturday the 26th, Ascension, Whit Monday', () => {
  const names = new Map(
    [...dutchHolidays(2025)].map(([day, name]) => [new Date(day * DAY).toISOString().slice(0, 10), name]),
  );
  assert.equal(names.get('2025-04-21'), 'Tweede Paasdag');
  assert.equal(names.get('2025-04-26'), 'Koningsdag');
  assert.equal(names.get('2025-05-29'), 'Hemelvaartsdag');
  assert.equal(names.get('2025-06-09'), 'Tweede Pinksterdag');
  assert.equal(names.get('2025-05-05'), 'Bevrijdingsdag');
  assert.equal(names.get('2025-12-26'), 'Tweede Kerstdag');
});

test('office hours are 08:30–17:00 on working days; the next start skips weekends and holidays', () => {
  const calendar = new DemoCalendar(2025);
  assert.equal(calendar.inOfficeHours(Date.UTC(2025, 0, 6, 7, 30)), true); // Monday 08:30 CET
  assert.equal(calendar.inOfficeHours(Date.UTC(2025, 0, 6, 7, 29)), false);
  assert.equal(calendar.inOfficeHours(Date.UTC(2025, 0, 6, 16, 0)), false); // 17:00 CET
  assert.equal(calendar.inOfficeHours(Date.UTC(2025, 0, 4, 10, 0)), false); // Saturday
  // Friday evening → Monday 08:30; Good Friday evening → the Tuesday after Easter Monday.
  assert.equal(calendar.nextOfficeStart(Date.UTC(2025, 0, 10, 19, 0)), Date.UTC(2025, 0, 13, 7, 30));
  assert.equal(calendar.nextOfficeStart(Date.UTC(2025, 3, 18, 17, 0)), Date.UTC(2025, 3, 22, 6, 30));
  const inside = Date.UTC(2025, 0, 7, 9, 0);
  assert.equal(calendar.nextOfficeStart(inside), inside);
});
