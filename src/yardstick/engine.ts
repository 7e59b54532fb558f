import {
  type ComparisonClass,
  comparisonClass,
  inhabitantsInYear,
  type OrganisationKind,
  SIZE_CLASSES,
} from '../domain/organisation.ts';
import { updateActivity } from '../store/activity.ts';
import { type Db, type Queryable, WHOLE_STORE_PLANNING } from '../store/db.ts';
import {
  type AccountFigures,
  type ClassFigures,
  type Figures,
  type OrganisationFigures,
  type OrganisationRef,
  type Period,
  SCALAR_METRICS,
  type TotalFigures,
  type Yardstick,
} from './figures.ts';
import { periodJson, periodYear } from './periods.ts';
import {
  type AccountRow,
  type AudienceRow,
  audienceFigures,
  LEVEL,
  type OrganisationRow,
  type ResponseRow,
  responseFigures,
  type SendingRow,
  sendingFigures,
  yardstickAccounts,
  yardstickOrganisations,
} from './queries.ts';

export interface YardstickOptions {
  /** Narrows `accounts` and `organisations` to this organisation's code; classes and totals stay national. */
  org?: string;
  /** The moment "this year" is taken from for a period without bounds (tests pin it). */
  now?: Date;
}

/** Thrown for an `--org` code that names no organisation with accounts. */
export class UnknownOrganisationError extends Error {}

/** The yardstick of one period (METRICS.md, read as docs/yardstick.md says). */
export async function computeYardstick(
  db: Db,
  period: Period,
  options: YardstickOptions = {},
): Promise<Yardstick> {
  const [yardstick] = await computeYardsticks(db, [period], options);
  return yardstick as Yardstick;
}

/** The yardsticks of several periods, computed by one pass of each query. */
export async function computeYardsticks(
  db: Db,
  periods: readonly Period[],
  options: YardstickOptions = {},
): Promise<Yardstick[]> {
  if (periods.length === 0) return [];
  for (const period of periods) {
    if (period.from && period.to && period.from >= period.to) {
      throw new RangeError(
        `a period must end after it starts: ${period.from.toISOString()} … ${period.to.toISOString()}`,
      );
    }
  }
  // An unknown organisation is told before the whole store is aggregated, not after.
  const organisations = await yardstickOrganisations(db);
  if (options.org !== undefined && !organisations.some((o) => o.code === options.org)) {
    throw new UnknownOrganisationError(
      `no organisation with code ${JSON.stringify(options.org)} has accounts`,
    );
  }
  // The facts the figures are counted from must include every stored message.
  await updateActivity(db);
  // On PostgreSQL these run side by side on the pool; PGlite takes them in turn.
  const [accounts, sending, responses, audience] = await Promise.all([
    yardstickAccounts(db),
    analytical(db, (tx) => sendingFigures(tx, periods)),
    analytical(db, (tx) => responseFigures(tx, periods)),
    audienceFigures(db, periods),
  ]);
  return periods.map((period, index) =>
    assemble(period, {
      accounts,
      organisations,
      sending: sending.filter((r) => r.period === index + 1),
      responses: responses.filter((r) => r.period === index + 1),
      audience: audience.filter((r) => r.period === index + 1),
      year: periodYear(period, options.now),
      org: options.org,
    }),
  );
}

/**
 * Runs an aggregate query over the whole store in a read-only transaction of its own, planned as
 * the whole-store hash work it is (`WHOLE_STORE_PLANNING`), with hash aggregates rather than
 * sorts sized for a handful of rows.
 */
export function analytical<T>(db: Db, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.exec(ANALYTICAL_SETTINGS);
    return fn(tx);
  });
}

const ANALYTICAL_SETTINGS = `SET TRANSACTION READ ONLY;
${WHOLE_STORE_PLANNING}
SET LOCAL enable_sort = off;`;

interface PeriodRows {
  accounts: AccountRow[];
  organisations: OrganisationRow[];
  sending: SendingRow[];
  responses: ResponseRow[];
  audience: AudienceRow[];
  year: number;
  org: string | undefined;
}

interface OrganisationInfo extends OrganisationRef {
  id: number;
  inhabitants: number | null;
}

function assemble(period: Period, rows: PeriodRows): Yardstick {
  const organisations = new Map<number, OrganisationInfo>();
  for (const o of rows.organisations) {
    const inhabitants = inhabitantsInYear(new Map(o.inhabitants ?? []), rows.year);
    const kind = o.kind as OrganisationKind;
    organisations.set(o.id, {
      id: o.id,
      code: o.code,
      name: o.name,
      kind,
      class: comparisonClass(kind, inhabitants),
      inhabitants,
    });
  }
  const key = (level: number, id: number | null) => `${level}:${id}`;
  const sending = new Map(
    rows.sending.map((r) => [key(r.level, r.level === LEVEL.account ? r.account_id : r.organisation_id), r]),
  );
  const responses = new Map(
    rows.responses.map((r) => [
      key(r.level, r.level === LEVEL.account ? r.account_id : r.organisation_id),
      r,
    ]),
  );
  const audience = new Map(rows.audience.map((r) => [r.account_id, r]));

  const accountList = rows.accounts
    .map((a) => ({
      row: a,
      organisation: a.organisation_id === null ? null : organisations.get(a.organisation_id),
    }))
    .sort(
      (x, y) =>
        compareText(x.organisation?.code ?? '\uffff', y.organisation?.code ?? '\uffff') ||
        compareText(x.row.platform, y.row.platform) ||
        compareText(x.row.handle, y.row.handle),
    );

  const accounts: AccountFigures[] = accountList.map(({ row, organisation }) => {
    const own = audience.get(row.id);
    return {
      platform: row.platform,
      handle: row.handle,
      organisation: organisation ? refOf(organisation) : null,
      ...messageFigures(
        sending.get(key(LEVEL.account, row.id)),
        responses.get(key(LEVEL.account, row.id)),
        audienceOf(own ? [own] : [], populationOf(organisation ? [organisation] : [], own ? [own] : [])),
      ),
    };
  });

  const organisationFigures: OrganisationFigures[] = [...organisations.values()]
    .sort((a, b) => compareText(a.code, b.code))
    .map((organisation) => {
      const own = rows.accounts.filter((a) => a.organisation_id === organisation.id);
      const snapshots = own.flatMap((a) => audience.get(a.id) ?? []);
      return {
        ...refOf(organisation),
        inhabitants: organisation.inhabitants,
        accounts: own.length,
        ...messageFigures(
          sending.get(key(LEVEL.organisation, organisation.id)),
          responses.get(key(LEVEL.organisation, organisation.id)),
          audienceOf(snapshots, populationOf([organisation], snapshots)),
        ),
      };
    });

  const classes: ClassFigures[] = [];
  for (const cls of SIZE_CLASSES) {
    const members = accounts.filter((a) => a.organisation?.class === cls);
    if (members.length === 0) continue;
    classes.push({
      class: cls as ComparisonClass,
      organisations: new Set(members.map((a) => a.organisation?.code)).size,
      accounts: members.length,
      ...averageOf(members),
    });
  }

  const totals: TotalFigures = {
    organisations: organisations.size,
    accounts: rows.accounts.length,
    ...messageFigures(
      sending.get(key(LEVEL.national, null)),
      responses.get(key(LEVEL.national, null)),
      audienceOf(rows.audience, nationalPopulation(rows, organisations)),
    ),
  };

  const selected = rows.org;
  return {
    period: periodJson(period),
    accounts: accounts.filter((a) => selected === undefined || a.organisation?.code === selected),
    organisations: organisationFigures.filter((o) => selected === undefined || o.code === selected),
    classes,
    totals,
  };
}

/** The population of organisations with a known one, and their accounts' snapshots. */
function populationOf(
  organisations: readonly OrganisationInfo[],
  snapshots: readonly AudienceRow[],
): Population | null {
  const populated = organisations.filter((o) => o.inhabitants !== null);
  if (populated.length === 0) return null;
  return { snapshots, inhabitants: populated.reduce((t, o) => t + (o.inhabitants as number), 0) };
}

/** Nationally: the accounts of organisations with a population over the sum of those populations. */
function nationalPopulation(
  rows: PeriodRows,
  organisations: ReadonlyMap<number, OrganisationInfo>,
): Population | null {
  const populated = [...organisations.values()].filter((o) => o.inhabitants !== null);
  const ids = new Set(populated.map((o) => o.id));
  const accountIds = new Set(
    rows.accounts.filter((a) => a.organisation_id !== null && ids.has(a.organisation_id)).map((a) => a.id),
  );
  return populationOf(
    populated,
    rows.audience.filter((s) => accountIds.has(s.account_id)),
  );
}

function refOf(o: OrganisationInfo): OrganisationRef {
  return { code: o.code, name: o.name, kind: o.kind, class: o.class };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `part / whole × 100`, null without a whole. */
function percentage(part: number, whole: number): number | null {
  return whole === 0 ? null : (part / whole) * 100;
}

type AudiencePart = Pick<
  Figures,
  'followers' | 'following' | 'followers_growth' | 'followers_growth_pct' | 'followers_per_1000_inhabitants'
>;

/** The followers and population that `followers_per_1000_inhabitants` divides. */
interface Population {
  snapshots: readonly AudienceRow[];
  inhabitants: number;
}

/**
 * Audience figures of one account or pooled over several: sums over the accounts that have
 * them; growth over the accounts with both snapshots; per 1000 inhabitants over the accounts of
 * organisations with a known population (`population`).
 */
function audienceOf(snapshots: readonly AudienceRow[], population: Population | null): AudiencePart {
  const followers = sumKnown(snapshots.map((s) => s.followers));
  const growing = snapshots.filter((s) => s.has_start && s.followers !== null && s.start_followers !== null);
  const growth = sumKnown(growing.map((s) => (s.followers as number) - (s.start_followers as number)));
  const populationFollowers = population ? sumKnown(population.snapshots.map((s) => s.followers)) : null;
  return {
    followers,
    following: sumKnown(snapshots.map((s) => s.following)),
    followers_growth: growth,
    followers_growth_pct:
      growth === null ? null : percentage(growth, sumKnown(growing.map((s) => s.start_followers)) ?? 0),
    followers_per_1000_inhabitants:
      population === null || populationFollowers === null || population.inhabitants === 0
        ? null
        : (populationFollowers / population.inhabitants) * 1000,
  };
}

/** The sum of the known values; null when none is known. */
function sumKnown(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}

function messageFigures(
  sending: SendingRow | undefined,
  responses: ResponseRow | undefined,
  audience: AudiencePart,
): Figures {
  const sent = sending?.sent ?? 0;
  const reply = sending?.reply ?? 0;
  const repost = sending?.repost ?? 0;
  const broadcast = sending?.broadcast ?? 0;
  const inbound = responses?.inbound ?? 0;
  const answered = responses?.answered ?? 0;
  const withCounts = sending?.with_repost_count ?? 0;
  const bucketCounts = responses
    ? [
        responses.b0,
        responses.b1,
        responses.b2,
        responses.b3,
        responses.b4,
        responses.b5,
        responses.b6,
        responses.b7,
      ]
    : [];
  return {
    sent,
    reply,
    repost,
    broadcast,
    reply_pct: percentage(reply, sent),
    repost_pct: percentage(repost, sent),
    broadcast_pct: percentage(broadcast, sent),
    reposts_per_message: withCounts === 0 ? null : (sending?.reposts_received ?? 0) / withCounts,
    inbound,
    answered,
    response_rate: percentage(answered, inbound),
    mean_first_response_s: answered === 0 ? null : (responses?.mean_s ?? null),
    median_first_response_s: answered === 0 ? null : (responses?.median_s ?? null),
    p90_first_response_s: answered === 0 ? null : (responses?.p90_s ?? null),
    buckets: answered === 0 ? null : bucketCounts.map((n) => (n / answered) * 100),
    anomalies: responses?.anomalies ?? 0,
    ...audience,
  };
}

/** The mean over accounts of each figure, nulls left out; buckets bucket by bucket. */
function averageOf(members: readonly Figures[]): Figures {
  const figures = {} as Figures;
  for (const metric of SCALAR_METRICS) {
    const known = members.map((m) => m[metric]).filter((v): v is number => v !== null);
    figures[metric] = known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
  }
  const withBuckets = members.map((m) => m.buckets).filter((b): b is number[] => b !== null);
  figures.buckets =
    withBuckets.length === 0
      ? null
      : Array.from(
          { length: 8 },
          (_, i) => withBuckets.reduce((t, b) => t + (b[i] as number), 0) / withBuckets.length,
        );
  return figures;
}
