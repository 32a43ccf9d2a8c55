import { Secret, TOTP } from 'otpauth';
import { randomBytes } from 'node:crypto';

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps. */
const PERIOD = 30;
const DIGITS = 6;
const ALGORITHM = 'SHA1';
/** One step either way: a phone clock up to about 30 seconds off still works. */
const DRIFT_STEPS = 1;
/** 160 bits, the length RFC 4226 recommends for the shared secret. */
const SECRET_BYTES = 20;

export const ISSUER = 'Doorman';

export const newTotpSecret = (): Buffer => randomBytes(SECRET_BYTES);

const totpOf = (secret: Buffer, label = '') =>
  new TOTP({
    issuer: ISSUER,
    label,
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD,
    secret: new Secret({ buffer: Uint8Array.from(secret).buffer }),
  });

/** What an authenticator app needs: the secret in base32 (for typing) and the otpauth:// URL (for the QR code). */
export function enrolment(secret: Buffer, label: string): { base32: string; url: string } {
  const totp = totpOf(secret, label);
  return { base32: totp.secret.base32, url: totp.toString() };
}

/** A code as people type it ("123 456" too), or null when it is not six digits. */
export function asTotpCode(input: string): string | null {
  const code = input.replace(/\s+/g, '');
  return /^\d{6}$/.test(code) ? code : null;
}

/**
 * The time step `code` belongs to, within one step of now, or null. The step is what makes a code
 * single use: the caller accepts it only if no code of this step or a later one was accepted before.
 */
export function matchingStep(secret: Buffer, code: string, now = Date.now()): number | null {
  const delta = totpOf(secret).validate({ token: code, timestamp: now, window: DRIFT_STEPS });
  return delta === null ? null : TOTP.counter({ period: PERIOD, timestamp: now }) + delta;
}
