import {
  type CaseRules,
  type CaseStatus,
  type CaseTimes,
  DEFAULT_CASE_RULES,
  placeInbound,
  resolutionMoment,
} from '../webcare/placement.ts';
import { deadline } from '../webcare/sla.ts';
import { type Db, LOCKS, type Queryable } from './db.ts';
import { formatCaseNumber, loadOrganisationSettings } from './organisationSettings.ts';
import { loadWebcareConfigs, policyFor, type WebcareConfig } from './webcareSettings.ts';

/**
 * Cases follow the activity facts (`store/activity.ts`): every message inbound to an owned account
 * of an organisation (METRICS.md's definition, kept in `inbound_messages`) lands in a case of that
 * organisation, per conversation (`webcare/placement.ts` decides: the open case, that case
 * reopened, or a new one with the next number). Answers are the facts' first responses: when an
 * own account answers what waits, a case still new or open waits for the citizen (`wacht`), and an
 * answered case nobody touched is resolved after the auto-resolve period.
 *
 * `updateCases` runs after every activity update (imports and syncs) and is idempotent: a message
 * already in a case of its organisation is never placed again (`case_messages` is unique per
 * message and organisation). It finds new inbound messages by what no case holds, not by an id
 * mark, because a message can become inbound after it was stored (the post it answers arrived
 * later, or its account was made an owned one).
 */

export interface CasesUpdate {
  placed: number;
  opened: number;
  reopened: number;
  answered: number;
  resolvedByTime: number;
}

interface Candidate {
  message_id: number;
  created_at: Date;
  first_response_at: Date | null;
  organisation_id: number;
  account_id: number;
  platform: string;
  conversation_root: string;
  author_id: string | null;
  author_handle: string | null;
}

interface StoredCase {
  id: number;
  organisation_id: number;
  account_id: number | null;
  platform: string;
  conversation_root: string;
  status: CaseStatus;
  resolved_at: Date | null;
  last_response_at: Date | null;
  waiting_since: Date | null;
}

/** A case being worked out: one already stored (id set) or new. */
interface WorkCase extends CaseTimes {
  id: number | null;
  organisationId: number;
  accountId: number;
  platform: string;
  conversationRoot: string;
  citizenId: string | null;
  citizenHandle: string | null;
  openedAt: Date;
  lastInboundAt: Date;
  firstResponseAt: Date | null;
  messages: number[];
  reopenedAt: Date | null;
}

const SYSTEM = 'Meetlat';

/** Brings the cases up to date with the messages; `now` decides resolution by time. */
export async function updateCases(db: Db, now: Date = new Date()): Promise<CasesUpdate> {
  return db.exclusive(LOCKS.cases, () => db.transaction((tx) => runUpdate(tx, now)));
}

async function runUpdate(tx: Queryable, now: Date): Promise<CasesUpdate> {
  const result: CasesUpdate = { placed: 0, opened: 0, reopened: 0, answered: 0, resolvedByTime: 0 };
  const [progress] = await tx.query<{ done: number; last: number; fingerprint: string; seen: string | null }>(
    `SELECT coalesce((SELECT through_message_id FROM case_progress), 0) AS done,
       coalesce((SELECT max(id) FROM messages), 0) AS last,
       md5(coalesce((SELECT string_agg(id || ':' || organisation_id || ':' || platform_user_id || ':' || lower(handle), ','
                       ORDER BY id)
                     FROM accounts WHERE relation = 'owned' AND organisation_id IS NOT NULL), '')) AS fingerprint,
       (SELECT accounts_fingerprint FROM case_progress) AS seen`,
  );
  const done = progress?.done ?? 0;
  const last = progress?.last ?? 0;
  const fingerprint = progress?.fingerprint ?? '';
  // All inbound messages are looked at when the owned accounts changed; else the new messages and
  // the stored ones that answer them (inbound now that the post they answer is known).
  const everything = done === 0 || progress?.seen !== fingerprint;
  if (!everything && last <= done) {
    return { ...result, resolvedByTime: await resolveByTime(tx, now) };
  }

  const candidates = await tx.query<Candidate>(
    `SELECT DISTINCT ON (a.organisation_id, i.message_id)
       i.message_id, i.created_at, i.first_response_at, a.organisation_id, i.account_id,
       m.platform, m.conversation_root, m.author_id, coalesce(m.author_handle, m.author_name) AS author_handle
     FROM inbound_messages i
     JOIN accounts a ON a.id = i.account_id AND a.relation = 'owned' AND a.organisation_id IS NOT NULL
     JOIN messages m ON m.id = i.message_id
     WHERE NOT EXISTS (SELECT 1 FROM case_messages cm
                       WHERE cm.message_id = i.message_id AND cm.organisation_id = a.organisation_id)
       ${
         everything
           ? ''
           : `AND (i.message_id > $1 OR i.message_id IN (
                SELECT c.id FROM messages n
                JOIN messages c ON c.platform = n.platform AND c.in_reply_to_platform_id = n.platform_id
                WHERE n.id > $1 AND c.id <= $1))`
       }
     ORDER BY a.organisation_id, i.message_id, i.account_id`,
    everything ? [] : [done],
  );
  const orgIds = new Set<number>(candidates.map((c) => c.organisation_id));

  // Cases whose conversation an own account sent to since the last update: their answers may be new.
  const answeredIds =
    last > done
      ? (
          await tx.query<{ id: number; organisation_id: number }>(
            `SELECT DISTINCT c.id, c.organisation_id
             FROM sent_messages s
             JOIN accounts a ON a.id = s.account_id AND a.relation = 'owned'
             JOIN messages m ON m.id = s.message_id
             JOIN cases c ON c.organisation_id = a.organisation_id AND c.platform = m.platform
               AND c.conversation_root = m.conversation_root
             WHERE s.message_id > $1 AND s.message_id <= $2 AND c.status IN ('nieuw', 'open', 'wacht')`,
            [done, last],
          )
        ).map((r) => {
          orgIds.add(r.organisation_id);
          return r.id;
        })
      : [];

  const configs = await loadWebcareConfigs(tx, [...orgIds]);
  const touched = new Set<number>(answeredIds);
  if (candidates.length > 0) {
    const placed = await placeCandidates(tx, candidates, configs, now);
    result.placed = candidates.length;
    result.opened = placed.opened;
    result.reopened = placed.reopened;
    for (const id of placed.touched) touched.add(id);
  }
  if (touched.size > 0) result.answered = await refreshAnswers(tx, [...touched], configs);
  result.resolvedByTime = await resolveByTime(tx, now);
  await tx.execute(
    `INSERT INTO case_progress (through_message_id, accounts_fingerprint) VALUES ($1, $2)
     ON CONFLICT (single) DO UPDATE SET through_message_id = EXCLUDED.through_message_id,
       accounts_fingerprint = EXCLUDED.accounts_fingerprint`,
    [last, fingerprint],
  );
  return result;
}

const conversationKey = (org: number, platform: string, root: string) =>
  `${org}\u0000${platform}\u0000${root}`;

async function placeCandidates(
  tx: Queryable,
  candidates: Candidate[],
  configs: Map<number, WebcareConfig>,
  now: Date,
): Promise<{ opened: number; reopened: number; touched: number[] }> {
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const key = conversationKey(c.organisation_id, c.platform, c.conversation_root);
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  const keys = [...groups.values()].map((g) => g[0] as Candidate);
  const latest = new Map<string, StoredCase>();
  for (let i = 0; i < keys.length; i += 5000) {
    const chunk = keys.slice(i, i + 5000);
    const rows = await tx.query<StoredCase>(
      `SELECT DISTINCT ON (c.organisation_id, c.platform, c.conversation_root)
         c.id, c.organisation_id, c.account_id, c.platform, c.conversation_root, c.status, c.resolved_at,
         c.last_response_at, c.waiting_since
       FROM unnest($1::bigint[], $2::text[], $3::text[]) AS k(org, platform, root)
       JOIN cases c ON c.platform = k.platform AND c.conversation_root = k.root AND c.organisation_id = k.org
       ORDER BY c.organisation_id, c.platform, c.conversation_root, c.opened_at DESC, c.id DESC`,
      [
        chunk.map((c) => c.organisation_id),
        chunk.map((c) => c.platform),
        chunk.map((c) => c.conversation_root),
      ],
    );
    for (const r of rows) latest.set(conversationKey(r.organisation_id, r.platform, r.conversation_root), r);
  }

  const made: WorkCase[] = [];
  const changed = new Map<number, WorkCase>();
  let reopened = 0;
  for (const [key, group] of groups) {
    group.sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.message_id - b.message_id);
    const first = group[0] as Candidate;
    const rules = (configs.get(first.organisation_id) as WebcareConfig).rules;
    const stored = latest.get(key);
    let current: WorkCase | null = stored
      ? {
          id: stored.id,
          organisationId: stored.organisation_id,
          accountId: stored.account_id ?? first.account_id,
          platform: stored.platform,
          conversationRoot: stored.conversation_root,
          citizenId: null,
          citizenHandle: null,
          status: stored.status,
          resolvedAt: stored.resolved_at,
          lastResponseAt: stored.last_response_at,
          waitingSince: stored.waiting_since,
          openedAt: now,
          lastInboundAt: now,
          firstResponseAt: null,
          messages: [],
          reopenedAt: null,
        }
      : null;
    for (const m of group) {
      const placement = placeInbound(current, m.created_at, rules);
      if (placement === 'new' || !current) {
        if (current?.status === 'wacht') settleByTime(current, rules);
        current = newCase(m);
        made.push(current);
      } else if (placement === 'reopen') {
        if (current.status === 'wacht') settleByTime(current, rules);
        current.status = 'open';
        current.resolvedAt = null;
        current.reopenedAt = m.created_at;
        reopened++;
      } else if (current.status === 'wacht') {
        current.status = 'open';
      }
      current.messages.push(m.message_id);
      current.lastInboundAt = m.created_at;
      if (current.waitingSince === null) current.waitingSince = m.created_at;
      if (m.first_response_at && m.first_response_at.getTime() >= m.created_at.getTime()) {
        // Answered: what waited since before the answer is answered by it.
        if (!current.lastResponseAt || m.first_response_at > current.lastResponseAt)
          current.lastResponseAt = m.first_response_at;
        current.firstResponseAt ??= m.first_response_at;
        current.waitingSince = null;
        if (current.status === 'nieuw' || current.status === 'open') current.status = 'wacht';
      }
      if (current.id !== null) changed.set(current.id, current);
    }
  }

  const numbered = await numberCases(tx, made);
  const inserted = await insertCases(tx, numbered, configs);
  await updateChangedCases(tx, [...changed.values()], configs);
  const links: [number, number, number][] = [];
  for (const c of [...made, ...changed.values()]) {
    for (const id of c.messages) links.push([c.id as number, id, c.organisationId]);
  }
  for (let i = 0; i < links.length; i += 10_000) {
    const chunk = links.slice(i, i + 10_000);
    await tx.execute(
      `INSERT INTO case_messages (case_id, message_id, organisation_id)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) ON CONFLICT DO NOTHING`,
      [chunk.map((l) => l[0]), chunk.map((l) => l[1]), chunk.map((l) => l[2])],
    );
  }
  const events: [number, string, string][] = [
    ...made.map(
      (c) =>
        [c.id as number, 'opened', JSON.stringify({ message: c.messages[0] })] as [number, string, string],
    ),
    ...[...changed.values(), ...made]
      .filter((c) => c.reopenedAt)
      .map(
        (c) => [c.id as number, 'reopened', JSON.stringify({ at: c.reopenedAt })] as [number, string, string],
      ),
  ];
  await addSystemEvents(tx, events);
  return { opened: inserted, reopened, touched: [...changed.keys(), ...made.map((c) => c.id as number)] };
}

/** A case in `wacht` whose auto-resolve moment passed before a new message counts as resolved then. */
function settleByTime(c: WorkCase, rules: CaseRules): void {
  const resolved = resolutionMoment(c, rules);
  if (resolved) {
    c.status = 'opgelost';
    c.resolvedAt = resolved;
  }
}

function newCase(m: Candidate): WorkCase {
  return {
    id: null,
    organisationId: m.organisation_id,
    accountId: m.account_id,
    platform: m.platform,
    conversationRoot: m.conversation_root,
    citizenId: m.author_id,
    citizenHandle: m.author_handle,
    status: 'nieuw',
    resolvedAt: null,
    lastResponseAt: null,
    waitingSince: null,
    openedAt: m.created_at,
    lastInboundAt: m.created_at,
    firstResponseAt: null,
    messages: [],
    reopenedAt: null,
  };
}

/** Numbers for new cases in the order they opened, from each organisation's counters. */
async function numberCases(tx: Queryable, made: WorkCase[]): Promise<(WorkCase & { number: string })[]> {
  if (made.length === 0) return [];
  made.sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
  const formats = new Map<number, string>();
  for (const id of new Set(made.map((c) => c.organisationId))) {
    formats.set(id, (await loadOrganisationSettings(tx, id))?.caseNumberFormat ?? '{jaar}-{nummer:6}');
  }
  const counters = new Map<string, number>();
  const stored = await tx.query<{ organisation_id: number; scope: string; last: number }>(
    'SELECT organisation_id, scope, last FROM case_counters WHERE organisation_id = ANY($1::bigint[])',
    [[...formats.keys()]],
  );
  for (const s of stored) counters.set(`${s.organisation_id}\u0000${s.scope}`, s.last);
  const numbered = made.map((c) => {
    const format = formats.get(c.organisationId) as string;
    const scope = caseNumberScope(format, c.openedAt);
    const key = `${c.organisationId}\u0000${scope}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return Object.assign(c, { number: formatCaseNumber(format, n, c.openedAt) });
  });
  const entries = [...counters.entries()].map(([k, last]) => {
    const [org, scope] = k.split('\u0000') as [string, string];
    return { org: Number(org), scope, last };
  });
  await tx.execute(
    `INSERT INTO case_counters (organisation_id, scope, last)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::integer[])
     ON CONFLICT (organisation_id, scope) DO UPDATE SET last = greatest(case_counters.last, EXCLUDED.last)`,
    [entries.map((e) => e.org), entries.map((e) => e.scope), entries.map((e) => e.last)],
  );
  return numbered;
}

/** The part of a case number that is not the sequence: numbers count from 1 within it. */
export function caseNumberScope(format: string, at: Date): string {
  return formatCaseNumber(format.replace(/\{nummer(:\d+)?\}/g, '#'), 0, at);
}

async function insertCases(
  tx: Queryable,
  cases: (WorkCase & { number: string })[],
  configs: Map<number, WebcareConfig>,
): Promise<number> {
  for (let i = 0; i < cases.length; i += 5000) {
    const chunk = cases.slice(i, i + 5000);
    const rows = chunk.map((c) => {
      const config = configs.get(c.organisationId) as WebcareConfig;
      const policy = policyFor(config, c.accountId);
      const first = deadline(policy.clock, config.officeHours, c.openedAt, policy.firstResponseMinutes);
      const resolution = deadline(
        policy.clock,
        config.officeHours,
        c.reopenedAt ?? c.openedAt,
        policy.resolutionMinutes,
      );
      const response = c.waitingSince
        ? deadline(policy.clock, config.officeHours, c.waitingSince, policy.firstResponseMinutes)
        : null;
      return { c, policy, first, resolution, response };
    });
    const ids = await tx.query<{ id: number }>(
      `INSERT INTO cases (organisation_id, number, platform, conversation_root, account_id, citizen_id,
         citizen_handle, status, opened_at, last_inbound_at, first_response_at, last_response_at,
         waiting_since, resolved_at, sla_clock, first_response_due_at, first_response_at_risk_at,
         resolution_due_at, resolution_at_risk_at, response_due_at, response_at_risk_at)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[],
         $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[],
         $13::timestamptz[], $14::timestamptz[], $15::text[], $16::timestamptz[], $17::timestamptz[],
         $18::timestamptz[], $19::timestamptz[], $20::timestamptz[], $21::timestamptz[])
       RETURNING id`,
      [
        rows.map((r) => r.c.organisationId),
        rows.map((r) => r.c.number),
        rows.map((r) => r.c.platform),
        rows.map((r) => r.c.conversationRoot),
        rows.map((r) => r.c.accountId),
        rows.map((r) => r.c.citizenId),
        rows.map((r) => r.c.citizenHandle),
        rows.map((r) => r.c.status),
        rows.map((r) => r.c.openedAt),
        rows.map((r) => r.c.lastInboundAt),
        rows.map((r) => r.c.firstResponseAt),
        rows.map((r) => r.c.lastResponseAt),
        rows.map((r) => r.c.waitingSince),
        rows.map((r) => r.c.resolvedAt),
        rows.map((r) => r.policy.clock),
        rows.map((r) => r.first.dueAt),
        rows.map((r) => r.first.atRiskAt),
        rows.map((r) => r.resolution.dueAt),
        rows.map((r) => r.resolution.atRiskAt),
        rows.map((r) => r.response?.dueAt ?? null),
        rows.map((r) => r.response?.atRiskAt ?? null),
      ],
    );
    // RETURNING keeps the order of the rows inserted from unnest.
    ids.forEach((row, j) => {
      (chunk[j] as WorkCase).id = row.id;
    });
  }
  return cases.length;
}

async function updateChangedCases(tx: Queryable, cases: WorkCase[], configs: Map<number, WebcareConfig>) {
  for (let i = 0; i < cases.length; i += 5000) {
    const chunk = cases.slice(i, i + 5000);
    const resolution = chunk.map((c) => {
      if (!c.reopenedAt) return null;
      const config = configs.get(c.organisationId) as WebcareConfig;
      const policy = policyFor(config, c.accountId);
      return deadline(policy.clock, config.officeHours, c.reopenedAt, policy.resolutionMinutes);
    });
    await tx.execute(
      `UPDATE cases c SET status = u.status, resolved_at = u.resolved_at,
         last_inbound_at = greatest(c.last_inbound_at, u.last_inbound_at),
         waiting_since = u.waiting_since, last_response_at = u.last_response_at,
         resolution_due_at = coalesce(u.resolution_due_at, c.resolution_due_at),
         resolution_at_risk_at = coalesce(u.resolution_at_risk_at, c.resolution_at_risk_at),
         updated_at = now()
       FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[],
         $6::timestamptz[], $7::timestamptz[], $8::timestamptz[])
         AS u(id, status, resolved_at, last_inbound_at, waiting_since, last_response_at, resolution_due_at, resolution_at_risk_at)
       WHERE c.id = u.id`,
      [
        chunk.map((c) => c.id),
        chunk.map((c) => c.status),
        chunk.map((c) => c.resolvedAt),
        chunk.map((c) => c.lastInboundAt),
        chunk.map((c) => c.waitingSince),
        chunk.map((c) => c.lastResponseAt),
        resolution.map((d) => d?.dueAt ?? null),
        resolution.map((d) => d?.atRiskAt ?? null),
      ],
    );
  }
}

/**
 * Answers as the facts know them now, for `ids`: the first and last response to the case's
 * messages, what waits since the last response and when its answer is due; a case new or open
 * whose every message is answered waits for the citizen. Returns how many cases were answered now.
 */
async function refreshAnswers(
  tx: Queryable,
  ids: number[],
  configs: Map<number, WebcareConfig>,
): Promise<number> {
  let answered = 0;
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    const rows = await tx.query<{
      id: number;
      organisation_id: number;
      account_id: number | null;
      status: CaseStatus;
      first_response: Date | null;
      last_response: Date | null;
      waiting: Date | null;
      stored_last_response: Date | null;
      stored_waiting: Date | null;
    }>(
      `WITH facts AS (
         SELECT cm.case_id, i.created_at, min(i.first_response_at) FILTER (WHERE i.first_response_at >= i.created_at) AS responded
         FROM case_messages cm
         JOIN inbound_messages i ON i.message_id = cm.message_id
         JOIN accounts a ON a.id = i.account_id AND a.organisation_id = cm.organisation_id
         WHERE cm.case_id = ANY($1::bigint[])
         GROUP BY cm.case_id, cm.message_id, i.created_at
       ), answers AS (
         SELECT case_id, min(responded) AS first_response, max(responded) AS last_response FROM facts GROUP BY case_id
       )
       SELECT c.id, c.organisation_id, c.account_id, c.status, a.first_response, a.last_response,
         (SELECT min(f.created_at) FROM facts f WHERE f.case_id = c.id AND f.responded IS NULL
            AND (a.last_response IS NULL OR f.created_at > a.last_response)) AS waiting,
         c.last_response_at AS stored_last_response, c.waiting_since AS stored_waiting
       FROM cases c JOIN answers a ON a.case_id = c.id`,
      [chunk],
    );
    const updates = rows.map((r) => {
      const config = configs.get(r.organisation_id);
      let status = r.status;
      const newlyAnswered =
        r.last_response !== null &&
        (r.stored_last_response === null || r.last_response.getTime() > r.stored_last_response.getTime());
      if (r.waiting === null && r.last_response !== null && (status === 'nieuw' || status === 'open'))
        status = 'wacht';
      if (newlyAnswered) answered++;
      const policy = config ? policyFor(config, r.account_id) : null;
      const responseDue =
        r.waiting && config && policy
          ? deadline(policy.clock, config.officeHours, r.waiting, policy.firstResponseMinutes)
          : null;
      return { r, status, responseDue, changedStatus: status !== r.status };
    });
    await tx.execute(
      `UPDATE cases c SET first_response_at = u.first_response, last_response_at = u.last_response,
         waiting_since = u.waiting, response_due_at = u.response_due, response_at_risk_at = u.response_at_risk,
         status = u.status, updated_at = now()
       FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[],
         $6::timestamptz[], $7::text[])
         AS u(id, first_response, last_response, waiting, response_due, response_at_risk, status)
       WHERE c.id = u.id`,
      [
        updates.map((u) => u.r.id),
        updates.map((u) => u.r.first_response),
        updates.map((u) => u.r.last_response),
        updates.map((u) => u.r.waiting),
        updates.map((u) => u.responseDue?.dueAt ?? null),
        updates.map((u) => u.responseDue?.atRiskAt ?? null),
        updates.map((u) => u.status),
      ],
    );
    await addSystemEvents(
      tx,
      updates
        .filter((u) => u.changedStatus)
        .map((u) => [
          u.r.id,
          'status',
          JSON.stringify({ from: u.r.status, to: u.status, reason: 'answered' }),
        ]),
    );
  }
  return answered;
}

/** Answered cases that nobody touched for the organisation's auto-resolve period are resolved. */
async function resolveByTime(tx: Queryable, now: Date): Promise<number> {
  const rows = await tx.query<{ id: number; resolved_at: Date }>(
    `UPDATE cases c SET status = 'opgelost', resolved_at = c.last_response_at + make_interval(days => s.days),
       updated_at = now()
     FROM (SELECT o.id AS organisation_id, coalesce(w.auto_resolve_days, CASE WHEN w.organisation_id IS NULL THEN $2::integer END) AS days
           FROM organisations o LEFT JOIN webcare_settings w ON w.organisation_id = o.id) s
     WHERE c.organisation_id = s.organisation_id AND s.days IS NOT NULL AND c.status = 'wacht'
       AND c.waiting_since IS NULL AND c.last_response_at + make_interval(days => s.days) <= $1
     RETURNING c.id, c.resolved_at`,
    [now, DEFAULT_CASE_RULES.autoResolveDays],
  );
  await addSystemEvents(
    tx,
    rows.map((r) => [
      r.id,
      'status',
      JSON.stringify({ from: 'wacht', to: 'opgelost', reason: 'auto_resolved' }),
    ]),
  );
  return rows.length;
}

async function addSystemEvents(tx: Queryable, events: [number, string, string][]): Promise<void> {
  for (let i = 0; i < events.length; i += 10_000) {
    const chunk = events.slice(i, i + 10_000);
    await tx.execute(
      `INSERT INTO case_events (case_id, actor, kind, details)
       SELECT id, $1, kind, details::jsonb FROM unnest($2::bigint[], $3::text[], $4::text[]) AS e(id, kind, details)`,
      [SYSTEM, chunk.map((e) => e[0]), chunk.map((e) => e[1]), chunk.map((e) => e[2])],
    );
  }
}
