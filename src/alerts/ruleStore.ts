import { randomBytes } from 'node:crypto';
import type { Queryable } from '../store/db.ts';
import type { SecretBox } from '../store/secretBox.ts';
import { type Recipients, type RuleSettings, settingsFromStore, storedSettings } from './rules.ts';

/**
 * Alert rules in the store (migration 006), always within an organisation: a rule belongs to one
 * of its saved searches. Like the other store modules this stores what it is given (check it
 * with `checkRule` first) and leaves the audit entry to the caller, in the same transaction
 * (suggested actions: `alert.create`, `alert.update`, `alert.enable`, `alert.disable`,
 * `alert.delete`, target `alert:<id>`). The webhook's HMAC secret is sealed with the secret box,
 * bound to the rule; it is given back once, when it is set, and never read out again.
 */
export interface AlertRule {
  id: number;
  organisationId: number;
  searchId: number;
  searchName: string;
  settings: RuleSettings;
  enabled: boolean;
  emailTo: string[];
  webhookUrl: string | null;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RuleChange {
  settings: RuleSettings;
  recipients: Recipients;
  /** The webhook's secret: a new one (text), or generated when the rule has none (undefined). */
  webhookSecret?: string;
}

interface Row {
  id: number;
  organisation_id: number;
  search_id: number;
  search_name: string;
  kind: string;
  settings: Record<string, unknown>;
  enabled: boolean;
  email_to: string[];
  webhook_url: string | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `r.id, s.organisation_id, r.search_id, s.name AS search_name, r.kind, r.settings, r.enabled,
  r.email_to, r.webhook_url, r.created_by, r.created_at, r.updated_at`;

function alertRule(row: Row): AlertRule {
  return {
    id: Number(row.id),
    organisationId: Number(row.organisation_id),
    searchId: Number(row.search_id),
    searchName: row.search_name,
    settings: settingsFromStore(row.kind, row.settings),
    enabled: row.enabled,
    emailTo: row.email_to,
    webhookUrl: row.webhook_url,
    createdBy: row.created_by === null ? null : Number(row.created_by),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** What the secret of a rule's webhook is sealed to. */
export function webhookBinding(ruleId: number): string {
  return `meetlat:alert-webhook:${ruleId}`;
}

/** The rules of an organisation (of one of its searches, with `searchId`), oldest first. */
export async function listAlertRules(
  q: Queryable,
  organisationId: number,
  searchId?: number,
): Promise<AlertRule[]> {
  const rows = await q.query<Row>(
    `SELECT ${COLUMNS} FROM alert_rules r JOIN saved_searches s ON s.id = r.search_id
     WHERE s.organisation_id = $1 AND ($2::bigint IS NULL OR r.search_id = $2) ORDER BY r.id`,
    [organisationId, searchId ?? null],
  );
  return rows.map(alertRule);
}

export async function findAlertRule(
  q: Queryable,
  organisationId: number,
  ruleId: number,
): Promise<AlertRule | null> {
  const [row] = await q.query<Row>(
    `SELECT ${COLUMNS} FROM alert_rules r JOIN saved_searches s ON s.id = r.search_id
     WHERE s.organisation_id = $1 AND r.id = $2`,
    [organisationId, ruleId],
  );
  return row ? alertRule(row) : null;
}

/**
 * A new rule on a search of the organisation; null when the organisation has no such search.
 * `webhookSecret` is the secret now set (to show once), or null without a webhook.
 */
export async function createAlertRule(
  q: Queryable,
  box: SecretBox,
  organisationId: number,
  searchId: number,
  change: RuleChange,
  createdBy: number | null,
): Promise<{ rule: AlertRule; webhookSecret: string | null } | null> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO alert_rules (search_id, kind, settings, email_to, created_by)
     SELECT s.id, $3, $4::jsonb, $5, $6 FROM saved_searches s WHERE s.id = $2 AND s.organisation_id = $1
     RETURNING id`,
    [
      organisationId,
      searchId,
      change.settings.kind,
      JSON.stringify(storedSettings(change.settings)),
      change.recipients.emailTo,
      createdBy,
    ],
  );
  if (!row) return null;
  const id = Number(row.id);
  const webhookSecret = await setWebhook(
    q,
    box,
    id,
    change.recipients.webhookUrl,
    change.webhookSecret,
    true,
  );
  const rule = await findAlertRule(q, organisationId, id);
  if (!rule) throw new Error('the alert rule was not stored');
  return { rule, webhookSecret };
}

/**
 * Changes a rule; returns it as it was, the secret now set if a new one was set (else null), or
 * null when the organisation has no such rule. New settings start the rule again (its baseline
 * is learnt anew, from the moment of its next evaluation).
 */
export async function updateAlertRule(
  q: Queryable,
  box: SecretBox,
  organisationId: number,
  ruleId: number,
  change: RuleChange,
): Promise<{ before: AlertRule; webhookSecret: string | null } | null> {
  const before = await findAlertRule(q, organisationId, ruleId);
  if (!before) return null;
  await q.execute(
    `UPDATE alert_rules SET kind = $2, settings = $3::jsonb, email_to = $4, updated_at = now() WHERE id = $1`,
    [
      ruleId,
      change.settings.kind,
      JSON.stringify(storedSettings(change.settings)),
      change.recipients.emailTo,
    ],
  );
  if (JSON.stringify(before.settings) !== JSON.stringify(change.settings)) await restart(q, ruleId);
  const webhookSecret = await setWebhook(
    q,
    box,
    ruleId,
    change.recipients.webhookUrl,
    change.webhookSecret,
    before.webhookUrl === null,
  );
  return { before, webhookSecret };
}

/** Switches a rule on or off; returns it as it was (null: no such rule). Off ends its episode. */
export async function setAlertRuleEnabled(
  q: Queryable,
  organisationId: number,
  ruleId: number,
  enabled: boolean,
): Promise<AlertRule | null> {
  const before = await findAlertRule(q, organisationId, ruleId);
  if (!before) return null;
  if (before.enabled === enabled) return before;
  await q.execute('UPDATE alert_rules SET enabled = $2, updated_at = now() WHERE id = $1', [ruleId, enabled]);
  // Off and on again, a rule starts from then: what happened while it was off is history.
  await restart(q, ruleId);
  return before;
}

/** Deletes a rule with its episodes, notifications and deliveries; returns it as it was. */
export async function deleteAlertRule(
  q: Queryable,
  organisationId: number,
  ruleId: number,
): Promise<AlertRule | null> {
  const before = await findAlertRule(q, organisationId, ruleId);
  if (!before) return null;
  await q.execute('DELETE FROM alert_rules WHERE id = $1', [ruleId]);
  return before;
}

/** Forgets how far the rule looked and ends an episode under way. */
async function restart(q: Queryable, ruleId: number): Promise<void> {
  await q.execute('DELETE FROM alert_state WHERE rule_id = $1', [ruleId]);
  await q.execute(
    'UPDATE alert_episodes SET ended_at = greatest(last_seen_at, started_at) WHERE rule_id = $1 AND ended_at IS NULL',
    [ruleId],
  );
}

/** Sets or removes the webhook; returns the secret when one was set. */
async function setWebhook(
  q: Queryable,
  box: SecretBox,
  ruleId: number,
  url: string | null,
  secret: string | undefined,
  hadNone: boolean,
): Promise<string | null> {
  if (url === null) {
    await q.execute(
      'UPDATE alert_rules SET webhook_url = NULL, webhook_secret = NULL, webhook_key_id = NULL WHERE id = $1',
      [ruleId],
    );
    return null;
  }
  if (secret === undefined && !hadNone) {
    await q.execute('UPDATE alert_rules SET webhook_url = $2 WHERE id = $1', [ruleId, url]);
    return null;
  }
  const set = secret ?? randomBytes(32).toString('hex');
  await q.execute(
    'UPDATE alert_rules SET webhook_url = $2, webhook_secret = $3, webhook_key_id = $4 WHERE id = $1',
    [ruleId, url, box.sealBound(set, webhookBinding(ruleId)), box.keyId],
  );
  return set;
}
