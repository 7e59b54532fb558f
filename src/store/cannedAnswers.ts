import { unknownVariables } from '../webcare/compose.ts';
import { appendAudit } from './audit.ts';
import type { Db } from './db.ts';

/**
 * An organisation's canned answers (migration 007): a title and a text an agent starts a reply
 * from, with the variables `{naam}` and `{zaaknummer}`. Changes are audited.
 */
export interface CannedAnswer {
  id: number;
  title: string;
  text: string;
  updatedAt: Date;
}

export type CannedProblem =
  | 'titleRequired'
  | 'titleTooLong'
  | 'textRequired'
  | 'textTooLong'
  | 'unknownVariable'
  | 'duplicate';

export function checkCannedAnswer(input: { title: string; text: string }): CannedProblem[] {
  const problems: CannedProblem[] = [];
  const title = input.title.trim();
  const text = input.text.trim();
  if (title === '') problems.push('titleRequired');
  else if (title.length > 100) problems.push('titleTooLong');
  if (text === '') problems.push('textRequired');
  else if (text.length > 5000) problems.push('textTooLong');
  if (unknownVariables(text).length > 0) problems.push('unknownVariable');
  return problems;
}

export async function listCannedAnswers(db: Db, organisationId: number): Promise<CannedAnswer[]> {
  const rows = await db.query<{ id: number; title: string; text: string; updated_at: Date }>(
    'SELECT id, title, text, updated_at FROM canned_answers WHERE organisation_id = $1 ORDER BY lower(title), id',
    [organisationId],
  );
  return rows.map((r) => ({ id: r.id, title: r.title, text: r.text, updatedAt: r.updated_at }));
}

export async function findCannedAnswer(
  db: Db,
  organisationId: number,
  id: number,
): Promise<CannedAnswer | null> {
  return (await listCannedAnswers(db, organisationId)).find((a) => a.id === id) ?? null;
}

interface Who {
  userId: number;
  email: string;
  ip: string | null;
}

/** Adds (id null) or changes an answer; the problems when it cannot be kept. */
export async function saveCannedAnswer(
  db: Db,
  organisationId: number,
  id: number | null,
  input: { title: string; text: string },
  who: Who,
): Promise<
  { ok: true; id: number } | { ok: false; problems: CannedProblem[] } | { ok: false; notFound: true }
> {
  const problems = checkCannedAnswer(input);
  if (problems.length > 0) return { ok: false, problems };
  const title = input.title.trim();
  const text = input.text.trim();
  try {
    return await db.transaction(async (tx) => {
      const [row] =
        id === null
          ? await tx.query<{ id: number }>(
              `INSERT INTO canned_answers (organisation_id, title, text, updated_by) VALUES ($1, $2, $3, $4) RETURNING id`,
              [organisationId, title, text, who.userId],
            )
          : await tx.query<{ id: number }>(
              `UPDATE canned_answers SET title = $3, text = $4, updated_by = $5, updated_at = now()
               WHERE id = $1 AND organisation_id = $2 RETURNING id`,
              [id, organisationId, title, text, who.userId],
            );
      if (!row) return { ok: false as const, notFound: true as const };
      await appendAudit(tx, {
        userId: who.userId,
        actor: who.email,
        organisationId,
        action: id === null ? 'canned.create' : 'canned.update',
        target: title,
        ip: who.ip,
      });
      return { ok: true as const, id: row.id };
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') return { ok: false, problems: ['duplicate'] };
    throw error;
  }
}

export async function deleteCannedAnswer(
  db: Db,
  organisationId: number,
  id: number,
  who: Who,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ title: string }>(
      'DELETE FROM canned_answers WHERE id = $1 AND organisation_id = $2 RETURNING title',
      [id, organisationId],
    );
    if (!row) return false;
    await appendAudit(tx, {
      userId: who.userId,
      actor: who.email,
      organisationId,
      action: 'canned.delete',
      target: row.title,
      ip: who.ip,
    });
    return true;
  });
}
