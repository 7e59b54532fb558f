import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './db.ts';

/**
 * Login sessions, kept in the database so every server process sees them. The browser holds a
 * random 256-bit token; the table holds only its SHA-256, so a copy of the database logs nobody
 * in. A session expires after `IDLE_MS` without requests, and after `MAX_MS` in any case.
 */
export const IDLE_MS = 8 * 60 * 60 * 1000;
export const MAX_MS = 7 * 24 * 60 * 60 * 1000;
const PENDING_MS = 10 * 60 * 1000;

export type SessionStage = 'pending_2fa' | 'active';

export interface Session {
  tokenHash: string;
  userId: number;
  stage: SessionStage;
  csrfSecret: string;
  method: 'password' | 'oidc';
  createdAt: Date;
  expiresAt: Date;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Starts a session; returns the token for the cookie (only the caller ever sees it). */
export async function createSession(
  q: Queryable,
  input: {
    userId: number;
    stage: SessionStage;
    method: 'password' | 'oidc';
    csrfSecret: string;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<{ token: string; session: Session }> {
  const token = newToken();
  const lifetime = input.stage === 'pending_2fa' ? PENDING_MS : IDLE_MS;
  const [row] = await q.query<{ created_at: Date; expires_at: Date }>(
    `INSERT INTO sessions (token_hash, user_id, stage, csrf_secret, method, ip, user_agent, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8::double precision / 1000))
     RETURNING created_at, expires_at`,
    [
      hashToken(token),
      input.userId,
      input.stage,
      input.csrfSecret,
      input.method,
      input.ip,
      input.userAgent?.slice(0, 300) ?? null,
      lifetime,
    ],
  );
  return {
    token,
    session: {
      tokenHash: hashToken(token),
      userId: input.userId,
      stage: input.stage,
      csrfSecret: input.csrfSecret,
      method: input.method,
      createdAt: row?.created_at ?? new Date(),
      expiresAt: row?.expires_at ?? new Date(),
    },
  };
}

/**
 * The live session for a cookie token, its idle expiry pushed on (at most once a minute, and
 * never past the maximum age); null when unknown or expired.
 */
export async function touchSession(q: Queryable, token: string): Promise<Session | null> {
  const [row] = await q.query<{
    token_hash: string;
    user_id: number;
    stage: SessionStage;
    csrf_secret: string;
    method: 'password' | 'oidc';
    created_at: Date;
    expires_at: Date;
  }>(
    `WITH live AS (
       SELECT * FROM sessions WHERE token_hash = $1 AND expires_at > now()
     ), touched AS (
       UPDATE sessions s SET last_seen_at = now(),
         expires_at = CASE WHEN s.stage = 'active'
           THEN least(now() + make_interval(secs => $2::double precision / 1000),
                      s.created_at + make_interval(secs => $3::double precision / 1000))
           ELSE s.expires_at END
       FROM live WHERE s.token_hash = live.token_hash AND live.last_seen_at < now() - interval '1 minute'
       RETURNING s.token_hash, s.user_id, s.stage, s.csrf_secret, s.method, s.created_at, s.expires_at
     )
     SELECT * FROM touched
     UNION ALL
     SELECT token_hash, user_id, stage, csrf_secret, method, created_at, expires_at FROM live
     WHERE last_seen_at >= now() - interval '1 minute'`,
    [hashToken(token), IDLE_MS, MAX_MS],
  );
  if (!row) return null;
  return {
    tokenHash: row.token_hash,
    userId: Number(row.user_id),
    stage: row.stage,
    csrfSecret: row.csrf_secret,
    method: row.method,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

export async function deleteSession(q: Queryable, tokenHash: string): Promise<void> {
  await q.execute('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

/** Ends every session of a user (after a password reset, or when the user is disabled). */
export async function deleteUserSessions(q: Queryable, userId: number): Promise<number> {
  return q.execute('DELETE FROM sessions WHERE user_id = $1', [userId]);
}

export async function deleteExpiredSessions(q: Queryable): Promise<number> {
  return q.execute('DELETE FROM sessions WHERE expires_at <= now()');
}

/** Ends every session of a user but one (after a password change: the user stays logged in here). */
export async function deleteOtherSessions(
  q: Queryable,
  userId: number,
  keepTokenHash: string,
): Promise<number> {
  return q.execute('DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2', [userId, keepTokenHash]);
}
