import { validateEnv } from './env.validation';

const SECRET = 'a-jwt-secret-that-is-32-bytes-ok';
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: SECRET,
  DATA_ENCRYPTION_KEY: 'a-data-encryption-key-of-32-bytes-or-more',
};
const MAIL = {
  SMTP_URL: 'smtps://mailer:pw@relay.example.com:465',
  MAIL_FROM: 'Example <no-reply@example.com>',
  APP_URL: 'https://app.example.com',
};
type MailVariable = keyof typeof MAIL;

/** The variables of password reset and email verification. */
describe('validateEnv (mail and emailed links)', () => {
  it('fills the documented defaults outside production: an outbox instead of SMTP, links to the server itself', () => {
    const env = validateEnv({});

    expect(env.SMTP_URL).toBeUndefined();
    // mail.config.ts links to the server's own address instead (mail.config.spec.ts).
    expect(env.APP_URL).toBeUndefined();
    expect(env).toMatchObject({
      MAIL_FROM: 'Doorman <no-reply@localhost>',
      MAIL_OUTBOX_DIR: '.data/mail',
      MAIL_SEND_ATTEMPTS: 4,
      MAIL_RETRY_DELAY_MS: 2_000,
      MAIL_TIMEOUT_MS: 10_000,
    });
  });

  it('fills the default lifetimes (30m reset, 24h verification), verification not required, 5/1h mails per address and 20/1h per IP', () => {
    expect(validateEnv({})).toMatchObject({
      RESET_TOKEN_TTL: 1_800,
      VERIFY_TOKEN_TTL: 86_400,
      REQUIRE_EMAIL_VERIFICATION: false,
      RATE_LIMIT_MAIL_PER_EMAIL: { limit: 5, ttlMs: 3_600_000 },
      RATE_LIMIT_MAIL_PER_IP: { limit: 20, ttlMs: 3_600_000 },
    });
  });

  it('reads the lifetimes as durations, the rates as rates, and the switch as a boolean', () => {
    const env = validateEnv({
      RESET_TOKEN_TTL: '15m',
      VERIFY_TOKEN_TTL: '2d',
      RATE_LIMIT_MAIL_PER_EMAIL: '3/10m',
      RATE_LIMIT_MAIL_PER_IP: '50/1d',
      REQUIRE_EMAIL_VERIFICATION: '1',
    });

    expect(env).toMatchObject({
      RESET_TOKEN_TTL: 900,
      VERIFY_TOKEN_TTL: 172_800,
      RATE_LIMIT_MAIL_PER_EMAIL: { limit: 3, ttlMs: 600_000 },
      RATE_LIMIT_MAIL_PER_IP: { limit: 50, ttlMs: 86_400_000 },
      REQUIRE_EMAIL_VERIFICATION: true,
    });
  });

  it.each([
    ['RESET_TOKEN_TTL', 'soon'],
    ['VERIFY_TOKEN_TTL', '0'],
    ['RATE_LIMIT_MAIL_PER_EMAIL', 'five'],
    ['RATE_LIMIT_MAIL_PER_IP', '0/1h'],
    ['REQUIRE_EMAIL_VERIFICATION', 'maybe'],
    ['MAIL_SEND_ATTEMPTS', '0'],
    ['MAIL_SEND_ATTEMPTS', '11'],
    ['MAIL_RETRY_DELAY_MS', '0'],
    ['MAIL_TIMEOUT_MS', '99'],
  ])('refuses %s=%p and names it', (name, raw) => {
    expect(() => validateEnv({ [name]: raw })).toThrow(new RegExp(`"${name}"`));
  });

  it('in production, without SMTP_URL, MAIL_FROM and APP_URL, names all three at once', () => {
    expect(() => validateEnv(PRODUCTION)).toThrow(
      /"SMTP_URL" is required when NODE_ENV=production.*"MAIL_FROM" is required when NODE_ENV=production.*"APP_URL" is required when NODE_ENV=production/,
    );
  });

  it.each(Object.keys(MAIL) as MailVariable[])(
    'in production, names %s when only it is missing or empty',
    (missing) => {
      const { [missing]: _left, ...rest } = MAIL;
      const others = (Object.keys(MAIL) as MailVariable[]).filter((name) => name !== missing);
      const required = new RegExp(`"${missing}" is required when NODE_ENV=production`);

      for (const env of [
        { ...PRODUCTION, ...rest },
        { ...PRODUCTION, ...rest, [missing]: '' },
      ]) {
        expect(() => validateEnv(env)).toThrow(required);
        expect(() => validateEnv(env)).not.toThrow(new RegExp(others.map((name) => `"${name}"`).join('|')));
      }
    },
  );

  it('in production, takes the three as given', () => {
    expect(validateEnv({ ...PRODUCTION, ...MAIL })).toMatchObject(MAIL);
  });

  it.each([
    ['http://relay.example.com'],
    ['https://relay.example.com'],
    ['relay.example.com:587'],
    ['mailto:ops@example.com'],
  ])('refuses the SMTP_URL %p: it must be smtp:// or smtps://', (url) => {
    expect(() => validateEnv({ SMTP_URL: url })).toThrow(
      /"SMTP_URL" must be a valid uri with a scheme matching the smtp\|smtps pattern/,
    );
    expect(() => validateEnv({ ...PRODUCTION, ...MAIL, SMTP_URL: url })).toThrow(/SMTP_URL/);
  });

  it.each(['smtp://localhost:1025', 'smtps://user:pw@relay.example.com:465'])('accepts the SMTP_URL %p', (url) => {
    expect(validateEnv({ SMTP_URL: url }).SMTP_URL).toBe(url);
  });

  it.each([
    'no-reply@example.com',
    'Example <no-reply@example.com>',
    '"Example, Inc." <no-reply@mail.example.com>',
    'Example<ops+mail@example.com>',
  ])('accepts the MAIL_FROM %p: an address, or a name and an address', (from) => {
    expect(validateEnv({ MAIL_FROM: from }).MAIL_FROM).toBe(from);
    expect(validateEnv({ ...PRODUCTION, ...MAIL, MAIL_FROM: from }).MAIL_FROM).toBe(from);
  });

  it.each([
    'Example',
    'no-reply',
    'Example <no-reply>',
    'Example <no-reply@example.com',
    'Example <no-reply@example.com> extra',
    'Example no-reply@example.com',
    'ops@example.com <no-reply@example.com>',
    'no reply@example.com',
    '<>',
  ])('refuses the MAIL_FROM %p, and says what it must be', (from) => {
    const message = /"MAIL_FROM" must be an address, or a name and an address/;
    expect(() => validateEnv({ MAIL_FROM: from })).toThrow(message);
    expect(() => validateEnv({ ...PRODUCTION, ...MAIL, MAIL_FROM: from })).toThrow(message);
  });

  it('refuses a MAIL_FROM longer than 320 characters', () => {
    const from = `${'x'.repeat(300)} <no-reply@example.com>`;
    expect(() => validateEnv({ MAIL_FROM: from })).toThrow(/"MAIL_FROM" length must be less than or equal to 320/);
  });

  it('refuses an APP_URL that is not http(s), and names it', () => {
    expect(() => validateEnv({ APP_URL: 'ftp://app.example.com' })).toThrow(/"APP_URL"/);
    expect(() => validateEnv({ APP_URL: 'not a url' })).toThrow(/"APP_URL"/);
  });
});
