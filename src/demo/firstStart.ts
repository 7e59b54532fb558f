import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { addUser, generatedPassword } from '../identity/people.ts';
import { type IngestProgress, ingest } from '../ingest/pipeline.ts';
import type { Db } from '../store/db.ts';
import { isPostgresUrl } from '../store/open.ts';
import { demoSource } from './generator.ts';

/**
 * `npm start` on a new machine: an empty database gets the demo workspace and a first user, a
 * superbeheerder who is also beheerder of the demo's largest gemeente. The login is written to
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
  await addUser(
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
  const login: FirstLogin = { email: FIRST_EMAIL, password, organisation: largest?.code ?? '' };
  const file = firstLoginFile(location);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return login;
}
