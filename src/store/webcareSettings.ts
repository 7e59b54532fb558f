import { DEFAULT_CATEGORIES } from '../webcare/labels.ts';
import { DEFAULT_OFFICE_HOURS, type OfficeHours } from '../webcare/officeHours.ts';
import { type CaseRules, DEFAULT_CASE_RULES } from '../webcare/placement.ts';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../webcare/sla.ts';
import type { Queryable } from './db.ts';

/**
 * How an organisation's webcare works (migration 007): office hours, when cases reopen or resolve
 * by time, and its service levels, the organisation's and per channel account. What an
 * organisation has not set is the default (`DEFAULT_*`).
 */
export interface WebcareConfig {
  officeHours: OfficeHours;
  rules: CaseRules;
  categories: readonly string[];
  /** The organisation's own policy (account null) and the accounts' that differ. */
  policies: ReadonlyMap<number | null, SlaPolicy>;
}

/** The policy for a case that came in to `accountId`. */
export function policyFor(config: WebcareConfig, accountId: number | null): SlaPolicy {
  return (
    (accountId !== null ? config.policies.get(accountId) : undefined) ??
    config.policies.get(null) ??
    DEFAULT_SLA_POLICY
  );
}

/** The configuration of each of `organisationIds` (defaults where nothing is set). */
export async function loadWebcareConfigs(
  q: Queryable,
  organisationIds: readonly number[],
): Promise<Map<number, WebcareConfig>> {
  const configs = new Map<number, WebcareConfig>();
  if (organisationIds.length === 0) return configs;
  const [settings, policies] = await Promise.all([
    q.query<{
      organisation_id: number;
      office_hours: OfficeHours;
      reopen_within_days: number;
      auto_resolve_days: number | null;
      categories: string[] | null;
    }>(
      `SELECT organisation_id, office_hours, reopen_within_days, auto_resolve_days, categories
       FROM webcare_settings WHERE organisation_id = ANY($1::bigint[])`,
      [organisationIds],
    ),
    q.query<{
      organisation_id: number;
      account_id: number | null;
      first_response_minutes: number;
      resolution_minutes: number;
      clock: SlaPolicy['clock'];
    }>(
      `SELECT organisation_id, account_id, first_response_minutes, resolution_minutes, clock
       FROM sla_policies WHERE organisation_id = ANY($1::bigint[])`,
      [organisationIds],
    ),
  ]);
  const byOrg = new Map<number, Map<number | null, SlaPolicy>>();
  for (const p of policies) {
    const map = byOrg.get(p.organisation_id) ?? new Map<number | null, SlaPolicy>();
    map.set(p.account_id, {
      firstResponseMinutes: p.first_response_minutes,
      resolutionMinutes: p.resolution_minutes,
      clock: p.clock,
    });
    byOrg.set(p.organisation_id, map);
  }
  const settingsOf = new Map(settings.map((s) => [s.organisation_id, s]));
  for (const id of organisationIds) {
    const s = settingsOf.get(id);
    configs.set(id, {
      officeHours: s ? s.office_hours : DEFAULT_OFFICE_HOURS,
      rules: s
        ? { reopenWithinDays: s.reopen_within_days, autoResolveDays: s.auto_resolve_days }
        : DEFAULT_CASE_RULES,
      categories: s?.categories ?? DEFAULT_CATEGORIES,
      policies: byOrg.get(id) ?? new Map(),
    });
  }
  return configs;
}

/** Saves an organisation's office hours, case rules and categories. */
export async function saveWebcareSettings(
  q: Queryable,
  organisationId: number,
  settings: { officeHours: OfficeHours; rules: CaseRules; categories: readonly string[] },
): Promise<void> {
  await q.execute(
    `INSERT INTO webcare_settings (organisation_id, office_hours, reopen_within_days, auto_resolve_days, categories)
     VALUES ($1, $2::jsonb, $3, $4, $5::text[])
     ON CONFLICT (organisation_id) DO UPDATE SET office_hours = EXCLUDED.office_hours,
       reopen_within_days = EXCLUDED.reopen_within_days, auto_resolve_days = EXCLUDED.auto_resolve_days,
       categories = EXCLUDED.categories, updated_at = now()`,
    [
      organisationId,
      JSON.stringify(settings.officeHours),
      settings.rules.reopenWithinDays,
      settings.rules.autoResolveDays,
      [...settings.categories],
    ],
  );
}

/** Removes a channel account's own policy (its cases follow the organisation's again). */
export async function removeSlaPolicy(
  q: Queryable,
  organisationId: number,
  accountId: number,
): Promise<boolean> {
  const removed = await q.execute('DELETE FROM sla_policies WHERE organisation_id = $1 AND account_id = $2', [
    organisationId,
    accountId,
  ]);
  return removed > 0;
}

/** Sets the organisation's policy (account null) or a channel account's. */
export async function saveSlaPolicy(
  q: Queryable,
  organisationId: number,
  accountId: number | null,
  policy: SlaPolicy,
): Promise<void> {
  await q.execute(
    `INSERT INTO sla_policies (organisation_id, account_id, first_response_minutes, resolution_minutes, clock)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (organisation_id, account_id) DO UPDATE SET first_response_minutes = EXCLUDED.first_response_minutes,
       resolution_minutes = EXCLUDED.resolution_minutes, clock = EXCLUDED.clock`,
    [organisationId, accountId, policy.firstResponseMinutes, policy.resolutionMinutes, policy.clock],
  );
}
