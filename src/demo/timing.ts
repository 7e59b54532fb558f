import type { Webcare } from './accounts.ts';
import { type DayInfo, type DemoCalendar, MINUTE, OFFICE_CLOSES, OFFICE_OPENS, SECOND } from './calendar.ts';
import { type Rng, Weighted } from './random.ts';

/**
 * When things happen: citizens write at any hour (mostly daytime and evening), organisations
 * post in office hours, and webcare answers fast in office hours and slowly outside them.
 */

// Relative activity per local hour, 0–23.
// biome-ignore format: 24 numbers read best on two lines
const CITIZEN_HOURS = [0.6, 0.3, 0.15, 0.1, 0.1, 0.2, 0.6, 1.6, 3, 3.6, 3.6, 3.4, 3.3, 3.2, 3.1, 3, 3,
  3.1, 3.3, 3.6, 3.8, 3.4, 2.4, 1.3];
// biome-ignore format: 24 numbers read best on two lines
const OFFICE_POST_HOURS = [0, 0, 0, 0, 0, 0, 0, 0.3, 1.5, 3, 3, 2.6, 2, 2.5, 2.6, 2.4, 2, 0.8, 0.4, 0.5,
  0.4, 0.2, 0.1, 0];
// biome-ignore format: 24 numbers read best on two lines
const EVENING_POST_HOURS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 1, 1, 2, 3, 3, 2, 1];

const hourTable = (weights: readonly number[]) => new Weighted(weights.map((w, h) => [h, w] as const));
const citizenHours = hourTable(CITIZEN_HOURS);
const officeHours = hourTable(OFFICE_POST_HOURS);
const eveningHours = hourTable(EVENING_POST_HOURS);

function atHour(calendar: DemoCalendar, day: DayInfo, hour: number, rng: Rng): number {
  return calendar.toUtc(day.localDay, hour * 60 + rng.int(0, 59), rng.int(0, 59));
}

/** When a citizen writes on `day`. */
export function citizenTime(calendar: DemoCalendar, day: DayInfo, rng: Rng): number {
  const time = atHour(calendar, day, citizenHours.pick(rng), rng);
  // Just after midnight on 1 January is still the old year in UTC: move it an hour on.
  return time < calendar.start ? time + 60 * MINUTE : time;
}

/** When an organisation posts on `day`; council meetings and the like in the evening. */
export function postTime(calendar: DemoCalendar, day: DayInfo, rng: Rng, evening: boolean): number {
  return atHour(calendar, day, (evening ? eveningHours : officeHours).pick(rng), rng);
}

/** Seconds-precision: platforms report whole seconds. */
function whole(utc: number): number {
  return Math.floor(utc / SECOND) * SECOND;
}

/**
 * When the webcare team answers a message sent at `sent`. In office hours: minutes to an hour.
 * Outside: now and then the same evening or weekend day, mostly the next working morning.
 */
export function answerTime(calendar: DemoCalendar, webcare: Webcare, sent: number, rng: Rng): number {
  if (calendar.inOfficeHours(sent)) {
    const delay = Math.min(rng.lognormal(webcare.officeMedianMinutes, 0.9), 6 * 60) * MINUTE;
    const answered = sent + Math.max(40 * SECOND, delay);
    if (calendar.inOfficeHours(answered) || rng.chance(0.4)) return whole(answered);
    return whole(calendar.nextOfficeStart(answered) + rng.lognormal(35, 0.8) * MINUTE);
  }
  const minute = calendar.minuteOfDay(sent);
  const awake = minute >= 9 * 60 && minute < 22 * 60;
  if (awake && rng.chance(webcare.offHoursCoverage)) {
    return whole(sent + Math.max(2 * MINUTE, rng.lognormal(75, 0.8) * MINUTE));
  }
  // The morning backlog: answered in the first hours of the next working day.
  const opens = calendar.nextOfficeStart(sent);
  const backlog = Math.min(rng.lognormal(45, 0.9), (OFFICE_CLOSES - OFFICE_OPENS) * 0.9) * MINUTE;
  return whole(Math.max(opens, sent) + backlog);
}

/** A citizen's reaction to an answer: minutes to a day later. */
export function followUpTime(after: number, rng: Rng): number {
  return whole(after + Math.max(30 * SECOND, Math.min(rng.lognormal(50, 1.4), 72 * 60) * MINUTE));
}

/** A reply by a citizen to a post: mostly within hours of the post. */
export function reactionTime(post: number, rng: Rng): number {
  return whole(post + Math.max(20 * SECOND, Math.min(rng.lognormal(90, 1.3), 96 * 60) * MINUTE));
}
