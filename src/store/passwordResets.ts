import type { Queryable } from './db.ts';
import { hashToken, newToken } from './sessions.ts';

/**
 * One-time password reset tokens. The mail holds a random 256-bit token; the table holds only its
 * SHA-256, so a copy of the database resets nobody's password. A token is valid for an hour and
 * works exactly once: using it is one UPDATE that marks it used only while it is still unused and
 * unexpired, so of two requests with the same token at the same moment only one gets the user.
 */
export const RESET_LIFETIME_MS = 60 * 60 * 1000;

/** How many reset mails one user gets per lifetime at most (against mail bombing). */
export const MAX_RESETS_PER_LIFETIME = 5;

/** A token's form: 32 bytes as base64url. Anything else is refused without a query. */
export function isResetToken(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}

/**
 * Makes a token for `userId` and returns it (only the caller ever sees it), or null when the user
 * asked for `MAX_RESETS_PER_LIFETIME` tokens within the last lifetime already.
 */
export async function createPasswordReset(
  q: Queryable,
  userId: number,
  lifetimeMs: number = RESET_LIFETIME_MS,
): Promise<string | null> {
  const token = newToken();
  const inserted = await q.execute(
    `INSERT INTO password_resets (token_hash, user_id, expires_at)
     SELECT $1, $2, now() + make_interval(secs => $3::double precision / 1000)
     WHERE (SELECT count(*) FROM password_resets
            WHERE user_id = $2 AND created_at > now() - make_interval(secs => $4::double precision / 1000)) < $5`,
    [hashToken(token), userId, lifetimeMs, RESET_LIFETIME_MS, MAX_RESETS_PER_LIFETIME],
  );
  return inserted === 1 ? token : null;
}

/** The user a token would reset, without using it up (to show the form); null when it would not work. */
export async function peekPasswordReset(q: Queryable, token: string): Promise<number | null> {
  if (!isResetToken(token)) return null;
  const [row] = await q.query<{ user_id: number }>(
    `SELECT user_id FROM password_resets
     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`,
    [hashToken(token)],
  );
  return row ? Number(row.user_id) : null;
}

/**
 * Uses a token up: the user it resets, or null when it is unknown, used or expired. The user's
 * other unused tokens stop working too (one reset ends them all).
 */
export async function consumePasswordReset(q: Queryable, token: string): Promise<number | null> {
  if (!isResetToken(token)) return null;
  const [row] = await q.query<{ user_id: number }>(
    `UPDATE password_resets SET used_at = now()
     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
     RETURNING user_id`,
    [hashToken(token)],
  );
  if (!row) return null;
  const userId = Number(row.user_id);
  await q.execute('UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [
    userId,
  ]);
  return userId;
}

/** Ends a user's unused tokens (after the password changed some other way). */
export async function cancelPasswordResets(q: Queryable, userId: number): Promise<number> {
  return q.execute('UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [
    userId,
  ]);
}

/** Drops tokens that expired more than a day ago (used ones included). */
export async function deleteOldPasswordResets(q: Queryable): Promise<number> {
  return q.execute(`DELETE FROM password_resets WHERE expires_at < now() - interval '1 day'`);
}
