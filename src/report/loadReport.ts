import { listBoundaries } from '../reference/store.ts';
import type { Db } from '../store/db.ts';
import { computeYardsticks, UnknownOrganisationError } from '../yardstick/engine.ts';
import type { Period, ScalarMetric, Yardstick } from '../yardstick/figures.ts';
import { previousYear, quartersOf } from '../yardstick/periods.ts';
import { messageSpan } from '../yardstick/queries.ts';
import type { ReportInput } from './input.ts';

export interface LoadReportOptions {
  /** Only this organisation's page; the overview, classes, ranks and map stay national. */
  org?: string | undefined;
  mapMetric: ScalarMetric;
  /** The moment the report is made (tests pin it). */
  now?: Date;
  /** Read the gemeente boundaries for the map (default true); pages without a map skip them. */
  boundaries?: boolean;
}

/**
 * Reads everything the report shows in one pass of the engine: the period, the same period a
 * year earlier and each calendar quarter of the period (`computeYardsticks` once), and the
 * gemeente boundaries for the map. The yardsticks are national even with `org`: an organisation
 * is ranked and averaged against the others, so the engine is not narrowed; `org` only chooses
 * the page shown.
 */
export async function loadReportInput(
  db: Db,
  period: Period,
  options: LoadReportOptions,
): Promise<ReportInput> {
  const previous = previousYear(period);
  const span = period.from && period.to ? null : await messageSpan(db);
  const quarters = quartersOf(period, span);
  const periods: Period[] = [period, ...(previous ? [previous] : []), ...quarters];
  const now = options.now ?? new Date();
  const yardsticks = await computeYardsticks(db, periods, { now });
  const [current, ...rest] = yardsticks as [Yardstick, ...Yardstick[]];
  if (options.org !== undefined && !current.organisations.some((o) => o.code === options.org)) {
    throw new UnknownOrganisationError(
      `no organisation with code ${JSON.stringify(options.org)} has accounts`,
    );
  }
  const boundaries = options.boundaries === false ? [] : await listBoundaries(db, 'gemeente');
  return {
    current,
    previous: previous ? (rest[0] ?? null) : null,
    quarters: previous ? rest.slice(1) : rest,
    boundaries: boundaries.map((b) => ({ code: b.code, name: b.name, geometry: b.geometry })),
    mapMetric: options.mapMetric,
    generatedAt: now,
    org: options.org ?? null,
  };
}
