import { z } from 'zod';
import { duration, flag, integer, optional, requiredInProduction } from './env.fields';

// HS256 wants a key at least as long as its 256-bit output.
const jwtSecret = z
  .string({ error: 'must be a string' })
  .refine((secret) => Buffer.byteLength(secret, 'utf8') >= 32, 'must be at least 32 bytes long');

// AES-256-GCM keys are derived from it with HKDF: any string of at least 32 bytes of randomness.
const dataEncryptionKey = z
  .string({ error: 'must be a string' })
  .refine((key) => Buffer.byteLength(key, 'utf8') >= 32, 'must be at least 32 bytes long');

/** Older keys, comma-separated, kept only to read what they encrypted until it is re-encrypted. */
const previousKeys = z
  .string({ error: 'must be a string' })
  .transform((value) =>
    value
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean),
  )
  .refine(
    (keys) => keys.every((key) => Buffer.byteLength(key, 'utf8') >= 32),
    'must be a comma-separated list of keys, each at least 32 bytes long',
  );

/** Tokens, sessions, cookies, password hashing and data encrypted at rest (auth.config.ts). */
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
  // How long after signing in (or reauthenticate) a session may change its credentials.
  REAUTH_WINDOW: duration('10m'),
  // Unset outside production: one generated once and kept under .data (auth.config.ts warns).
  DATA_ENCRYPTION_KEY: optional(dataEncryptionKey),
  DATA_ENCRYPTION_KEY_PREVIOUS: previousKeys.default([]),
  // 4 is the cheapest cost bcrypt accepts, for tests and development.
  BCRYPT_ROUNDS: integer(4, 15).default(12),
};

/** Production: secrets that survive a restart and are shared by every instance, and no cheap hashes. */
export const productionAuthEnv = {
  JWT_SECRET: requiredInProduction(jwtSecret, ' (at least 32 bytes)'),
  DATA_ENCRYPTION_KEY: requiredInProduction(dataEncryptionKey, ' (at least 32 bytes, e.g. openssl rand -base64 32)'),
  BCRYPT_ROUNDS: integer(10, 15, 'must be at least 10 in production').default(12),
};
