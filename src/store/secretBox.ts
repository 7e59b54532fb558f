import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Channel secrets (tokens, app passwords) are stored sealed: AES-256-GCM with a random IV, bound
 * to the account they belong to (as associated data, so a sealed secret cannot be moved to
 * another account's row). The key comes from `MEETLAT_SECRET_KEY` (32 bytes as 64 hex characters
 * or base64), else from a key file made on first use (`MEETLAT_SECRET_KEY_FILE`, by default
 * `secret.key` beside the embedded database's folder, or `./.meetlat/secret.key` for PostgreSQL),
 * readable by its owner only. Every process that syncs (each `meetlat worker`) needs the same key.
 */
export class SecretBox {
  private constructor(
    private readonly key: Buffer,
    /** A fingerprint of the key, stored with each sealed secret (never the key itself). */
    readonly keyId: string,
  ) {}

  static fromKey(key: Buffer): SecretBox {
    if (key.length !== 32) throw new Error('a secret key must be 32 bytes');
    return new SecretBox(key, createHash('sha256').update(key).digest('hex').slice(0, 12));
  }

  seal(secrets: Readonly<Record<string, string>>, accountId: number): Buffer {
    return this.sealBound(JSON.stringify(secrets), `meetlat:account:${accountId}`);
  }

  open(sealed: Uint8Array, keyId: string | null, accountId: number): Record<string, string> {
    const what = `the secrets of account ${accountId}`;
    this.checkKey(keyId, what, 'add the account again');
    return JSON.parse(this.openBound(sealed, `meetlat:account:${accountId}`, what)) as Record<string, string>;
  }

  /** A user's secret (the TOTP seed), bound to that user. */
  sealForUser(text: string, userId: number): Buffer {
    return this.sealBound(text, `meetlat:user:${userId}`);
  }

  openForUser(sealed: Uint8Array, keyId: string | null, userId: number): string {
    const what = `the two-factor secret of user ${userId}`;
    this.checkKey(keyId, what, 'switch two-factor authentication off for the user and on again');
    return this.openBound(sealed, `meetlat:user:${userId}`, what);
  }

  private checkKey(keyId: string | null, what: string, remedy: string): void {
    if (keyId !== null && keyId !== this.keyId) {
      throw new SecretKeyError(
        `${what} were sealed with key ${keyId}, but the key now set is ${this.keyId}: set MEETLAT_SECRET_KEY (or the key file) to the key used then, or ${remedy}`,
      );
    }
  }

  /**
   * Any other text, bound to what it is for (`binding`, such as `meetlat:oidc-attempt`), so a
   * sealed value made for one purpose opens for no other.
   */
  sealBound(text: string, binding: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(binding, 'utf8'));
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), body]);
  }

  openBound(sealed: Uint8Array, binding: string, what: string): string {
    const data = Buffer.from(sealed);
    if (data[0] !== 1 || data.length < 29) throw new SecretKeyError(`${what} are damaged`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(1, 13));
    decipher.setAAD(Buffer.from(binding, 'utf8'));
    decipher.setAuthTag(data.subarray(13, 29));
    try {
      return Buffer.concat([decipher.update(data.subarray(29)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretKeyError(`${what} cannot be opened with the key now set (${this.keyId})`);
    }
  }
}

export class SecretKeyError extends Error {}

/** Where the key file is for a database location, unless `MEETLAT_SECRET_KEY_FILE` says. */
export function secretKeyFile(dbLocation: string): string {
  if (process.env.MEETLAT_SECRET_KEY_FILE) return resolve(process.env.MEETLAT_SECRET_KEY_FILE);
  if (/^postgres(ql)?:\/\//.test(dbLocation)) return resolve('.meetlat', 'secret.key');
  return join(dirname(resolve(dbLocation)), 'secret.key');
}

/** The key from `MEETLAT_SECRET_KEY`, else from the key file (made, 0600, when missing). */
export function loadSecretBox(dbLocation: string): SecretBox {
  const fromEnv = process.env.MEETLAT_SECRET_KEY?.trim();
  if (fromEnv) return SecretBox.fromKey(decodeKey(fromEnv, 'MEETLAT_SECRET_KEY'));
  const file = secretKeyFile(dbLocation);
  try {
    return SecretBox.fromKey(decodeKey(readFileSync(file, 'utf8').trim(), file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process made it at the same moment: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return SecretBox.fromKey(decodeKey(readFileSync(file, 'utf8').trim(), file));
}

function decodeKey(text: string, where: string): Buffer {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  const base64 = Buffer.from(text, 'base64');
  if (base64.length === 32 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return base64;
  throw new SecretKeyError(`${where} must hold 32 bytes as 64 hexadecimal characters or as base64`);
}
