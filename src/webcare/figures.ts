import { addDays, dutchDay } from '../domain/dutchTime.ts';
import type { Queryable } from '../store/db.ts';
import { loadWebcareConfigs } from '../store/webcareSettings.ts';
import { type OfficeHours, openTimeBetween } from './officeHours.ts';

/**
 * The webcare team's figures for managers, per agent and for the whole team, over a period of
 * Dutch days `[from, to)`:
 *
 * - **cases**: cases opened in the period (each counted for the agent who has it now; cases
 *   nobody has are their own row);
 * - **first response** of a case: its first answer minus its first message, in seconds, on the
 *   wall clock as METRICS.md measures it, with mean, median (the mean of the two middle values for
 *   an even count) and p90 (nearest rank: the value at rank ceil(0.9 × n)); a case not answered
 *   is left out of these but counted in `unanswered`; an answer dated before the message is left
 *   out and counted in `anomalies`. The same in office hours (the organisation's week and
 *   holidays) is given as numbers of its own, never in place of the wall clock;
 * - **SLA met %**: of the cases opened in the period whose first-response deadline has passed or
 *   that were answered (an anomaly left out), those answered by the deadline;
 * - **resolution breaches**: cases opened in the period resolved after their resolution deadline,
 *   or still open past it;
 * - **handled**: cases resolved in the period, and per day;
 * - **open workload**: the cases the agent has now that are new, open or waiting.
 */

export interface FigureRow {
  /** The agent's user id; null: the team (`team`) or cases nobody has (`unassigned`). */
  userId: number | null;
  name: string;
  kind: 'agent' | 'unassigned' | 'team';
  cases: number;
  answered: number;
  unanswered: number;
  anomalies: number;
  meanFirstResponseS: number | null;
  medianFirstResponseS: number | null;
  p90FirstResponseS: number | null;
  medianFirstResponseOfficeS: number | null;
  slaAssessed: number;
  slaMet: number;
  slaMetPct: number | null;
  resolutionBreaches: number;
  handled: number;
  handledPerDay: number;
  openWorkload: number;
}

export interface WebcareFigures {
  from: Date;
  to: Date;
  days: number;
  rows: FigureRow[];
  /** Per Dutch day of the period: cases opened and cases resolved (the team). */
  perDay: { day: string; opened: number; handled: number }[];
}

interface CaseRow {
  assignee_id: number | null;
  assignee_name: string | null;
  status: string;
  opened_at: Date;
  first_response_at: Date | null;
  first_response_due_at: Date;
  resolution_due_at: Date;
  resolved_at: Date | null;
}

export function median(sorted: readonly number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.ceil((p * 10 * sorted.length) / 10) - 1] ?? null;
}

const ACTIVE = new Set(['nieuw', 'open', 'wacht']);

function rowOf(
  kind: FigureRow['kind'],
  userId: number | null,
  name: string,
  opened: readonly CaseRow[],
  resolved: readonly CaseRow[],
  active: number,
  days: number,
  now: Date,
  hours: OfficeHours,
): FigureRow {
  const waits: number[] = [];
  const office: number[] = [];
  let anomalies = 0;
  let slaAssessed = 0;
  let slaMet = 0;
  let resolutionBreaches = 0;
  for (const c of opened) {
    if (c.first_response_at) {
      const seconds = (c.first_response_at.getTime() - c.opened_at.getTime()) / 1000;
      if (seconds < 0) {
        // A data error: left out of every figure, as METRICS.md says, the SLA's too.
        anomalies++;
        continue;
      }
      waits.push(seconds);
      office.push(openTimeBetween(hours, c.opened_at, c.first_response_at) / 1000);
    }
    if (c.first_response_at || c.first_response_due_at <= now) {
      slaAssessed++;
      if (c.first_response_at && c.first_response_at <= c.first_response_due_at) slaMet++;
    }
  }
  for (const c of opened) {
    const done = c.resolved_at ?? (ACTIVE.has(c.status) ? now : null);
    if (done && done > c.resolution_due_at) resolutionBreaches++;
  }
  waits.sort((a, b) => a - b);
  office.sort((a, b) => a - b);
  const answered = waits.length + anomalies;
  return {
    userId,
    name,
    kind,
    cases: opened.length,
    answered,
    unanswered: opened.length - answered,
    anomalies,
    meanFirstResponseS: waits.length ? waits.reduce((a, b) => a + b, 0) / waits.length : null,
    medianFirstResponseS: median(waits),
    p90FirstResponseS: nearestRank(waits, 0.9),
    medianFirstResponseOfficeS: median(office),
    slaAssessed,
    slaMet,
    slaMetPct: slaAssessed ? (slaMet / slaAssessed) * 100 : null,
    resolutionBreaches,
    handled: resolved.length,
    handledPerDay: days > 0 ? resolved.length / days : 0,
    openWorkload: active,
  };
}

/** The figures of an organisation's webcare over `[from, to)`, as they stand at `now`. */
export async function webcareFigures(
  q: Queryable,
  organisationId: number,
  period: { from: Date; to: Date },
  now: Date = new Date(),
): Promise<WebcareFigures> {
  const columns = `c.assignee_id, u.name AS assignee_name, c.status, c.opened_at, c.first_response_at,
    c.first_response_due_at, c.resolution_due_at, c.resolved_at`;
  const [opened, resolved, active, config] = await Promise.all([
    q.query<CaseRow>(
      `SELECT ${columns} FROM cases c LEFT JOIN users u ON u.id = c.assignee_id
       WHERE c.organisation_id = $1 AND c.opened_at >= $2 AND c.opened_at < $3`,
      [organisationId, period.from, period.to],
    ),
    q.query<CaseRow>(
      `SELECT ${columns} FROM cases c LEFT JOIN users u ON u.id = c.assignee_id
       WHERE c.organisation_id = $1 AND c.resolved_at >= $2 AND c.resolved_at < $3`,
      [organisationId, period.from, period.to],
    ),
    q.query<{ assignee_id: number | null; assignee_name: string | null; n: number }>(
      `SELECT c.assignee_id, u.name AS assignee_name, count(*)::integer AS n FROM cases c
       LEFT JOIN users u ON u.id = c.assignee_id
       WHERE c.organisation_id = $1 AND c.status IN ('nieuw', 'open', 'wacht') GROUP BY 1, 2`,
      [organisationId],
    ),
    loadWebcareConfigs(q, [organisationId]),
  ]);
  const hours = (config.get(organisationId) as { officeHours: OfficeHours }).officeHours;
  const days = Math.max(1, Math.round((period.to.getTime() - period.from.getTime()) / 86_400_000));
  const agents = new Map<number, string>();
  for (const c of [...opened, ...resolved])
    if (c.assignee_id !== null) agents.set(c.assignee_id, c.assignee_name ?? '');
  for (const a of active) if (a.assignee_id !== null) agents.set(a.assignee_id, a.assignee_name ?? '');
  const activeOf = (id: number | null) => active.find((a) => a.assignee_id === id)?.n ?? 0;
  const rows: FigureRow[] = [...agents.entries()]
    .sort((a, b) => a[1].localeCompare(b[1], 'nl') || a[0] - b[0])
    .map(([id, name]) =>
      rowOf(
        'agent',
        id,
        name,
        opened.filter((c) => c.assignee_id === id),
        resolved.filter((c) => c.assignee_id === id),
        activeOf(id),
        days,
        now,
        hours,
      ),
    );
  rows.push(
    rowOf(
      'unassigned',
      null,
      '',
      opened.filter((c) => c.assignee_id === null),
      resolved.filter((c) => c.assignee_id === null),
      activeOf(null),
      days,
      now,
      hours,
    ),
  );
  rows.push(
    rowOf(
      'team',
      null,
      '',
      opened,
      resolved,
      active.reduce((sum, a) => sum + a.n, 0),
      days,
      now,
      hours,
    ),
  );
  const perDay: WebcareFigures['perDay'] = [];
  const index = new Map<string, { day: string; opened: number; handled: number }>();
  const last = dutchDay(new Date(period.to.getTime() - 1));
  for (let day = dutchDay(period.from); day <= last; day = addDays(day, 1)) {
    const entry = { day, opened: 0, handled: 0 };
    perDay.push(entry);
    index.set(day, entry);
  }
  for (const c of opened) {
    const e = index.get(dutchDay(c.opened_at));
    if (e) e.opened++;
  }
  for (const c of resolved) {
    const e = index.get(dutchDay(c.resolved_at as Date));
    if (e) e.handled++;
  }
  return { from: period.from, to: period.to, days, rows, perDay };
}
