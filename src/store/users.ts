import type { Role } from '../identity/roles.ts';
import type { Queryable } from './db.ts';

/** A user as the server and the CLI see one (never the password hash outside this module's callers). */
export interface User {
  id: number;
  email: string;
  name: string;
  initials: string | null;
  superbeheerder: boolean;
  disabled: boolean;
  locale: 'nl' | 'en';
  totpEnabled: boolean;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export interface UserCredentials extends User {
  passwordHash: string | null;
  failedLogins: number;
  totpSecret: Uint8Array | null;
  totpSecretKey: string | null;
  totpLastStep: number | null;
}

export interface Membership {
  organisationId: number;
  code: string;
  name: string;
  role: Role;
}

const COLUMNS = `id, email, name, initials, superbeheerder, disabled, locale, totp_enabled, locked_until,
  last_login_at, created_at, password_hash, failed_logins, totp_secret, totp_secret_key, totp_last_step`;

interface UserRow {
  id: number;
  email: string;
  name: string;
  initials: string | null;
  superbeheerder: boolean;
  disabled: boolean;
  locale: 'nl' | 'en';
  totp_enabled: boolean;
  locked_until: Date | null;
  last_login_at: Date | null;
  created_at: Date;
  password_hash: string | null;
  failed_logins: number;
  totp_secret: Uint8Array | null;
  totp_secret_key: string | null;
  totp_last_step: string | number | null;
}

function toCredentials(row: UserRow): UserCredentials {
  return {
    id: Number(row.id),
    email: row.email,
    name: row.name,
    initials: row.initials,
    superbeheerder: row.superbeheerder,
    disabled: row.disabled,
    locale: row.locale,
    totpEnabled: row.totp_enabled,
    lockedUntil: row.locked_until,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
    passwordHash: row.password_hash,
    failedLogins: row.failed_logins,
    totpSecret: row.totp_secret,
    totpSecretKey: row.totp_secret_key,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
  };
}

/** The public part of a user record. */
export function publicUser(user: UserCredentials): User {
  const { passwordHash, failedLogins, totpSecret, totpSecretKey, totpLastStep, ...rest } = user;
  return rest;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface NewUser {
  email: string;
  name: string;
  initials?: string | null;
  passwordHash?: string | null;
  superbeheerder?: boolean;
  locale?: 'nl' | 'en';
}

/** Adds a user; throws `DuplicateUserError` when the e-mail address is taken. */
export async function insertUser(q: Queryable, user: NewUser): Promise<number> {
  try {
    const [row] = await q.query<{ id: number }>(
      `INSERT INTO users (email, name, initials, password_hash, superbeheerder, locale, password_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $4::text IS NULL THEN NULL ELSE now() END) RETURNING id`,
      [
        normaliseEmail(user.email),
        user.name,
        user.initials ?? null,
        user.passwordHash ?? null,
        user.superbeheerder ?? false,
        user.locale ?? 'nl',
      ],
    );
    return Number(row?.id);
  } catch (error) {
    if ((error as { code?: string }).code === '23505')
      throw new DuplicateUserError(normaliseEmail(user.email));
    throw error;
  }
}

export class DuplicateUserError extends Error {
  constructor(readonly email: string) {
    super(`a user with e-mail ${email} exists already`);
  }
}

export async function findUserByEmail(q: Queryable, email: string): Promise<UserCredentials | null> {
  const [row] = await q.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE email = $1`, [
    normaliseEmail(email),
  ]);
  return row ? toCredentials(row) : null;
}

export async function findUserById(q: Queryable, id: number): Promise<UserCredentials | null> {
  const [row] = await q.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return row ? toCredentials(row) : null;
}

/** Users, with their memberships; only the members of one organisation when `organisationId` is given. */
export async function listUsers(
  q: Queryable,
  organisationId?: number,
): Promise<(User & { memberships: Membership[] })[]> {
  const rows = await q.query<UserRow>(
    `SELECT ${COLUMNS} FROM users u
     WHERE $1::bigint IS NULL OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.organisation_id = $1)
     ORDER BY email`,
    [organisationId ?? null],
  );
  const memberships = await q.query<{
    user_id: number;
    organisation_id: number;
    code: string;
    name: string;
    role: Role;
  }>(
    `SELECT m.user_id, m.organisation_id, o.code, COALESCE(o.display_name, o.name) AS name, m.role
     FROM memberships m JOIN organisations o ON o.id = m.organisation_id
     WHERE m.user_id = ANY($1::bigint[]) ORDER BY o.code`,
    [rows.map((r) => r.id)],
  );
  return rows.map((row) => ({
    ...publicUser(toCredentials(row)),
    memberships: memberships
      .filter((m) => Number(m.user_id) === Number(row.id))
      .map((m) => ({ organisationId: Number(m.organisation_id), code: m.code, name: m.name, role: m.role })),
  }));
}

export async function membershipsOf(q: Queryable, userId: number): Promise<Membership[]> {
  const rows = await q.query<{ organisation_id: number; code: string; name: string; role: Role }>(
    `SELECT m.organisation_id, o.code, COALESCE(o.display_name, o.name) AS name, m.role
     FROM memberships m JOIN organisations o ON o.id = m.organisation_id
     WHERE m.user_id = $1 ORDER BY name`,
    [userId],
  );
  return rows.map((m) => ({
    organisationId: Number(m.organisation_id),
    code: m.code,
    name: m.name,
    role: m.role,
  }));
}

/** Gives the user `role` in the organisation (adding the membership), or removes it (role null). */
export async function setMembership(
  q: Queryable,
  userId: number,
  organisationId: number,
  role: Role | null,
): Promise<void> {
  if (role === null) {
    await q.execute('DELETE FROM memberships WHERE user_id = $1 AND organisation_id = $2', [
      userId,
      organisationId,
    ]);
    return;
  }
  await q.execute(
    `INSERT INTO memberships (user_id, organisation_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, organisation_id) DO UPDATE SET role = EXCLUDED.role`,
    [userId, organisationId, role],
  );
}

export async function setDisabled(q: Queryable, userId: number, disabled: boolean): Promise<void> {
  await q.execute('UPDATE users SET disabled = $2 WHERE id = $1', [userId, disabled]);
}

export async function setSuperbeheerder(q: Queryable, userId: number, value: boolean): Promise<void> {
  await q.execute('UPDATE users SET superbeheerder = $2 WHERE id = $1', [userId, value]);
}

export async function setPasswordHash(q: Queryable, userId: number, passwordHash: string): Promise<void> {
  await q.execute(
    `UPDATE users SET password_hash = $2, password_changed_at = now(), failed_logins = 0, locked_until = NULL
     WHERE id = $1`,
    [userId, passwordHash],
  );
}

export async function updateProfile(
  q: Queryable,
  userId: number,
  profile: { name: string; initials: string | null; locale: 'nl' | 'en' },
): Promise<void> {
  await q.execute('UPDATE users SET name = $2, initials = $3, locale = $4 WHERE id = $1', [
    userId,
    profile.name,
    profile.initials,
    profile.locale,
  ]);
}

/**
 * Counts a failed login; the `lockAfter`-th failure in a row locks the account for `lockMs`.
 * Returns when it is locked until, if it is.
 */
export async function recordLoginFailure(
  q: Queryable,
  userId: number,
  lockAfter: number,
  lockMs: number,
): Promise<Date | null> {
  const [row] = await q.query<{ locked_until: Date | null }>(
    `UPDATE users SET
       failed_logins = failed_logins + 1,
       locked_until = CASE WHEN failed_logins + 1 >= $2
                      THEN now() + make_interval(secs => $3::double precision / 1000) ELSE locked_until END
     WHERE id = $1 RETURNING locked_until`,
    [userId, lockAfter, lockMs],
  );
  return row?.locked_until ?? null;
}

export async function recordLoginSuccess(q: Queryable, userId: number): Promise<void> {
  await q.execute(
    'UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1',
    [userId],
  );
}

/** Stores a new TOTP secret (not yet enabled), or clears it (null). */
export async function setTotpSecret(
  q: Queryable,
  userId: number,
  sealed: { secret: Uint8Array; keyId: string } | null,
): Promise<void> {
  await q.execute(
    `UPDATE users SET totp_secret = $2, totp_secret_key = $3, totp_enabled = false, totp_last_step = NULL
     WHERE id = $1`,
    [userId, sealed?.secret ?? null, sealed?.keyId ?? null],
  );
}

/**
 * Accepts a TOTP time step for the user, enabling TOTP; false when that step (or a later one) was
 * accepted before, so one code never logs in twice, even from two requests at once.
 */
export async function acceptTotpStep(q: Queryable, userId: number, step: number): Promise<boolean> {
  const changed = await q.execute(
    `UPDATE users SET totp_last_step = $2, totp_enabled = true
     WHERE id = $1 AND totp_secret IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < $2)`,
    [userId, step],
  );
  return changed === 1;
}

/** Finds the user linked to an OIDC identity. */
export async function findUserByIdentity(
  q: Queryable,
  issuer: string,
  subject: string,
): Promise<UserCredentials | null> {
  const [row] = await q.query<UserRow>(
    `SELECT ${COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1u.$2')} FROM user_identities i JOIN users u ON u.id = i.user_id
     WHERE i.issuer = $1 AND i.subject = $2`,
    [issuer, subject],
  );
  return row ? toCredentials(row) : null;
}

export async function linkIdentity(
  q: Queryable,
  userId: number,
  issuer: string,
  subject: string,
): Promise<void> {
  await q.execute(
    `INSERT INTO user_identities (issuer, subject, user_id) VALUES ($1, $2, $3)
     ON CONFLICT (issuer, subject) DO NOTHING`,
    [issuer, subject, userId],
  );
}
