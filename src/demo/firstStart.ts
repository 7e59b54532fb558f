import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createAlertRule } from '../alerts/ruleStore.ts';
import { checkRule } from '../alerts/rules.ts';
import { addUser, generatedPassword } from '../identity/people.ts';
import { type IngestProgress, ingest } from '../ingest/pipeline.ts';
import { appendAudit } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import { isPostgresUrl } from '../store/open.ts';
import { createSavedSearch } from '../store/savedSearches.ts';
import { loadSecretBox } from '../store/secretBox.ts';
import { demoSource } from './generator.ts';

/**
 * `npm start` on a new machine: an empty database gets the demo workspace and a first user, a
 * superbeheerder who is also beheerder of the demo's largest gemeente, with that gemeente's first
 * saved searches and alert rules (`seedListening`). The login is written to
 * `eerste-login.txt` beside the database (readable by its owner only), so it can be shown again
 * at the next start, until someone deletes the file.
 */
export const DEMO_SIZE = 20_000;
export const FIRST_EMAIL = 'beheerder@demo.meetlat.nl';

export interface FirstLogin {
  email: string;
  password: string;
  organisation: string;
}

export function firstLoginFile(location: string): string {
  if (isPostgresUrl(location)) return resolve('.meetlat', 'eerste-login.txt');
  return join(dirname(resolve(location)), 'eerste-login.txt');
}

export function readFirstLogin(location: string): FirstLogin | null {
  const file = firstLoginFile(location);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as FirstLogin;
  } catch {
    return null;
  }
}

/** Fills an empty database with the demo and a first user; null when the database had data. */
export async function seedDemoWorkspace(
  db: Db,
  location: string,
  onProgress?: (progress: IngestProgress) => void,
): Promise<FirstLogin | null> {
  const [organisations] = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM organisations');
  const [users] = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM users');
  if ((organisations?.n ?? 0) > 0 || (users?.n ?? 0) > 0) return null;
  await ingest(db, demoSource({ size: DEMO_SIZE, seed: 1 }), {
    sourceKind: 'demo',
    source: `demo size=${DEMO_SIZE} seed=1`,
    sourceSha256: null,
    onProgress,
  });
  const [largest] = await db.query<{ id: number; code: string }>(
    `SELECT o.id, o.code FROM organisations o JOIN accounts a ON a.organisation_id = o.id
     WHERE o.kind = 'gemeente' GROUP BY o.id, o.code ORDER BY count(*) DESC, o.code LIMIT 1`,
  );
  const password = generatedPassword();
  const userId = await addUser(
    db,
    { userId: null, name: 'system', ip: null },
    {
      email: FIRST_EMAIL,
      name: 'Demo Beheerder',
      initials: 'DB',
      password,
      superbeheerder: true,
      membership: largest ? { organisationId: Number(largest.id), role: 'beheerder' } : null,
    },
  );
  if (largest) await seedListening(db, location, Number(largest.id), userId);
  const login: FirstLogin = { email: FIRST_EMAIL, password, organisation: largest?.code ?? '' };
  const file = firstLoginFile(location);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return login;
}

/**
 * Listening as a communication adviser would set it up on day one: shared searches about what
 * residents write most (waste, parking, nuisance, the street) and a signal-word alert for a crisis.
 */
export const DEMO_SEARCHES = [
  { name: 'Afval en containers', query: 'container* OR afval* OR #afval' },
  { name: 'Parkeren', query: 'parkeer* OR parkeren OR #parkeren' },
  { name: 'Overlast', query: 'overlast OR geluidsoverlast OR #overlast' },
  { name: 'Straat en verlichting', query: 'lantaarnpaal* OR straatverlichting OR stoeptegel* OR boom' },
] as const;
const DEMO_CRISIS_SEARCH = {
  name: 'Brand en incidenten',
  query: 'brand* OR rook OR explosie* OR evacuatie OR #brand',
} as const;

async function seedListening(
  db: Db,
  location: string,
  organisationId: number,
  userId: number,
): Promise<void> {
  const box = loadSecretBox(location);
  await db.transaction(async (tx) => {
    const audit = (action: string, target: string, details: Record<string, unknown>) =>
      appendAudit(tx, { userId: null, actor: 'system', organisationId, action, target, details, ip: null });
    const ids: number[] = [];
    for (const search of [...DEMO_SEARCHES, DEMO_CRISIS_SEARCH]) {
      const input = { ...search, platforms: [], shared: true };
      const created = await createSavedSearch(tx, organisationId, userId, input);
      await audit('search.create', `search:${created.id}`, { ...input });
      ids.push(created.id);
    }
    const rules = [
      { searchId: ids[0], input: { kind: 'spike', settings: {} } },
      {
        searchId: ids.at(-1),
        input: { kind: 'term', settings: { terms: ['explosie*', 'evacuatie', '"grote brand"', '#brand'] } },
      },
    ];
    for (const { searchId, input } of rules) {
      const { settings, recipients, problems } = checkRule(input);
      if (problems.length > 0 || searchId === undefined) {
        throw new Error(`the demo's alert rule does not check: ${JSON.stringify(problems)}`);
      }
      const made = await createAlertRule(tx, box, organisationId, searchId, { settings, recipients }, userId);
      if (!made) throw new Error('the demo search of an alert rule is missing');
      await audit('alert.create', `alert:${made.rule.id}`, { searchId, ...settings });
    }
  });
}
