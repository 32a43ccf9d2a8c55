import { validateEnv } from './env.validation';

const SECRET = 'a-jwt-secret-that-is-32-bytes-ok';
/**
 * What production also demands (env.validation.mail.spec.ts, env.validation.encryption.spec.ts), so a
 * case fails only for what it is about.
 */
const PRODUCTION_REST = {
  DATA_ENCRYPTION_KEY: 'a-data-encryption-key-of-32-bytes-or-more',
  SMTP_URL: 'smtps://relay.example.com:465',
  MAIL_FROM: 'Example <no-reply@example.com>',
  APP_URL: 'https://app.example.com',
};

describe('validateEnv', () => {
  it('fills the documented defaults', () => {
    const env = validateEnv({});

    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      BCRYPT_ROUNDS: 12,
      DB_MIGRATE: true,
      DB_DEBUG: false,
    });
  });

  it('converts the default durations to seconds (15m access token, 30d session)', () => {
    const env = validateEnv({});

    expect(env.ACCESS_TOKEN_TTL).toBe(900);
    expect(env.SESSION_MAX_TTL).toBe(30 * 86_400);
  });

  it.each([
    ['900', 900],
    ['900s', 900],
    ['15m', 900],
    ['12h', 43_200],
    ['30d', 2_592_000],
  ])('reads the duration %p as %p seconds', (raw, seconds) => {
    expect(validateEnv({ ACCESS_TOKEN_TTL: raw, SESSION_MAX_TTL: raw })).toMatchObject({
      ACCESS_TOKEN_TTL: seconds,
      SESSION_MAX_TTL: seconds,
    });
  });

  it('converts strings from the environment (PORT, DB_MIGRATE=0)', () => {
    expect(validateEnv({ PORT: '8080', DB_MIGRATE: '0' })).toMatchObject({ PORT: 8080, DB_MIGRATE: false });
  });

  it('requires JWT_SECRET in production and names it', () => {
    expect(() => validateEnv({ NODE_ENV: 'production', ...PRODUCTION_REST })).toThrow(/JWT_SECRET/);
    expect(validateEnv({ NODE_ENV: 'production', JWT_SECRET: SECRET, ...PRODUCTION_REST }).JWT_SECRET).toBe(SECRET);
  });

  it('refuses a JWT_SECRET shorter than 32 bytes', () => {
    expect(Buffer.byteLength(SECRET.slice(1))).toBe(31);

    expect(() => validateEnv({ JWT_SECRET: SECRET.slice(1) })).toThrow(/JWT_SECRET.*32 bytes/);
  });

  it('refuses BCRYPT_ROUNDS below 10 in production, allows 4 in development', () => {
    expect(() =>
      validateEnv({ NODE_ENV: 'production', JWT_SECRET: SECRET, ...PRODUCTION_REST, BCRYPT_ROUNDS: '9' }),
    ).toThrow(/BCRYPT_ROUNDS/);
    expect(
      validateEnv({ NODE_ENV: 'production', JWT_SECRET: SECRET, ...PRODUCTION_REST, BCRYPT_ROUNDS: '10' })
        .BCRYPT_ROUNDS,
    ).toBe(10);
    expect(validateEnv({ NODE_ENV: 'development', BCRYPT_ROUNDS: '4' }).BCRYPT_ROUNDS).toBe(4);
    expect(() => validateEnv({ BCRYPT_ROUNDS: '3' })).toThrow(/BCRYPT_ROUNDS/);
  });

  it('refuses a DATABASE_URL that is not PostgreSQL, and names it', () => {
    expect(() => validateEnv({ DATABASE_URL: 'mysql://user:pw@localhost/doorman' })).toThrow(/DATABASE_URL/);
    expect(validateEnv({ DATABASE_URL: 'postgres://user:pw@localhost/doorman' }).DATABASE_URL).toBe(
      'postgres://user:pw@localhost/doorman',
    );
  });

  it.each(['soon', '15 minutes', '0', '-5m', '1w'])('refuses ACCESS_TOKEN_TTL=%p and names it', (raw) => {
    expect(() => validateEnv({ ACCESS_TOKEN_TTL: raw })).toThrow(/ACCESS_TOKEN_TTL/);
  });

  it('fills the default rate limits: 10/1m per email, 30/1m per IP for login, 5/1h signups, 60/1m refreshes', () => {
    expect(validateEnv({})).toMatchObject({
      RATE_LIMIT_LOGIN_PER_EMAIL: { limit: 10, ttlMs: 60_000 },
      RATE_LIMIT_LOGIN_PER_IP: { limit: 30, ttlMs: 60_000 },
      RATE_LIMIT_SIGNUP_PER_IP: { limit: 5, ttlMs: 3_600_000 },
      RATE_LIMIT_REFRESH_PER_SESSION: { limit: 60, ttlMs: 60_000 },
    });
  });

  it('reads a rate such as 20/30s as a limit and a window in milliseconds', () => {
    expect(validateEnv({ RATE_LIMIT_LOGIN_PER_EMAIL: '20/30s' }).RATE_LIMIT_LOGIN_PER_EMAIL).toEqual({
      limit: 20,
      ttlMs: 30_000,
    });
  });

  it.each(['ten/1m', '10', '0/1m', '1.5/1m', '10/soon'])(
    'refuses RATE_LIMIT_LOGIN_PER_EMAIL=%p and names it',
    (raw) => {
      expect(() => validateEnv({ RATE_LIMIT_LOGIN_PER_EMAIL: raw })).toThrow(
        /RATE_LIMIT_LOGIN_PER_EMAIL.*rate such as 10\/1m/,
      );
    },
  );

  it('refuses PASSWORD_MIN_LENGTH below 8 (NIST 800-63B) and names it', () => {
    expect(() => validateEnv({ PASSWORD_MIN_LENGTH: '7' })).toThrow(/PASSWORD_MIN_LENGTH/);
    expect(validateEnv({ PASSWORD_MIN_LENGTH: '8' }).PASSWORD_MIN_LENGTH).toBe(8);
  });

  it('refuses a REDIS_URL that is not redis:// or rediss://, and names it', () => {
    expect(() => validateEnv({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
    expect(validateEnv({ REDIS_URL: 'rediss://cache.internal:6380' }).REDIS_URL).toBe('rediss://cache.internal:6380');
  });

  it('fills the session cache defaults: entries trusted for 5 s, at most 100000 of them', () => {
    expect(validateEnv({})).toMatchObject({ SESSION_CACHE_TTL_MS: 5_000, SESSION_CACHE_MAX: 100_000 });
  });

  it('reads SESSION_CACHE_TTL_MS from 0 (the cache off) to 60000, and SESSION_CACHE_MAX from 1', () => {
    expect(validateEnv({ SESSION_CACHE_TTL_MS: '0', SESSION_CACHE_MAX: '1' })).toMatchObject({
      SESSION_CACHE_TTL_MS: 0,
      SESSION_CACHE_MAX: 1,
    });
    expect(validateEnv({ SESSION_CACHE_TTL_MS: '60000', SESSION_CACHE_MAX: '250000' })).toMatchObject({
      SESSION_CACHE_TTL_MS: 60_000,
      SESSION_CACHE_MAX: 250_000,
    });
  });

  it.each([
    ['SESSION_CACHE_TTL_MS', '-1'],
    ['SESSION_CACHE_TTL_MS', '60001'],
    ['SESSION_CACHE_TTL_MS', '2.5'],
    ['SESSION_CACHE_TTL_MS', '5s'],
    ['SESSION_CACHE_MAX', '0'],
    ['SESSION_CACHE_MAX', 'lots'],
  ])('refuses %s=%p and names it', (name, raw) => {
    expect(() => validateEnv({ [name]: raw })).toThrow(new RegExp(`"${name}"`));
  });

  it('names every bad variable at once', () => {
    expect(() => validateEnv({ PORT: 'http', ACCESS_TOKEN_TTL: 'soon' })).toThrow(/PORT.*ACCESS_TOKEN_TTL/);
  });
});

describe('validateEnv (what the namespaces and ConfigModule rely on)', () => {
  it('reads numbers as Joi did: spaces around, an exponent, a trailing ".0"', () => {
    expect(validateEnv({ DB_POOL_MAX: ' 12 ', SESSION_CACHE_MAX: '1e3', MAIL_SEND_ATTEMPTS: '5.0' })).toMatchObject({
      DB_POOL_MAX: 12,
      SESSION_CACHE_MAX: 1_000,
      MAIL_SEND_ATTEMPTS: 5,
    });
  });

  it('passes variables outside the schema through untouched: ConfigModule copies them into process.env', () => {
    const env = validateEnv({ SOMETHING_ELSE: 'kept', PORT: '8080' });

    expect(env).toMatchObject({ SOMETHING_ELSE: 'kept', PORT: 8080 });
  });

  it('counts an empty JWT_SECRET, REDIS_URL, DATABASE_URL or SMTP_URL as unset', () => {
    const env = validateEnv({ JWT_SECRET: '', REDIS_URL: '', DATABASE_URL: '', SMTP_URL: '' });

    for (const name of ['JWT_SECRET', 'REDIS_URL', 'DATABASE_URL', 'SMTP_URL'] as const) {
      expect(env[name]).toBeUndefined();
    }
  });

  it('reads CORS_ORIGINS as a list, empty when unset or empty', () => {
    expect(validateEnv({}).CORS_ORIGINS).toEqual([]);
    expect(validateEnv({ CORS_ORIGINS: '' }).CORS_ORIGINS).toEqual([]);
    expect(validateEnv({ CORS_ORIGINS: 'https://a.example.com, http://localhost:5173,' }).CORS_ORIGINS).toEqual([
      'https://a.example.com',
      'http://localhost:5173',
    ]);
    expect(() => validateEnv({ CORS_ORIGINS: 'https://a.example.com,*' })).toThrow(
      /"CORS_ORIGINS" must be a comma-separated list of origins .*: "\*"/,
    );
  });

  it.each([
    ['PORT', '99999', 'must be a valid port'],
    ['HOST', '', 'is not allowed to be empty'],
    ['NODE_ENV', 'prod', 'must be one of [development, production, test]'],
    ['DB_MIGRATE', 'yes', 'must be a boolean'],
    ['GRAPHQL_MAX_DEPTH', '1', 'must be greater than or equal to 2'],
    ['BODY_LIMIT', '10 MB', 'must be a size such as 100kb'],
    ['BCRYPT_ROUNDS', '16', 'must be less than or equal to 15'],
    ['BCRYPT_ROUNDS', '4.5', 'must be an integer'],
    ['DB_POOL_MAX', '1.0000000000000000001', 'must be a safe number'],
    ['DB_POOL_MAX', '0x10', 'must be a number'],
  ])('refuses %s=%p: it %s', (name, raw, expected) => {
    expect(() => validateEnv({ [name]: raw })).toThrow(`Invalid configuration: "${name}" ${expected}`);
  });

  it('in production, names each unset requirement and each bad value in one message', () => {
    const raw = { NODE_ENV: 'production', PORT: 'eighty', BCRYPT_ROUNDS: '8', MAIL_FROM: 'nobody' };

    expect(() => validateEnv(raw)).toThrow(
      new RegExp(
        [
          '"PORT" must be a number',
          '"JWT_SECRET" is required when NODE_ENV=production \\(at least 32 bytes\\)',
          '"DATA_ENCRYPTION_KEY" is required when NODE_ENV=production',
          '"BCRYPT_ROUNDS" must be at least 10 in production',
          '"SMTP_URL" is required when NODE_ENV=production',
          '"MAIL_FROM" must be an address',
          '"APP_URL" is required when NODE_ENV=production',
        ].join('.*'),
      ),
    );
  });
});
