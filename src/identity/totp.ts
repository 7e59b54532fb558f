import { generate, generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

/**
 * TOTP two-factor authentication (RFC 6238: 6 digits, 30 seconds, SHA-1, as every authenticator
 * app expects). A code is accepted one step early or late (clock drift), and never twice: the
 * caller keeps the last accepted time step and passes it back.
 */
const TOLERANCE_SECONDS = 30;

/** What `verify` gives for TOTP, its default strategy: the time step the code belongs to. */
type TotpResult = { valid: true; timeStep: number } | { valid: false };

export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// URI an authenticator app reads, and the same as an SVG QR code. */
export async function totpEnrolment(
  secret: string,
  email: string,
  issuer: string,
): Promise<{ uri: string; qrSvg: string }> {
  const uri = generateURI({ issuer, label: email, secret });
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { uri, qrSvg };
}

/** The time step of an accepted code, or null. `afterStep`: the last step accepted before. */
export async function checkTotp(
  secret: string,
  code: string,
  afterStep: number | null,
  now: Date = new Date(),
): Promise<number | null> {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const result = (await verify({
    secret,
    token,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  })) as TotpResult;
  return result.valid ? result.timeStep : null;
}

/** The current code, for tests and for the CLI's check of a clock. */
export function totpCode(secret: string, now: Date = new Date()): Promise<string> {
  return generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
}
