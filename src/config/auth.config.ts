import { Logger } from '@nestjs/common';
import { registerAs } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import { DEVELOPMENT_KEY_FILE, loadOrCreateKey } from './development-key';
import { loadEnv } from './env';

const logger = new Logger('AuthConfig');

/** DATA_ENCRYPTION_KEY, or (only outside production, where validation requires it) the development key file's. */
function dataEncryptionKey(given: string | undefined): string {
  if (given) return given;
  const { key, created } = loadOrCreateKey(DEVELOPMENT_KEY_FILE);
  logger.warn(
    `DATA_ENCRYPTION_KEY is not set: using the development key ${created ? 'just generated in' : 'kept in'} ${DEVELOPMENT_KEY_FILE}; two-factor secrets can only be read with it`,
  );
  return key;
}

export const authConfig = registerAs('auth', () => {
  const env = loadEnv();
  let jwtSecret = env.JWT_SECRET;
  if (!jwtSecret) {
    // Only outside production (validation makes it required there): tokens die with the process.
    jwtSecret = randomBytes(48).toString('base64url');
    logger.warn('JWT_SECRET is not set: using a random secret; tokens will not survive a restart');
  }
  return {
    jwtSecret,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL,
    sessionMaxTtlSeconds: env.SESSION_MAX_TTL,
    sessionIdleTtlSeconds: env.SESSION_IDLE_TTL,
    refreshReuseGraceSeconds: env.REFRESH_REUSE_GRACE,
    sessionCacheTtlMs: env.SESSION_CACHE_TTL_MS,
    sessionCacheMax: env.SESSION_CACHE_MAX,
    cookieSecure: env.COOKIE_SECURE,
    bcryptRounds: env.BCRYPT_ROUNDS,
    resetTokenTtlSeconds: env.RESET_TOKEN_TTL,
    verifyTokenTtlSeconds: env.VERIFY_TOKEN_TTL,
    requireEmailVerification: env.REQUIRE_EMAIL_VERIFICATION,
    reauthWindowSeconds: env.REAUTH_WINDOW,
    /** The key new data is encrypted with, and older ones still accepted for reading. */
    dataEncryption: {
      key: dataEncryptionKey(env.DATA_ENCRYPTION_KEY),
      previousKeys: env.DATA_ENCRYPTION_KEY_PREVIOUS,
    },
  };
});

export type AuthConfig = ReturnType<typeof authConfig>;
