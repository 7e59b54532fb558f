import { checkCategory, checkTags, type LabelProblem, MAX_NOTE_LENGTH } from '../webcare/labels.ts';
import type { CaseStatus } from '../webcare/placement.ts';
import { appendAudit } from './audit.ts';
import type { Db, Queryable } from './db.ts';

/**
 * What people do with a case: claim it, assign it, change its status, file it under a category and
 * tags, add an internal note. Every change is one transaction that writes the case's trail
 * (`case_events`, kept with the case for the archive) and the organisation's audit log.
 *
 * Concurrency is optimistic: a change names the version of the case it was made on and is refused
 * (`stale`) when someone changed the case since, so nobody overwrites what they have not seen.
 * Claiming needs no version: it succeeds only while nobody has the case, so of two agents claiming
 * at once exactly one wins, and the other is told who did.
 */

export interface CaseActor {
  userId: number;
  /** The name the trail shows. */
  name: string;
  /** The e-mail the audit log keeps. */
  email: string;
  ip: string | null;
}

export type WorkOutcome =
  | { ok: true; version: number }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'taken'; by: string; byUserId: number; version: number }
  | { ok: false; reason: 'stale'; version: number }
  | { ok: false; reason: 'invalid'; problem: LabelProblem | 'noteEmpty' | 'noteTooLong' | 'notMember' };

interface Changed {
  id: number;
  number: string;
  version: number;
}

/**
 * Writes a change to the case's trail and the organisation's audit log (the audit log gets
 * `auditDetails`, by default the same details: a note's text stays in the trail only).
 */
export async function recordCaseEvent(
  tx: Queryable,
  organisationId: number,
  c: { id: number; number: string },
  actor: CaseActor,
  kind: string,
  details: Record<string, unknown>,
  auditDetails: Record<string, unknown> = details,
): Promise<void> {
  await tx.execute(
    'INSERT INTO case_events (case_id, user_id, actor, kind, details) VALUES ($1, $2, $3, $4, $5::jsonb)',
    [c.id, actor.userId, actor.name, kind, JSON.stringify(details)],
  );
  await appendAudit(tx, {
    userId: actor.userId,
    actor: actor.email,
    organisationId,
    action: `case.${kind}`,
    target: c.number,
    details: auditDetails,
    ip: actor.ip,
  });
}

/** Why a versioned change matched no row: no such case, or a newer version. */
async function refusal(tx: Queryable, organisationId: number, caseId: number): Promise<WorkOutcome> {
  const [row] = await tx.query<{ version: number }>(
    'SELECT version FROM cases WHERE id = $1 AND organisation_id = $2',
    [caseId, organisationId],
  );
  return row ? { ok: false, reason: 'stale', version: row.version } : { ok: false, reason: 'not_found' };
}

/**
 * Claims an unassigned case for the actor (a new case becomes open). A case that is already the
 * actor's is fine; one that is someone else's is `taken`, with who has it.
 */
export async function claimCase(
  db: Db,
  organisationId: number,
  caseId: number,
  actor: CaseActor,
): Promise<WorkOutcome> {
  return db.transaction(async (tx) => {
    const [claimed] = await tx.query<Changed>(
      `UPDATE cases SET assignee_id = $3, version = version + 1, updated_at = now(),
         status = CASE WHEN status = 'nieuw' THEN 'open' ELSE status END
       WHERE id = $1 AND organisation_id = $2 AND assignee_id IS NULL
       RETURNING id, number, version`,
      [caseId, organisationId, actor.userId],
    );
    if (claimed) {
      await recordCaseEvent(tx, organisationId, claimed, actor, 'claimed', {});
      return { ok: true, version: claimed.version };
    }
    const [holder] = await tx.query<{ assignee_id: number; name: string; version: number }>(
      `SELECT c.assignee_id, u.name, c.version FROM cases c JOIN users u ON u.id = c.assignee_id
       WHERE c.id = $1 AND c.organisation_id = $2`,
      [caseId, organisationId],
    );
    if (!holder) return { ok: false, reason: 'not_found' };
    if (holder.assignee_id === actor.userId) return { ok: true, version: holder.version };
    return {
      ok: false,
      reason: 'taken',
      by: holder.name,
      byUserId: holder.assignee_id,
      version: holder.version,
    };
  });
}

/** Gives the case to a member of the organisation (or to nobody, `assigneeId` null). */
export async function assignCase(
  db: Db,
  organisationId: number,
  caseId: number,
  assigneeId: number | null,
  expectedVersion: number,
  actor: CaseActor,
): Promise<WorkOutcome> {
  return db.transaction(async (tx) => {
    let assigneeName: string | null = null;
    if (assigneeId !== null) {
      const [member] = await tx.query<{ name: string }>(
        `SELECT u.name FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.organisation_id = $1 AND m.user_id = $2 AND NOT u.disabled`,
        [organisationId, assigneeId],
      );
      if (!member) return { ok: false, reason: 'invalid', problem: 'notMember' };
      assigneeName = member.name;
    }
    const [changed] = await tx.query<Changed>(
      `UPDATE cases SET assignee_id = $3, version = version + 1, updated_at = now(),
         status = CASE WHEN status = 'nieuw' AND $3::bigint IS NOT NULL THEN 'open' ELSE status END
       WHERE id = $1 AND organisation_id = $2 AND version = $4
       RETURNING id, number, version`,
      [caseId, organisationId, assigneeId, expectedVersion],
    );
    if (!changed) return refusal(tx, organisationId, caseId);
    await recordCaseEvent(tx, organisationId, changed, actor, 'assigned', {
      assigneeId,
      assignee: assigneeName,
    });
    return { ok: true, version: changed.version };
  });
}

/**
 * Changes the status. Resolving stamps the moment (kept when closing after it); closing makes the
 * case final; back to open or waiting clears both.
 */
export async function setCaseStatus(
  db: Db,
  organisationId: number,
  caseId: number,
  status: CaseStatus,
  expectedVersion: number,
  actor: CaseActor,
): Promise<WorkOutcome> {
  return db.transaction(async (tx) => {
    const [before] = await tx.query<{ status: CaseStatus }>(
      'SELECT status FROM cases WHERE id = $1 AND organisation_id = $2 AND version = $3',
      [caseId, organisationId, expectedVersion],
    );
    if (!before) return refusal(tx, organisationId, caseId);
    const [changed] = await tx.query<Changed>(
      `UPDATE cases SET status = $3, version = version + 1, updated_at = now(),
         resolved_at = CASE WHEN $3 IN ('opgelost', 'gesloten') THEN coalesce(resolved_at, now()) END,
         closed_at = CASE WHEN $3 = 'gesloten' THEN coalesce(closed_at, now()) END
       WHERE id = $1 AND organisation_id = $2 AND version = $4
       RETURNING id, number, version`,
      [caseId, organisationId, status, expectedVersion],
    );
    if (!changed) return refusal(tx, organisationId, caseId);
    if (before.status !== status)
      await recordCaseEvent(tx, organisationId, changed, actor, 'status', {
        from: before.status,
        to: status,
      });
    return { ok: true, version: changed.version };
  });
}

/** Files the case under a category of the organisation's list and the given tags. */
export async function labelCase(
  db: Db,
  organisationId: number,
  caseId: number,
  labels: { category: string | null; tags: readonly string[] },
  categories: readonly string[],
  expectedVersion: number,
  actor: CaseActor,
): Promise<WorkOutcome> {
  const category = checkCategory(labels.category, categories);
  if (category.problem) return { ok: false, reason: 'invalid', problem: category.problem };
  const tags = checkTags(labels.tags);
  if (tags.problem) return { ok: false, reason: 'invalid', problem: tags.problem };
  return db.transaction(async (tx) => {
    const [before] = await tx.query<{ category: string | null; tags: string[] }>(
      'SELECT category, tags FROM cases WHERE id = $1 AND organisation_id = $2 AND version = $3',
      [caseId, organisationId, expectedVersion],
    );
    if (!before) return refusal(tx, organisationId, caseId);
    const [changed] = await tx.query<Changed>(
      `UPDATE cases SET category = $3, tags = $4::text[], version = version + 1, updated_at = now()
       WHERE id = $1 AND organisation_id = $2 AND version = $5
       RETURNING id, number, version`,
      [caseId, organisationId, category.category, tags.tags, expectedVersion],
    );
    if (!changed) return refusal(tx, organisationId, caseId);
    const added = tags.tags.filter((t) => !before.tags.includes(t));
    const removed = before.tags.filter((t) => !tags.tags.includes(t));
    if (before.category !== category.category || added.length > 0 || removed.length > 0) {
      await recordCaseEvent(tx, organisationId, changed, actor, 'labelled', {
        category: category.category,
        ...(added.length ? { added } : {}),
        ...(removed.length ? { removed } : {}),
      });
    }
    return { ok: true, version: changed.version };
  });
}

/** Adds an internal note (never sent to the citizen). Notes need no version and raise none: they only add. */
export async function addCaseNote(
  db: Db,
  organisationId: number,
  caseId: number,
  text: string,
  actor: CaseActor,
): Promise<WorkOutcome> {
  const note = text.trim();
  if (note === '') return { ok: false, reason: 'invalid', problem: 'noteEmpty' };
  if (note.length > MAX_NOTE_LENGTH) return { ok: false, reason: 'invalid', problem: 'noteTooLong' };
  return db.transaction(async (tx) => {
    const [changed] = await tx.query<Changed>(
      `UPDATE cases SET updated_at = now() WHERE id = $1 AND organisation_id = $2
       RETURNING id, number, version`,
      [caseId, organisationId],
    );
    if (!changed) return { ok: false, reason: 'not_found' };
    // The note's text goes in the case's trail; the audit log says only that one was added.
    await recordCaseEvent(tx, organisationId, changed, actor, 'note', { text: note }, {});
    return { ok: true, version: changed.version };
  });
}
