import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthConfig, MailConfig, SecurityConfig } from '../../src/config';

/** Test values for the config namespaces; a spec overrides only what it is about. */
export const TEST_JWT_SECRET = 'unit-test-secret-that-is-at-least-32-bytes';

export const TEST_DATA_ENCRYPTION_KEY = 'unit-test-data-encryption-key-of-32-bytes-or-more';

export const testAuthConfig = (overrides: Partial<AuthConfig> = {}): AuthConfig => ({
  jwtSecret: TEST_JWT_SECRET,
  accessTokenTtlSeconds: 900,
  sessionMaxTtlSeconds: 86_400,
  sessionIdleTtlSeconds: 604_800,
  refreshReuseGraceSeconds: 10,
  sessionCacheTtlMs: 5_000,
  sessionCacheMax: 1_000,
  cookieSecure: true,
  // The cheapest cost bcrypt accepts, so hashing specs stay fast.
  bcryptRounds: 4,
  resetTokenTtlSeconds: 1_800,
  verifyTokenTtlSeconds: 86_400,
  requireEmailVerification: false,
  reauthWindowSeconds: 600,
  dataEncryption: { key: TEST_DATA_ENCRYPTION_KEY, previousKeys: [] },
  ...overrides,
});

export const testSecurityConfig = (overrides: Partial<SecurityConfig> = {}): SecurityConfig => ({
  redisUrl: undefined,
  rateLimitEnabled: true,
  // Distinct numbers everywhere, so a limit read from the wrong entry shows.
  limits: {
    loginPerEmail: { limit: 11, ttlMs: 61_000 },
    loginPerIp: { limit: 32, ttlMs: 62_000 },
    signupPerIp: { limit: 5, ttlMs: 3_600_000 },
    refreshPerSession: { limit: 64, ttlMs: 64_000 },
    refreshPerIp: { limit: 65, ttlMs: 65_000 },
    mailPerEmail: { limit: 6, ttlMs: 3_660_000 },
    mailPerIp: { limit: 21, ttlMs: 3_720_000 },
    providerPerIp: { limit: 31, ttlMs: 60_000 },
  },
  backoff: { after: 5, baseMs: 1_000, maxMs: 900_000 },
  graphql: { maxDepth: 8, maxAliases: 10, maxTokens: 2_000, maxCost: 5_000 },
  passwordMinLength: 8,
  trustProxy: false,
  ...overrides,
});

export const testMailConfig = (overrides: Partial<MailConfig> = {}): MailConfig => ({
  smtpUrl: undefined,
  from: 'Doorman <no-reply@doorman.test>',
  appUrl: 'https://app.doorman.test',
  // A spec that writes to the outbox gives a directory of its own.
  outboxDir: join(tmpdir(), `doorman-unit-mail-${process.pid}`),
  sendAttempts: 4,
  // Small, so retry specs finish in milliseconds.
  retryDelayMs: 5,
  timeoutMs: 1_000,
  ...overrides,
});
