import { Secret, TOTP } from 'otpauth';
import { asTotpCode, enrolment, matchingStep, newTotpSecret } from './totp';

const at = Date.UTC(2026, 0, 1, 12, 0, 15);
const codeAt = (secret: Buffer, timestamp: number) =>
  new TOTP({ secret: new Secret({ buffer: Uint8Array.from(secret).buffer }) }).generate({ timestamp });

describe('TOTP', () => {
  it('makes 160-bit secrets, never the same twice', () => {
    const a = newTotpSecret();
    expect(a).toHaveLength(20);
    expect(newTotpSecret().equals(a)).toBe(false);
  });

  it('enrols with the base32 secret and an otpauth URL an authenticator app reads', () => {
    const secret = newTotpSecret();
    const { base32, url } = enrolment(secret, 'ada@example.com');
    expect(Buffer.from(Secret.fromBase32(base32).buffer)).toEqual(secret);
    expect(url).toBe(
      `otpauth://totp/Doorman:ada%40example.com?issuer=Doorman&secret=${base32}&algorithm=SHA1&digits=6&period=30`,
    );
  });

  it('finds the step of a code within one step of now, either way, and nothing further', () => {
    const secret = newTotpSecret();
    const step = Math.floor(at / 30_000);
    expect(matchingStep(secret, codeAt(secret, at), at)).toBe(step);
    expect(matchingStep(secret, codeAt(secret, at + 30_000), at)).toBe(step + 1);
    expect(matchingStep(secret, codeAt(secret, at - 30_000), at)).toBe(step - 1);
    // Two steps away: refused (unless, one time in a million, it happens to match a nearer step's code).
    const far = codeAt(secret, at + 60_000);
    const near = [-1, 0, 1].map((s) => codeAt(secret, at + s * 30_000));
    if (!near.includes(far)) expect(matchingStep(secret, far, at)).toBeNull();
  });

  it('reads six digits, spaces allowed, and nothing else', () => {
    expect(asTotpCode('123456')).toBe('123456');
    expect(asTotpCode(' 123 456 ')).toBe('123456');
    expect(asTotpCode('12345')).toBeNull();
    expect(asTotpCode('1234567')).toBeNull();
    expect(asTotpCode('12a456')).toBeNull();
  });
});
