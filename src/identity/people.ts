import { randomBytes } from 'node:crypto';
import { appendAudit } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import { deleteUserSessions } from '../store/sessions.ts';
import { findUserByEmail, insertUser, setDisabled, setMembership } from '../store/users.ts';
import { hashPassword, passwordProblem } from './password.ts';
import type { Role } from './roles.ts';

/**
 * Adding and changing users, as the CLI and the web app's user pages do it: the password hashed,
 * the change and who made it in the audit log, in one transaction.
 */
export interface Actor {
  userId: number | null;
  /** The user's e-mail, or `cli`. */
  name: string;
  ip: string | null;
}

export class PeopleError extends Error {}

/** A random password of 20 characters (about 119 bits), for a user added without one. */
export function generatedPassword(): string {
  return randomBytes(15).toString('base64url');
}

export async function addUser(
  db: Db,
  actor: Actor,
  input: {
    email: string;
    name: string;
    initials?: string | null;
    password?: string | null;
    superbeheerder?: boolean;
    membership?: { organisationId: number; role: Role } | null;
  },
): Promise<number> {
  if (input.password) {
    const problem = passwordProblem(input.password, input.email);
    if (problem) throw new PeopleError(`password refused: ${problem}`);
  }
  if (input.initials && !/^[A-Za-z]{1,5}$/.test(input.initials)) {
    throw new PeopleError('initials are one to five letters, such as BK');
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return db.transaction(async (tx) => {
    const id = await insertUser(tx, {
      email: input.email,
      name: input.name,
      initials: input.initials ?? null,
      passwordHash,
      superbeheerder: input.superbeheerder ?? false,
    });
    if (input.membership) await setMembership(tx, id, input.membership.organisationId, input.membership.role);
    await appendAudit(tx, {
      userId: actor.userId,
      actor: actor.name,
      organisationId: input.membership?.organisationId ?? null,
      action: 'user.add',
      target: input.email.trim().toLowerCase(),
      details: { role: input.membership?.role ?? null, superbeheerder: input.superbeheerder ?? false },
      ip: actor.ip,
    });
    return id;
  });
}

/** Disables (or enables) a user; disabling ends their sessions at once. */
export async function changeDisabled(db: Db, actor: Actor, email: string, disabled: boolean): Promise<void> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new PeopleError(`no user with e-mail ${email}`);
  await db.transaction(async (tx) => {
    await setDisabled(tx, user.id, disabled);
    if (disabled) await deleteUserSessions(tx, user.id);
    await appendAudit(tx, {
      userId: actor.userId,
      actor: actor.name,
      organisationId: null,
      action: disabled ? 'user.disable' : 'user.enable',
      target: user.email,
      ip: actor.ip,
    });
  });
}

/** A membership change that would break a rule: the user is a member already, or the last beheerder. */
export class MemberConflict extends PeopleError {
  constructor(
    readonly reason: 'member' | 'lastBeheerder',
    message: string,
  ) {
    super(message);
  }
}

/** The user is not a member of the organisation. */
export class NotAMember extends PeopleError {}

/**
 * Makes someone a member of an organisation with `role`: an existing user (by e-mail) gets the
 * membership; anyone else becomes a new user without a password, who sets one through "forgot
 * password" or logs in through OIDC. A member already is a `MemberConflict`.
 */
export async function addMember(
  db: Db,
  actor: Actor,
  input: { organisationId: number; email: string; name: string; initials?: string | null; role: Role },
): Promise<{ userId: number; created: boolean }> {
  const existing = await findUserByEmail(db, input.email);
  if (!existing) {
    const userId = await addUser(db, actor, {
      email: input.email,
      name: input.name,
      initials: input.initials ?? null,
      membership: { organisationId: input.organisationId, role: input.role },
    });
    return { userId, created: true };
  }
  await db.transaction(async (tx) => {
    const [member] = await tx.query<{ role: Role }>(
      'SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2 FOR UPDATE',
      [input.organisationId, existing.id],
    );
    if (member) throw new MemberConflict('member', `${existing.email} is a member already`);
    await setMembership(tx, existing.id, input.organisationId, input.role);
    await appendAudit(tx, {
      userId: actor.userId,
      actor: actor.name,
      organisationId: input.organisationId,
      action: 'member.add',
      target: existing.email,
      details: { role: input.role },
      ip: actor.ip,
    });
  });
  return { userId: existing.id, created: false };
}

/**
 * Changes a member's role in an organisation, or ends the membership (role null), audited; the
 * organisation's last beheerder can be neither demoted nor removed (`MemberConflict`), checked
 * under lock so two beheerders demoting each other at once cannot both succeed. Returns the
 * member's e-mail and role before; nothing is written when the role stays the same.
 */
export async function setMemberRole(
  db: Db,
  actor: Actor,
  organisationId: number,
  userId: number,
  role: Role | null,
): Promise<{ email: string; before: Role }> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ user_id: number; role: Role; email: string }>(
      `SELECT m.user_id, m.role, u.email FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.organisation_id = $1 AND (m.user_id = $2 OR m.role = 'beheerder')
       ORDER BY m.user_id FOR UPDATE OF m`,
      [organisationId, userId],
    );
    const member = rows.find((r) => Number(r.user_id) === userId);
    if (!member) throw new NotAMember(`user ${userId} is not a member of this organisation`);
    if (member.role === role) return { email: member.email, before: member.role };
    const beheerders = rows.filter((r) => r.role === 'beheerder').length;
    if (member.role === 'beheerder' && beheerders <= 1) {
      throw new MemberConflict(
        'lastBeheerder',
        'the organisation needs at least one beheerder: make someone else beheerder first',
      );
    }
    await setMembership(tx, userId, organisationId, role);
    await appendAudit(tx, {
      userId: actor.userId,
      actor: actor.name,
      organisationId,
      action: role === null ? 'member.remove' : 'member.set_role',
      target: member.email,
      details: { role, before: member.role },
      ip: actor.ip,
    });
    return { email: member.email, before: member.role };
  });
}
