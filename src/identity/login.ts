import type { Queryable } from '../store/db.ts';
import type { SecretBox } from '../store/secretBox.ts';
import {
  acceptTotpStep,
  findUserByEmail,
  findUserById,
  recordLoginFailure,
  recordLoginSuccess,
  type UserCredentials,
} from '../store/users.ts';
import { dummyHash, verifyPassword } from './password.ts';
import { checkTotp } from './totp.ts';

/**
 * Checking who someone is: password (with lock-out after repeated failures) and the TOTP code.
 * A wrong e-mail, a wrong password, a disabled or a locked account all give the same answer
 * (`refused`), in about the same time, so the login form tells nobody which accounts exist.
 */
export type PasswordOutcome =
  | { kind: 'ok'; user: UserCredentials }
  | { kind: 'totp'; user: UserCredentials }
  | {
      kind: 'refused';
      reason: 'unknown' | 'password' | 'disabled' | 'locked' | 'no_password';
      user: UserCredentials | null;
    };

export interface LockPolicy {
  lockAfter: number;
  lockMs: number;
}

export async function checkPassword(
  q: Queryable,
  email: string,
  password: string,
  policy: LockPolicy,
  now: Date = new Date(),
): Promise<PasswordOutcome> {
  const user = await findUserByEmail(q, email);
  if (!user?.passwordHash) {
    await verifyPassword(await dummyHash(), password);
    return { kind: 'refused', reason: user ? 'no_password' : 'unknown', user };
  }
  const locked = user.lockedUntil !== null && user.lockedUntil > now;
  const correct = await verifyPassword(user.passwordHash, password);
  if (locked) return { kind: 'refused', reason: 'locked', user };
  if (!correct) {
    await recordLoginFailure(q, user.id, policy.lockAfter, policy.lockMs);
    return { kind: 'refused', reason: 'password', user };
  }
  if (user.disabled) return { kind: 'refused', reason: 'disabled', user };
  if (user.totpEnabled) return { kind: 'totp', user };
  await recordLoginSuccess(q, user.id);
  return { kind: 'ok', user };
}

/**
 * Checks a TOTP code of a user whose password was right. A wrong code counts as a failed login
 * (so guessing codes runs into the lock-out too); an accepted code can never be used again.
 */
export async function checkSecondFactor(
  q: Queryable,
  box: SecretBox,
  userId: number,
  code: string,
  policy: LockPolicy,
  now: Date = new Date(),
): Promise<UserCredentials | null> {
  const user = await findUserById(q, userId);
  if (!user || user.disabled || !user.totpSecret) return null;
  if (user.lockedUntil !== null && user.lockedUntil > now) return null;
  const secret = box.openForUser(user.totpSecret, user.totpSecretKey, user.id);
  const step = await checkTotp(secret, code, user.totpLastStep, now);
  if (step === null || !(await acceptTotpStep(q, user.id, step))) {
    await recordLoginFailure(q, user.id, policy.lockAfter, policy.lockMs);
    return null;
  }
  await recordLoginSuccess(q, user.id);
  return user;
}
