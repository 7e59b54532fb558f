/**
 * What the alert tests share: two gemeenten with a Mastodon account each, citizens' messages
 * mentioning one of them (so they are in its conversations), a user with a saved search, a rule
 * on it, and a look at what the rule did.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createAlertRule } from '../../src/alerts/ruleStore.ts';
import { checkRule, type RuleInput } from '../../src/alerts/rules.ts';
import { addUser } from '../../src/identity/people.ts';
import type { Db } from '../../src/store/db.ts';
import { findOrganisation } from '../../src/store/organisations.ts';
import { createSavedSearch } from '../../src/store/savedSearches.ts';
import { SecretBox } from '../../src/store/secretBox.ts';
import { account, type Line, msg, org } from './yardstickFixtures.ts';

export const BOX = SecretBox.fromKey(randomBytes(32));

export const ORGS: Line[] = [
  org('GM0344', 'Utrecht', 'gemeente'),
  org('GM0363', 'Amsterdam', 'gemeente'),
  account('mastodon', 'utr', 'utrecht', 'GM0344'),
  account('mastodon', 'ams', 'amsterdam', 'GM0363'),
];

export const HOUR = 3_600_000;

export function at(start: string, ms: number): Date {
  return new Date(new Date(start).getTime() + ms);
}

let serial = 0;

/** `n` messages spread evenly over [from, from + span), each `@handle text`. */
export function spread(n: number, from: Date, spanMs: number, handle: string, text: string): Line[] {
  return Array.from({ length: n }, (_, i) => {
    serial++;
    return msg({
      platform: 'mastodon',
      id: `a${serial}`,
      author: `burger${serial % 97}`,
      at: new Date(from.getTime() + Math.floor(((i + 0.5) * spanMs) / n)).toISOString(),
      text: `@${handle} ${text} (${serial})`,
    });
  });
}

export async function orgId(db: Db, code: string): Promise<number> {
  const found = await findOrganisation(db, code);
  assert.ok(found, code);
  return found.id;
}

/** A user of the organisation with a shared saved search, and a rule on it. */
export async function ruleOn(
  db: Db,
  code: string,
  search: { name: string; query: string },
  rule: RuleInput & { webhookSecret?: string },
): Promise<{ organisationId: number; userId: number; searchId: number; ruleId: number }> {
  const organisationId = await orgId(db, code);
  const userId = await addUser(
    db,
    { userId: null, name: 'test', ip: null },
    {
      email: `u${++serial}@${code.toLowerCase()}.test`,
      name: 'Webcare',
      password: null,
      membership: { organisationId, role: 'webcare' },
    },
  );
  const saved = await createSavedSearch(db, organisationId, userId, {
    name: search.name,
    query: search.query,
    platforms: [],
    shared: true,
  });
  const checked = checkRule(rule);
  assert.deepEqual(checked.problems, []);
  const created = await db.transaction((tx) =>
    createAlertRule(
      tx,
      BOX,
      organisationId,
      saved.id,
      { settings: checked.settings, recipients: checked.recipients, webhookSecret: rule.webhookSecret },
      userId,
    ),
  );
  assert.ok(created);
  return { organisationId, userId, searchId: saved.id, ruleId: created.rule.id };
}

export interface Seen {
  episodes: {
    started_at: Date;
    last_seen_at: Date;
    ended_at: Date | null;
    peak_count: number;
    message_count: number;
    terms: string[];
  }[];
  notifications: { title: string; body: string }[];
  deliveries: number;
}

/** A rule's episodes (oldest first), notifications and deliveries. */
export async function seen(db: Db, ruleId: number): Promise<Seen> {
  const episodes = await db.query<Seen['episodes'][number]>(
    `SELECT started_at, last_seen_at, ended_at, peak_count, message_count, terms
     FROM alert_episodes WHERE rule_id = $1 ORDER BY started_at`,
    [ruleId],
  );
  const notifications = await db.query<Seen['notifications'][number]>(
    `SELECT n.title, n.body FROM notifications n JOIN alert_episodes e ON e.id = n.episode_id
     WHERE e.rule_id = $1 ORDER BY n.id`,
    [ruleId],
  );
  const [deliveries] = await db.query<{ n: number }>(
    `SELECT count(*)::integer AS n FROM alert_deliveries d JOIN notifications n ON n.id = d.notification_id
     JOIN alert_episodes e ON e.id = n.episode_id WHERE e.rule_id = $1`,
    [ruleId],
  );
  return { episodes, notifications, deliveries: deliveries?.n ?? 0 };
}

/** Everything the alerts keep, to show that something changed nothing. */
export async function alertTables(db: Db): Promise<string> {
  const tables = ['alert_state', 'alert_episodes', 'notifications', 'alert_deliveries', 'audit_log'];
  const parts: unknown[] = [];
  for (const table of tables) parts.push(await db.query(`SELECT * FROM ${table} ORDER BY 1, 2`));
  return JSON.stringify(parts);
}
