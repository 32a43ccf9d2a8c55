import { z } from 'zod';
import { duration, flag, integer, optional, requiredInProduction } from './env.fields';

// HS256 wants a key at least as long as its 256-bit output.
const jwtSecret = z
  .string({ error: 'must be a string' })
  .refine((secret) => Buffer.byteLength(secret, 'utf8') >= 32, 'must be at least 32 bytes long');

/** Tokens, sessions, cookies and password hashing (auth.config.ts). */
export const authEnv = {
  // Unset outside production: a random secret per process (auth.config.ts warns).
  JWT_SECRET: optional(jwtSecret),
  ACCESS_TOKEN_TTL: duration('15m'),
  SESSION_MAX_TTL: duration('30d'),
  SESSION_IDLE_TTL: duration('7d'),
  REFRESH_REUSE_GRACE: duration('10s'),
  SESSION_CACHE_TTL_MS: integer(0, 60_000).default(5_000),
  SESSION_CACHE_MAX: integer(1, 10_000_000).default(100_000),
  COOKIE_SECURE: flag().default(true),
  RESET_TOKEN_TTL: duration('30m'),
  VERIFY_TOKEN_TTL: duration('24h'),
  REQUIRE_EMAIL_VERIFICATION: flag().default(false),
  // 4 is the cheapest cost bcrypt accepts, for tests and development.
  BCRYPT_ROUNDS: integer(4, 15).default(12),
};

/** Production: a secret that survives a restart and is shared by every instance, and no cheap hashes. */
export const productionAuthEnv = {
  JWT_SECRET: requiredInProduction(jwtSecret, ' (at least 32 bytes)'),
  BCRYPT_ROUNDS: integer(10, 15, 'must be at least 10 in production').default(12),
};
