import type { Queryable } from './db.ts';

/**
 * The audit log: every state change, who did it, when, in which organisation, from which address.
 * Append-only: the table refuses UPDATE, DELETE and TRUNCATE (migration 004).
 */
export interface AuditEntry {
  userId: number | null;
  /** The user's e-mail, or `cli` / `system`; kept as it was, for when the user is gone. */
  actor: string;
  organisationId: number | null;
  /** Dotted lower case, such as `user.login` or `channel.pause`. */
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export interface AuditRecord {
  id: number;
  at: Date;
  userId: number | null;
  actor: string;
  organisation: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

export async function appendAudit(q: Queryable, entry: AuditEntry): Promise<void> {
  await q.execute(
    `INSERT INTO audit_log (user_id, actor, organisation_id, action, target, details, ip)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
    [
      entry.userId,
      entry.actor,
      entry.organisationId,
      entry.action,
      entry.target ?? null,
      JSON.stringify(entry.details ?? {}),
      entry.ip ?? null,
    ],
  );
}

/**
 * Entries of one organisation (or, with `organisationId` null, the platform-wide ones without an
 * organisation), newest first; `beforeId` pages on.
 */
export async function listAudit(
  q: Queryable,
  options: { organisationId: number | null; limit: number; beforeId?: number },
): Promise<AuditRecord[]> {
  const rows = await q.query<{
    id: number;
    at: Date;
    user_id: number | null;
    actor: string;
    organisation: string | null;
    action: string;
    target: string | null;
    details: Record<string, unknown>;
    ip: string | null;
  }>(
    `SELECT a.id, a.at, a.user_id, a.actor, o.code AS organisation, a.action, a.target, a.details, a.ip
     FROM audit_log a LEFT JOIN organisations o ON o.id = a.organisation_id
     WHERE a.organisation_id IS NOT DISTINCT FROM $1 AND ($3::bigint IS NULL OR a.id < $3)
     ORDER BY a.id DESC LIMIT $2`,
    [options.organisationId, options.limit, options.beforeId ?? null],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    userId: r.user_id === null ? null : Number(r.user_id),
    actor: r.actor,
    organisation: r.organisation,
    action: r.action,
    target: r.target,
    details: r.details,
    ip: r.ip,
  }));
}
