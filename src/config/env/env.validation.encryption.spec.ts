import { validateEnv } from './env.validation';

const KEY = 'data-encryption-key-of-32-bytes!';
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-jwt-secret-that-is-32-bytes-ok',
  SMTP_URL: 'smtps://relay.example.com:465',
  MAIL_FROM: 'Example <no-reply@example.com>',
  APP_URL: 'https://app.example.com',
};

/** The variables of two-factor authentication: the key its secrets are sealed with, and the step-up window. */
describe('validateEnv (data encryption and step-up)', () => {
  it('defaults: no key outside production (the development key file serves), no previous keys, a 10-minute window', () => {
    const env = validateEnv({});
    expect(env.DATA_ENCRYPTION_KEY).toBeUndefined();
    expect(env.DATA_ENCRYPTION_KEY_PREVIOUS).toEqual([]);
    expect(env.REAUTH_WINDOW).toBe(600);
  });

  it('requires DATA_ENCRYPTION_KEY in production, naming it, and takes it as given', () => {
    expect(() => validateEnv(PRODUCTION)).toThrow(
      /"DATA_ENCRYPTION_KEY" is required when NODE_ENV=production \(at least 32 bytes/,
    );
    expect(() => validateEnv({ ...PRODUCTION, DATA_ENCRYPTION_KEY: '' })).toThrow(/"DATA_ENCRYPTION_KEY" is required/);
    expect(validateEnv({ ...PRODUCTION, DATA_ENCRYPTION_KEY: KEY }).DATA_ENCRYPTION_KEY).toBe(KEY);
  });

  it('refuses a key shorter than 32 bytes, in any mode', () => {
    expect(Buffer.byteLength(KEY.slice(1))).toBe(31);
    expect(() => validateEnv({ DATA_ENCRYPTION_KEY: KEY.slice(1) })).toThrow(
      'Invalid configuration: "DATA_ENCRYPTION_KEY" must be at least 32 bytes long',
    );
    expect(() => validateEnv({ ...PRODUCTION, DATA_ENCRYPTION_KEY: KEY.slice(1) })).toThrow(
      /"DATA_ENCRYPTION_KEY" must be at least 32 bytes long/,
    );
  });

  it('reads DATA_ENCRYPTION_KEY_PREVIOUS as a comma-separated list, each key at least 32 bytes', () => {
    const older = 'an-older-data-encryption-key-of-32-bytes';
    expect(validateEnv({ DATA_ENCRYPTION_KEY_PREVIOUS: ` ${KEY} , ${older},` }).DATA_ENCRYPTION_KEY_PREVIOUS).toEqual([
      KEY,
      older,
    ]);
    expect(() => validateEnv({ DATA_ENCRYPTION_KEY_PREVIOUS: `${KEY},short` })).toThrow(
      /"DATA_ENCRYPTION_KEY_PREVIOUS" must be a comma-separated list of keys, each at least 32 bytes long/,
    );
  });

  it.each([
    ['90', 90],
    ['30s', 30],
    ['10m', 600],
    ['1h', 3600],
  ])('reads REAUTH_WINDOW=%s as %p seconds, in the format of ACCESS_TOKEN_TTL', (raw, seconds) => {
    expect(validateEnv({ REAUTH_WINDOW: raw }).REAUTH_WINDOW).toBe(seconds);
  });

  it.each(['0', 'ten minutes', '10x', ''])('refuses REAUTH_WINDOW=%p, naming it', (raw) => {
    expect(() => validateEnv({ REAUTH_WINDOW: raw })).toThrow(/"REAUTH_WINDOW"/);
  });
});
