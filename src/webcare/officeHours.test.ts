import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dutchHolidays, holidayOn } from '../domain/dutchHolidays.ts';
import {
  addOpenTime,
  DEFAULT_OFFICE_HOURS,
  isOpen,
  type OfficeHours,
  officeHoursProblems,
  openTimeBetween,
  wallClockMoment,
} from './officeHours.ts';
import { DEFAULT_SLA_POLICY, deadline, dueAfter, slaState } from './sla.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (iso: string) => new Date(iso);
const hours = DEFAULT_OFFICE_HOURS; // 08:30–12:30 and 13:00–17:00 on working days

test('Dutch public holidays: Koningsdag moves off a Sunday, Bevrijdingsdag in lustrum years only', () => {
  assert.equal(holidayOn('2025-04-26'), 'Koningsdag'); // the 27th was a Sunday
  assert.equal(holidayOn('2025-04-27'), null);
  assert.equal(holidayOn('2026-04-27'), 'Koningsdag');
  assert.equal(holidayOn('2013-04-30'), 'Koninginnedag');
  assert.equal(holidayOn('2025-05-05'), 'Bevrijdingsdag');
  assert.equal(holidayOn('2026-05-05'), null);
  assert.equal(holidayOn('2030-05-05'), 'Bevrijdingsdag');
  assert.equal(holidayOn('2026-04-03'), null, 'Goede Vrijdag is not a public day off');
  assert.equal(holidayOn('2026-04-06'), 'Tweede Paasdag');
  assert.equal(holidayOn('2026-05-14'), 'Hemelvaartsdag');
  assert.equal(holidayOn('2026-05-25'), 'Tweede Pinksterdag');
  assert.equal(holidayOn('2026-12-26'), 'Tweede Kerstdag');
  assert.equal(dutchHolidays(2026).size, 9);
  assert.equal(dutchHolidays(2025).size, 10);
});

test('wall-clock times across the daylight-saving switches', () => {
  assert.equal(wallClockMoment('2026-01-05', 510), Date.parse('2026-01-05T07:30:00Z'));
  assert.equal(wallClockMoment('2026-06-01', 510), Date.parse('2026-06-01T06:30:00Z'));
  // 29 March 2026: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist and is the jump.
  assert.equal(wallClockMoment('2026-03-29', 150), Date.parse('2026-03-29T01:00:00Z'));
  assert.equal(wallClockMoment('2026-03-29', 180), Date.parse('2026-03-29T01:00:00Z'));
  // 25 October 2026: 02:30 happens twice; the first is meant.
  assert.equal(wallClockMoment('2026-10-25', 150), Date.parse('2026-10-25T00:30:00Z'));
});

test('a lunch break is not counted', () => {
  // Monday 12 January 2026, 12:00 CET: half an hour before lunch, then from 13:00.
  const start = at('2026-01-12T11:00:00Z');
  assert.equal(isOpen(hours, at('2026-01-12T11:45:00Z')), false, '12:45 is lunch');
  assert.deepEqual(addOpenTime(hours, start, HOUR), at('2026-01-12T12:30:00Z')); // 13:30 CET
  assert.equal(openTimeBetween(hours, start, at('2026-01-12T12:30:00Z')), HOUR);
});

test('a weekend is skipped: Friday 16:00 plus two office hours is Monday 09:30', () => {
  const friday = at('2026-01-16T15:00:00Z'); // 16:00 CET
  assert.deepEqual(addOpenTime(hours, friday, 2 * HOUR), at('2026-01-19T08:30:00Z'));
  assert.equal(openTimeBetween(hours, friday, at('2026-01-19T08:30:00Z')), 2 * HOUR);
  // A message on Saturday waits for Monday 08:30; the clock starts then.
  assert.deepEqual(addOpenTime(hours, at('2026-01-17T10:00:00Z'), 0), at('2026-01-19T07:30:00Z'));
  assert.equal(openTimeBetween(hours, at('2026-01-17T10:00:00Z'), at('2026-01-19T07:30:00Z')), 0);
});

test('Koningsdag is skipped: Friday 24 April 2026 16:00 plus two hours is Tuesday 28 April 09:30', () => {
  const friday = at('2026-04-24T14:00:00Z'); // 16:00 CEST
  assert.deepEqual(addOpenTime(hours, friday, 2 * HOUR), at('2026-04-28T07:30:00Z'));
  // An organisation open on Koningsdag says so with an exception.
  const open: OfficeHours = { ...hours, exceptions: { '2026-04-27': [{ from: 600, to: 720 }] } };
  assert.deepEqual(addOpenTime(open, friday, 2 * HOUR), at('2026-04-27T09:00:00Z')); // 11:00 CEST
  // Without holidays, Monday 27th counts as an ordinary Monday.
  const noHolidays: OfficeHours = { ...hours, closedOnPublicHolidays: false };
  assert.deepEqual(addOpenTime(noHolidays, friday, 2 * HOUR), at('2026-04-27T07:30:00Z'));
});

test('a daylight-saving switch over a weekend: office hours stay 08:30 on the wall clock', () => {
  // Friday 27 March 2026 16:30 CET plus one office hour: Monday 30 March 09:00 CEST.
  const friday = at('2026-03-27T15:30:00Z');
  assert.deepEqual(addOpenTime(hours, friday, HOUR), at('2026-03-30T07:00:00Z'));
  // Calendar time does count the weekend, and the lost hour: 63 hours of wall clock are 62 real ones.
  assert.deepEqual(dueAfter('calendar', hours, friday, 62 * 60), at('2026-03-30T05:30:00Z'));
  // A night shift over the switch is an hour shorter in spring, an hour longer in autumn.
  const nights: OfficeHours = {
    week: Array(7).fill([{ from: 0, to: 360 }]),
    closedOnPublicHolidays: false,
    exceptions: {},
  };
  assert.equal(openTimeBetween(nights, at('2026-03-28T22:00:00Z'), at('2026-03-29T12:00:00Z')), 5 * HOUR);
  assert.equal(openTimeBetween(nights, at('2026-10-24T21:00:00Z'), at('2026-10-25T12:00:00Z')), 7 * HOUR);
});

test('SLA deadlines and states on both clocks', () => {
  const monday = at('2026-01-12T10:00:00Z'); // 11:00 CET
  const office = deadline('office', hours, monday, DEFAULT_SLA_POLICY.firstResponseMinutes);
  assert.deepEqual(
    office.dueAt,
    at('2026-01-12T12:30:00Z'),
    'two office hours past a half-hour lunch: 13:30 CET',
  );
  const calendar = deadline('calendar', hours, monday, 120);
  assert.deepEqual(calendar.dueAt, at('2026-01-12T12:00:00Z'));
  assert.deepEqual(calendar.atRiskAt, at('2026-01-12T11:36:00Z'));
  assert.equal(slaState(calendar, null, at('2026-01-12T11:00:00Z')), 'on_track');
  assert.equal(slaState(calendar, null, at('2026-01-12T11:40:00Z')), 'at_risk');
  assert.equal(slaState(calendar, null, at('2026-01-12T12:00:01Z')), 'breached');
  assert.equal(slaState(calendar, at('2026-01-12T12:00:00Z'), at('2026-01-13T00:00:00Z')), 'met');
  assert.equal(slaState(calendar, at('2026-01-12T12:00:01Z'), at('2026-01-13T00:00:00Z')), 'late');
  assert.equal(slaState(null, null, monday), 'none');
});

test('office hours that cannot be used are told', () => {
  assert.deepEqual(officeHoursProblems(hours), []);
  const closed: OfficeHours = { week: Array(7).fill([]), closedOnPublicHolidays: true, exceptions: {} };
  assert.deepEqual(officeHoursProblems(closed), ['week: at least one shift']);
  assert.throws(() => addOpenTime(closed, at('2026-01-12T10:00:00Z'), HOUR), /no open time/);
  const backwards: OfficeHours = { ...hours, exceptions: { '2026-12-24': [{ from: 900, to: 600 }] } };
  assert.match(officeHoursProblems(backwards)[0] ?? '', /2026-12-24.*forwards/);
});
