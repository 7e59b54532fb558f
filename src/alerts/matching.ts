import { compileQuery, parseQuery } from '../search/query/index.ts';
import { matchClause } from '../search/search.ts';
import type { Queryable } from '../store/db.ts';

/**
 * What a rule counts, in SQL: the messages its saved search matches within the organisation's
 * conversations (and platforms), and for a term rule those that also match one of its terms:
 * `search AND (term1 OR term2 …)`, each term compiled by the query language as a query of its
 * own. The search's own `before:`/`after:` stay as they are.
 */
export interface RuleScope {
  organisationId: number;
  query: string;
  platforms: readonly string[];
}

export interface RuleMatch {
  /** A condition on `messages m` with `$1`…`$n`. */
  where: string;
  params: unknown[];
  /** Each term's own condition, over the same parameters. */
  termConditions: string[];
}

/** A saved search or term that no longer parses (the query language may have grown stricter). */
export class RuleQueryError extends Error {}

export function ruleMatch(scope: RuleScope, terms: readonly string[] = []): RuleMatch {
  const parsed = parseQuery(scope.query);
  if (!parsed.ok) throw new RuleQueryError(`the saved search does not parse: ${parsed.error.code}`);
  const base = matchClause(parsed.query, {
    organisationId: scope.organisationId,
    platforms: scope.platforms,
  });
  const params = [...base.params];
  const termConditions = terms.map((term) => {
    const parsedTerm = parseQuery(term);
    if (!parsedTerm.ok) throw new RuleQueryError(`the term ${JSON.stringify(term)} does not parse`);
    const compiled = compileQuery(parsedTerm.query, params.length + 1);
    params.push(...compiled.params);
    return `(${compiled.where})`;
  });
  const where = termConditions.length > 0 ? `${base.where} AND (${termConditions.join(' OR ')})` : base.where;
  return { where, params, termConditions };
}

/** Appends values to a match's parameters, returning their `$n`. */
function placeholders(match: RuleMatch, values: readonly unknown[]): { params: unknown[]; names: string[] } {
  const params = [...match.params, ...values];
  return { params, names: values.map((_, i) => `$${match.params.length + i + 1}`) };
}

/**
 * The number of matching messages per window (windows of `windowMinutes` numbered from the epoch)
 * from window `fromWindow` on, written before `now`. Windows without messages are missing.
 */
export async function windowCounts(
  q: Queryable,
  match: RuleMatch,
  windowMinutes: number,
  fromWindow: number,
  now: Date,
): Promise<Map<number, number>> {
  const { params, names } = placeholders(match, [
    windowMinutes * 60,
    new Date(fromWindow * windowMinutes * 60_000),
    now,
  ]);
  const [seconds, from, to] = names;
  const rows = await q.query<{ w: number; n: number }>(
    `SELECT floor(extract(epoch FROM m.created_at) / ${seconds}::integer)::bigint AS w, count(*)::integer AS n
     FROM messages m
     WHERE ${match.where} AND m.created_at >= ${from}::timestamptz AND m.created_at < ${to}::timestamptz
     GROUP BY 1`,
    params,
  );
  return new Map(rows.map((r) => [Number(r.w), r.n]));
}

export interface TermHits {
  count: number;
  first: Date | null;
  last: Date | null;
  /** Which terms matched at least one of them, in the rule's order. */
  matched: boolean[];
  /** The text of the earliest. */
  firstText: string | null;
}

/**
 * The matches that are new: written from `from` up to and including `now`, and either written
 * after the last evaluation (`throughTime`) or stored since (id above `throughId`).
 */
export async function termHits(
  q: Queryable,
  match: RuleMatch,
  window: { from: Date; now: Date; throughTime: Date; throughId: number },
): Promise<TermHits> {
  const { params, names } = placeholders(match, [
    window.from,
    window.now,
    window.throughTime,
    window.throughId,
  ]);
  const [from, now, throughTime, throughId] = names;
  const flags = match.termConditions.map((condition, i) => `${condition} AS term_${i}`);
  const rows = await q.query<Record<string, unknown>>(
    `WITH hits AS (
       SELECT m.id, m.created_at, m.text${flags.map((f) => `, ${f}`).join('')}
       FROM messages m
       WHERE ${match.where} AND m.created_at >= ${from}::timestamptz AND m.created_at <= ${now}::timestamptz
         AND (m.created_at > ${throughTime}::timestamptz OR m.id > ${throughId}::bigint)
     )
     SELECT count(*)::integer AS n, min(created_at) AS first, max(created_at) AS last,
       (SELECT text FROM hits ORDER BY created_at, id LIMIT 1) AS first_text
       ${match.termConditions.map((_, i) => `, coalesce(bool_or(term_${i}), false) AS term_${i}`).join('')}
     FROM hits`,
    params,
  );
  const row = rows[0] ?? {};
  return {
    count: Number(row.n ?? 0),
    first: (row.first as Date | null) ?? null,
    last: (row.last as Date | null) ?? null,
    matched: match.termConditions.map((_, i) => row[`term_${i}`] === true),
    firstText: (row.first_text as string | null) ?? null,
  };
}

/** The highest message id stored (what "stored since" is measured from). */
export async function lastMessageId(q: Queryable): Promise<number> {
  const [row] = await q.query<{ id: number | null }>('SELECT max(id) AS id FROM messages');
  return Number(row?.id ?? 0);
}
