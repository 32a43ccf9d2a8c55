import { Logger } from '@nestjs/common';
import { registerAs } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import { loadEnv } from './env';

export const authConfig = registerAs('auth', () => {
  const env = loadEnv();
  let jwtSecret = env.JWT_SECRET;
  if (!jwtSecret) {
    // Only outside production (validation makes it required there): tokens die with the process.
    jwtSecret = randomBytes(48).toString('base64url');
    new Logger('AuthConfig').warn('JWT_SECRET is not set: using a random secret; tokens will not survive a restart');
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
  };
});

export type AuthConfig = ReturnType<typeof authConfig>;
