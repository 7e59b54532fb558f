import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import {
  type AlertRule,
  createAlertRule,
  deleteAlertRule,
  findAlertRule,
  setAlertRuleEnabled,
  updateAlertRule,
} from '../../alerts/ruleStore.ts';
import { checkRule, type RuleField, type RuleInput, type RuleProblem } from '../../alerts/rules.ts';
import { describeRuleProblem } from '../../alerts/texts.ts';
import { appendAudit } from '../../store/audit.ts';
import type { SavedSearch } from '../../store/savedSearches.ts';
import type { Locale } from '../../web/i18n/index.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { orgOf } from './audit.ts';
import { auditOf, loadSearch, mayChange, viewerId } from './listening.ts';

/**
 * Alert rules' rules, shared by their API and pages: a rule is seen by whoever sees its saved
 * search, and added, changed, switched and deleted by whoever may change that search
 * (`mayChange`), each change checked by `checkRule` and audited in its own transaction
 * (`alert.create`, `alert.update`, `alert.enable`, `alert.disable`, `alert.delete`, target
 * `alert:<id>`). The webhook's secret is never in an audit entry, and given back only when set.
 */

/** A rule of the route's organisation on a search the viewer may see, with that search; else 404. */
export async function loadRule(
  request: FastifyRequest,
  context: ServerContext,
  ruleId: number,
): Promise<{ rule: AlertRule; search: SavedSearch }> {
  const rule = await findAlertRule(context.db, orgOf(request).id, ruleId);
  if (!rule) throw new HttpError(404, 'not_found');
  return { rule, search: await loadSearch(request, context, rule.searchId) };
}

/** The same, when the viewer must also be allowed to change it (else 403). */
async function changeableRule(request: FastifyRequest, context: ServerContext, ruleId: number) {
  const found = await loadRule(request, context, ruleId);
  if (!mayChange(request, found.search)) throw new HttpError(403, 'forbidden');
  return found;
}

export type RuleOutcome =
  | { ok: true; rule: AlertRule; webhookSecret: string | null }
  | { ok: false; problems: RuleProblem[] };

/** A rule as the audit log keeps it: settings and recipients, never the secret. */
function auditedRule(rule: Pick<AlertRule, 'settings' | 'emailTo' | 'webhookUrl'>) {
  const { kind, ...settings } = rule.settings;
  return { kind, settings, emailTo: rule.emailTo, webhookUrl: rule.webhookUrl };
}

/** A new secret for a webhook, as the store makes them. */
function newSecret(): string {
  return randomBytes(32).toString('hex');
}

export async function addRule(
  request: FastifyRequest,
  context: ServerContext,
  search: SavedSearch,
  input: RuleInput,
): Promise<RuleOutcome> {
  if (!mayChange(request, search)) throw new HttpError(403, 'forbidden');
  const checked = checkRule(input);
  if (checked.problems.length > 0) return { ok: false, problems: checked.problems };
  const org = orgOf(request);
  return context.db.transaction(async (tx) => {
    const created = await createAlertRule(
      tx,
      context.box,
      org.id,
      search.id,
      { settings: checked.settings, recipients: checked.recipients },
      viewerId(request),
    );
    if (!created) throw new HttpError(404, 'not_found');
    await appendAudit(tx, {
      ...auditOf(request),
      action: 'alert.create',
      target: `alert:${created.rule.id}`,
      details: {
        search: search.id,
        ...auditedRule(created.rule),
        webhookSecretSet: created.webhookSecret !== null,
      },
    });
    return { ok: true as const, rule: created.rule, webhookSecret: created.webhookSecret };
  });
}

/** Changes a rule; `input` is the whole rule as it is to be. `renewSecret`: a new webhook secret. */
export async function changeRule(
  request: FastifyRequest,
  context: ServerContext,
  ruleId: number,
  input: (current: AlertRule) => RuleInput,
  renewSecret: boolean,
): Promise<RuleOutcome> {
  const { rule } = await changeableRule(request, context, ruleId);
  const checked = checkRule(input(rule));
  if (checked.problems.length > 0) return { ok: false, problems: checked.problems };
  const org = orgOf(request);
  const secret = await context.db.transaction(async (tx) => {
    const changed = await updateAlertRule(tx, context.box, org.id, ruleId, {
      settings: checked.settings,
      recipients: checked.recipients,
      webhookSecret: renewSecret && checked.recipients.webhookUrl !== null ? newSecret() : undefined,
    });
    if (!changed) throw new HttpError(404, 'not_found');
    await appendAudit(tx, {
      ...auditOf(request),
      action: 'alert.update',
      target: `alert:${ruleId}`,
      details: {
        search: changed.before.searchId,
        before: auditedRule(changed.before),
        after: auditedRule({ settings: checked.settings, ...checked.recipients }),
        webhookSecretSet: changed.webhookSecret !== null,
      },
    });
    return changed.webhookSecret;
  });
  return { ok: true, rule: (await loadRule(request, context, ruleId)).rule, webhookSecret: secret };
}

/** Switches a rule on or off (audited when that changes anything); returns it as it is now. */
export async function switchRule(
  request: FastifyRequest,
  context: ServerContext,
  ruleId: number,
  enabled: boolean,
): Promise<AlertRule> {
  await changeableRule(request, context, ruleId);
  const org = orgOf(request);
  await context.db.transaction(async (tx) => {
    const before = await setAlertRuleEnabled(tx, org.id, ruleId, enabled);
    if (!before) throw new HttpError(404, 'not_found');
    if (before.enabled === enabled) return;
    await appendAudit(tx, {
      ...auditOf(request),
      action: enabled ? 'alert.enable' : 'alert.disable',
      target: `alert:${ruleId}`,
      details: { search: before.searchId },
    });
  });
  return (await loadRule(request, context, ruleId)).rule;
}

/** Deletes a rule with its episodes and notifications (audited); returns it as it was. */
export async function removeRule(
  request: FastifyRequest,
  context: ServerContext,
  ruleId: number,
): Promise<AlertRule> {
  await changeableRule(request, context, ruleId);
  const org = orgOf(request);
  return context.db.transaction(async (tx) => {
    const before = await deleteAlertRule(tx, org.id, ruleId);
    if (!before) throw new HttpError(404, 'not_found');
    await appendAudit(tx, {
      ...auditOf(request),
      action: 'alert.delete',
      target: `alert:${ruleId}`,
      details: { search: before.searchId, ...auditedRule(before) },
    });
    return before;
  });
}

/** The problems in words, per field (several of one field on one line). */
export function problemsByField(
  problems: readonly RuleProblem[],
  locale: Locale,
): Partial<Record<RuleField, string>> {
  const fields: Partial<Record<RuleField, string>> = {};
  for (const problem of problems) {
    const text = describeRuleProblem(problem, locale);
    fields[problem.field] = fields[problem.field] ? `${fields[problem.field]} ${text}` : text;
  }
  return fields;
}

export function ruleJson(request: FastifyRequest, rule: AlertRule, search: SavedSearch) {
  const { kind, ...settings } = rule.settings;
  return {
    id: rule.id,
    searchId: rule.searchId,
    searchName: rule.searchName,
    kind,
    settings,
    enabled: rule.enabled,
    emailTo: rule.emailTo,
    webhookUrl: rule.webhookUrl,
    mayChange: mayChange(request, search),
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------
// Route parameters

/** `:org` and an alert rule's `:ruleId`. */
export const ruleParams = {
  type: 'object',
  properties: { org: { type: 'string' }, ruleId: { type: 'integer', minimum: 1 } },
  required: ['org', 'ruleId'],
} as const;

/** `:org`, a saved search's `:id` and one of its rules' `:ruleId`. */
export const searchRuleParams = {
  type: 'object',
  properties: {
    org: { type: 'string' },
    id: { type: 'integer', minimum: 1 },
    ruleId: { type: 'integer', minimum: 1 },
  },
  required: ['org', 'id', 'ruleId'],
} as const;

/** `:org` and a notification's `:notificationId`. */
export const notificationParams = {
  type: 'object',
  properties: { org: { type: 'string' }, notificationId: { type: 'integer', minimum: 1 } },
  required: ['org', 'notificationId'],
} as const;
