import { registerAs } from '@nestjs/config';
import { loadEnv } from './env';

/**
 * `url` set: a PostgreSQL server. Otherwise embedded PostgreSQL (PGlite): started in-process from
 * `pgliteDir`, or, when `embeddedUrl` is set, one already served by the test harness.
 */
export const databaseConfig = registerAs('database', () => {
  const env = loadEnv();
  return {
    url: env.DATABASE_URL,
    embeddedUrl: env.DOORMAN_EMBEDDED_URL,
    pgliteDir: env.PGLITE_DIR,
    poolMax: env.DB_POOL_MAX,
    migrate: env.DB_MIGRATE,
    debug: env.DB_DEBUG,
    timeoutMs: env.DB_TIMEOUT_MS,
  };
});

export type DatabaseConfig = ReturnType<typeof databaseConfig>;
