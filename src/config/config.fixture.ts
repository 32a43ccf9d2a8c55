import type { AuthConfig } from './auth.config';
import type { SecurityConfig } from './security.config';

/** Test values for the config namespaces; a spec overrides only what it is about. */
export const TEST_JWT_SECRET = 'unit-test-secret-that-is-at-least-32-bytes';

export const testAuthConfig = (overrides: Partial<AuthConfig> = {}): AuthConfig => ({
  jwtSecret: TEST_JWT_SECRET,
  accessTokenTtlSeconds: 900,
  sessionMaxTtlSeconds: 86_400,
  sessionIdleTtlSeconds: 604_800,
  refreshReuseGraceSeconds: 10,
  cookieSecure: true,
  // The cheapest cost bcrypt accepts, so hashing specs stay fast.
  bcryptRounds: 4,
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
  },
  backoff: { after: 5, baseMs: 1_000, maxMs: 900_000 },
  graphql: { maxDepth: 8, maxAliases: 10, maxTokens: 2_000, maxCost: 5_000 },
  passwordMinLength: 8,
  trustProxy: false,
  ...overrides,
});
