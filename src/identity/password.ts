import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords: argon2id with OWASP's parameters (19 MiB memory, 2 iterations, 1 lane), stored as
 * the PHC string, which carries its own salt and parameters, so they can be raised later.
 */
// `algorithm: 2` is Argon2id (the package's const enum, which isolated modules cannot read).
const PARAMETERS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 512;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMETERS);
}

/** False for a wrong password and for a hash that is not ours (never throws on bad input). */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/**
 * A password we refuse, with the reason as a message key, or null when it will do. Length is what
 * counts (NIST SP 800-63B): at least 12 characters, no composition rules.
 */
export function passwordProblem(password: string, email: string): 'tooShort' | 'tooLong' | 'isEmail' | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'tooShort';
  if (password.length > MAX_PASSWORD_LENGTH) return 'tooLong';
  if (password.trim().toLowerCase() === email.toLowerCase()) return 'isEmail';
  return null;
}

/** A dummy hash to verify against when the user does not exist, so timing does not tell. */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('meetlat-no-such-user');
  return dummy;
}
