import { updateActivity } from '../store/activity.ts';
import { type Db, LOCKS, type Queryable } from '../store/db.ts';
import { NOTHING, type RuleContext, type State, type Written } from './episodes.ts';
import { settingsFromStore } from './rules.ts';
import { evaluateSpike } from './spikeRule.ts';
import { evaluateTerm } from './termRule.ts';

/**
 * `evaluateAlerts`: every enabled rule (of one organisation, or all) looks at what its saved search
 * matches up to `now`, opens an episode with one notification when a spike or a signal word
 * starts one, extends it while it lasts and ends it after (see spike.ts, and `evaluateTerm`).
 *
 * - **Idempotent**: a rule keeps how far it looked (`alert_state`); evaluating again at the same
 *   `now` finds the same and changes nothing. One evaluation at a time (`LOCKS.alerts`), each rule
 *   in one transaction of its own, in one snapshot (so "stored since" is exact).
 * - **From its start**: a rule's first evaluation is its start; it learns a baseline from the
 *   week before but alerts nothing before its last complete window (spike) or before its start
 *   (term). Windows more than a day old when first looked at only teach the baseline.
 * - `now` is injectable; windows are aligned to their length from the epoch.
 */
export interface EvaluationSummary {
  rules: number;
  episodesOpened: number;
  episodesClosed: number;
  notifications: number;
  deliveries: number;
  errors: { rule: number; message: string }[];
}

export async function evaluateAlerts(
  db: Db,
  options: { now?: Date; organisationId?: number | null } = {},
): Promise<EvaluationSummary> {
  const now = options.now ?? new Date();
  // What each organisation listens to follows the messages (ingest does this; a no-op then).
  await updateActivity(db);
  return db.exclusive(LOCKS.alerts, async () => {
    const summary: EvaluationSummary = {
      rules: 0,
      episodesOpened: 0,
      episodesClosed: 0,
      notifications: 0,
      deliveries: 0,
      errors: [],
    };
    for (const row of await enabledRules(db, options.organisationId ?? null)) {
      summary.rules++;
      try {
        const rule = ruleContext(row);
        const written = await db.transaction(async (tx) => {
          await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
          return evaluateRule(tx, rule, now);
        });
        summary.episodesOpened += written.opened;
        summary.episodesClosed += written.closed;
        summary.notifications += written.notifications;
        summary.deliveries += written.deliveries;
      } catch (error) {
        summary.errors.push({ rule: Number(row.id), message: (error as Error).message });
      }
    }
    return summary;
  });
}

interface RuleRow {
  id: number;
  organisation_id: number;
  organisation_code: string;
  organisation_name: string;
  search_id: number;
  search_name: string;
  query: string;
  platforms: string[];
  kind: string;
  settings: Record<string, unknown>;
  email_to: string[];
  webhook_url: string | null;
  created_at: Date;
}

function enabledRules(q: Queryable, organisationId: number | null): Promise<RuleRow[]> {
  return q.query<RuleRow>(
    `SELECT r.id, s.organisation_id, o.code AS organisation_code,
       coalesce(o.display_name, o.name) AS organisation_name, s.id AS search_id, s.name AS search_name,
       s.query, s.platforms, r.kind, r.settings, r.email_to, r.webhook_url, r.created_at
     FROM alert_rules r JOIN saved_searches s ON s.id = r.search_id JOIN organisations o ON o.id = s.organisation_id
     WHERE r.enabled AND ($1::bigint IS NULL OR s.organisation_id = $1) ORDER BY r.id`,
    [organisationId],
  );
}

function ruleContext(row: RuleRow): RuleContext {
  return {
    id: Number(row.id),
    organisationId: Number(row.organisation_id),
    organisationCode: row.organisation_code,
    organisationName: row.organisation_name,
    searchId: Number(row.search_id),
    searchName: row.search_name,
    query: row.query,
    platforms: row.platforms,
    settings: settingsFromStore(row.kind, row.settings),
    emailTo: row.email_to,
    webhookUrl: row.webhook_url,
    createdAt: row.created_at,
  };
}

async function evaluateRule(q: Queryable, rule: RuleContext, now: Date): Promise<Written> {
  const [state] = await q.query<State>(
    `SELECT started_at, evaluated_at, next_window, baseline_mean, baseline_variance, baseline_slots,
       excluded_run, through_message_id
     FROM alert_state WHERE rule_id = $1 FOR UPDATE`,
    [rule.id],
  );
  // An earlier moment than already evaluated (a clock set back) has nothing new to say.
  if (state && now < state.evaluated_at) return NOTHING;
  const { settings } = rule;
  return settings.kind === 'spike'
    ? evaluateSpike(q, rule, settings, state ?? null, now)
    : evaluateTerm(q, rule, settings, state ?? null, now);
}
